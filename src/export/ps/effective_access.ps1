
# Effective inbound access (plan::EffectiveAccess): Windows admits a packet when any enabled allow
# rule matches it, so every other enabled inbound allow rule for a port or program of the plan
# keeps only the remote addresses it shares with what the plan allows there, and a rule left with
# none is disabled. Shared by harden.ps1 and the playbook; the caller records and applies.

function ConvertTo-HlNumber {
    # An IPv4 address as a number; $null for anything else (IPv6, a keyword).
    param([string]$Address)
    $ip = $null
    if (-not [System.Net.IPAddress]::TryParse($Address, [ref]$ip)) { return $null }
    if ($ip.IsIPv4MappedToIPv6) { $ip = $ip.MapToIPv4() }
    if ($ip.AddressFamily -ne [System.Net.Sockets.AddressFamily]::InterNetwork) { return $null }
    $bytes = $ip.GetAddressBytes()
    [Array]::Reverse($bytes)
    return [uint64][BitConverter]::ToUInt32($bytes, 0)
}

function ConvertFrom-HlNumber {
    param([uint64]$Value)
    $bytes = [BitConverter]::GetBytes([uint32]$Value)
    [Array]::Reverse($bytes)
    return ([System.Net.IPAddress]$bytes).ToString()
}

function Get-HlInterval {
    # An address entry as Windows Firewall and the plan write it (an address, a/24, a/255.255.255.0,
    # a-b, Any) as the interval of IPv4 numbers it covers; $null for a keyword or IPv6.
    param([string]$Entry)
    $all = [uint64]4294967295
    if ($Entry -eq 'Any' -or $Entry -eq '*') { return [pscustomobject]@{ Lo = [uint64]0; Hi = $all } }
    if ($Entry.Contains('-')) {
        $ends = $Entry.Split('-')
        $lo = ConvertTo-HlNumber -Address $ends[0]
        $hi = ConvertTo-HlNumber -Address $ends[1]
        if ($null -eq $lo -or $null -eq $hi) { return $null }
        return [pscustomobject]@{ Lo = $lo; Hi = $hi }
    }
    $parts = $Entry.Split('/')
    $base = ConvertTo-HlNumber -Address $parts[0]
    if ($null -eq $base) { return $null }
    if ($parts.Length -eq 1) { return [pscustomobject]@{ Lo = $base; Hi = $base } }
    if ($parts[1] -match '^\d+$') {
        $length = [int]$parts[1]
        $mask = ($all -shl (32 - $length)) -band $all
        if ($length -eq 0) { $mask = [uint64]0 }
    } else {
        $mask = ConvertTo-HlNumber -Address $parts[1]
        if ($null -eq $mask) { return $null }
    }
    $lo = $base -band $mask
    return [pscustomobject]@{ Lo = $lo; Hi = $lo + ($all -bxor $mask) }
}

function Get-HlLocalSubnet {
    # This server's IPv4 subnets: what the keyword LocalSubnet stands for here.
    return @(Get-NetIPAddress -AddressFamily IPv4 -ErrorAction SilentlyContinue |
            Where-Object { $_.IPAddress -notlike '127.*' } |
            ForEach-Object { '{0}/{1}' -f $_.IPAddress, $_.PrefixLength })
}

function Get-HlAllowedInterval {
    # The intervals a list of allowed entries covers; LocalSubnet as this server's subnets.
    param([string[]]$Allowed)
    $out = New-Object -TypeName System.Collections.Generic.List[object]
    # @($null) is one $null element, not none: every list is filtered before use.
    foreach ($a in @($Allowed | Where-Object { $_ })) {
        $entries = @($a)
        if ($a -eq 'LocalSubnet') { $entries = @(Get-HlLocalSubnet) }
        foreach ($e in $entries) {
            $interval = Get-HlInterval -Entry $e
            if ($null -ne $interval) { $out.Add($interval) }
        }
    }
    return @($out | Sort-Object -Property Lo)
}

function Test-HlAddressIn {
    param([string]$Address, [string[]]$Allowed)
    $value = ConvertTo-HlNumber -Address $Address
    if ($null -eq $value) { return $false }
    foreach ($i in @(Get-HlAllowedInterval -Allowed $Allowed)) {
        if ($value -ge $i.Lo -and $value -le $i.Hi) { return $true }
    }
    return $false
}

function Get-HlShared {
    # The part of the addresses a rule admits ($Have) that the plan allows: Within when that is
    # all of them, Shared the entries left (an empty list: none).
    param([string[]]$Have, [string[]]$Allowed)
    $Allowed = @($Allowed | Where-Object { $_ })
    if ($Allowed -contains 'Any') { return [pscustomobject]@{ Within = $true; Shared = @($Have) } }
    $intervals = @(Get-HlAllowedInterval -Allowed $Allowed)
    $shared = New-Object -TypeName System.Collections.Generic.List[string]
    $within = $true
    foreach ($h in @($Have | Where-Object { $_ })) {
        if ($h -eq 'Any' -or $h -eq '*') {
            # Any narrowed to the plan is the plan's own list (LocalSubnet stays a keyword).
            $within = $false
            foreach ($a in $Allowed) { $shared.Add($a) }
            continue
        }
        $interval = Get-HlInterval -Entry $h
        if ($null -eq $interval) {
            # A keyword (LocalSubnet, DNS, Intranet) or IPv6: kept only where the plan names it.
            if ($Allowed -contains $h) { $shared.Add($h) } else { $within = $false }
            continue
        }
        $next = $interval.Lo
        foreach ($i in $intervals) {
            $lo = [Math]::Max([double]$interval.Lo, [double]$i.Lo)
            $hi = [Math]::Min([double]$interval.Hi, [double]$i.Hi)
            if ($lo -gt $hi) { continue }
            if ($lo -gt $next) { $within = $false }
            if ($hi + 1 -gt $next) { $next = [uint64]($hi + 1) }
            if ($lo -eq $hi) { $shared.Add((ConvertFrom-HlNumber -Value ([uint64]$lo))) }
            else { $shared.Add(('{0}-{1}' -f (ConvertFrom-HlNumber -Value ([uint64]$lo)), (ConvertFrom-HlNumber -Value ([uint64]$hi)))) }
        }
        if ($next -le $interval.Hi) { $within = $false }
    }
    return [pscustomobject]@{ Within = $within; Shared = @($shared | Select-Object -Unique) }
}

function Get-HlListener {
    # Which program listens on which port now (for rules of a program with any port).
    if ($null -ne $script:HlListenerCache) { return $script:HlListenerCache }
    $paths = @{ 4 = 'System' }
    foreach ($p in @(Get-CimInstance -ClassName Win32_Process)) {
        if ($p.ExecutablePath) { $paths[[int]$p.ProcessId] = [string]$p.ExecutablePath }
    }
    $list = New-Object -TypeName System.Collections.Generic.List[object]
    foreach ($c in @(Get-NetTCPConnection -State Listen -ErrorAction SilentlyContinue)) {
        $list.Add([pscustomobject]@{ Protocol = 'TCP'; Port = [int]$c.LocalPort; Program = [string]$paths[[int]$c.OwningProcess] })
    }
    foreach ($u in @(Get-NetUDPEndpoint -ErrorAction SilentlyContinue)) {
        $list.Add([pscustomobject]@{ Protocol = 'UDP'; Port = [int]$u.LocalPort; Program = [string]$paths[[int]$u.OwningProcess] })
    }
    $script:HlListenerCache = $list
    return $list
}

function Get-HlAllowRule {
    # Every enabled inbound allow rule in force (Group Policy's included), except the plan's own,
    # read once with its filters.
    param([string[]]$Exclude)
    if ($null -ne $script:HlRuleCache) { return $script:HlRuleCache }
    $list = New-Object -TypeName System.Collections.Generic.List[object]
    $rules = @(Get-NetFirewallRule -PolicyStore ActiveStore -Direction Inbound -Action Allow -Enabled True -ErrorAction SilentlyContinue)
    foreach ($r in $rules) {
        if (@($Exclude) -contains $r.Name) { continue }
        $port = @($r | Get-NetFirewallPortFilter)[0]
        $address = @($r | Get-NetFirewallAddressFilter)[0]
        $app = @($r | Get-NetFirewallApplicationFilter)[0]
        $program = ''
        if ($app.Program -and $app.Program -ne 'Any') { $program = [Environment]::ExpandEnvironmentVariables([string]$app.Program) }
        $list.Add([pscustomobject]@{
                Name = [string]$r.Name; DisplayName = [string]$r.DisplayName; Source = [string]$r.PolicyStoreSourceType
                Protocol = [string]$port.Protocol; LocalPort = @($port.LocalPort | ForEach-Object { [string]$_ })
                RemoteAddress = @($address.RemoteAddress | ForEach-Object { [string]$_ }); Program = $program
            })
    }
    $script:HlRuleCache = $list
    return $list
}

function Test-HlRulePort {
    # Whether a rule admits a port of From..To: by its port filter, or, for a program's rule with
    # any port, when that program listens there.
    param([object]$Rule, [string]$Protocol, [int]$From, [int]$To)
    $number = @{ TCP = '6'; UDP = '17' }
    if ($Rule.Protocol -ne 'Any' -and $Rule.Protocol -ne $Protocol -and $Rule.Protocol -ne $number[$Protocol]) { return $false }
    foreach ($p in @($Rule.LocalPort)) {
        if ($p -eq 'Any') {
            if (-not $Rule.Program) { return $true }
            $hits = @(Get-HlListener | Where-Object { $_.Protocol -eq $Protocol -and $_.Port -ge $From -and $_.Port -le $To -and $_.Program -eq $Rule.Program })
            if ($hits.Length -gt 0) { return $true }
            continue
        }
        if ($p -eq 'RPCEPMap') { $p = '135' }
        if ($p -match '^(\d+)(-(\d+))?$') {
            $lo = [int]$Matches[1]
            $hi = $lo
            if ($Matches[3]) { $hi = [int]$Matches[3] }
            if ($lo -le $To -and $hi -ge $From) { return $true }
        }
    }
    return $false
}

function Get-HlOverlap {
    # The other rules that admit the operation's ports (or its program), each with what the plan
    # leaves it: the addresses it shares with every span (and program) of the plan it admits.
    param([string]$Protocol, [string[]]$Ports, [string]$Program, [object[]]$Access, [object[]]$ProgramAccess, [string[]]$Exclude)
    $mine = @()
    foreach ($p in @($Ports | Where-Object { $_ })) {
        $ends = $p.Split('-')
        $from = [int]$ends[0]
        $to = [int]$ends[$ends.Length - 1]
        $mine += @($Access | Where-Object { $_.Protocol -eq $Protocol -and $_.From -le $to -and $_.To -ge $from })
    }
    $expanded = ''
    if ($Program) { $expanded = [Environment]::ExpandEnvironmentVariables($Program) }
    foreach ($rule in @(Get-HlAllowRule -Exclude $Exclude)) {
        $touches = $false
        if ($expanded) { $touches = $rule.Program -eq $expanded }
        foreach ($s in $mine) { if (Test-HlRulePort -Rule $rule -Protocol $s.Protocol -From $s.From -To $s.To) { $touches = $true } }
        if (-not $touches) { continue }
        $sets = New-Object -TypeName System.Collections.Generic.List[object]
        foreach ($s in @($Access)) {
            if (Test-HlRulePort -Rule $rule -Protocol $s.Protocol -From $s.From -To $s.To) { $sets.Add(@($s.Allowed)) }
        }
        foreach ($p in @($ProgramAccess)) {
            if ($rule.Program -and $rule.Program -eq [Environment]::ExpandEnvironmentVariables($p.Program)) { $sets.Add(@($p.Allowed)) }
        }
        $have = @($rule.RemoteAddress)
        $within = $true
        foreach ($set in $sets) {
            $cut = Get-HlShared -Have $have -Allowed $set
            if (-not $cut.Within) { $within = $false }
            $have = @($cut.Shared)
        }
        [pscustomobject]@{ Rule = $rule; Within = $within; Shared = $have }
    }
}

function Format-HlOverlap {
    # One line for the run's output and result file.
    param([object]$Overlap)
    $r = $Overlap.Rule
    $then = 'disabled'
    if ($Overlap.Within) { $then = 'within the plan' }
    elseif (@($Overlap.Shared).Length -gt 0) { $then = 'limited to ' + (@($Overlap.Shared) -join ',') }
    return '{0} ({1}, {2}) admits {3}: {4}' -f $r.DisplayName, $r.Name, $r.Source, (@($r.RemoteAddress) -join ','), $then
}

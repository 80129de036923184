$Stamp = Get-Date -Format 'yyyyMMdd-HHmmss'
$script:Results = New-Object -TypeName System.Collections.Generic.List[object]
$script:Prior = New-Object -TypeName System.Collections.Generic.List[object]
$script:Changed = 0
$script:Skipped = 0
$Applying = -not $Audit -and -not $WhatIfPreference
if ($Audit) {
    $LogDir = Join-Path -Path $BackupRoot -ChildPath ('hardline-audit-' + $Stamp)
} else {
    $LogDir = Join-Path -Path $BackupRoot -ChildPath ('hardline-backup-' + $Stamp)
}
$PriorFile = Join-Path -Path $LogDir -ChildPath 'prior-state.json'
if (-not $WhatIfPreference) {
    New-Item -ItemType Directory -Path $LogDir -Force -WhatIf:$false | Out-Null
    Start-Transcript -LiteralPath (Join-Path -Path $LogDir -ChildPath 'transcript.log') -WhatIf:$false | Out-Null
}

function Add-Result {
    param([string]$Id, [string]$Kind, [string]$Current, [string]$Desired, [bool]$InPlace)
    $script:Results.Add([pscustomobject]@{ id = $Id; kind = $Kind; current = $Current; desired = $Desired; in_place = $InPlace })
    if ($InPlace) {
        Write-Host ('[{0}] already in place: {1}' -f $Id, $Desired)
    } elseif ($Audit) {
        Write-Host ('[{0}] differs: now {1}, plan {2}' -f $Id, $Current, $Desired)
    }
}

function Add-Prior {
    # What rollback.ps1 needs to put a change back; written after every change.
    param([string]$Id, [string]$Kind, [hashtable]$Data)
    $Data['id'] = $Id
    $Data['kind'] = $Kind
    $script:Prior.Add([pscustomobject]$Data)
    ConvertTo-Json -InputObject @($script:Prior) -Depth 6 | Set-Content -LiteralPath $PriorFile -Encoding UTF8 -WhatIf:$false
}

function Confirm-Change {
    param([string]$Id, [string]$Target, [string]$What)
    if ($Audit) { return $false }
    # $PSCmdlet is the calling helper's: each has SupportsShouldProcess, so -WhatIf reaches here.
    if ($PSCmdlet.ShouldProcess($Target, $What)) {
        $script:Changed++
        Write-Host ('[{0}] {1}: {2}' -f $Id, $What, $Target)
        return $true
    }
    return $false
}

function ConvertTo-IPv4Number {
    param([string]$Address)
    $ip = [System.Net.IPAddress]::Parse($Address)
    if ($ip.IsIPv4MappedToIPv6) { $ip = $ip.MapToIPv4() }
    if ($ip.AddressFamily -ne [System.Net.Sockets.AddressFamily]::InterNetwork) { return $null }
    $bytes = $ip.GetAddressBytes()
    [Array]::Reverse($bytes)
    return [uint64][BitConverter]::ToUInt32($bytes, 0)
}

function Test-AddressIn {
    param([string]$Address, [string[]]$Allowed)
    $value = ConvertTo-IPv4Number -Address $Address
    if ($null -eq $value) { return $false }
    foreach ($entry in $Allowed) {
        $parts = $entry.Split('/')
        $length = 32
        if ($parts.Length -gt 1) { $length = [int]$parts[1] }
        $all = [uint64]4294967295
        $mask = ($all -shl (32 - $length)) -band $all
        $network = ConvertTo-IPv4Number -Address $parts[0]
        if (($value -band $mask) -eq ($network -band $mask)) { return $true }
    }
    return $false
}

function Get-ConnectedClient {
    param([int]$Port)
    $clients = @()
    if ($Port -eq 22 -and $env:SSH_CLIENT) { $clients += $env:SSH_CLIENT.Split(' ')[0] }
    $connections = @(Get-NetTCPConnection -LocalPort $Port -State Established -ErrorAction SilentlyContinue)
    foreach ($c in $connections) { $clients += [string]$c.RemoteAddress }
    return @($clients | Where-Object { $_ -and $_ -ne '127.0.0.1' -and $_ -ne '::1' } | Sort-Object -Unique)
}

function Test-PortGuard {
    # The lock-out guard at run time: a rule that would shut out a connected client is refused.
    param([string]$Id, [int]$Port, [string[]]$Allowed)
    # -Audit changes nothing, so it reports every operation.
    if ($Audit) { return $true }
    $cut = @(Get-ConnectedClient -Port $Port | Where-Object { -not (Test-AddressIn -Address $_ -Allowed $Allowed) })
    if ($cut.Length -eq 0) { return $true }
    if ($Force) {
        Write-Warning ('[{0}] -Force: applying although it shuts out {1} on port {2}' -f $Id, ($cut -join ', '), $Port)
        return $true
    }
    Write-Warning ('[{0}] refused: it would shut out {1} connected on port {2}. Run again with -Force to apply it anyway.' -f $Id, ($cut -join ', '), $Port)
    $script:Skipped++
    return $false
}

function Test-RdpGuard {
    param([string]$Id)
    if ($Audit) { return $true }
    $clients = @(Get-ConnectedClient -Port 3389)
    if ($env:SESSIONNAME -like 'RDP-Tcp*') { $clients += 'this session' }
    if ($clients.Length -eq 0) { return $true }
    if ($Force) {
        Write-Warning ('[{0}] -Force: turning Remote Desktop off while {1} is connected' -f $Id, ($clients -join ', '))
        return $true
    }
    Write-Warning ('[{0}] refused: Remote Desktop is in use by {1}. Run again with -Force to apply it anyway.' -f $Id, ($clients -join ', '))
    $script:Skipped++
    return $false
}

function ConvertTo-HlAddress {
    # Windows reports a CIDR block with its mask (10.0.0.0/255.255.255.0): compare in that form.
    param([string[]]$Address)
    foreach ($a in $Address) {
        $parts = $a.Split('/')
        if ($parts.Length -eq 2 -and $parts[1] -match '^\d+$') {
            $length = [int]$parts[1]
            $all = [uint64]4294967295
            $mask = ($all -shl (32 - $length)) -band $all
            $bytes = [BitConverter]::GetBytes([uint32]$mask)
            [Array]::Reverse($bytes)
            if ($length -eq 32) { $parts[0] } else { '{0}/{1}' -f $parts[0], ([System.Net.IPAddress]$bytes).ToString() }
        } else {
            $a
        }
    }
}

function Set-HlFirewallRule {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Name, [string]$Description, [string]$Protocol, [string[]]$LocalPort,
        [string]$Program, [string]$Direction, [string[]]$RemoteAddress, [switch]$DisableBuiltInRdp)
    $desired = '{0} {1} {2} {3} from {4}' -f $Direction, $Protocol, ($LocalPort -join ','), $Program, (@(ConvertTo-HlAddress -Address $RemoteAddress) -join ',')
    $rule = Get-NetFirewallRule -Name $Name -ErrorAction SilentlyContinue
    $current = 'absent'
    if ($rule) {
        $ports = @($rule | Get-NetFirewallPortFilter)
        $addresses = @($rule | Get-NetFirewallAddressFilter)
        $apps = @($rule | Get-NetFirewallApplicationFilter)
        $currentPorts = ''
        $currentProtocol = ''
        if ($ports.Length -gt 0 -and -not $Program) { $currentPorts = @($ports[0].LocalPort) -join ','; $currentProtocol = $ports[0].Protocol }
        $currentProgram = ''
        if ($apps.Length -gt 0 -and $apps[0].Program -ne 'Any') { $currentProgram = $apps[0].Program }
        $current = '{0} {1} {2} {3} from {4}' -f $rule.Direction, $currentProtocol, $currentPorts, $currentProgram, (@($addresses[0].RemoteAddress) -join ',')
    }
    $builtIn = @()
    if ($DisableBuiltInRdp) {
        $builtIn = @(Get-NetFirewallRule -Group '@FirewallAPI.dll,-28752' -ErrorAction SilentlyContinue | Where-Object { $_.Enabled -eq 'True' })
    }
    $inPlace = ($current -eq $desired) -and $builtIn.Length -eq 0
    Add-Result -Id $Id -Kind 'firewall_rule' -Current $current -Desired $desired -InPlace $inPlace
    if ($inPlace -or -not (Confirm-Change -Id $Id -Target $Name -What 'set firewall rule')) { return }
    Add-Prior -Id $Id -Kind 'firewall_rule' -Data @{ name = $Name; existed = [bool]$rule; builtin_rdp_enabled = @($builtIn | ForEach-Object { $_.Name }) }
    if ($rule) { Remove-NetFirewallRule -Name $Name }
    $rest = @{ Name = $Name; DisplayName = $Name; Description = $Description; Group = $RuleGroup; Direction = $Direction; Action = 'Allow'; Profile = 'Any'; RemoteAddress = $RemoteAddress }
    if ($Program) { $rest['Program'] = $Program } else { $rest['Protocol'] = $Protocol; $rest['LocalPort'] = $LocalPort }
    New-NetFirewallRule @rest | Out-Null
    foreach ($b in $builtIn) { Disable-NetFirewallRule -Name $b.Name }
}

function Get-ServiceStart {
    param([string]$Name)
    $key = 'HKLM:\SYSTEM\CurrentControlSet\Services\' + $Name
    $item = Get-ItemProperty -LiteralPath $key -ErrorAction SilentlyContinue
    if (-not $item -or -not ($item.PSObject.Properties.Name -contains 'Start')) { return $null }
    switch ([int]$item.Start) {
        2 { return 'Automatic' }
        3 { return 'Manual' }
        4 { return 'Disabled' }
        default { return 'Boot' }
    }
}

function Set-HlService {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Name, [string]$StartupType, [switch]$Stop)
    $service = Get-Service -Name $Name -ErrorAction SilentlyContinue
    # Some documents name a service only by its display name ("NEC MA4000 Arena").
    if (-not $service) { $service = Get-Service -DisplayName $Name -ErrorAction SilentlyContinue | Select-Object -First 1 }
    if (-not $service) {
        Add-Result -Id $Id -Kind 'service' -Current 'not installed' -Desired $StartupType -InPlace $true
        return
    }
    $Name = $service.Name
    $start = Get-ServiceStart -Name $Name
    $running = $service.Status -eq 'Running'
    $inPlace = $start -eq $StartupType -and -not ($Stop -and $running)
    Add-Result -Id $Id -Kind 'service' -Current ('{0}, {1}' -f $start, $service.Status) -Desired $StartupType -InPlace $inPlace
    if ($inPlace -or -not (Confirm-Change -Id $Id -Target $Name -What ('set startup to ' + $StartupType))) { return }
    Add-Prior -Id $Id -Kind 'service' -Data @{ name = $Name; start = $start; running = $running }
    Set-Service -Name $Name -StartupType $StartupType
    if ($Stop -and $running) { Stop-Service -Name $Name -Force }
}

function Get-RegistryValue {
    param([string]$Path, [string]$Name)
    $item = Get-ItemProperty -LiteralPath $Path -ErrorAction SilentlyContinue
    if (-not $item -or -not ($item.PSObject.Properties.Name -contains $Name)) { return $null }
    return $item.$Name
}

function Set-HlRegistry {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Key, [string]$Name, [string]$Type, [object]$Value)
    $path = 'HKLM:\' + $Key
    $current = Get-RegistryValue -Path $path -Name $Name
    $inPlace = ($null -ne $current) -and ([string]$current -eq [string]$Value)
    $shown = 'absent'
    if ($null -ne $current) { $shown = [string]$current }
    Add-Result -Id $Id -Kind 'registry' -Current $shown -Desired ([string]$Value) -InPlace $inPlace
    if ($inPlace -or -not (Confirm-Change -Id $Id -Target ('HKLM\' + $Key + '\' + $Name) -What ('set to ' + $Value))) { return }
    Add-Prior -Id $Id -Kind 'registry' -Data @{ key = $Key; name = $Name; type = $Type; existed = ($null -ne $current); value = $current }
    if (-not (Test-Path -LiteralPath $path)) { New-Item -Path $path -Force | Out-Null }
    New-ItemProperty -LiteralPath $path -Name $Name -PropertyType $Type -Value $Value -Force | Out-Null
}

function Get-AuditSetting {
    # The numeric "Setting Value" column of auditpol /backup (0 none, 1 success, 2 failure,
    # 3 both) is not localized, unlike the text columns.
    param([string]$Category)
    $listing = Invoke-Native -FilePath 'auditpol.exe' -ArgumentList @('/list', ('/subcategory:' + $Category), '/v')
    $guids = @($listing | ForEach-Object { [regex]::Matches([string]$_, '\{[0-9A-Fa-f-]{36}\}') } | ForEach-Object { $_.Value.ToUpperInvariant() } | Where-Object { $_ -ne $Category.ToUpperInvariant() })
    $file = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('hardline-audit-' + [guid]::NewGuid().ToString() + '.csv')
    Invoke-Native -FilePath 'auditpol.exe' -ArgumentList @('/backup', ('/file:' + $file)) | Out-Null
    $rows = @(Get-Content -LiteralPath $file | Select-Object -Skip 1 | ConvertFrom-Csv -Header 'Machine', 'Target', 'Subcategory', 'Guid', 'Inclusion', 'Exclusion', 'Value')
    Remove-Item -LiteralPath $file -WhatIf:$false
    $values = @($rows | Where-Object { $guids -contains ([string]$_.Guid).ToUpperInvariant() } | ForEach-Object { [string]$_.Value } | Sort-Object -Unique)
    if ($values.Length -eq 1) { return $values[0] }
    return 'mixed'
}

function Set-HlAudit {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Category, [string]$Label, [bool]$Success, [bool]$Failure)
    $desired = [string]([int]$Success + 2 * [int]$Failure)
    $current = Get-AuditSetting -Category $Category
    $inPlace = $current -eq $desired
    Add-Result -Id $Id -Kind 'audit' -Current $current -Desired $desired -InPlace $inPlace
    if ($inPlace -or -not (Confirm-Change -Id $Id -Target $Label -What 'set audit policy')) { return }
    Add-Prior -Id $Id -Kind 'audit' -Data @{ category = $Category; value = $current }
    $s = 'disable'
    if ($Success) { $s = 'enable' }
    $f = 'disable'
    if ($Failure) { $f = 'enable' }
    Invoke-Native -FilePath 'auditpol.exe' -ArgumentList @('/set', ('/category:' + $Category), ('/success:' + $s), ('/failure:' + $f)) | Out-Null
}


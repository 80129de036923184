
$Stamp = Get-Date -Format 'yyyyMMdd-HHmmss'
$Started = (Get-Date).ToString('o')
$script:Prior = New-Object -TypeName System.Collections.Generic.List[object]
$Applying = -not $Audit -and -not $WhatIfPreference
if ($Audit) {
    $LogDir = Join-Path -Path $BackupRoot -ChildPath ('hardline-audit-' + $Stamp)
} else {
    $LogDir = Join-Path -Path $BackupRoot -ChildPath ('hardline-backup-' + $Stamp)
}
$PriorFile = Join-Path -Path $LogDir -ChildPath 'prior-state.json'
if (-not $WhatIfPreference) {
    try {
        New-Item -ItemType Directory -Path $LogDir -Force -WhatIf:$false | Out-Null
        Start-Transcript -LiteralPath (Join-Path -Path $LogDir -ChildPath 'transcript.log') -WhatIf:$false | Out-Null
    } catch {
        Write-Error -Message ('Cannot write the backup and log folder {0} ({1}): nothing was changed. Give -BackupRoot a folder you can write.' -f $LogDir, $_.Exception.Message) -ErrorAction Continue
        exit 2
    }
}

function Add-Prior {
    # What rollback.ps1 needs to put a change back; written before the change itself.
    param([string]$Id, [string]$Kind, [hashtable]$Data)
    $Data['id'] = $Id
    $Data['kind'] = $Kind
    $script:Prior.Add([pscustomobject]$Data)
    ConvertTo-Json -InputObject @($script:Prior) -Depth 6 | Set-Content -LiteralPath $PriorFile -Encoding UTF8 -WhatIf:$false
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
    # The lock-out guard at run time: an operation that leaves a connected client outside the
    # plan's access to the port (every rule for it together, the local subnet resolved here) is
    # refused, and recorded as skipped.
    param([string]$Id, [int]$Port)
    # -Audit changes nothing, so it reports every operation.
    if ($Audit) { return $true }
    $allowed = @($Access | Where-Object { $_.Protocol -eq 'TCP' -and $_.From -le $Port -and $_.To -ge $Port } | ForEach-Object { $_.Allowed })
    $cut = @(Get-ConnectedClient -Port $Port | Where-Object { -not (Test-HlAddressIn -Address $_ -Allowed $allowed) })
    if ($allowed -contains 'Any' -or $cut.Length -eq 0) { return $true }
    if ($Force) {
        Write-Warning ('[{0}] -Force: applying although it shuts out {1} on port {2}' -f $Id, ($cut -join ', '), $Port)
        return $true
    }
    Add-Result -Id $Id -Kind 'lockout_guard' -Current ($cut -join ', ') -Desired ('port {0} from {1}' -f $Port, ($allowed -join ',')) -Skipped ('refused by the lock-out guard: it would shut out {0} connected on port {1}; run again with -Force to apply it anyway' -f ($cut -join ', '), $Port)
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
    Add-Result -Id $Id -Kind 'lockout_guard' -Current ($clients -join ', ') -Desired 'Remote Desktop off' -Skipped ('refused by the lock-out guard: Remote Desktop is in use by {0}; run again with -Force to apply it anyway' -f ($clients -join ', '))
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
            if ($length -eq 32) { $parts[0] } else { '{0}/{1}' -f $parts[0], (ConvertFrom-HlNumber -Value $mask) }
        } else {
            $a
        }
    }
}

function Set-HlFirewallRule {
    # Our rule for the operation, as the plan wants it: present, enabled, allow, every profile.
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Name, [string]$Description, [string]$Protocol, [string[]]$LocalPort,
        [string[]]$RemotePort, [string]$Program, [string]$Direction, [string[]]$RemoteAddress)
    $ports = @(@($LocalPort) + @($RemotePort) | Where-Object { $_ })
    $desired = '{0} {1} {2} {3} from {4}, enabled allow, profile Any' -f $Direction, $Protocol, ($ports -join ','), $Program, (@(ConvertTo-HlAddress -Address $RemoteAddress) -join ',')
    $rule = Get-NetFirewallRule -Name $Name -ErrorAction SilentlyContinue
    $current = 'absent'
    if ($rule) {
        $port = @($rule | Get-NetFirewallPortFilter)[0]
        $address = @($rule | Get-NetFirewallAddressFilter)[0]
        $app = @($rule | Get-NetFirewallApplicationFilter)[0]
        $currentPorts = ''
        $currentProtocol = ''
        if (-not $Program) {
            $currentPorts = (@($port.LocalPort) + @($port.RemotePort) | Where-Object { $_ -ne 'Any' }) -join ','
            $currentProtocol = $port.Protocol
        }
        $currentProgram = ''
        if ($app.Program -ne 'Any') { $currentProgram = $app.Program }
        $state = 'disabled'
        if ([string]$rule.Enabled -eq 'True') { $state = 'enabled' }
        $current = '{0} {1} {2} {3} from {4}, {5} {6}, profile {7}' -f $rule.Direction, $currentProtocol, $currentPorts, $currentProgram, (@($address.RemoteAddress) -join ','), $state, ([string]$rule.Action).ToLowerInvariant(), $rule.Profile
    }
    $inPlace = $current -eq $desired
    Add-Result -Id $Id -Kind 'firewall_rule' -Current $current -Desired $desired -InPlace $inPlace
    if ($inPlace -or -not (Confirm-Change -Id $Id -Target $Name -What 'set firewall rule')) { return }
    $prior = @{ name = $Name; existed = [bool]$rule }
    if ($rule) {
        # An earlier run's rule of that name: rollback puts it back as it was.
        $prior['previous'] = @{
            description = [string]$rule.Description; direction = [string]$rule.Direction; action = [string]$rule.Action
            enabled = [string]$rule.Enabled; protocol = [string]$port.Protocol; local_port = @($port.LocalPort); remote_port = @($port.RemotePort)
            program = [string]$app.Program; remote = @($address.RemoteAddress)
        }
    }
    Add-Prior -Id $Id -Kind 'firewall_rule' -Data $prior
    if ($rule) { Remove-NetFirewallRule -Name $Name }
    $rest = @{ Name = $Name; DisplayName = $Name; Description = $Description; Group = $RuleGroup; Direction = $Direction; Action = 'Allow'; Profile = 'Any'; RemoteAddress = $RemoteAddress; Enabled = 'True' }
    if ($Program) { $rest['Program'] = $Program } else { $rest['Protocol'] = $Protocol }
    if ($LocalPort) { $rest['LocalPort'] = $LocalPort }
    if ($RemotePort) { $rest['RemotePort'] = $RemotePort }
    New-NetFirewallRule @rest | Out-Null
}

function Limit-HlOtherRules {
    # The plan's effective access for the operation's ports (or program): every other enabled
    # allow rule that admits more keeps only what the plan allows there, or is disabled. Every
    # rule that admits them is listed (-Audit: the port's effective access).
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Protocol, [string[]]$Ports, [string]$Program)
    $all = @(Get-HlOverlap -Protocol $Protocol -Ports $Ports -Program $Program -Access $Access -ProgramAccess $ProgramAccess -Exclude $PlanRules)
    $over = @($all | Where-Object { -not $_.Within })
    $findings = @($all | ForEach-Object { Format-HlOverlap -Overlap $_ })
    $what = $Program
    if (-not $Program) { $what = '{0} {1}' -f $Protocol, ($Ports -join ',') }
    Add-Result -Id $Id -Kind 'other_rules' -Current ('{0} other allow rules admit it, {1} of them more than the plan' -f $all.Length, $over.Length) -Desired ('no other allow rule for {0} admits more than the plan' -f $what) -InPlace ($over.Length -eq 0) -Findings $findings
    $policy = @($over | Where-Object { $_.Rule.Source -ne 'Local' })
    foreach ($o in @($over | Where-Object { $_.Rule.Source -eq 'Local' })) {
        $r = $o.Rule
        $change = 'disable'
        if (@($o.Shared).Length -gt 0) { $change = 'limit to ' + (@($o.Shared) -join ',') }
        if (-not (Confirm-Change -Id $Id -Target ('{0} ({1})' -f $r.DisplayName, $r.Name) -What $change)) { continue }
        Add-Prior -Id $Id -Kind 'other_rule' -Data @{ name = $r.Name; display = $r.DisplayName; remote = @($r.RemoteAddress); disabled = (@($o.Shared).Length -eq 0) }
        if (@($o.Shared).Length -eq 0) {
            Disable-NetFirewallRule -Name $r.Name
            [void]$script:HlRuleCache.Remove($r)
        } else {
            Set-NetFirewallRule -Name $r.Name -RemoteAddress @($o.Shared)
            $r.RemoteAddress = @($o.Shared)
        }
    }
    if ($policy.Length -gt 0 -and -not $Audit) {
        throw ('{0} rules set by Group Policy admit more than the plan and cannot be changed here: change them in the policy: {1}' -f $policy.Length, (@($policy | ForEach-Object { $_.Rule.DisplayName }) -join '; '))
    }
}

function Get-ServiceStart {
    # The start type as the registry holds it, with delayed start told apart.
    param([string]$Name)
    $key = 'HKLM:\SYSTEM\CurrentControlSet\Services\' + $Name
    $item = Get-ItemProperty -LiteralPath $key -ErrorAction SilentlyContinue
    if (-not $item -or -not ($item.PSObject.Properties.Name -contains 'Start')) { return $null }
    $delayed = ($item.PSObject.Properties.Name -contains 'DelayedAutostart') -and [int]$item.DelayedAutostart -eq 1
    switch ([int]$item.Start) {
        2 { if ($delayed) { return 'AutomaticDelayed' } else { return 'Automatic' } }
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
        Add-Result -Id $Id -Kind 'service' -Current 'not installed' -Desired $StartupType -Skipped ('service {0} is not installed' -f $Name)
        return
    }
    $Name = $service.Name
    $start = Get-ServiceStart -Name $Name
    $running = $service.Status -eq 'Running'
    $inPlace = ($start -eq $StartupType -or ($StartupType -eq 'Automatic' -and $start -eq 'AutomaticDelayed')) -and -not ($Stop -and $running)
    Add-Result -Id $Id -Kind 'service' -Current ('{0}, {1}' -f $start, $service.Status) -Desired $StartupType -InPlace $inPlace
    if ($inPlace -or -not (Confirm-Change -Id $Id -Target $Name -What ('set startup to ' + $StartupType))) { return }
    Add-Prior -Id $Id -Kind 'service' -Data @{ name = $Name; start = $start; running = $running }
    Set-Service -Name $Name -StartupType $StartupType
    if ($Stop -and $running) { Stop-Service -Name $Name -Force }
}

function Get-RegistryValue {
    # The value and its type (String, ExpandString, DWord, QWord, MultiString, Binary), or $null.
    param([string]$Path, [string]$Name)
    $key = Get-Item -LiteralPath $Path -ErrorAction SilentlyContinue
    if (-not $key -or -not (@($key.GetValueNames()) -contains $Name)) { return $null }
    return [pscustomobject]@{ Value = $key.GetValue($Name, $null, 'DoNotExpandEnvironmentNames'); Type = [string]$key.GetValueKind($Name) }
}

function Set-HlRegistry {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Key, [string]$Name, [string]$Type, [object]$Value)
    $path = 'HKLM:\' + $Key
    $current = Get-RegistryValue -Path $path -Name $Name
    $inPlace = ($null -ne $current) -and ([string]$current.Value -eq [string]$Value) -and $current.Type -eq $Type
    $shown = 'absent'
    if ($null -ne $current) { $shown = '{0} {1}' -f $current.Type, [string]$current.Value }
    Add-Result -Id $Id -Kind 'registry' -Current $shown -Desired ('{0} {1}' -f $Type, [string]$Value) -InPlace $inPlace
    if ($inPlace -or -not (Confirm-Change -Id $Id -Target ('HKLM\' + $Key + '\' + $Name) -What ('set to ' + $Value))) { return }
    # The keys this creates, deepest first, so that rollback removes them again.
    $created = @()
    $k = $path
    while (-not (Test-Path -LiteralPath $k)) {
        $created += $k
        $k = Split-Path -Path $k -Parent
    }
    $prior = @{ key = $Key; name = $Name; existed = ($null -ne $current); created_keys = $created }
    if ($null -ne $current) {
        $prior['type'] = $current.Type
        $prior['value'] = $current.Value
    }
    Add-Prior -Id $Id -Kind 'registry' -Data $prior
    if ($created.Length -gt 0) { New-Item -Path $path -Force | Out-Null }
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

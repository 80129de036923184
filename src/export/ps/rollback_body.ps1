
$candidates = @(Get-ChildItem -LiteralPath $PSScriptRoot -Directory -Filter 'hardline-backup-*' |
        Where-Object { Test-Path -LiteralPath (Join-Path -Path $_.FullName -ChildPath 'prior-state.json') } |
        Sort-Object -Property Name -Descending)
if (-not $BackupFolder -and -not $All) {
    # Each run of harden.ps1 made one folder with what it changed: say which, and change nothing.
    if ($candidates.Length -eq 0) {
        Write-Host ('No hardline-backup-* folder with a prior-state.json beside {0}: harden.ps1 changed nothing here.' -f $PSScriptRoot)
        exit 0
    }
    Write-Host 'Backups of harden.ps1 runs beside this script, newest first:'
    foreach ($c in $candidates) {
        $n = @(Get-Content -LiteralPath (Join-Path -Path $c.FullName -ChildPath 'prior-state.json') -Raw | ConvertFrom-Json | ForEach-Object { $_ }).Length
        Write-Host ('  {0}  ({1} changes)' -f $c.FullName, $n)
    }
    Write-Host 'Undo one run:            .\rollback.ps1 -BackupFolder <folder>'
    Write-Host 'Undo all, newest first:  .\rollback.ps1 -All'
    Write-Host 'Nothing was changed.'
    exit 2
}
$folders = @($BackupFolder)
if ($All) { $folders = @($candidates | ForEach-Object { $_.FullName }) }
$Started = (Get-Date).ToString('o')
$script:AuditRestored = $false
$script:IisRestored = $false

function ConvertTo-HlRegistryValue {
    # A value read back from prior-state.json in the type it had.
    param([object]$Value, [string]$Type)
    switch ($Type) {
        'Binary' { return , ([byte[]]@($Value)) }
        'MultiString' { return , ([string[]]@($Value)) }
        'QWord' { return [long]$Value }
        'DWord' { return [int]$Value }
        default { return [string]$Value }
    }
}

function Undo-HlEntry {
    # Puts one recorded change back.
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([object]$Entry, [string]$Folder)
    $e = $Entry
    $id = $e.id
    Add-Result -Id $id -Kind $e.kind -Current 'changed by harden.ps1' -Desired 'as it was before' -InPlace $false
    switch ($e.kind) {
        'firewall_rule' {
            if (-not (Confirm-Change -Id $id -Target $e.name -What 'remove firewall rule')) { return }
            Remove-NetFirewallRule -Name $e.name -ErrorAction SilentlyContinue
            if ($e.existed) {
                $p = $e.previous
                $rule = @{ Name = $e.name; DisplayName = $e.name; Description = $p.description; Group = $RuleGroup; Direction = $p.direction; Action = $p.action; Enabled = $p.enabled; Profile = 'Any'; RemoteAddress = @($p.remote) }
                if ($p.program -and $p.program -ne 'Any') { $rule['Program'] = $p.program }
                if ($p.protocol -and $p.protocol -ne 'Any') { $rule['Protocol'] = $p.protocol }
                if (@($p.local_port) -notcontains 'Any') { $rule['LocalPort'] = @($p.local_port) }
                if (@($p.remote_port) -notcontains 'Any') { $rule['RemotePort'] = @($p.remote_port) }
                New-NetFirewallRule @rule | Out-Null
            }
        }
        'other_rule' {
            if ($e.disabled) {
                if (Confirm-Change -Id $id -Target ('{0} ({1})' -f $e.display, $e.name) -What 'enable again') { Enable-NetFirewallRule -Name $e.name }
            } elseif (Confirm-Change -Id $id -Target ('{0} ({1})' -f $e.display, $e.name) -What ('remote addresses back to ' + (@($e.remote) -join ','))) {
                Set-NetFirewallRule -Name $e.name -RemoteAddress @($e.remote)
            }
        }
        'service' {
            if (-not $e.start -or -not (Confirm-Change -Id $id -Target $e.name -What ('set startup back to ' + $e.start))) { return }
            if ($e.start -eq 'AutomaticDelayed') {
                # Set-Service takes no delayed start before PowerShell 6: sc.exe does.
                Invoke-Native -FilePath 'sc.exe' -ArgumentList @('config', $e.name, 'start=', 'delayed-auto') | Out-Null
            } else {
                Set-Service -Name $e.name -StartupType $e.start
            }
            if ($e.running) { Start-Service -Name $e.name }
        }
        'registry' {
            $path = 'HKLM:\' + $e.key
            if (-not (Confirm-Change -Id $id -Target ('HKLM\' + $e.key + '\' + $e.name) -What 'restore value')) { return }
            if ($e.existed) {
                New-ItemProperty -LiteralPath $path -Name $e.name -PropertyType $e.type -Value (ConvertTo-HlRegistryValue -Value $e.value -Type $e.type) -Force | Out-Null
                return
            }
            Remove-ItemProperty -LiteralPath $path -Name $e.name -ErrorAction SilentlyContinue
            # Keys harden.ps1 created go again, deepest first, while nothing else is in them.
            foreach ($k in @($e.created_keys)) {
                $key = Get-Item -LiteralPath $k -ErrorAction SilentlyContinue
                if ($key -and $key.ValueCount -eq 0 -and $key.SubKeyCount -eq 0) { Remove-Item -LiteralPath $k }
            }
        }
        'audit' {
            if ($script:AuditRestored) { Set-ResultState -Id $id -State 'applied'; return }
            if (-not (Confirm-Change -Id $id -Target 'audit policy' -What 'auditpol /restore')) { return }
            Invoke-Native -FilePath 'auditpol.exe' -ArgumentList @('/restore', ('/file:' + (Join-Path -Path $Folder -ChildPath 'audit.csv'))) | Out-Null
            $script:AuditRestored = $true
        }
        'iis_config' {
            $nameFile = Join-Path -Path $Folder -ChildPath 'iis-backup.txt'
            if ($script:IisRestored) { Set-ResultState -Id $id -State 'applied'; return }
            if (-not (Test-Path -LiteralPath $nameFile)) { throw ('{0} is missing: the IIS configuration was not backed up' -f $nameFile) }
            if (-not (Confirm-Change -Id $id -Target 'IIS configuration' -What 'Restore-WebConfiguration')) { return }
            Import-Module -Name 'WebAdministration'
            Restore-WebConfiguration -Name ((Get-Content -LiteralPath $nameFile -Raw).Trim())
            $script:IisRestored = $true
        }
        'acl' {
            if (Confirm-Change -Id $id -Target $e.path -What 'restore ACL') {
                Invoke-Native -FilePath 'icacls.exe' -ArgumentList @((Split-Path -Path $e.path -Parent), '/restore', $e.saved) | Out-Null
            }
        }
        'account_policy' {
            if (-not (Confirm-Change -Id $id -Target 'local security policy' -What 'restore account policy')) { return }
            $lines = @('[Unicode]', 'Unicode=yes', '[Version]', 'signature="$CHICAGO$"', 'Revision=1', '[System Access]')
            foreach ($p in $e.settings.PSObject.Properties) { if ($null -ne $p.Value) { $lines += ('{0} = {1}' -f $p.Name, $p.Value) } }
            $inf = Join-Path -Path $Folder -ChildPath ('rollback-' + $id + '.inf')
            Set-Content -LiteralPath $inf -Value $lines -Encoding Unicode -WhatIf:$false
            Invoke-Native -FilePath 'secedit.exe' -ArgumentList @('/configure', '/db', (Join-Path -Path $Folder -ChildPath ('rollback-' + $id + '.sdb')), '/cfg', $inf, '/areas', 'SECURITYPOLICY', '/quiet') | Out-Null
        }
        'local_account' {
            $account = @(Get-CimInstance -ClassName Win32_UserAccount -Filter 'LocalAccount=TRUE' | Where-Object { $_.SID -like ('*-' + $e.rid) }) | Select-Object -First 1
            if (-not $account) { throw ('no local account with RID {0} to restore' -f $e.rid) }
            if (-not (Confirm-Change -Id $id -Target ('RID ' + $e.rid) -What ('restore name ' + $e.name))) { return }
            if ($account.Name -ne $e.name) {
                $r = Invoke-CimMethod -InputObject $account -MethodName Rename -Arguments @{ Name = [string]$e.name }
                if ($r.ReturnValue -ne 0) { throw ('renaming RID {0} back failed with code {1}' -f $e.rid, $r.ReturnValue) }
                $account = @(Get-CimInstance -ClassName Win32_UserAccount -Filter 'LocalAccount=TRUE' | Where-Object { $_.SID -like ('*-' + $e.rid) }) | Select-Object -First 1
            }
            Set-CimInstance -InputObject $account -Property @{ Disabled = [bool]$e.disabled }
        }
        'netbios' {
            if (-not (Confirm-Change -Id $id -Target 'IP-enabled adapters' -What 'restore NetBIOS options')) { return }
            foreach ($a in @($e.adapters)) {
                $adapter = @(Get-CimInstance -ClassName Win32_NetworkAdapterConfiguration -Filter 'IPEnabled=TRUE' | Where-Object { $_.SettingID -eq $a.setting_id }) | Select-Object -First 1
                if (-not $adapter) { continue }
                $r = Invoke-CimMethod -InputObject $adapter -MethodName SetTcpipNetbios -Arguments @{ TcpipNetbiosOptions = [uint32]$a.option }
                if ($r.ReturnValue -gt 1) { throw ('SetTcpipNetbios returned {0}' -f $r.ReturnValue) }
            }
        }
        'sql' {
            if (-not $SqlUndo.ContainsKey($id)) { throw 'no automatic undo: restore the database from its backup' }
            $instance = [string]$e.instance
            if ($SqlInstance) { $instance = $SqlInstance }
            if (-not (Confirm-Change -Id $id -Target $instance -What 'run the undo statement')) { return }
            if (-not (Get-Command -Name 'sqlcmd.exe' -ErrorAction SilentlyContinue)) { throw ('sqlcmd.exe is not on this server: run this against {0} by hand: {1}' -f $instance, $SqlUndo[$id]) }
            $file = Join-Path -Path $Folder -ChildPath ('rollback-' + $id + '.sql')
            Set-Content -LiteralPath $file -Value $SqlUndo[$id] -Encoding Unicode -WhatIf:$false
            Invoke-Native -FilePath 'sqlcmd.exe' -ArgumentList @('-S', $instance, '-E', '-b', '-i', $file) | Out-Null
            Remove-ItemProperty -LiteralPath ('HKLM:\SOFTWARE\hardline\' + $ProductId + '\sql') -Name $id -ErrorAction SilentlyContinue
        }
        'file' {
            if (Confirm-Change -Id $id -Target $e.path -What 'copy back from the backup') {
                Copy-Item -LiteralPath $e.copy -Destination (Split-Path -Path $e.path -Parent) -Recurse -Force
            }
        }
        default { throw ('unknown kind {0} in prior-state.json: left as it is' -f $e.kind) }
    }
}

$failed = 0
foreach ($folder in $folders) {
    $script:Results.Clear()
    $script:AuditRestored = $false
    $script:IisRestored = $false
    $priorFile = Join-Path -Path $folder -ChildPath 'prior-state.json'
    if (-not (Test-Path -LiteralPath $priorFile)) {
        Write-Warning ('{0} has no prior-state.json: harden.ps1 changed nothing there.' -f $folder)
        $failed++
        continue
    }
    if (-not $WhatIfPreference) { Start-Transcript -LiteralPath (Join-Path -Path $folder -ChildPath ('rollback-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '.log')) -WhatIf:$false | Out-Null }
    # Windows PowerShell emits a parsed JSON array as one object: enumerate it. Newest first.
    $entries = @(Get-Content -LiteralPath $priorFile -Raw | ConvertFrom-Json | ForEach-Object { $_ })
    [Array]::Reverse($entries)
    Write-Host ('Rolling back {0} changes from {1}' -f $entries.Length, $folder)
    foreach ($entry in $entries) {
        Invoke-HlOperation -Id $entry.id -Body { Undo-HlEntry -Entry $entry -Folder $folder }
    }
    $ops = @(Get-HlOperationResult)
    $count = Write-HlSummary -Operations $ops -AppliedLabel 'restored'
    $failed += $count.failed
    if (-not $WhatIfPreference) {
        Save-HlResult -Path (Join-Path -Path $folder -ChildPath 'rollback-result.json') -Script 'rollback.ps1' -Mode 'rollback' -Started $Started -Operations $ops -Count $count
        Stop-Transcript | Out-Null
    }
}
Write-Host 'Services that harden.ps1 stopped were started again; settings pushed by Group Policy come back with the next policy refresh.'
if ($failed -gt 0) {
    Write-Warning ('{0} changes could not be put back (see above): nothing else was left out.' -f $failed)
    exit 1
}

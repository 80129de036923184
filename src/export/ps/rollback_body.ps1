
if (-not $BackupFolder) {
    $candidates = @(Get-ChildItem -LiteralPath $PSScriptRoot -Directory -Filter 'hardline-backup-*' |
            Where-Object { Test-Path -LiteralPath (Join-Path -Path $_.FullName -ChildPath 'prior-state.json') } |
            Sort-Object -Property Name -Descending)
    if ($candidates.Length -eq 0) { throw ('No hardline-backup-* folder with a prior-state.json beside {0}: nothing to roll back.' -f $PSScriptRoot) }
    $BackupFolder = $candidates[0].FullName
}
$PriorFile = Join-Path -Path $BackupFolder -ChildPath 'prior-state.json'
if (-not (Test-Path -LiteralPath $PriorFile)) { throw ('{0} has no prior-state.json: harden.ps1 changed nothing there.' -f $BackupFolder) }
# PowerShell 5.1 emits a parsed JSON array as one object: enumerate it.
$parsed = Get-Content -LiteralPath $PriorFile -Raw | ConvertFrom-Json
$entries = @($parsed | ForEach-Object { $_ })
[Array]::Reverse($entries)
Write-Host ('Rolling back {0} changes from {1}' -f $entries.Length, $BackupFolder)
$auditRestored = $false
$iisRestored = $false

function Confirm-Undo {
    param([string]$Id, [string]$Target, [string]$What)
    if ($PSCmdlet.ShouldProcess($Target, $What)) {
        Write-Host ('[{0}] {1}: {2}' -f $Id, $What, $Target)
        return $true
    }
    return $false
}

foreach ($e in $entries) {
    switch ($e.kind) {
        'firewall_rule' {
            if (Confirm-Undo -Id $e.id -Target $e.name -What 'remove firewall rule') {
                Remove-NetFirewallRule -Name $e.name -ErrorAction SilentlyContinue
                foreach ($b in @($e.builtin_rdp_enabled)) { if ($b) { Enable-NetFirewallRule -Name $b } }
                if ($e.existed) { Write-Warning ('[{0}] the rule existed before: netsh advfirewall import {1} restores the whole saved policy' -f $e.id, (Join-Path -Path $BackupFolder -ChildPath 'firewall.wfw')) }
            }
        }
        'service' {
            if ($e.start -and (Confirm-Undo -Id $e.id -Target $e.name -What ('set startup back to ' + $e.start))) {
                Set-Service -Name $e.name -StartupType $e.start
                if ($e.running) { Start-Service -Name $e.name }
            }
        }
        'registry' {
            $path = 'HKLM:\' + $e.key
            if (Confirm-Undo -Id $e.id -Target ('HKLM\' + $e.key + '\' + $e.name) -What 'restore value') {
                if ($e.existed) {
                    New-ItemProperty -LiteralPath $path -Name $e.name -PropertyType $e.type -Value $e.value -Force | Out-Null
                } else {
                    Remove-ItemProperty -LiteralPath $path -Name $e.name -ErrorAction SilentlyContinue
                }
            }
        }
        'audit' {
            if (-not $auditRestored -and (Confirm-Undo -Id $e.id -Target 'audit policy' -What 'auditpol /restore')) {
                Invoke-Native -FilePath 'auditpol.exe' -ArgumentList @('/restore', ('/file:' + (Join-Path -Path $BackupFolder -ChildPath 'audit.csv'))) | Out-Null
                $auditRestored = $true
            }
        }
        'iis_config' {
            $nameFile = Join-Path -Path $BackupFolder -ChildPath 'iis-backup.txt'
            if (-not $iisRestored -and (Test-Path -LiteralPath $nameFile) -and (Confirm-Undo -Id $e.id -Target 'IIS configuration' -What 'Restore-WebConfiguration')) {
                Import-Module -Name WebAdministration
                Restore-WebConfiguration -Name ((Get-Content -LiteralPath $nameFile -Raw).Trim())
                $iisRestored = $true
            }
        }
        'acl' {
            if (Confirm-Undo -Id $e.id -Target $e.path -What 'restore ACL') {
                Invoke-Native -FilePath 'icacls.exe' -ArgumentList @((Split-Path -Path $e.path -Parent), '/restore', $e.saved) | Out-Null
            }
        }
        'account_policy' {
            if (Confirm-Undo -Id $e.id -Target 'local security policy' -What 'restore account policy') {
                $lines = @('[Unicode]', 'Unicode=yes', '[Version]', 'signature="$CHICAGO$"', 'Revision=1', '[System Access]')
                foreach ($p in $e.settings.PSObject.Properties) { if ($null -ne $p.Value) { $lines += ('{0} = {1}' -f $p.Name, $p.Value) } }
                $inf = Join-Path -Path $BackupFolder -ChildPath ('rollback-' + $e.id + '.inf')
                Set-Content -LiteralPath $inf -Value $lines -Encoding Unicode
                Invoke-Native -FilePath 'secedit.exe' -ArgumentList @('/configure', '/db', (Join-Path -Path $BackupFolder -ChildPath ('rollback-' + $e.id + '.sdb')), '/cfg', $inf, '/areas', 'SECURITYPOLICY', '/quiet') | Out-Null
            }
        }
        'local_account' {
            $account = @(Get-CimInstance -ClassName Win32_UserAccount -Filter 'LocalAccount=TRUE' | Where-Object { $_.SID -like ('*-' + $e.rid) }) | Select-Object -First 1
            if ($account -and (Confirm-Undo -Id $e.id -Target ('RID ' + $e.rid) -What ('restore name ' + $e.name))) {
                if ($account.Name -ne $e.name) {
                    $r = Invoke-CimMethod -InputObject $account -MethodName Rename -Arguments @{ Name = [string]$e.name }
                    if ($r.ReturnValue -ne 0) { throw ('renaming RID {0} back failed with code {1}' -f $e.rid, $r.ReturnValue) }
                    $account = @(Get-CimInstance -ClassName Win32_UserAccount -Filter 'LocalAccount=TRUE' | Where-Object { $_.SID -like ('*-' + $e.rid) }) | Select-Object -First 1
                }
                Set-CimInstance -InputObject $account -Property @{ Disabled = [bool]$e.disabled }
            }
        }
        'netbios' {
            foreach ($a in @($e.adapters)) {
                $adapter = @(Get-CimInstance -ClassName Win32_NetworkAdapterConfiguration -Filter 'IPEnabled=TRUE' | Where-Object { $_.SettingID -eq $a.setting_id }) | Select-Object -First 1
                if ($adapter -and (Confirm-Undo -Id $e.id -Target $a.setting_id -What ('restore NetBIOS option ' + $a.option))) {
                    $r = Invoke-CimMethod -InputObject $adapter -MethodName SetTcpipNetbios -Arguments @{ TcpipNetbiosOptions = [uint32]$a.option }
                    if ($r.ReturnValue -gt 1) { throw ('SetTcpipNetbios returned {0}' -f $r.ReturnValue) }
                }
            }
        }
        'sql' {
            if ($SqlUndo.ContainsKey($e.id)) {
                if (Confirm-Undo -Id $e.id -Target $e.instance -What 'run the undo statement') {
                    $file = Join-Path -Path $BackupFolder -ChildPath ('rollback-' + $e.id + '.sql')
                    Set-Content -LiteralPath $file -Value $SqlUndo[$e.id] -Encoding Unicode
                    Invoke-Native -FilePath 'sqlcmd.exe' -ArgumentList @('-S', [string]$e.instance, '-E', '-b', '-i', $file) | Out-Null
                    Remove-ItemProperty -LiteralPath ('HKLM:\SOFTWARE\hardline\' + $ProductId + '\sql') -Name $e.id -ErrorAction SilentlyContinue
                }
            } else {
                Write-Warning ('[{0}] has no automatic undo: restore the database from its backup' -f $e.id)
            }
        }
        'file' {
            if (Confirm-Undo -Id $e.id -Target $e.path -What 'copy back from the backup') {
                Copy-Item -LiteralPath $e.copy -Destination (Split-Path -Path $e.path -Parent) -Recurse -Force
            }
        }
        default { Write-Warning ('[{0}] unknown kind {1} in prior-state.json: left as it is' -f $e.id, $e.kind) }
    }
}
Write-Host 'Rollback finished. Services that harden.ps1 stopped were started again; settings pushed by Group Policy come back with the next policy refresh.'


function Test-Iis {
    # IIS operations are not applicable without IIS, and fail when IIS has no PowerShell module.
    param([string]$Id, [string]$Kind, [string]$Desired)
    $why = Get-HlIisReason
    if (-not $why) { return $true }
    Add-Result -Id $Id -Kind $Kind -Current $why -Desired $Desired -Skipped ('not applicable: ' + $why)
    return $false
}

function Set-HlIisExtension {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Name, [bool]$Allowed)
    if (-not (Test-Iis -Id $Id -Kind 'iis_extension' -Desired ([string]$Allowed))) { return }
    $state = Get-HlIisExtension -Name $Name -Allowed $Allowed
    if (-not $state.Applicable) {
        Add-Result -Id $Id -Kind 'iis_extension' -Current $state.Current -Desired ([string]$Allowed) -Skipped ('not applicable: ' + $state.Why)
        return
    }
    $inPlace = @($state.Wrong).Length -eq 0
    Add-Result -Id $Id -Kind 'iis_extension' -Current $state.Current -Desired ([string]$Allowed) -InPlace $inPlace
    if ($inPlace -or -not (Confirm-Change -Id $Id -Target $Name -What ('set allowed to ' + $Allowed))) { return }
    Add-Prior -Id $Id -Kind 'iis_config' -Data @{ name = $Name }
    Set-HlIisExtensionState -Name $Name -Allowed $Allowed -Wrong $state.Wrong
}

function Remove-HlVirtualDirectory {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Name)
    if (-not (Test-Iis -Id $Id -Kind 'iis_virtual_directory' -Desired 'absent')) { return }
    $dir = Get-WebVirtualDirectory -Site 'Default Web Site' -Name $Name -ErrorAction SilentlyContinue
    Add-Result -Id $Id -Kind 'iis_virtual_directory' -Current ([string][bool]$dir) -Desired 'absent' -InPlace (-not $dir)
    if (-not $dir -or -not (Confirm-Change -Id $Id -Target $Name -What 'remove virtual directory')) { return }
    Add-Prior -Id $Id -Kind 'iis_config' -Data @{ name = $Name }
    Remove-WebVirtualDirectory -Site 'Default Web Site' -Application '/' -Name $Name
}

function Set-HlIisSsl {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Site, [string]$Flags)
    if (-not (Test-Iis -Id $Id -Kind 'iis_ssl' -Desired $Flags)) { return }
    $filter = 'system.webServer/security/access'
    $current = [string](Get-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location $Site -Filter $filter -Name 'sslFlags')
    $inPlace = $current -eq $Flags
    Add-Result -Id $Id -Kind 'iis_ssl' -Current $current -Desired $Flags -InPlace $inPlace
    if ($inPlace -or -not (Confirm-Change -Id $Id -Target $Site -What ('require ' + $Flags))) { return }
    Add-Prior -Id $Id -Kind 'iis_config' -Data @{ site = $Site; flags = $current }
    Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location $Site -Filter $filter -Name 'sslFlags' -Value $Flags
}

function Set-HlAnonymousWriteDenied {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Path)
    if (-not (Test-Path -LiteralPath $Path)) {
        Add-Result -Id $Id -Kind 'iis_anonymous_write' -Current 'path absent' -Desired 'denied' -Skipped ('not applicable: {0} does not exist' -f $Path)
        return
    }
    # S-1-5-17 is IUSR, the anonymous IIS user, on every language.
    $iusr = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList 'S-1-5-17'
    $deny = @((Get-Acl -LiteralPath $Path).Access | Where-Object {
            $_.AccessControlType -eq 'Deny' -and ($_.FileSystemRights -band [System.Security.AccessControl.FileSystemRights]::Write) -and
            $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]) -eq $iusr })
    Add-Result -Id $Id -Kind 'iis_anonymous_write' -Current ([string]($deny.Length -gt 0)) -Desired 'denied' -InPlace ($deny.Length -gt 0)
    if ($deny.Length -gt 0 -or -not (Confirm-Change -Id $Id -Target $Path -What 'deny anonymous write')) { return }
    $saved = Join-Path -Path $LogDir -ChildPath ('acl-' + $Id + '.txt')
    Invoke-Native -FilePath 'icacls.exe' -ArgumentList @($Path, '/save', $saved, '/t') | Out-Null
    Add-Prior -Id $Id -Kind 'acl' -Data @{ path = $Path; saved = $saved }
    Invoke-Native -FilePath 'icacls.exe' -ArgumentList @($Path, '/deny', '*S-1-5-17:(OI)(CI)W') | Out-Null
}

function Get-SecurityPolicy {
    $file = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('hardline-secpol-' + [guid]::NewGuid().ToString() + '.inf')
    Invoke-Native -FilePath 'secedit.exe' -ArgumentList @('/export', '/cfg', $file, '/areas', 'SECURITYPOLICY', '/quiet') | Out-Null
    $policy = @{}
    foreach ($line in Get-Content -LiteralPath $file) {
        if ($line -match '^\s*(\w+)\s*=\s*(-?\d+)\s*$') { $policy[$Matches[1]] = $Matches[2] }
    }
    Remove-Item -LiteralPath $file -WhatIf:$false
    return $policy
}

function Set-HlAccountPolicy {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [hashtable]$Settings)
    $policy = Get-SecurityPolicy
    $differs = @($Settings.Keys | Where-Object { -not $policy.ContainsKey($_) -or $policy[$_] -ne [string]$Settings[$_] } | Sort-Object)
    $current = @($Settings.Keys | Sort-Object | ForEach-Object { '{0}={1}' -f $_, $policy[$_] }) -join ' '
    $desired = @($Settings.Keys | Sort-Object | ForEach-Object { '{0}={1}' -f $_, $Settings[$_] }) -join ' '
    Add-Result -Id $Id -Kind 'account_policy' -Current $current -Desired $desired -InPlace ($differs.Length -eq 0)
    if ($differs.Length -eq 0 -or -not (Confirm-Change -Id $Id -Target 'local security policy' -What 'set account policy')) { return }
    $previous = @{}
    foreach ($k in $Settings.Keys) { $previous[$k] = $policy[$k] }
    Add-Prior -Id $Id -Kind 'account_policy' -Data @{ settings = $previous }
    $inf = Join-Path -Path $LogDir -ChildPath ('account-policy-' + $Id + '.inf')
    $lines = @('[Unicode]', 'Unicode=yes', '[Version]', 'signature="$CHICAGO$"', 'Revision=1', '[System Access]')
    $lines += @($Settings.Keys | Sort-Object | ForEach-Object { '{0} = {1}' -f $_, $Settings[$_] })
    Set-Content -LiteralPath $inf -Value $lines -Encoding Unicode -WhatIf:$false
    $db = Join-Path -Path $LogDir -ChildPath ('account-policy-' + $Id + '.sdb')
    Invoke-Native -FilePath 'secedit.exe' -ArgumentList @('/configure', '/db', $db, '/cfg', $inf, '/areas', 'SECURITYPOLICY', '/quiet') | Out-Null
}

function Get-LocalAccountByRid {
    param([int]$Rid)
    $all = @(Get-CimInstance -ClassName Win32_UserAccount -Filter 'LocalAccount=TRUE')
    return @($all | Where-Object { $_.SID -like ('*-' + $Rid) }) | Select-Object -First 1
}

function Set-HlLocalAccount {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [int]$Rid, [string]$NewName, [switch]$Disable)
    $account = Get-LocalAccountByRid -Rid $Rid
    if (-not $account) {
        Add-Result -Id $Id -Kind 'local_account' -Current 'absent' -Desired 'changed' -Skipped ('no local account with RID {0}' -f $Rid)
        return
    }
    if ($Disable) {
        Add-Result -Id $Id -Kind 'local_account' -Current ('disabled=' + $account.Disabled) -Desired 'disabled=True' -InPlace ([bool]$account.Disabled)
        if ($account.Disabled -or -not (Confirm-Change -Id $Id -Target ('RID ' + $Rid) -What 'disable account')) { return }
        Add-Prior -Id $Id -Kind 'local_account' -Data @{ rid = $Rid; name = $account.Name; disabled = [bool]$account.Disabled }
        Set-CimInstance -InputObject $account -Property @{ Disabled = $true }
        return
    }
    Add-Result -Id $Id -Kind 'local_account' -Current $account.Name -Desired $NewName -InPlace ($account.Name -eq $NewName)
    if ($account.Name -eq $NewName -or -not (Confirm-Change -Id $Id -Target ('RID ' + $Rid) -What ('rename to ' + $NewName))) { return }
    Add-Prior -Id $Id -Kind 'local_account' -Data @{ rid = $Rid; name = $account.Name; disabled = [bool]$account.Disabled }
    $result = Invoke-CimMethod -InputObject $account -MethodName Rename -Arguments @{ Name = $NewName }
    if ($result.ReturnValue -ne 0) { throw ('renaming RID {0} failed with code {1}' -f $Rid, $result.ReturnValue) }
}

function Set-HlNetBios {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [uint32]$Option)
    $adapters = @(Get-CimInstance -ClassName Win32_NetworkAdapterConfiguration -Filter 'IPEnabled=TRUE')
    $wrong = @($adapters | Where-Object { $_.TcpipNetbiosOptions -ne $Option })
    $current = @($adapters | ForEach-Object { '{0}={1}' -f $_.Index, $_.TcpipNetbiosOptions }) -join ' '
    Add-Result -Id $Id -Kind 'netbios' -Current $current -Desired ([string]$Option) -InPlace ($wrong.Length -eq 0)
    if ($wrong.Length -eq 0 -or -not (Confirm-Change -Id $Id -Target 'IP-enabled adapters' -What ('set NetBIOS option ' + $Option))) { return }
    Add-Prior -Id $Id -Kind 'netbios' -Data @{ adapters = @($wrong | ForEach-Object { @{ setting_id = $_.SettingID; option = [uint32]$_.TcpipNetbiosOptions } }) }
    foreach ($a in $wrong) {
        $r = Invoke-CimMethod -InputObject $a -MethodName SetTcpipNetbios -Arguments @{ TcpipNetbiosOptions = $Option }
        if ($r.ReturnValue -gt 1) { throw ('SetTcpipNetbios on adapter {0} returned {1}' -f $a.Index, $r.ReturnValue) }
    }
}

function Invoke-HlSqlcmd {
    # A statement run with sqlcmd against -SqlInstance (the plan's SQL Server): its output lines.
    param([string]$Statement, [string]$File)
    if (-not (Get-Command -Name 'sqlcmd.exe' -ErrorAction SilentlyContinue)) {
        throw ('sqlcmd.exe is not on this server: install the SQL Server command-line utilities, or run this against {0} by hand: {1}' -f $SqlInstance, $Statement)
    }
    Set-Content -LiteralPath $File -Value $Statement -Encoding Unicode -WhatIf:$false
    return @(Invoke-Native -FilePath 'sqlcmd.exe' -ArgumentList @('-S', $SqlInstance, '-E', '-b', '-h', '-1', '-W', '-i', $File) | ForEach-Object { ([string]$_).Trim() } | Where-Object { $_ })
}

function Invoke-HlSqlCheck {
    # A query whose rows are findings: run by -Audit too, shown and recorded, in place only
    # when it returns none.
    param([string]$Id, [string]$Description, [string]$Statement)
    $file = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('hardline-check-' + [guid]::NewGuid().ToString() + '.sql')
    try {
        $rows = @(Invoke-HlSqlcmd -Statement ("SET NOCOUNT ON;`r`n" + $Statement) -File $file)
    } finally {
        Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue -WhatIf:$false
    }
    Add-Result -Id $Id -Kind 'sql_check' -Current ('{0} rows on {1}' -f $rows.Length, $SqlInstance) -Desired $Description -InPlace ($rows.Length -eq 0) -Findings $rows
    if ($rows.Length -gt 0 -and -not $Audit) {
        Set-ResultState -Id $Id -State 'failed' -Detail ('{0}: found {1}' -f $Description, ($rows -join ', '))
    }
}

function Invoke-HlSql {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Description, [string]$Statement)
    # A marker under HKLM records each statement run, so a second run does not repeat it.
    $marker = 'HKLM:\SOFTWARE\hardline\' + $ProductId + '\sql'
    $hash = [BitConverter]::ToString([System.Security.Cryptography.SHA256]::Create().ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Statement))).Replace('-', '')
    $done = $false
    $mark = Get-RegistryValue -Path $marker -Name $Id
    if ($mark) { $done = [string]$mark.Value -eq $hash }
    Add-Result -Id $Id -Kind 'sql' -Current ('run before: {0}' -f $done) -Desired $Description -InPlace $done
    if ($done -or -not (Confirm-Change -Id $Id -Target $SqlInstance -What $Description)) { return }
    Add-Prior -Id $Id -Kind 'sql' -Data @{ instance = $SqlInstance }
    Invoke-HlSqlcmd -Statement $Statement -File (Join-Path -Path $LogDir -ChildPath ('sql-' + $Id + '.sql')) | Out-Null
    if (-not (Test-Path -LiteralPath $marker)) { New-Item -Path $marker -Force | Out-Null }
    New-ItemProperty -LiteralPath $marker -Name $Id -PropertyType String -Value $hash -Force | Out-Null
}

function Remove-HlWithBackup {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$Id, [string]$Path)
    $exists = Test-Path -LiteralPath $Path
    Add-Result -Id $Id -Kind 'delete_with_backup' -Current ([string]$exists) -Desired 'absent' -InPlace (-not $exists)
    if (-not $exists -or -not (Confirm-Change -Id $Id -Target $Path -What 'back up and delete')) { return }
    $copy = Join-Path -Path $LogDir -ChildPath ('files\' + $Id)
    New-Item -ItemType Directory -Path $copy -Force -WhatIf:$false | Out-Null
    # An error in the copy ends the operation here: nothing is deleted without its copy.
    Copy-Item -LiteralPath $Path -Destination $copy -Recurse -Force -WhatIf:$false
    $leaf = Join-Path -Path $copy -ChildPath (Split-Path -Path $Path -Leaf)
    if (-not (Test-Path -LiteralPath $leaf)) { throw ('the copy {0} is missing: {1} was not deleted' -f $leaf, $Path) }
    Add-Prior -Id $Id -Kind 'file' -Data @{ path = $Path; copy = $leaf }
    Remove-Item -LiteralPath $Path -Recurse -Force
}

function Add-ManualStep {
    param([string]$Id, [string]$Text)
    Add-Result -Id $Id -Kind 'manual' -Current 'unknown' -Desired $Text -Manual
    if (-not $Audit) { Write-Host ('[{0}] by hand: {1}' -f $Id, $Text) }
}

function Save-Backup {
    # The prior state, before any change: firewall policy, audit policy, security policy,
    # the registry keys the plan touches, the start types of its services.
    param([string[]]$RegistryKeys, [string[]]$Services, [switch]$Iis)
    Invoke-Native -FilePath 'netsh.exe' -ArgumentList @('advfirewall', 'export', (Join-Path -Path $LogDir -ChildPath 'firewall.wfw')) | Out-Null
    Invoke-Native -FilePath 'auditpol.exe' -ArgumentList @('/backup', ('/file:' + (Join-Path -Path $LogDir -ChildPath 'audit.csv'))) | Out-Null
    Invoke-Native -FilePath 'secedit.exe' -ArgumentList @('/export', '/cfg', (Join-Path -Path $LogDir -ChildPath 'security-policy.inf'), '/areas', 'SECURITYPOLICY', '/quiet') | Out-Null
    $n = 0
    foreach ($k in $RegistryKeys) {
        $n++
        if (Test-Path -LiteralPath ('HKLM:\' + $k)) {
            Invoke-Native -FilePath 'reg.exe' -ArgumentList @('export', ('HKLM\' + $k), (Join-Path -Path $LogDir -ChildPath ('registry-' + $n + '.reg')), '/y') | Out-Null
        }
    }
    $starts = @($Services | ForEach-Object { [pscustomobject]@{ name = $_; start = (Get-ServiceStart -Name $_) } })
    ConvertTo-Json -InputObject $starts | Set-Content -LiteralPath (Join-Path -Path $LogDir -ChildPath 'services.json') -Encoding UTF8 -WhatIf:$false
    if ($Iis -and (Get-Service -Name 'W3SVC' -ErrorAction SilentlyContinue) -and (Get-Module -ListAvailable -Name 'WebAdministration')) {
        Import-Module -Name 'WebAdministration'
        Backup-WebConfiguration -Name ('hardline-' + $Stamp) | Out-Null
        Set-Content -LiteralPath (Join-Path -Path $LogDir -ChildPath 'iis-backup.txt') -Value ('hardline-' + $Stamp) -WhatIf:$false
    }
}


# IIS 7+ "extensions", shared by harden.ps1 and the playbook. WebDAV is a module of its own
# (system.webServer/webdav/authoring, present only with the role service WebDAV Publishing); the
# others are ISAPI/CGI restriction entries, found by their description.
function Get-HlIisReason {
    # '' when IIS settings can be read here; why not when IIS is not installed (not applicable).
    # IIS without its PowerShell module is an error: the settings cannot be checked at all.
    if (-not (Get-Service -Name 'W3SVC' -ErrorAction SilentlyContinue)) { return 'IIS is not installed (no W3SVC service)' }
    if (-not (Get-Module -ListAvailable -Name 'WebAdministration')) {
        throw 'IIS is installed, but not its PowerShell module WebAdministration: add the role service IIS Management Scripts and Tools (Web-Scripting-Tools), then run again'
    }
    Import-Module -Name 'WebAdministration'
    return ''
}

function Get-HlIisExtension {
    # What is set for an extension now, and the entries that differ from -Allowed.
    param([string]$Name, [bool]$Allowed)
    if ($Name -eq 'WebDAV') {
        if (-not (Get-WebGlobalModule -Name 'WebDAVModule' -ErrorAction SilentlyContinue)) {
            return [pscustomobject]@{ Applicable = $false; Why = 'WebDAV Publishing is not installed (no WebDAVModule, no webdav/authoring section)'; Current = 'not installed'; Wrong = @() }
        }
        $current = [string](Get-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter 'system.webServer/webdav/authoring' -Name 'enabled').Value
        $wrong = @()
        if ($current -ne [string]$Allowed) { $wrong = @('system.webServer/webdav/authoring') }
        return [pscustomobject]@{ Applicable = $true; Why = ''; Current = $current; Wrong = $wrong }
    }
    $filter = 'system.webServer/security/isapiCgiRestriction/add'
    $entries = @(Get-WebConfiguration -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter $filter | Where-Object { $_.description -eq $Name })
    $current = 'not listed'
    if ($entries.Length -gt 0) { $current = [string]$entries[0].allowed }
    $wrong = @($entries | Where-Object { [bool]$_.allowed -ne $Allowed } | ForEach-Object { [string]$_.path })
    return [pscustomobject]@{ Applicable = $true; Why = ''; Current = $current; Wrong = $wrong }
}

function Set-HlIisExtensionState {
    param([string]$Name, [bool]$Allowed, [string[]]$Wrong)
    if ($Name -eq 'WebDAV') {
        Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter 'system.webServer/webdav/authoring' -Name 'enabled' -Value $Allowed
        return
    }
    foreach ($path in @($Wrong)) {
        Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter ("system.webServer/security/isapiCgiRestriction/add[@path='{0}']" -f $path.Replace("'", "''")) -Name 'allowed' -Value $Allowed
    }
}

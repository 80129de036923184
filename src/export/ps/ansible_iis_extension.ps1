[CmdletBinding(SupportsShouldProcess)]
param([string]$Name, [bool]$Allowed)
Import-Module -Name WebAdministration
$filter = 'system.webServer/security/isapiCgiRestriction/add'
$wrong = @(Get-WebConfiguration -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter $filter | Where-Object { $_.description -eq $Name -and [bool]$_.allowed -ne $Allowed })
foreach ($e in $wrong) {
    $Ansible.Changed = $true
    if ($PSCmdlet.ShouldProcess($Name, 'set allowed')) {
        Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter ("{0}[@path='{1}']" -f $filter, $e.path.Replace("'", "''")) -Name 'allowed' -Value $Allowed
    }
}

[CmdletBinding(SupportsShouldProcess)]
param([string]$Site, [string]$Flags)
Import-Module -Name WebAdministration
$filter = 'system.webServer/security/access'
$current = [string](Get-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location $Site -Filter $filter -Name 'sslFlags')
if ($current -ne $Flags) {
    $Ansible.Changed = $true
    if ($PSCmdlet.ShouldProcess($Site, 'require SSL')) {
        Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location $Site -Filter $filter -Name 'sslFlags' -Value $Flags
    }
}

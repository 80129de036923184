[CmdletBinding(SupportsShouldProcess)]
param([string]$Site, [string]$Flags)
$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false
# (shared helpers)
$filter = 'system.webServer/security/access'
$current = [string](Get-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location $Site -Filter $filter -Name 'sslFlags')
if ($current -ne $Flags) {
    $Ansible.Changed = $true
    if ($PSCmdlet.ShouldProcess($Site, 'require SSL')) {
        Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location $Site -Filter $filter -Name 'sslFlags' -Value $Flags
    }
}

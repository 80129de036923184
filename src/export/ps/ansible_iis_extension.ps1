[CmdletBinding(SupportsShouldProcess)]
param([string]$Name, [bool]$Allowed)
$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false
# (shared helpers)
$why = Get-HlIisReason
$state = $null
if (-not $why) {
    $state = Get-HlIisExtension -Name $Name -Allowed $Allowed
    if (-not $state.Applicable) { $why = $state.Why }
}
if ($why) {
    $Ansible.Result = @{ state = 'not applicable'; why = $why }
} elseif (@($state.Wrong).Length -gt 0) {
    $Ansible.Changed = $true
    if ($PSCmdlet.ShouldProcess($Name, 'set allowed')) { Set-HlIisExtensionState -Name $Name -Allowed $Allowed -Wrong $state.Wrong }
}

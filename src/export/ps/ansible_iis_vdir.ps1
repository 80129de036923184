[CmdletBinding(SupportsShouldProcess)]
param([string]$Name)
$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false
# (shared helpers)
# As harden.ps1: Remove-WebVirtualDirectory takes the directory out of the configuration. The
# module microsoft.iis.virtual_directory is documented to delete it "and all its contents
# recursively", with no copy.
if (Get-WebVirtualDirectory -Site 'Default Web Site' -Name $Name -ErrorAction SilentlyContinue) {
    $Ansible.Changed = $true
    if ($PSCmdlet.ShouldProcess($Name, 'remove virtual directory')) {
        Remove-WebVirtualDirectory -Site 'Default Web Site' -Application '/' -Name $Name
    }
}

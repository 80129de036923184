[CmdletBinding()]
param([int[]]$Ports, [object[]]$Access, [switch]$Rdp, [switch]$BuiltinAdministrator)
$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false
# (shared helpers)
# The lock-out guard on the server, right before the change: who is connected, and would they
# stay inside the plan's access? (The play itself comes over WinRM, not these ports.)
$cut = @()
foreach ($port in @($Ports | Where-Object { $_ })) {
    $allowed = @($Access | Where-Object { $_.Protocol -eq 'TCP' -and $_.From -le $port -and $_.To -ge $port } | ForEach-Object { $_.Allowed })
    if ($Rdp) { $allowed = @() }
    if ($allowed -contains 'Any') { continue }
    $clients = @(Get-NetTCPConnection -LocalPort $port -State Established -ErrorAction SilentlyContinue | ForEach-Object { [string]$_.RemoteAddress } | Sort-Object -Unique)
    $cut += @($clients | Where-Object { $_ -ne '127.0.0.1' -and $_ -ne '::1' -and -not (Test-HlAddressIn -Address $_ -Allowed $allowed) } | ForEach-Object { '{0} on port {1}' -f $_, $port })
}
if ($BuiltinAdministrator -and [Security.Principal.WindowsIdentity]::GetCurrent().User.Value -like '*-500') {
    # Renaming the built-in Administrator while the play logs on as it fails every later logon.
    $cut += 'the play logs on as the built-in Administrator (RID 500)'
}
$Ansible.Result = @{ clear = ($cut.Length -eq 0); cut = $cut }

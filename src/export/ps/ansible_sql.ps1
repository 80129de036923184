[CmdletBinding(SupportsShouldProcess)]
param([string]$Id, [string]$Product, [string]$Statement, [string]$Instance, [switch]$Check)
$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false
if (-not (Get-Command -Name 'sqlcmd.exe' -ErrorAction SilentlyContinue)) {
    throw ('sqlcmd.exe is not on this server: install the SQL Server command-line utilities, or run this against {0} by hand: {1}' -f $Instance, $Statement)
}
$file = Join-Path -Path $Ansible.Tmpdir -ChildPath 'statement.sql'
if ($Check) {
    # A query whose rows are findings: it changes nothing, so it runs in check mode too.
    Set-Content -LiteralPath $file -Value ("SET NOCOUNT ON;`r`n" + $Statement) -Encoding Unicode
    $rows = @(& sqlcmd.exe -S $Instance -E -b -h -1 -W -i $file | ForEach-Object { ([string]$_).Trim() } | Where-Object { $_ })
    if ($LASTEXITCODE -ne 0) { throw ('sqlcmd failed with exit code {0}: {1}' -f $LASTEXITCODE, ($rows -join ' ')) }
    $Ansible.Result = @{ findings = $rows }
    if ($rows.Length -gt 0) { throw ('{0} found: {1}' -f $Id, ($rows -join ', ')) }
    return
}
# The same marker as harden.ps1: the statement's hash under the product, so a changed statement runs again.
$marker = 'HKLM:\SOFTWARE\hardline\' + $Product + '\sql'
$hash = [BitConverter]::ToString([System.Security.Cryptography.SHA256]::Create().ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Statement))).Replace('-', '')
$done = Get-ItemProperty -LiteralPath $marker -Name $Id -ErrorAction SilentlyContinue
if ($done -and [string]$done.$Id -eq $hash) { return }
$Ansible.Changed = $true
if ($PSCmdlet.ShouldProcess($Instance, $Id)) {
    Set-Content -LiteralPath $file -Value $Statement -Encoding Unicode
    & sqlcmd.exe -S $Instance -E -b -i $file
    if ($LASTEXITCODE -ne 0) { throw ('sqlcmd failed with exit code {0}' -f $LASTEXITCODE) }
    if (-not (Test-Path -LiteralPath $marker)) { New-Item -Path $marker -Force | Out-Null }
    New-ItemProperty -LiteralPath $marker -Name $Id -PropertyType String -Value $hash -Force | Out-Null
}

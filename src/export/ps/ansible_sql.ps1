[CmdletBinding(SupportsShouldProcess)]
param([string]$Id, [string]$Statement, [string]$Instance = '.')
$marker = 'HKLM:\SOFTWARE\hardline\sql'
$done = Get-ItemProperty -LiteralPath $marker -Name $Id -ErrorAction SilentlyContinue
if ($done) { return }
$Ansible.Changed = $true
if ($PSCmdlet.ShouldProcess($Instance, $Id)) {
    $file = [System.IO.Path]::GetTempFileName()
    Set-Content -LiteralPath $file -Value $Statement -Encoding Unicode
    & sqlcmd.exe -S $Instance -E -b -i $file
    if ($LASTEXITCODE -ne 0) { throw ('sqlcmd failed with exit code {0}' -f $LASTEXITCODE) }
    Remove-Item -LiteralPath $file
    if (-not (Test-Path -LiteralPath $marker)) { New-Item -Path $marker -Force | Out-Null }
    New-ItemProperty -LiteralPath $marker -Name $Id -PropertyType String -Value 'done' -Force | Out-Null
}

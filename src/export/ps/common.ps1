Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

# Checked before anything is touched: what this server lacks, and what to install or use instead.
$principal = New-Object -TypeName Security.Principal.WindowsPrincipal -ArgumentList ([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Write-Error -Message 'This script must run in an elevated PowerShell (Run as administrator). Nothing was changed.' -ErrorAction Continue
    exit 2
}
if (-not (Get-Command -Name 'Get-NetFirewallRule' -ErrorAction SilentlyContinue)) {
    Write-Error -Message 'This server has no NetSecurity module (Windows Server 2012 or later has it): on Windows Server 2008 or 2003 use legacy.cmd. Nothing was changed.' -ErrorAction Continue
    exit 2
}

function Invoke-Native {
    # Native programs ignore $ErrorActionPreference: check the exit code of each.
    param([string]$FilePath, [string[]]$ArgumentList)
    # With 'Stop', Windows PowerShell turns any stderr line of a native program into a terminating
    # error; the exit code is the test here.
    $ErrorActionPreference = 'Continue'
    $output = & $FilePath @ArgumentList 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw ('{0} {1} failed with exit code {2}: {3}' -f $FilePath, ($ArgumentList -join ' '), $LASTEXITCODE, ($output -join ' '))
    }
    return $output
}

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$principal = New-Object -TypeName Security.Principal.WindowsPrincipal -ArgumentList ([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'This script must run in an elevated PowerShell (Run as administrator).'
}

function Invoke-Native {
    # Native programs ignore $ErrorActionPreference: check the exit code of each.
    param([string]$FilePath, [string[]]$ArgumentList)
    # With 'Stop', PowerShell 5.1 turns any stderr line of a native program into a terminating
    # error; the exit code is the test here.
    $ErrorActionPreference = 'Continue'
    $output = & $FilePath @ArgumentList 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw ('{0} {1} failed with exit code {2}: {3}' -f $FilePath, ($ArgumentList -join ' '), $LASTEXITCODE, ($output -join ' '))
    }
    return $output
}


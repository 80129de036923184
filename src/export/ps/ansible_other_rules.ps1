[CmdletBinding(SupportsShouldProcess)]
param([string]$Id, [string]$Protocol, [string[]]$Ports, [string]$Program, [object[]]$Access, [object[]]$ProgramAccess, [string[]]$PlanRules, [string]$Record)
$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false
# (shared helpers)
$all = @(Get-HlOverlap -Protocol $Protocol -Ports $Ports -Program $Program -Access $Access -ProgramAccess $ProgramAccess -Exclude $PlanRules)
$over = @($all | Where-Object { -not $_.Within })
$Ansible.Result = @{ findings = @($all | ForEach-Object { Format-HlOverlap -Overlap $_ }) }
$local = @($over | Where-Object { $_.Rule.Source -eq 'Local' })
$policy = @($over | Where-Object { $_.Rule.Source -ne 'Local' })
if ($local.Length -gt 0) {
    $Ansible.Changed = $true
    if ($PSCmdlet.ShouldProcess($Id, 'limit or disable the other allow rules')) {
        # The state before the first change is kept: a second run does not overwrite it.
        if (-not (Test-Path -LiteralPath $Record)) {
            New-Item -ItemType Directory -Path (Split-Path -Path $Record -Parent) -Force | Out-Null
            $prior = @($local | ForEach-Object { @{ name = $_.Rule.Name; display = $_.Rule.DisplayName; remote = @($_.Rule.RemoteAddress); disabled = (@($_.Shared).Length -eq 0) } })
            ConvertTo-Json -InputObject $prior -Depth 4 | Set-Content -LiteralPath $Record -Encoding UTF8
        }
        foreach ($o in $local) {
            if (@($o.Shared).Length -eq 0) { Disable-NetFirewallRule -Name $o.Rule.Name }
            else { Set-NetFirewallRule -Name $o.Rule.Name -RemoteAddress @($o.Shared) }
        }
    }
}
if ($policy.Length -gt 0) {
    throw ('{0} rules set by Group Policy admit more than the plan and cannot be changed here: change them in the policy: {1}' -f $policy.Length, (@($policy | ForEach-Object { $_.Rule.DisplayName }) -join '; '))
}

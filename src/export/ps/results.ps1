
# What the run did, per operation: one failure never ends the run. Each operation runs in
# Invoke-HlOperation; what it finds and does is collected here, printed as a summary, and written
# as result.json next to the transcript (hardline import-result reads it back).
$script:Results = New-Object -TypeName System.Collections.Generic.List[object]

function Add-Result {
    # One finding of an operation: what is there, what the plan wants, whether it is in place;
    # -Skipped says why it is not carried out, -Findings what a check found, -Manual that it is
    # the installer's to do.
    param([string]$Id, [string]$Kind, [string]$Current, [string]$Desired, [bool]$InPlace, [string]$Skipped, [string[]]$Findings = @(), [switch]$Manual)
    $state = 'pending'
    if ($Manual) { $state = 'manual' } elseif ($Skipped) { $state = 'skipped' } elseif ($InPlace) { $state = 'in_place' } elseif ($Audit) { $state = 'differs' }
    $script:Results.Add([pscustomobject]@{ id = $Id; kind = $Kind; current = $Current; desired = $Desired; state = $state; detail = $Skipped; findings = @($Findings) })
    switch ($state) {
        'skipped' { Write-Host ('[{0}] skipped: {1}' -f $Id, $Skipped) }
        'in_place' { Write-Host ('[{0}] already in place: {1}' -f $Id, $Desired) }
        'differs' { Write-Host ('[{0}] differs: now {1}, plan {2}' -f $Id, $Current, $Desired) }
    }
    foreach ($f in @($Findings)) { Write-Host ('[{0}]   {1}' -f $Id, $f) }
}

function Set-ResultState {
    # The latest open finding of an operation gets its outcome (applied, failed, manual).
    param([string]$Id, [string]$State, [string]$Detail)
    for ($i = $script:Results.Count - 1; $i -ge 0; $i--) {
        $r = $script:Results[$i]
        if ($r.id -eq $Id -and ($r.state -eq 'pending' -or $r.state -eq $State)) {
            $r.state = $State
            if ($Detail) { $r.detail = $Detail }
            return
        }
    }
    $script:Results.Add([pscustomobject]@{ id = $Id; kind = 'run'; current = ''; desired = ''; state = $State; detail = $Detail; findings = @() })
}

function Confirm-Change {
    param([string]$Id, [string]$Target, [string]$What)
    if ($Audit) { return $false }
    # $PSCmdlet is the calling helper's: each has SupportsShouldProcess, so -WhatIf reaches here.
    if ($PSCmdlet.ShouldProcess($Target, $What)) {
        Write-Host ('[{0}] {1}: {2}' -f $Id, $What, $Target)
        Set-ResultState -Id $Id -State 'applied'
        return $true
    }
    return $false
}

function Invoke-HlOperation {
    # Runs one operation; an error is recorded as its failure and the run goes on.
    param([string]$Id, [scriptblock]$Body)
    try {
        & $Body
    } catch {
        $message = $_.Exception.Message
        Set-ResultState -Id $Id -State 'failed' -Detail $message
        Write-Warning ('[{0}] failed: {1}' -f $Id, $message)
    }
}

function Get-HlOperationResult {
    # One entry per operation: its worst outcome, the details and findings of all its parts.
    $order = @('failed', 'differs', 'skipped', 'pending', 'applied', 'in_place', 'manual')
    $ids = @($script:Results | ForEach-Object { $_.id } | Select-Object -Unique)
    foreach ($id in $ids) {
        $parts = @($script:Results | Where-Object { $_.id -eq $id })
        $states = @($parts | ForEach-Object { $_.state })
        $state = @($order | Where-Object { $states -contains $_ })[0]
        $detail = @($parts | Where-Object { $_.state -eq $state -and $_.detail } | ForEach-Object { $_.detail }) -join '; '
        if ($state -eq 'pending') {
            # A change that -WhatIf or a "no" at -Confirm held back.
            $state = 'skipped'
            $detail = 'not confirmed: nothing changed'
        }
        $digest = ''
        if ($Digests.ContainsKey($id)) { $digest = $Digests[$id] }
        [pscustomobject]@{
            id = $id; digest = $digest; state = $state; detail = $detail; in_place = ($state -eq 'in_place')
            findings = @($parts | ForEach-Object { $_.findings } | Where-Object { $_ })
            parts = @($parts | ForEach-Object { [pscustomobject]@{ kind = $_.kind; current = $_.current; desired = $_.desired; state = $_.state; detail = $_.detail } })
        }
    }
}

function Write-HlSummary {
    # The counts, then every failure and skip with its reason; returns the counts.
    param([object[]]$Operations, [string]$AppliedLabel)
    $count = [ordered]@{ applied = 0; in_place = 0; failed = 0; skipped = 0; differs = 0; manual = 0 }
    foreach ($o in @($Operations)) { $count[$o.state] = $count[$o.state] + 1 }
    Write-Host ''
    Write-Host ('Summary: {0} {1}, {2} already in place, {3} failed, {4} skipped, {5} differ, {6} by hand' -f $count.applied, $AppliedLabel, $count.in_place, $count.failed, $count.skipped, $count.differs, $count.manual)
    foreach ($o in @($Operations | Where-Object { $_.state -eq 'failed' })) { Write-Warning ('failed   [{0}] {1}' -f $o.id, $o.detail) }
    foreach ($o in @($Operations | Where-Object { $_.state -eq 'skipped' })) { Write-Host ('skipped  [{0}] {1}' -f $o.id, $o.detail) }
    return $count
}

function Save-HlResult {
    param([string]$Path, [string]$Script, [string]$Mode, [string]$Started, [object[]]$Operations, [object]$Count)
    $identity = [Security.Principal.WindowsIdentity]::GetCurrent().Name
    $report = [pscustomobject]@{
        format = 1; script = $Script; mode = $Mode; product = $ProductId; fingerprint = $Fingerprint
        host = $env:COMPUTERNAME; user = $identity; started = $Started; finished = (Get-Date).ToString('o')
        summary = $Count; operations = @($Operations)
    }
    ConvertTo-Json -InputObject $report -Depth 6 | Set-Content -LiteralPath $Path -Encoding UTF8 -WhatIf:$false
    Write-Host ('Result written to {0}' -f $Path)
}

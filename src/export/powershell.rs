//! harden.ps1: Windows Server 2012 R2 and later (Windows PowerShell 4.0 or later, the NetSecurity
//! module). Audit (-Audit), dry run (-WhatIf), backup before any change, idempotent, the lock-out
//! guard at run time, one failure never ends the run, and a result file that `hardline
//! import-result` reads back. The helpers are PowerShell in `ps/`; this module writes one call per
//! operation ([`super::ps_ops`]) and the plan's tables, every value through [`quote`].
//!
//! Encoding: the file starts with a UTF-8 byte order mark (Windows PowerShell then reads it as
//! UTF-8) and every string is plain ASCII ([`ps_str`] writes other characters as `[char]`), so a
//! file that loses its mark still reads the same but for comments.

use super::ps_ops::{call, guard};
use super::quote::{comment, ps_array, ps_str};
use super::summary::summary;
use super::windows::{allowed_entries, plan_rule_names, rdp_values};
use crate::plan::{Action, Operation, Plan, RemoteScope};
use std::fmt::Write;

const COMMON: &str = include_str!("ps/common.ps1");
const RESULTS: &str = include_str!("ps/results.ps1");
const ACCESS: &str = include_str!("ps/effective_access.ps1");
const HELPERS: &str = include_str!("ps/harden_helpers.ps1");
const IIS: &str = include_str!("ps/iis_state.ps1");
/// IIS, account policy, accounts, NetBIOS, SQL, deletions, manual steps, the backup.
const HELPERS_WINDOWS: &str = include_str!("ps/harden_helpers_windows.ps1");

/// The oldest Windows PowerShell the scripts run on: 4.0, in-box on Windows Server 2012 R2
/// (tests/ps_versions.rs checks every cmdlet and parameter against it).
pub const PS_VERSION: &str = "4.0";

/// The byte order mark and comment block that open every generated PowerShell script.
pub(super) fn ps_header(plan: &Plan, title: &str) -> String {
    let mut out = String::from('\u{feff}');
    let _ = writeln!(
        out,
        "#Requires -Version {PS_VERSION}\n#Requires -RunAsAdministrator"
    );
    let lines = [
        title.to_string(),
        format!(
            "Needs Windows PowerShell {PS_VERSION} or later (in-box on Windows Server 2012 R2) and the NetSecurity module (Windows Server 2012 and later)."
        ),
        format!("Product: {} ({})", plan.product_name, plan.vendor),
        format!("Customer: {}", plan.site.customer),
        format!("Site: {}", plan.site.site),
        format!("Host: {} {}", plan.site.host, plan.site.address),
        format!("Installer: {}", plan.site.installer),
        format!("Generated: {}", plan.generated),
        format!("Plan fingerprint: {}", plan.fingerprint),
        format!("Session: {}", plan.session_id),
    ];
    for l in lines {
        let _ = writeln!(out, "# {}", comment(&l));
    }
    out
}

/// `$ProductId`, `$Fingerprint`, `$RuleGroup` and `$Digests` (each operation's digest, written
/// into the result file), shared by harden.ps1 and rollback.ps1.
pub(super) fn ps_constants(plan: &Plan) -> String {
    let digests: Vec<String> = plan
        .operations
        .iter()
        .map(|o| format!("{} = '{}'", ps_str(&o.id), o.digest()))
        .collect();
    format!(
        "$ProductId = {}\n$Fingerprint = {}\n$RuleGroup = {}\n$Digests = @{{ {} }}\n",
        ps_str(&plan.product),
        ps_str(&plan.fingerprint),
        ps_str(&plan.rule_group),
        digests.join("; ")
    )
}

/// An allowed list as PowerShell: `@('Any')`, `@('LocalSubnet','10.0.0.0/24')`, `@()` (closed).
fn allowed(scopes: &[RemoteScope]) -> String {
    format!("@({})", ps_array(&allowed_entries(scopes)))
}

/// The plan's effective access as `$Access` (port spans), `$ProgramAccess` and `$PlanRules` (our
/// own rules, which the search for other rules leaves out).
pub(super) fn access_tables(plan: &Plan) -> String {
    let mut out = String::from("$Access = @(\n");
    for s in &plan.effective_access.ports {
        let _ = writeln!(
            out,
            "    @{{ Protocol = '{}'; From = {}; To = {}; Allowed = {} }}",
            s.protocol.name(),
            s.from,
            s.to,
            allowed(&s.allowed)
        );
    }
    out.push_str(")\n$ProgramAccess = @(\n");
    for p in &plan.effective_access.programs {
        let _ = writeln!(
            out,
            "    @{{ Program = {}; Allowed = {} }}",
            ps_str(&p.program),
            allowed(&p.allowed)
        );
    }
    let ours = plan_rule_names(plan);
    let _ = writeln!(out, ")\n$PlanRules = @({})", ps_array(&ours));
    out
}

pub fn harden_ps1(plan: &Plan) -> String {
    let mut out = ps_header(
        plan,
        "hardline harden.ps1: applies the plan; -Audit only reports",
    );
    let _ = write!(
        out,
        "[CmdletBinding(SupportsShouldProcess = $true)]\n\
         param(\n    \
         # Change nothing; write each operation's current and desired state to -AuditFile.\n    \
         [switch]$Audit,\n    \
         [string]$AuditFile = (Join-Path -Path $PSScriptRoot -ChildPath 'audit-result.json'),\n    \
         # Apply operations that would shut out a connected RDP or SSH client.\n    \
         [switch]$Force,\n    \
         # Where the timestamped backup and log folders go.\n    \
         [string]$BackupRoot = $PSScriptRoot,\n    \
         # The SQL Server the SQL operations run against; the plan's: {}.\n    \
         [string]$SqlInstance = {}\n)\n",
        comment(&plan.sql_instance),
        ps_str(&plan.sql_instance)
    );
    out.push_str(&ps_constants(plan));
    out.push_str(&access_tables(plan));
    for part in [COMMON, RESULTS, ACCESS, HELPERS, IIS, HELPERS_WINDOWS] {
        out.push_str(part);
    }
    out.push_str("\ntry {\n");
    out.push_str(&backup_call(plan));
    out.push_str("    if ($BackupDone) {\n");
    for op in &plan.operations {
        out.push('\n');
        out.push_str(&operation(op, plan));
    }
    out.push_str("    }\n");
    out.push_str(FOOTER);
    out
}

const FOOTER: &str = r#"} finally {
    $operations = @(Get-HlOperationResult)
    $count = Write-HlSummary -Operations $operations -AppliedLabel 'applied'
    if ($WhatIfPreference) {
        Write-Host 'Dry run: nothing was changed.'
    } else {
        $mode = 'apply'
        if ($Audit) { $mode = 'audit' }
        $resultFile = Join-Path -Path $LogDir -ChildPath 'result.json'
        Save-HlResult -Path $resultFile -Script 'harden.ps1' -Mode $mode -Started $Started -Operations $operations -Count $count
        if ($Audit) {
            Copy-Item -LiteralPath $resultFile -Destination $AuditFile -Force -WhatIf:$false
            Write-Host ('Audit written to {0}; nothing was changed.' -f $AuditFile)
        } elseif ($count.applied -eq 0 -and $count.failed -eq 0) {
            Write-Host 'Nothing to change: the server already matches the plan.'
        } else {
            Write-Host ('Backup and log: {0}' -f $LogDir)
        }
        Stop-Transcript | Out-Null
    }
}
if ($count.failed -gt 0) { exit 1 }
"#;

/// The registry keys, services and IIS use of the plan, saved before anything changes; when the
/// backup fails, nothing is changed.
fn backup_call(plan: &Plan) -> String {
    let mut keys: Vec<String> = Vec::new();
    let mut services: Vec<String> = Vec::new();
    let mut iis = false;
    for op in &plan.operations {
        match &op.action {
            Action::Registry(r) => keys.push(r.key.clone()),
            Action::RemoteDesktop { .. } => keys.extend(
                rdp_values(true, true)
                    .into_iter()
                    .map(|(k, _, _)| k.to_string()),
            ),
            Action::Service(s) => services.push(s.name.clone()),
            Action::IisExtension { .. }
            | Action::IisRemoveVirtualDirectory { .. }
            | Action::IisRequireSsl { .. } => iis = true,
            _ => {}
        }
    }
    keys.sort();
    keys.dedup();
    services.sort();
    services.dedup();
    format!(
        "    $BackupDone = $true\n    if ($Applying) {{\n        try {{\n            Save-Backup -RegistryKeys @({}) -Services @({}){}\n        }} catch {{\n            $BackupDone = $false\n            Set-ResultState -Id 'backup' -State 'failed' -Detail ('the backup of the prior state failed, so nothing was changed: ' + $_.Exception.Message)\n            Write-Warning ('The backup failed, so nothing was changed: {{0}}' -f $_.Exception.Message)\n        }}\n    }}\n",
        ps_array(&keys),
        ps_array(&services),
        if iis { " -Iis" } else { "" }
    )
}

/// One operation: its comment block, then its calls in Invoke-HlOperation, behind the run-time
/// lock-out guard where the plan's access to a management port is limited.
fn operation(op: &Operation, plan: &Plan) -> String {
    let mut out = format!(
        "        # {} (item {}, step {}): {}\n        # Why: {}\n",
        comment(&op.id),
        comment(&op.item),
        comment(&op.step),
        comment(&summary(&op.action)),
        comment(&op.reason)
    );
    if !op.note.is_empty() {
        let _ = writeln!(out, "        # Installer's note: {}", comment(&op.note));
    }
    let body = call(op);
    if body.is_empty() {
        out.push_str(
            "        # Done on the gateway (gateway.nft): nothing to change on this server.\n",
        );
        return out;
    }
    let indent =
        |text: &str, by: &str| -> String { text.lines().map(|l| format!("{by}{l}\n")).collect() };
    let _ = writeln!(
        out,
        "        Invoke-HlOperation -Id {} -Body {{",
        ps_str(&op.id)
    );
    match guard(op, &plan.effective_access) {
        Some(condition) => {
            let _ = writeln!(out, "            if ({condition}) {{");
            out.push_str(&indent(&body, "                "));
            out.push_str("            }\n");
        }
        None => out.push_str(&indent(&body, "            ")),
    }
    out.push_str("        }\n");
    out
}

//! harden.ps1 and rollback.ps1: they parse; every operation runs on its own (one failure never
//! ends the run) and is recorded in the result file; every operation the plan flags as a lock-out
//! risk sits behind a run-time guard that refuses it without -Force; the effective-access model,
//! outbound remote ports, SQL checks and the plan's SQL Server are rendered as the plan says.

mod common;
mod tools;

use hardline::export::{Format, bundle, sample};
use hardline::plan::Plan;

fn scripts_of(plan: &Plan) -> (String, String) {
    let files = bundle(plan, &[Format::Ps1]);
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
            .expect("the script is in the bundle")
    };
    (get("harden.ps1"), get("rollback.ps1"))
}

fn script(name: &str) -> String {
    let (harden, rollback) = scripts_of(&sample::every_action("x"));
    if name == "harden.ps1" {
        harden
    } else {
        rollback
    }
}

/// The lines of the Invoke-HlOperation block of one operation.
fn block<'a>(text: &'a str, id: &str) -> Vec<&'a str> {
    let start = format!("Invoke-HlOperation -Id '{id}' -Body {{");
    text.lines()
        .skip_while(|l| l.trim() != start)
        .take_while(|l| l.trim() != "}" || !l.starts_with("        }"))
        .collect()
}

#[test]
fn every_action_parses() {
    for name in ["harden.ps1", "rollback.ps1"] {
        let problems = tools::ps_problems(&script(name));
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    }
}

#[test]
fn every_operation_runs_on_its_own_and_is_recorded() {
    let plan = sample::every_action("x");
    let text = script("harden.ps1");
    for op in &plan.operations {
        if matches!(op.action, hardline::plan::Action::PortForward(_)) {
            continue;
        }
        let lines = block(&text, &op.id);
        assert!(
            !lines.is_empty(),
            "{} is not in its own Invoke-HlOperation",
            op.id
        );
        // Its digest is in the table the result file takes it from.
        assert!(
            text.contains(&format!("'{}' = '{}'", op.id, op.digest())),
            "{}",
            op.id
        );
    }
    for needle in [
        "#Requires -Version 4.0",
        "#Requires -RunAsAdministrator",
        "[CmdletBinding(SupportsShouldProcess = $true)]",
        "[switch]$Audit",
        "audit-result.json",
        "Start-Transcript",
        "Save-Backup",
        "Save-HlResult -Path $resultFile -Script 'harden.ps1'",
        "if ($count.failed -gt 0) { exit 1 }",
        "the backup of the prior state failed, so nothing was changed",
        "Nothing to change: the server already matches the plan.",
    ] {
        assert!(text.contains(needle), "harden.ps1 lacks {needle}");
    }
    assert!(!text.contains("#Requires -Version 5"));
    // Before anything is touched: an elevated shell and the NetSecurity module, else exit 2.
    let admin = text.find("IsInRole").unwrap();
    let first_change = text.find("Save-Backup -RegistryKeys").unwrap();
    assert!(admin < first_change && text.contains("use legacy.cmd. Nothing was changed."));
}

#[test]
fn lockout_operations_are_guarded_at_run_time() {
    let plan = sample::every_action("x");
    assert!(plan.lockout.len() >= 3);
    let text = script("harden.ps1");
    for w in &plan.lockout {
        let lines = block(&text, &w.operation);
        let guard = lines.get(1).copied().unwrap_or("");
        assert!(
            guard.trim_start().starts_with("if (") && guard.contains("Guard -Id"),
            "no guard for {}: {guard}",
            w.operation
        );
    }
    assert!(text.contains("[switch]$Force"));
    // The guard judges the port on the plan's effective access ($Access), local subnet included.
    assert!(text.contains("if ((Test-PortGuard -Id 'item_1-1' -Port 3389)) {"));
    assert!(
        text.contains("@{ Protocol = 'TCP'; From = 3389; To = 3389; Allowed = @('10.0.0.0/24') }")
    );
    assert!(text.contains("Test-HlAddressIn -Address $_ -Allowed $allowed"));
    assert!(text.contains("if ($a -eq 'LocalSubnet') { $entries = @(Get-HlLocalSubnet) }"));
}

#[test]
fn effective_access_outbound_ports_and_checks_follow_the_plan() {
    let text = script("harden.ps1");
    // Inbound rules, programs and closed ports: the other allow rules keep only the plan's access.
    let rdp = block(&text, "item_1-1").join("\n");
    assert!(
        rdp.contains("-LocalPort @('3389') -Direction 'Inbound'"),
        "{rdp}"
    );
    assert!(rdp.contains("Limit-HlOtherRules -Id 'item_1-1' -Protocol 'TCP' -Ports @('3389')"));
    let program = block(&text, "item_3-1").join("\n");
    assert!(
        program.contains("Limit-HlOtherRules -Id 'item_3-1' -Program"),
        "{program}"
    );
    let closed = block(&text, "item_23-1").join("\n");
    assert!(closed.contains("Limit-HlOtherRules -Id 'item_23-1' -Protocol 'UDP' -Ports @('1434')"));
    assert!(text.contains("@{ Protocol = 'UDP'; From = 1434; To = 1434; Allowed = @() }"));
    assert!(text.contains(
        "$PlanRules = @('HL-IPO-voicemail','HL-IPO-rdp','HL-IPO-syslog','HL-IPO-manager')"
    ));
    // Outbound: the destination's port, and no search for other inbound rules.
    let syslog = block(&text, "item_2-1").join("\n");
    assert!(
        syslog.contains("-RemotePort @('514') -Direction 'Outbound'"),
        "{syslog}"
    );
    assert!(!syslog.contains("Limit-HlOtherRules"));
    // A check: its rows are findings, and it runs against the plan's SQL Server.
    let check = block(&text, "item_25-1").join("\n");
    assert!(
        check.contains("Invoke-HlSqlCheck -Id 'item_25-1'"),
        "{check}"
    );
    assert!(text.contains("[string]$SqlInstance = '198.51.100.7'"));
    assert!(text.contains("-Findings $rows"));
}

#[test]
fn rollback_goes_on_after_a_failure_and_lists_the_backups_it_could_use() {
    let text = script("rollback.ps1");
    for needle in [
        "[string[]]$BackupFolder",
        "[switch]$All",
        "[string]$SqlInstance",
        "Backups of harden.ps1 runs beside this script, newest first:",
        "Sort-Object -Property Name -Descending",
        "Invoke-HlOperation -Id $entry.id -Body { Undo-HlEntry -Entry $entry -Folder $folder }",
        "rollback-result.json",
        "exit 1",
        // Delayed start comes back delayed; values in their old type; keys it made go again.
        "'start=', 'delayed-auto'",
        "-PropertyType $e.type -Value (ConvertTo-HlRegistryValue -Value $e.value -Type $e.type)",
        "foreach ($k in @($e.created_keys))",
        "Enable-NetFirewallRule -Name $e.name",
        "Set-NetFirewallRule -Name $e.name -RemoteAddress @($e.remote)",
    ] {
        assert!(text.contains(needle), "rollback.ps1 lacks {needle}");
    }
    // Without a folder it changes nothing: it lists and stops before any undo.
    let list = text
        .find("if (-not $BackupFolder -and -not $All) {")
        .unwrap();
    let stop = text[list..].find("exit 2").unwrap() + list;
    assert!(stop < text.find("foreach ($folder in $folders)").unwrap());
}

#[test]
fn the_playbook_powershell_parses() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/export/ps");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let problems = tools::ps_problems(&text);
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            path.display(),
            problems.join("\n")
        );
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("ansible_"))
        {
            seen += 1;
        }
    }
    assert_eq!(seen, 7);
}

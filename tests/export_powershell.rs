//! harden.ps1 and rollback.ps1: they parse, and every operation the plan flags as a lock-out
//! risk sits behind a run-time guard that refuses it without -Force.

mod common;
mod tools;

use hardline::export::{Format, bundle, sample};

fn script(name: &str) -> String {
    let plan = sample::every_action("x");
    bundle(&plan, &[Format::Ps1])
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t)
        .expect("the script is in the bundle")
}

#[test]
fn every_action_parses() {
    for name in ["harden.ps1", "rollback.ps1"] {
        let problems = tools::ps_problems(&script(name));
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    }
}

#[test]
fn lockout_operations_are_guarded_at_run_time() {
    let plan = sample::every_action("x");
    assert!(plan.lockout.len() >= 3);
    let text = script("harden.ps1");
    for w in &plan.lockout {
        let id = format!("'{}'", w.operation);
        let guard = text
            .lines()
            .find(|l| l.contains("if (") && l.contains("Guard -Id") && l.contains(&id))
            .unwrap_or_else(|| panic!("no guard for {}", w.operation));
        assert!(guard.trim_start().starts_with("if ("), "{guard}");
    }
    assert!(text.contains("[switch]$Force"));
    assert!(text.contains("Test-PortGuard -Id 'item_1-1' -Port 3389 -Allowed @('10.0.0.0/24')"));
}

#[test]
fn audit_and_dry_run_are_offered() {
    let text = script("harden.ps1");
    for needle in [
        "[CmdletBinding(SupportsShouldProcess = $true)]",
        "[switch]$Audit",
        "audit-result.json",
        "Start-Transcript",
        "Save-Backup",
        "Nothing to change: the server already matches the plan.",
        "#Requires -RunAsAdministrator",
    ] {
        assert!(text.contains(needle), "harden.ps1 lacks {needle}");
    }
}

#[test]
fn the_playbook_powershell_parses() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/export/ps");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("ansible_"))
        {
            let problems = tools::ps_problems(&std::fs::read_to_string(&path).unwrap());
            assert!(
                problems.is_empty(),
                "{}:\n{}",
                path.display(),
                problems.join("\n")
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 3);
}

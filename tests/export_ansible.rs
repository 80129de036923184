//! playbook.yml against the argument spec of every module it uses (`ansible-doc --json` of the
//! project's pinned ansible, checked by tests/tools/argspec.py), and the semantics the issue asks
//! for: a service that is not installed is skipped, nothing is deleted without its copy, outbound
//! rules match the remote port, the effective-access and lock-out tasks are there. A check-mode
//! run needs a Windows host over WinRM, which this machine does not have: the syntax check
//! (tests/export_scripts.rs) and the argument specs are what is checked here.

mod common;
mod tools;

use hardline::export::{Format, bundle, sample};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn playbook_of(plan: &hardline::plan::Plan) -> Option<String> {
    bundle(plan, &[Format::Ansible])
        .into_iter()
        .find(|(n, _)| n == "playbook.yml")
        .map(|(_, t)| t)
}

/// The modules a playbook calls: the task lines `      namespace.collection.module:`.
fn modules(playbook: &str) -> BTreeSet<String> {
    playbook
        .lines()
        .filter_map(|l| l.strip_prefix("      "))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.strip_suffix(':'))
        .filter(|m| m.matches('.').count() == 2 && !m.contains(' '))
        .map(str::to_string)
        .collect()
}

/// `ansible-doc --json` of the modules, in a file; and the python of the same virtual env.
fn docs(modules: &BTreeSet<String>, dir: &std::path::Path) -> (PathBuf, PathBuf) {
    let doc = tools::provision::require("ansible-doc");
    let python = doc.with_file_name("python");
    let out = Command::new(&doc)
        .arg("--json")
        .args(modules)
        .output()
        .expect("ansible-doc runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dir.join("docs.json");
    std::fs::write(&file, &out.stdout).unwrap();
    (file, python)
}

/// The problems argspec.py finds in a playbook.
fn argspec(playbook: &str, docs: &std::path::Path, python: &std::path::Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("playbook.yml");
    std::fs::write(&file, playbook).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/argspec.py");
    let out = Command::new(python)
        .args([script, file.to_str().unwrap(), docs.to_str().unwrap()])
        .output()
        .expect("python runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    if !out.status.success() && text.trim().is_empty() {
        panic!(
            "argspec.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    text.lines().map(str::to_string).collect()
}

#[test]
fn every_playbook_passes_the_argument_specs_of_its_modules() {
    let playbooks: Vec<(String, String)> = tools::plans::all()
        .into_iter()
        .filter_map(|(name, plan)| playbook_of(&plan).map(|p| (name, p)))
        .collect();
    let all: BTreeSet<String> = playbooks.iter().flat_map(|(_, p)| modules(p)).collect();
    assert!(all.len() >= 12, "{all:?}");
    let dir = tempfile::tempdir().unwrap();
    let (docs, python) = docs(&all, dir.path());
    let mut problems = Vec::new();
    for (name, playbook) in &playbooks {
        problems.extend(
            argspec(playbook, &docs, &python)
                .into_iter()
                .map(|p| format!("{name}: {p}")),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check catches what ansible would refuse.
    let bad = "- hosts: all\n  tasks:\n    - name: x\n      ansible.windows.win_service:\n        name: Dfs\n        start_mode: boot\n        colour: red\n    - name: y\n      community.windows.win_security_policy:\n        section: System Access\n        key: K\n        value: 12\n";
    let found = argspec(bad, &docs, &python);
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn services_copies_ports_and_guards_are_as_the_plan_says() {
    let plan = sample::every_action("x");
    let text = playbook_of(&plan).unwrap();
    // A service is asked for first; the change runs only where it exists.
    assert!(text.contains("- name: \"item_4-1: is TlntSvr installed\"\n      ansible.windows.win_service:\n        name: \"TlntSvr\"\n      register: hardline_service_item_4_1\n"));
    assert!(text.contains("when: hardline_service_item_4_1.exists"));
    // The copy before the delete: no failed_when anywhere, both behind the stat.
    assert!(!text.contains("failed_when"));
    let copy = text.find("item_21-1: back up").unwrap();
    let delete = text.find("item_21-1: delete").unwrap();
    assert!(copy < delete);
    assert_eq!(
        text.matches("when: hardline_stat_item_21_1.stat.exists")
            .count(),
        2
    );
    // Outbound matches the destination's port.
    let syslog = &text[text.find("item_2-1: allow UDP 514").unwrap()..];
    let syslog = &syslog[..syslog.find("state: present").unwrap()];
    assert!(syslog.contains("remoteport: \"514\"") && !syslog.contains("localport"));
    // Effective access after inbound rules, programs and closed ports, with the play's tables.
    for id in ["item_0-1", "item_1-1", "item_3-1", "item_23-1", "item_24-1"] {
        assert!(
            text.contains(&format!(
                "- name: \"{id}: other allow rules admit no more than the plan\""
            )),
            "{id}"
        );
    }
    assert!(text.contains("      - { Protocol: UDP, From: 1434, To: 1434, Allowed: [] }"));
    assert!(text.contains("hardline_other_rules_script: !unsafe |"));
    // The run-time lock-out check, and renaming RID 500 last.
    for w in &plan.lockout {
        let var = format!("hardline_guard_{}", w.operation.replace('-', "_"));
        assert!(
            text.contains(&format!("register: {var}")),
            "{}",
            w.operation
        );
        assert!(text.contains(&format!("or ({var}.result.clear | bool)")));
    }
    let rename = text.find("NewAdministratorName").unwrap();
    assert!(
        text[rename..]
            .find("    - name:")
            .is_none_or(|n| !text[rename + n..].contains("win_"))
    );
    assert!(text.contains("BuiltinAdministrator: true"));
    // WebDAV is the authoring switch, not an ISAPI entry; a check fails on its rows.
    assert!(text.contains("system.webServer/webdav/authoring"));
    assert!(text.contains("Check: true"));
    assert!(text.contains("Instance: \"{{ hardline_sql_instance | default('198.51.100.7') }}\""));
}

//! playbook.yml and inventory.example.yml: the same policy for many sites. One play per product.
//! The PowerShell tasks take their values as parameters (never spliced into the script) and
//! honour -WhatIf under `--check`; the effective-access model, the lock-out guard and the checks
//! are the same PowerShell as harden.ps1's (`ps/effective_access.ps1`, `ps/iis_state.ps1`).
//! A failed task stops the play for that host (Ansible's way); nothing is deleted without its
//! copy, and a service that is not installed is skipped.

use super::ansible_tasks::task;
use super::quote::{ansible_str, comment, yaml_str};
use super::windows::{Guard, allowed_entries, plan_rule_names};
use crate::catalog::AccountAction;
use crate::plan::{Action, Operation, Plan};
use std::fmt::Write;

const ACCESS: &str = include_str!("ps/effective_access.ps1");
const OTHER_RULES: &str = include_str!("ps/ansible_other_rules.ps1");
const GUARD: &str = include_str!("ps/ansible_guard.ps1");

/// Where a task script's shared helpers go.
pub(super) const HELPERS_MARK: &str = "# (shared helpers)\n";

/// A task script with the shared helpers in place of its mark.
pub(super) fn with_helpers(script: &str, helpers: &str) -> String {
    script.replacen(HELPERS_MARK, helpers, 1)
}

/// The inventory group of a product: `hardline_<id>` with only word characters.
fn group(plan: &Plan) -> String {
    format!("hardline_{}", word(&plan.product))
}

/// Text as a variable-name part: word characters only.
pub(super) fn word(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// A `key: value` line at `indent` spaces.
pub(super) fn kv(out: &mut String, indent: usize, key: &str, value: &str) {
    if value.is_empty() {
        let _ = writeln!(out, "{:indent$}{key}:", "");
    } else {
        let _ = writeln!(out, "{:indent$}{key}: {value}", "");
    }
}

/// A block scalar (`|`) of fixed text under its key; `!unsafe` keeps Ansible from reading
/// PowerShell's braces as templates.
pub(super) fn block(out: &mut String, indent: usize, key: &str, text: &str) {
    let _ = writeln!(out, "{:indent$}{key}: !unsafe |", "");
    for line in text.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{:width$}{line}", "", width = indent + 2);
        }
    }
}

/// A YAML flow list of double-quoted strings.
pub(super) fn yaml_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| ansible_str(s.as_ref())).collect();
    format!("[{}]", quoted.join(", "))
}

/// The play's variables: the plan's effective access (the same tables as harden.ps1's) and the
/// scripts shared by many tasks.
fn play_vars(out: &mut String, plan: &Plan) {
    out.push_str("  vars:\n    hardline_access:\n");
    for s in &plan.effective_access.ports {
        let _ = writeln!(
            out,
            "      - {{ Protocol: {}, From: {}, To: {}, Allowed: {} }}",
            s.protocol.name(),
            s.from,
            s.to,
            yaml_list(&allowed_entries(&s.allowed))
        );
    }
    if plan.effective_access.ports.is_empty() {
        out.push_str("      []\n");
    }
    out.push_str("    hardline_program_access:\n");
    for p in &plan.effective_access.programs {
        let _ = writeln!(
            out,
            "      - {{ Program: {}, Allowed: {} }}",
            ansible_str(&p.program),
            yaml_list(&allowed_entries(&p.allowed))
        );
    }
    if plan.effective_access.programs.is_empty() {
        out.push_str("      []\n");
    }
    let ours = plan_rule_names(plan);
    kv(out, 4, "hardline_plan_rules", &yaml_list(&ours));
    block(
        out,
        4,
        "hardline_other_rules_script",
        &with_helpers(OTHER_RULES, ACCESS),
    );
    block(
        out,
        4,
        "hardline_guard_script",
        &with_helpers(GUARD, ACCESS),
    );
}

/// Whether an operation renames the built-in Administrator (RID 500).
fn renames_admin(op: &Operation) -> bool {
    matches!(
        &op.action,
        Action::LocalAccount {
            rid: 500,
            action: AccountAction::Rename(_)
        }
    )
}

/// The run-time lock-out check before a guarded operation (harden.ps1's guard, and the RID 500
/// account the play logs on as): it registers whether nobody would be cut, and the operation
/// runs only then, or with hardline_force.
fn guard_task(out: &mut String, op: &Operation, guard: Option<&Guard>) -> String {
    let var = format!("hardline_guard_{}", word(&op.id));
    let _ = writeln!(
        out,
        "    - name: {}",
        ansible_str(&format!("{}: lock-out check", op.id))
    );
    out.push_str("      ansible.windows.win_powershell:\n");
    kv(out, 8, "script", "\"{{ hardline_guard_script }}\"");
    kv(out, 8, "parameters", "");
    let ports: Vec<String> = match guard {
        Some(Guard::Rdp) => vec!["3389".into()],
        Some(Guard::Ports(p)) => p.iter().map(u16::to_string).collect(),
        None => Vec::new(),
    };
    kv(out, 10, "Ports", &format!("[{}]", ports.join(", ")));
    kv(out, 10, "Access", "\"{{ hardline_access }}\"");
    if guard == Some(&Guard::Rdp) {
        kv(out, 10, "Rdp", "true");
    }
    if renames_admin(op) {
        kv(out, 10, "BuiltinAdministrator", "true");
    }
    kv(out, 6, "register", &var);
    kv(out, 6, "check_mode", "false");
    kv(out, 6, "changed_when", "false");
    var
}

/// The task(s) of one operation, behind its guard where it has one.
fn operation(out: &mut String, op: &Operation, plan: &Plan) {
    let _ = writeln!(out, "    # Why: {}", comment(&op.reason));
    let guard = super::windows::lockout_guard(op, &plan.effective_access);
    let when = (guard.is_some() || renames_admin(op)).then(|| {
        let var = guard_task(out, op, guard.as_ref());
        format!("(hardline_force | default(false) | bool) or ({var}.result.clear | bool)")
    });
    task(out, op, plan, when.as_deref());
}

pub fn playbook(plan: &Plan) -> String {
    let mut out = String::from("---\n");
    for line in [
        "hardline playbook.yml: ansible-playbook -i inventory.yml playbook.yml --check --diff"
            .to_string(),
        format!("Product: {} ({})", plan.product_name, plan.vendor),
        format!("Made for: {}, {}", plan.site.customer, plan.site.site),
        format!(
            "Generated {}, plan fingerprint {}",
            plan.generated, plan.fingerprint
        ),
        "A failed task stops the play for its host; rerun after fixing it (every task is idempotent)."
            .to_string(),
    ] {
        let _ = writeln!(out, "# {}", comment(&line));
    }
    let _ = writeln!(
        out,
        "- name: {}\n  hosts: {}\n  gather_facts: false",
        ansible_str(&format!("hardline {}", plan.product_name)),
        group(plan)
    );
    play_vars(&mut out, plan);
    out.push_str("  tasks:\n");
    // Renaming the built-in Administrator comes last: a play that logs on as it cannot go on.
    let (last, first): (Vec<&Operation>, Vec<&Operation>) =
        plan.operations.iter().partition(|o| renames_admin(o));
    for op in first.into_iter().chain(last) {
        operation(&mut out, op, plan);
    }
    if plan.operations.is_empty() {
        let _ = writeln!(out, "    - name: \"Nothing to apply\"");
        super::ansible_tasks::debug(&mut out, "The plan has no operations");
    }
    out
}

pub fn inventory(plan: &Plan) -> String {
    let mut out =
        String::from("---\n# Copy to inventory.yml and list every site's server in the group.\n");
    let host = if plan.site.host.is_empty() {
        "server-01"
    } else {
        plan.site.host.as_str()
    };
    let _ = writeln!(
        out,
        "all:\n  children:\n    {}:\n      hosts:\n        {}:\n          ansible_host: {}\n      vars:\n        ansible_connection: winrm\n        ansible_winrm_transport: ntlm\n        ansible_port: 5986\n        ansible_winrm_server_cert_validation: validate\n        # A local administrator other than the built-in one (RID 500) gets a filtered, non-elevated\n        # token over WinRM unless LocalAccountTokenFilterPolicy is 1; a domain administrator does not.\n        # Renaming RID 500 is skipped while the play logs on as it (unless hardline_force).\n        # Operations that could shut out a connected RDP or SSH client run only when a check on the\n        # server finds nobody it would cut, or with this set to true.\n        hardline_force: false\n        # The SQL Server the SQL operations run against (the plan's).\n        hardline_sql_instance: {}\n        # On servers in another language, give auditpol's category names there, e.g.:\n        # hardline_audit_categories: {{ logon_logoff: \"An-/Abmelden\", ... }}",
        group(plan),
        yaml_str(host),
        yaml_str(if plan.site.address.is_empty() {
            host
        } else {
            &plan.site.address
        }),
        ansible_str(&plan.sql_instance)
    );
    out
}

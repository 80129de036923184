//! The playbook's tasks, one operation at a time (see [`super::ansible`]).

use super::ansible::{block, kv, with_helpers, word, yaml_list};
use super::quote::{ansible_str, yaml_str};
use super::summary::summary;
use super::windows::{rdp_values, secedit_settings};
use crate::catalog::{AccountAction, FirewallDirection, IisRequirement, ServiceStartup};
use crate::plan::{Action, Operation, Plan, PortSide, RegistryData, RemoteScope};
use std::fmt::Write;

/// auditpol's English category names, keyed like `AuditCategory`'s serde names; the module
/// matches them against `auditpol /list`, so servers in another language set
/// `hardline_audit_categories` in the inventory.
const AUDIT_NAMES: [(&str, &str); 9] = [
    ("system", "System"),
    ("logon_logoff", "Logon/Logoff"),
    ("object_access", "Object Access"),
    ("privilege_use", "Privilege Use"),
    ("detailed_tracking", "Detailed Tracking"),
    ("policy_change", "Policy Change"),
    ("account_management", "Account Management"),
    ("ds_access", "DS Access"),
    ("account_logon", "Account Logon"),
];

const IIS: &str = include_str!("ps/iis_state.ps1");
const IIS_EXTENSION_SCRIPT: &str = include_str!("ps/ansible_iis_extension.ps1");
const IIS_SSL_SCRIPT: &str = include_str!("ps/ansible_iis_ssl.ps1");
const IIS_VDIR_SCRIPT: &str = include_str!("ps/ansible_iis_vdir.ps1");
/// After the IIS helpers of the SSL and virtual directory tasks: without IIS, not applicable.
const IIS_APPLICABLE: &str = include_str!("ps/ansible_iis_applicable.ps1");
const SQL_SCRIPT: &str = include_str!("ps/ansible_sql.ps1");

/// Where the playbook keeps what it must be able to put back (copies, other rules' state).
const BACKUP: &str = "C:\\hardline-backup";

/// One task: its name, its conditions (all must hold), then the module line.
struct Task<'a> {
    out: &'a mut String,
    op: &'a Operation,
    when: Vec<String>,
}

impl Task<'_> {
    /// Starts a task of the operation; `part` names a task after the first.
    fn start(&mut self, part: Option<&str>, extra_when: Option<&str>, module: &str) {
        let name = match part {
            None => format!("{}: {}", self.op.id, summary(&self.op.action)),
            Some(p) => format!("{}: {p}", self.op.id),
        };
        let _ = writeln!(self.out, "    - name: {}", ansible_str(&name));
        let mut when = self.when.clone();
        when.extend(extra_when.map(str::to_string));
        match when.as_slice() {
            [] => {}
            [one] => kv(self.out, 6, "when", one),
            all => {
                self.out.push_str("      when:\n");
                for w in all {
                    let _ = writeln!(self.out, "        - {w}");
                }
            }
        }
        let _ = writeln!(self.out, "      {module}:");
    }
}

pub(super) fn debug(out: &mut String, msg: &str) {
    let _ = writeln!(out, "      ansible.builtin.debug:");
    kv(out, 8, "msg", &ansible_str(msg));
}

fn remote(scope: &RemoteScope) -> String {
    match scope {
        RemoteScope::Any => yaml_str("any"),
        RemoteScope::LocalSubnet => yaml_str("localsubnet"),
        RemoteScope::Addresses(a) => ansible_str(&a.join(",")),
    }
}

fn regedit(out: &mut String, key: &str, value: &str, data: &RegistryData) {
    kv(out, 8, "path", &ansible_str(&format!("HKLM:\\{key}")));
    kv(out, 8, "name", &ansible_str(value));
    match data {
        RegistryData::Dword(d) => {
            kv(out, 8, "data", &d.to_string());
            kv(out, 8, "type", "dword");
        }
        RegistryData::String(s) => {
            kv(out, 8, "data", &ansible_str(s));
            kv(out, 8, "type", "string");
        }
    }
}

fn security_policy(out: &mut String, key: &str, value: &str) {
    kv(out, 8, "section", "System Access");
    kv(out, 8, "key", key);
    kv(out, 8, "value", value);
}

/// The effective-access task of an inbound rule, program or close (`ps/effective_access.ps1`
/// with the play's tables): other allow rules keep only what the plan allows, or are disabled;
/// their state before is recorded under C:\hardline-backup\<id>.
fn other_rules(t: &mut Task, protocol: Option<&str>, ports: &[String], program: Option<&str>) {
    t.start(
        Some("other allow rules admit no more than the plan"),
        None,
        "ansible.windows.win_powershell",
    );
    let out = &mut *t.out;
    kv(out, 8, "script", "\"{{ hardline_other_rules_script }}\"");
    kv(out, 8, "parameters", "");
    kv(out, 10, "Id", &ansible_str(&t.op.id));
    if let Some(p) = protocol {
        kv(out, 10, "Protocol", p);
        kv(out, 10, "Ports", &yaml_list(ports));
    }
    if let Some(p) = program {
        kv(out, 10, "Program", &ansible_str(p));
    }
    kv(out, 10, "Access", "\"{{ hardline_access }}\"");
    kv(
        out,
        10,
        "ProgramAccess",
        "\"{{ hardline_program_access }}\"",
    );
    kv(out, 10, "PlanRules", "\"{{ hardline_plan_rules }}\"");
    kv(
        out,
        10,
        "Record",
        &ansible_str(&format!("{BACKUP}\\{}\\other-rules.json", t.op.id)),
    );
}

fn powershell(t: &mut Task, script: &str, params: &[(&str, String)]) {
    t.start(None, None, "ansible.windows.win_powershell");
    block(t.out, 8, "script", script);
    kv(t.out, 8, "parameters", "");
    for (k, v) in params {
        kv(t.out, 10, k, v);
    }
}

/// The task(s) of one operation; `guard` is the lock-out condition it runs under, if any.
pub(super) fn task(out: &mut String, op: &Operation, plan: &Plan, guard: Option<&str>) {
    let mut t = Task {
        out,
        op,
        when: guard.map(str::to_string).into_iter().collect(),
    };
    let var = |what: &str| format!("hardline_{what}_{}", word(&op.id));
    match &op.action {
        Action::FirewallRule(r) => {
            t.start(None, None, "community.windows.win_firewall_rule");
            let out = &mut *t.out;
            kv(out, 8, "name", &ansible_str(&r.name));
            kv(out, 8, "description", &ansible_str(&r.description));
            kv(out, 8, "group", &ansible_str(&plan.rule_group));
            let dir = match r.direction {
                FirewallDirection::Inbound => "in",
                FirewallDirection::Outbound => "out",
            };
            kv(out, 8, "direction", dir);
            kv(out, 8, "action", "allow");
            kv(out, 8, "protocol", &r.protocol.name().to_lowercase());
            let side = match r.port_side {
                PortSide::Local => "localport",
                PortSide::Remote => "remoteport",
            };
            kv(out, 8, side, &yaml_str(&r.ports.to_string()));
            kv(out, 8, "remoteip", &remote(&r.remote));
            kv(out, 8, "profiles", "[domain, private, public]");
            kv(out, 8, "enabled", "true");
            kv(out, 8, "state", "present");
            if r.direction == FirewallDirection::Inbound {
                other_rules(&mut t, Some(r.protocol.name()), &r.ports.parts(), None);
            }
        }
        Action::FirewallProgram(p) => {
            t.start(None, None, "community.windows.win_firewall_rule");
            let out = &mut *t.out;
            kv(out, 8, "name", &ansible_str(&p.name));
            kv(out, 8, "description", &ansible_str(&p.description));
            kv(out, 8, "group", &ansible_str(&plan.rule_group));
            kv(out, 8, "direction", "in");
            kv(out, 8, "action", "allow");
            kv(out, 8, "program", &ansible_str(&p.program));
            kv(out, 8, "remoteip", &remote(&p.remote));
            kv(out, 8, "profiles", "[domain, private, public]");
            kv(out, 8, "enabled", "true");
            kv(out, 8, "state", "present");
            other_rules(&mut t, None, &[], Some(&p.program));
        }
        Action::ClosePort(c) => {
            other_rules(&mut t, Some(c.protocol.name()), &c.ports.parts(), None)
        }
        Action::CloseProgram(c) => other_rules(&mut t, None, &[], Some(&c.program)),
        Action::Service(s) => {
            // win_service with start_mode fails on a service that is not installed: ask first.
            let exists = var("service");
            t.start(
                Some(&format!("is {} installed", s.name)),
                None,
                "ansible.windows.win_service",
            );
            kv(t.out, 8, "name", &ansible_str(&s.name));
            kv(t.out, 6, "register", &exists);
            t.start(
                None,
                Some(&format!("{exists}.exists")),
                "ansible.windows.win_service",
            );
            kv(t.out, 8, "name", &ansible_str(&s.name));
            let mode = match s.startup {
                ServiceStartup::Automatic => "auto",
                ServiceStartup::Manual => "manual",
                ServiceStartup::Disabled => "disabled",
            };
            kv(t.out, 8, "start_mode", mode);
            if s.stop {
                kv(t.out, 8, "state", "stopped");
            }
        }
        Action::Registry(r) => {
            t.start(None, None, "ansible.windows.win_regedit");
            regedit(t.out, &r.key, &r.value, &r.data);
        }
        Action::RemoteDesktop {
            enabled,
            require_nla,
        } => {
            for (n, (k, v, d)) in rdp_values(*enabled, *require_nla).into_iter().enumerate() {
                t.start((n > 0).then_some(v), None, "ansible.windows.win_regedit");
                regedit(t.out, k, v, &RegistryData::Dword(d));
            }
        }
        Action::Audit(a) => {
            t.start(None, None, "ansible.windows.win_audit_policy_system");
            let key = serde_json::to_value(a.category)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let english = AUDIT_NAMES
                .iter()
                .find(|(k, _)| *k == key)
                .map_or("", |(_, v)| v);
            kv(
                t.out,
                8,
                "category",
                &format!(
                    "\"{{{{ (hardline_audit_categories | default({{}})).{key} | default('{english}') }}}}\""
                ),
            );
            let types: Vec<&str> = [(a.success, "success"), (a.failure, "failure")]
                .into_iter()
                .filter_map(|(on, t)| on.then_some(t))
                .collect();
            let types = if types.is_empty() {
                vec!["none"]
            } else {
                types
            };
            kv(t.out, 8, "audit_type", &format!("[{}]", types.join(", ")));
        }
        Action::IisExtension { name, allowed } => powershell(
            &mut t,
            &with_helpers(IIS_EXTENSION_SCRIPT, IIS),
            &[
                ("Name", ansible_str(name)),
                ("Allowed", allowed.to_string()),
            ],
        ),
        Action::IisRemoveVirtualDirectory { name } => powershell(
            &mut t,
            &with_helpers(IIS_VDIR_SCRIPT, &format!("{IIS}{IIS_APPLICABLE}")),
            &[("Name", ansible_str(name))],
        ),
        Action::IisDenyAnonymousWrite { path } => {
            t.start(None, None, "ansible.windows.win_acl");
            kv(t.out, 8, "path", &ansible_str(path));
            kv(t.out, 8, "user", "S-1-5-17");
            kv(t.out, 8, "rights", "Write");
            kv(t.out, 8, "type", "deny");
            kv(t.out, 8, "inherit", "ContainerInherit, ObjectInherit");
            kv(t.out, 8, "state", "present");
        }
        Action::IisRequireSsl { site, requirement } => {
            let flags = match requirement {
                IisRequirement::Ssl => "Ssl",
                IisRequirement::Ssl128 => "Ssl,Ssl128",
            };
            powershell(
                &mut t,
                &with_helpers(IIS_SSL_SCRIPT, &format!("{IIS}{IIS_APPLICABLE}")),
                &[("Site", ansible_str(site)), ("Flags", yaml_str(flags))],
            );
        }
        Action::AccountPolicy(p) => {
            for (n, (k, v)) in secedit_settings(p).iter().enumerate() {
                t.start(
                    (n > 0).then_some(*k),
                    None,
                    "community.windows.win_security_policy",
                );
                security_policy(t.out, k, &yaml_str(&v.to_string()));
            }
        }
        Action::LocalAccount { rid, action } => {
            let (key, value) = match (rid, action) {
                (500, AccountAction::Disable) => ("EnableAdminAccount", yaml_str("0")),
                (501, AccountAction::Disable) => ("EnableGuestAccount", yaml_str("0")),
                (500, AccountAction::Rename(n)) => ("NewAdministratorName", ansible_str(n)),
                (501, AccountAction::Rename(n)) => ("NewGuestName", ansible_str(n)),
                _ => {
                    t.start(None, None, "ansible.builtin.debug");
                    kv(
                        t.out,
                        8,
                        "msg",
                        &ansible_str(&format!("By hand: {}", summary(&op.action))),
                    );
                    return;
                }
            };
            t.start(None, None, "community.windows.win_security_policy");
            security_policy(t.out, key, &value);
        }
        Action::NetBios { enabled } => {
            t.start(None, None, "community.windows.win_netbios");
            kv(
                t.out,
                8,
                "state",
                if *enabled { "enabled" } else { "disabled" },
            );
        }
        Action::Sql {
            statement, check, ..
        } => {
            let mut params = vec![
                ("Id", ansible_str(&op.id)),
                ("Product", ansible_str(&plan.product)),
                ("Statement", ansible_str(statement)),
                (
                    "Instance",
                    yaml_str(&format!(
                        "{{{{ hardline_sql_instance | default({}) }}}}",
                        single_quoted_jinja(&plan.sql_instance)
                    )),
                ),
            ];
            if *check {
                params.push(("Check", "true".into()));
            }
            powershell(&mut t, SQL_SCRIPT, &params);
        }
        Action::PortForward(_) => {
            t.start(None, None, "ansible.builtin.debug");
            kv(
                t.out,
                8,
                "msg",
                &ansible_str("Done on the gateway with gateway.sh, not on this host."),
            );
        }
        Action::DeleteWithBackup { path, .. } => {
            // The copy must succeed before the delete: a failed copy stops the host there.
            let stat = var("stat");
            t.start(
                Some(&format!("is {path} there")),
                None,
                "ansible.windows.win_stat",
            );
            kv(t.out, 8, "path", &ansible_str(path));
            kv(t.out, 6, "register", &stat);
            let present = format!("{stat}.stat.exists");
            t.start(Some("back up"), Some(&present), "ansible.windows.win_copy");
            kv(t.out, 8, "src", &ansible_str(path));
            kv(
                t.out,
                8,
                "dest",
                &ansible_str(&format!("{BACKUP}\\{}\\", op.id)),
            );
            kv(t.out, 8, "remote_src", "true");
            t.start(Some("delete"), Some(&present), "ansible.windows.win_file");
            kv(t.out, 8, "path", &ansible_str(path));
            kv(t.out, 8, "state", "absent");
        }
        Action::Manual(step) => {
            t.start(None, None, "ansible.builtin.debug");
            kv(
                t.out,
                8,
                "msg",
                &ansible_str(&format!(
                    "By hand: {} > {} = {}",
                    step.path, step.setting, step.value
                )),
            );
        }
    }
}

/// A Jinja single-quoted string of plan text (an address or `.`): `'` and `\` escaped.
fn single_quoted_jinja(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

//! playbook.yml and inventory.example.yml: the same policy for many sites. One play per
//! product; every module supports check mode, and the PowerShell tasks take their values as
//! parameters (never spliced into the script) and honour -WhatIf.

use super::quote::{ansible_str, comment, yaml_str};
use super::summary::summary;
use super::windows::{rdp_values, secedit_settings};
use crate::catalog::{AccountAction, FirewallDirection, IisRequirement, ServiceStartup};
use crate::plan::{Action, Operation, Plan, RegistryData, RemoteScope};
use std::fmt::Write;

/// The inventory group of a product: `hardline_<id>` with only word characters.
fn group(plan: &Plan) -> String {
    let id: String = plan
        .product
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("hardline_{id}")
}

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

const IIS_EXTENSION_SCRIPT: &str = include_str!("ps/ansible_iis_extension.ps1");

const IIS_SSL_SCRIPT: &str = include_str!("ps/ansible_iis_ssl.ps1");

const SQL_SCRIPT: &str = include_str!("ps/ansible_sql.ps1");

/// A `key: value` line at `indent` spaces.
fn kv(out: &mut String, indent: usize, key: &str, value: &str) {
    let _ = writeln!(out, "{:indent$}{key}: {value}", "");
}

/// A block scalar (`|`) of fixed script text, indented under its key.
fn script(out: &mut String, indent: usize, text: &str) {
    let _ = writeln!(out, "{:indent$}script: |", "");
    for line in text.lines() {
        let _ = writeln!(out, "{:width$}{line}", "", width = indent + 2);
    }
}

fn remote(scope: &RemoteScope) -> String {
    match scope {
        RemoteScope::Any => yaml_str("any"),
        RemoteScope::LocalSubnet => yaml_str("localsubnet"),
        RemoteScope::Addresses(a) => ansible_str(&a.join(",")),
    }
}

/// Whether the operation can shut out the installer (the plan's lock-out checks).
fn guarded(op: &Operation, plan: &Plan) -> bool {
    plan.lockout.iter().any(|w| w.operation == op.id)
}

fn task(out: &mut String, op: &Operation, plan: &Plan) {
    let name = format!("{}: {}", op.id, summary(&op.action));
    let _ = writeln!(out, "    # Why: {}", comment(&op.reason));
    let _ = writeln!(out, "    - name: {}", ansible_str(&name));
    if guarded(op, plan) {
        kv(out, 6, "when", "hardline_force | default(false) | bool");
        let _ = writeln!(
            out,
            "      # The plan flags this as a lock-out risk: it runs only with -e hardline_force=true."
        );
    }
    let m = |out: &mut String, module: &str| {
        let _ = writeln!(out, "      {module}:");
    };
    match &op.action {
        Action::FirewallRule(r) => {
            m(out, "community.windows.win_firewall_rule");
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
            kv(out, 8, "localport", &yaml_str(&r.ports.to_string()));
            kv(out, 8, "remoteip", &remote(&r.remote));
            kv(out, 8, "profiles", "[domain, private, public]");
            kv(out, 8, "enabled", "true");
            kv(out, 8, "state", "present");
        }
        Action::FirewallProgram(p) => {
            m(out, "community.windows.win_firewall_rule");
            kv(out, 8, "name", &ansible_str(&p.name));
            kv(out, 8, "description", &ansible_str(&p.description));
            kv(out, 8, "group", &ansible_str(&plan.rule_group));
            kv(out, 8, "direction", "in");
            kv(out, 8, "action", "allow");
            kv(out, 8, "program", &ansible_str(&p.program));
            kv(out, 8, "remoteip", &remote(&p.remote));
            kv(out, 8, "profiles", "[domain, private, public]");
            kv(out, 8, "state", "present");
        }
        Action::Service(s) => {
            m(out, "ansible.windows.win_service");
            kv(out, 8, "name", &ansible_str(&s.name));
            let mode = match s.startup {
                ServiceStartup::Automatic => "auto",
                ServiceStartup::Manual => "manual",
                ServiceStartup::Disabled => "disabled",
            };
            kv(out, 8, "start_mode", mode);
            if s.stop {
                kv(out, 8, "state", "stopped");
            }
        }
        Action::Registry(r) => regedit(out, &r.key, &r.value, &r.data),
        Action::RemoteDesktop {
            enabled,
            require_nla,
        } => {
            let values = rdp_values(*enabled, *require_nla);
            let (k, v, d) = values[0];
            regedit(out, k, v, &RegistryData::Dword(d));
            for (k, v, d) in values.into_iter().skip(1) {
                let _ = writeln!(
                    out,
                    "    - name: {}",
                    ansible_str(&format!("{}: {v}", op.id))
                );
                regedit(out, k, v, &RegistryData::Dword(d));
            }
        }
        Action::Audit(a) => {
            m(out, "ansible.windows.win_audit_policy_system");
            let key = serde_json::to_value(a.category)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let english = AUDIT_NAMES
                .iter()
                .find(|(k, _)| *k == key)
                .map_or("", |(_, v)| v);
            kv(
                out,
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
            kv(out, 8, "audit_type", &format!("[{}]", types.join(", ")));
        }
        Action::IisExtension { name, allowed } => {
            m(out, "ansible.windows.win_powershell");
            script(out, 8, IIS_EXTENSION_SCRIPT);
            kv(out, 8, "parameters", "");
            kv(out, 10, "Name", &ansible_str(name));
            kv(out, 10, "Allowed", &allowed.to_string());
        }
        Action::IisRemoveVirtualDirectory { name } => {
            m(out, "microsoft.iis.virtual_directory");
            kv(out, 8, "name", &ansible_str(name));
            kv(out, 8, "site", "\"Default Web Site\"");
            kv(out, 8, "state", "absent");
        }
        Action::IisDenyAnonymousWrite { path } => {
            m(out, "ansible.windows.win_acl");
            kv(out, 8, "path", &ansible_str(path));
            kv(out, 8, "user", "S-1-5-17");
            kv(out, 8, "rights", "Write");
            kv(out, 8, "type", "deny");
            kv(out, 8, "inherit", "ContainerInherit, ObjectInherit");
            kv(out, 8, "state", "present");
        }
        Action::IisRequireSsl { site, requirement } => {
            m(out, "ansible.windows.win_powershell");
            script(out, 8, IIS_SSL_SCRIPT);
            kv(out, 8, "parameters", "");
            kv(out, 10, "Site", &ansible_str(site));
            let flags = match requirement {
                IisRequirement::Ssl => "Ssl",
                IisRequirement::Ssl128 => "Ssl,Ssl128",
            };
            kv(out, 10, "Flags", &yaml_str(flags));
        }
        Action::AccountPolicy(p) => {
            let settings = secedit_settings(p);
            for (n, (k, v)) in settings.iter().enumerate() {
                if n > 0 {
                    let _ = writeln!(
                        out,
                        "    - name: {}",
                        ansible_str(&format!("{}: {k}", op.id))
                    );
                }
                security_policy(out, k, &v.to_string());
            }
        }
        Action::LocalAccount { rid, action } => match (rid, action) {
            (500 | 501, AccountAction::Disable) => {
                let key = if *rid == 500 {
                    "EnableAdminAccount"
                } else {
                    "EnableGuestAccount"
                };
                security_policy(out, key, "0");
            }
            (500 | 501, AccountAction::Rename(n)) => {
                let key = if *rid == 500 {
                    "NewAdministratorName"
                } else {
                    "NewGuestName"
                };
                security_policy(out, key, &ansible_str(n));
            }
            _ => debug(out, &format!("By hand: {}", summary(&op.action))),
        },
        Action::NetBios { enabled } => {
            m(out, "community.windows.win_netbios");
            kv(
                out,
                8,
                "state",
                if *enabled { "enabled" } else { "disabled" },
            );
        }
        Action::Sql { statement, .. } => {
            m(out, "ansible.windows.win_powershell");
            script(out, 8, SQL_SCRIPT);
            kv(out, 8, "parameters", "");
            kv(out, 10, "Id", &ansible_str(&op.id));
            kv(out, 10, "Statement", &ansible_str(statement));
        }
        Action::PortForward(_) => debug(
            out,
            "Done on the gateway with gateway.sh, not on this host.",
        ),
        Action::DeleteWithBackup { path, .. } => {
            m(out, "ansible.windows.win_copy");
            kv(out, 8, "src", &ansible_str(path));
            kv(
                out,
                8,
                "dest",
                &ansible_str(&format!("C:\\hardline-backup\\{}\\", op.id)),
            );
            kv(out, 8, "remote_src", "true");
            let _ = writeln!(out, "      register: hardline_copy");
            let _ = writeln!(out, "      failed_when: false");
            let _ = writeln!(
                out,
                "    - name: {}",
                ansible_str(&format!("{}: delete", op.id))
            );
            kv(out, 6, "when", "hardline_copy is succeeded");
            m(out, "ansible.windows.win_file");
            kv(out, 8, "path", &ansible_str(path));
            kv(out, 8, "state", "absent");
        }
        Action::Manual(step) => debug(
            out,
            &format!("By hand: {} > {} = {}", step.path, step.setting, step.value),
        ),
    }
}

fn regedit(out: &mut String, key: &str, value: &str, data: &RegistryData) {
    let _ = writeln!(out, "      ansible.windows.win_regedit:");
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
    let _ = writeln!(out, "      community.windows.win_security_policy:");
    kv(out, 8, "section", "System Access");
    kv(out, 8, "key", key);
    kv(out, 8, "value", value);
}

fn debug(out: &mut String, msg: &str) {
    let _ = writeln!(out, "      ansible.builtin.debug:");
    kv(out, 8, "msg", &ansible_str(msg));
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
    ] {
        let _ = writeln!(out, "# {}", comment(&line));
    }
    let _ = writeln!(
        out,
        "- name: {}\n  hosts: {}\n  gather_facts: false\n  tasks:",
        ansible_str(&format!("hardline {}", plan.product_name)),
        group(plan)
    );
    for op in &plan.operations {
        task(&mut out, op, plan);
    }
    if plan.operations.is_empty() {
        let _ = writeln!(out, "    - name: \"Nothing to apply\"");
        debug(&mut out, "The plan has no operations");
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
        "all:\n  children:\n    {}:\n      hosts:\n        {}:\n          ansible_host: {}\n      vars:\n        ansible_connection: winrm\n        ansible_winrm_transport: ntlm\n        ansible_port: 5986\n        ansible_winrm_server_cert_validation: validate\n        # Operations the plan flags as a lock-out risk run only with this set to true.\n        hardline_force: false\n        # On servers in another language, give auditpol's category names there, e.g.:\n        # hardline_audit_categories: {{ logon_logoff: \"An-/Abmelden\", ... }}",
        group(plan),
        yaml_str(host),
        yaml_str(if plan.site.address.is_empty() {
            host
        } else {
            &plan.site.address
        })
    );
    out
}

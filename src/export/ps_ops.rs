//! The PowerShell calls of each operation of harden.ps1 (the helpers are in `ps/`), and the
//! run-time lock-out guard that wraps them.

use super::quote::{ps_array, ps_str};
use super::windows::{Guard, lockout_guard, rdp_values, secedit_settings};
use crate::catalog::{AccountAction, FirewallDirection, IisRequirement};
use crate::plan::{Action, EffectiveAccess, Operation, PortSide, RegistryData, RemoteScope};

fn registry_call(id: &str, key: &str, value: &str, data: &RegistryData) -> String {
    let (kind, data) = match data {
        RegistryData::Dword(d) => ("DWord", d.to_string()),
        RegistryData::String(s) => ("String", ps_str(s)),
    };
    format!(
        "Set-HlRegistry -Id {} -Key {} -Name {} -Type '{kind}' -Value {data}",
        ps_str(id),
        ps_str(key),
        ps_str(value)
    )
}

fn remote_addresses(scope: &RemoteScope) -> String {
    match scope {
        RemoteScope::Any => "'Any'".into(),
        RemoteScope::LocalSubnet => "'LocalSubnet'".into(),
        RemoteScope::Addresses(a) => format!("@({})", ps_array(a)),
    }
}

/// The condition under which an operation may run: the run-time lock-out guard.
pub(super) fn guard(op: &Operation, access: &EffectiveAccess) -> Option<String> {
    let id = ps_str(&op.id);
    Some(match lockout_guard(op, access)? {
        Guard::Rdp => format!("Test-RdpGuard -Id {id}"),
        Guard::Ports(ports) => ports
            .iter()
            .map(|p| format!("(Test-PortGuard -Id {id} -Port {p})"))
            .collect::<Vec<_>>()
            .join(" -and "),
    })
}

/// The PowerShell that carries out one operation, one call a line, without the guard around it:
/// also the TUI's preview of what a choice generates. Empty for what is not done on the server.
pub fn call(op: &Operation) -> String {
    let id = ps_str(&op.id);
    match &op.action {
        Action::FirewallRule(r) => {
            let ports = ps_array(&r.ports.parts());
            let side = match r.port_side {
                PortSide::Local => "LocalPort",
                PortSide::Remote => "RemotePort",
            };
            let direction = match r.direction {
                FirewallDirection::Inbound => "Inbound",
                FirewallDirection::Outbound => "Outbound",
            };
            let mut out = format!(
                "Set-HlFirewallRule -Id {id} -Name {} -Description {} -Protocol '{}' -{side} @({ports}) -Direction '{direction}' -RemoteAddress {}",
                ps_str(&r.name),
                ps_str(&r.description),
                r.protocol.name(),
                remote_addresses(&r.remote),
            );
            if r.direction == FirewallDirection::Inbound {
                out.push_str(&format!(
                    "\nLimit-HlOtherRules -Id {id} -Protocol '{}' -Ports @({ports})",
                    r.protocol.name()
                ));
            }
            out
        }
        Action::FirewallProgram(p) => format!(
            "Set-HlFirewallRule -Id {id} -Name {} -Description {} -Program {} -Direction 'Inbound' -RemoteAddress {}\nLimit-HlOtherRules -Id {id} -Program {}",
            ps_str(&p.name),
            ps_str(&p.description),
            ps_str(&p.program),
            remote_addresses(&p.remote),
            ps_str(&p.program)
        ),
        Action::ClosePort(c) => format!(
            "Limit-HlOtherRules -Id {id} -Protocol '{}' -Ports @({})",
            c.protocol.name(),
            ps_array(&c.ports.parts())
        ),
        Action::CloseProgram(c) => {
            format!(
                "Limit-HlOtherRules -Id {id} -Program {}",
                ps_str(&c.program)
            )
        }
        Action::Service(s) => format!(
            "Set-HlService -Id {id} -Name {} -StartupType '{}'{}",
            ps_str(&s.name),
            s.startup.name(),
            if s.stop { " -Stop" } else { "" }
        ),
        Action::Registry(r) => registry_call(&op.id, &r.key, &r.value, &r.data),
        Action::RemoteDesktop {
            enabled,
            require_nla,
        } => rdp_values(*enabled, *require_nla)
            .into_iter()
            .map(|(k, v, d)| registry_call(&op.id, k, v, &RegistryData::Dword(d)))
            .collect::<Vec<_>>()
            .join("\n"),
        Action::Audit(a) => format!(
            "Set-HlAudit -Id {id} -Category '{}' -Label {} -Success ${} -Failure ${}",
            a.category.guid(),
            ps_str(a.category.scw_name()),
            a.success,
            a.failure
        ),
        Action::IisExtension { name, allowed } => format!(
            "Set-HlIisExtension -Id {id} -Name {} -Allowed ${allowed}",
            ps_str(name)
        ),
        Action::IisRemoveVirtualDirectory { name } => {
            format!("Remove-HlVirtualDirectory -Id {id} -Name {}", ps_str(name))
        }
        Action::IisDenyAnonymousWrite { path } => {
            format!("Set-HlAnonymousWriteDenied -Id {id} -Path {}", ps_str(path))
        }
        Action::IisRequireSsl { site, requirement } => format!(
            "Set-HlIisSsl -Id {id} -Site {} -Flags '{}'",
            ps_str(site),
            match requirement {
                IisRequirement::Ssl => "Ssl",
                IisRequirement::Ssl128 => "Ssl,Ssl128",
            }
        ),
        Action::AccountPolicy(p) => {
            let settings: Vec<String> = secedit_settings(p)
                .into_iter()
                .map(|(k, v)| format!("'{k}' = {v}"))
                .collect();
            format!(
                "Set-HlAccountPolicy -Id {id} -Settings @{{ {} }}",
                settings.join("; ")
            )
        }
        Action::LocalAccount { rid, action } => match action {
            AccountAction::Disable => format!("Set-HlLocalAccount -Id {id} -Rid {rid} -Disable"),
            AccountAction::Rename(n) => format!(
                "Set-HlLocalAccount -Id {id} -Rid {rid} -NewName {}",
                ps_str(n)
            ),
        },
        Action::NetBios { enabled } => format!(
            "Set-HlNetBios -Id {id} -Option {}",
            if *enabled { 1 } else { 2 }
        ),
        Action::Sql {
            description,
            statement,
            check,
            ..
        } => format!(
            "{} -Id {id} -Description {} -Statement {}",
            if *check {
                "Invoke-HlSqlCheck"
            } else {
                "Invoke-HlSql"
            },
            ps_str(description),
            ps_str(statement)
        ),
        Action::PortForward(_) => String::new(),
        Action::DeleteWithBackup { path, .. } => {
            format!("Remove-HlWithBackup -Id {id} -Path {}", ps_str(path))
        }
        Action::Manual(m) => format!(
            "Add-ManualStep -Id {id} -Text {}",
            ps_str(&format!("{} > {} = {}", m.path, m.setting, m.value))
        ),
    }
}

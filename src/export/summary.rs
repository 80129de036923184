//! Plain-text descriptions of operations, shared by the documents and the script comments.
//! The text is unescaped: each caller passes it through the quoting for where it lands.

use crate::catalog::{AccountAction, FirewallDirection};
use crate::plan::{AccountPolicy, Action, RegistryData};

/// What the table of effective inbound access means, for the documents.
pub const ACCESS_NOTE: &str = "Windows admits a connection when any enabled allow rule matches it. \
     So for each port and program below, every other enabled inbound allow rule on the server \
     (built-in, from the vendor's installer or added by hand) keeps only the addresses listed \
     here, or is disabled when none is left; a closed port keeps no allow rule. The scripts list \
     each rule they change and record it for the undo.";

fn on_off(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

/// Account policy settings that the policy sets, as `name value` pairs.
pub fn account_policy_parts(p: &AccountPolicy) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut num = |name, v: Option<u32>| {
        if let Some(v) = v {
            out.push((name, v.to_string()));
        }
    };
    num("minimum password length", p.min_length);
    num("maximum password age (days)", p.max_age_days);
    num("minimum password age (days)", p.min_age_days);
    num("password history", p.history);
    num("lockout threshold", p.lockout_threshold);
    num("lockout duration (minutes)", p.lockout_minutes);
    if let Some(c) = p.complexity {
        out.push(("complexity", on_off(c).to_string()));
    }
    out
}

/// What an operation does, in one line.
pub fn summary(action: &Action) -> String {
    match action {
        Action::FirewallRule(r) => {
            let dir = match r.direction {
                FirewallDirection::Inbound => "inbound from",
                FirewallDirection::Outbound => "outbound to",
            };
            format!(
                "allow {} {} {dir} {} (rule {})",
                r.protocol.name(),
                r.ports,
                r.remote.describe(),
                r.name
            )
        }
        Action::FirewallProgram(p) => format!(
            "allow program {} from {} (rule {})",
            p.program,
            p.remote.describe(),
            p.name
        ),
        Action::ClosePort(c) => format!(
            "close {} {} ({}): no inbound allow rule for it stays enabled",
            c.protocol.name(),
            c.ports,
            c.description
        ),
        Action::CloseProgram(c) => format!(
            "close program {} ({}): no inbound allow rule for it stays enabled",
            c.program, c.description
        ),
        Action::Service(s) => format!(
            "service {} ({}): startup {}{}",
            s.display,
            s.name,
            s.startup.name(),
            if s.stop { ", stop it now" } else { "" }
        ),
        Action::Registry(r) => {
            let data = match &r.data {
                RegistryData::Dword(d) => format!("DWORD {d}"),
                RegistryData::String(s) => format!("string \"{s}\""),
            };
            format!("HKLM\\{}\\{} = {data}", r.key, r.value)
        }
        Action::Audit(a) => format!(
            "audit {}: success {}, failure {}",
            a.category.scw_name(),
            on_off(a.success),
            on_off(a.failure)
        ),
        Action::IisExtension { name, allowed } => format!(
            "IIS extension {name}: {}",
            if *allowed { "allowed" } else { "prohibited" }
        ),
        Action::IisRemoveVirtualDirectory { name } => {
            format!("remove IIS virtual directory {name}")
        }
        Action::IisDenyAnonymousWrite { path } => {
            format!("deny anonymous users write access to {path}")
        }
        Action::IisRequireSsl { site, requirement } => format!(
            "require {} on {site}",
            match requirement {
                crate::catalog::IisRequirement::Ssl => "SSL",
                crate::catalog::IisRequirement::Ssl128 => "128-bit SSL",
            }
        ),
        Action::AccountPolicy(p) => {
            let parts: Vec<String> = account_policy_parts(p)
                .into_iter()
                .map(|(n, v)| format!("{n} {v}"))
                .collect();
            format!("account policy: {}", parts.join(", "))
        }
        Action::LocalAccount { rid, action } => match action {
            AccountAction::Disable => format!("disable the local account with RID {rid}"),
            AccountAction::Rename(n) => format!("rename the local account with RID {rid} to {n}"),
        },
        Action::NetBios { enabled } => format!("NetBIOS over TCP/IP {}", on_off(*enabled)),
        Action::RemoteDesktop {
            enabled,
            require_nla,
        } => format!(
            "Remote Desktop {}{}",
            on_off(*enabled),
            if *enabled && *require_nla {
                ", Network Level Authentication required"
            } else {
                ""
            }
        ),
        Action::Sql {
            description,
            statement,
            ..
        } => format!("SQL: {description}: {statement}"),
        Action::PortForward(p) => format!(
            "gateway: forward {} {} from {} to {}:{}",
            p.protocol.name(),
            p.public_port,
            p.sources.describe(),
            p.target_address,
            p.target_port
        ),
        Action::DeleteWithBackup { path, description } => {
            format!("back up, then delete {path} ({description})")
        }
        Action::Manual(m) => format!("by hand: {} > {} = {}", m.path, m.setting, m.value),
    }
}

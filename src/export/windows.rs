//! Windows settings shared by harden.ps1, legacy.cmd and the playbook.

use crate::catalog::{Protocol, ServiceStartup};
use crate::plan::{AccountPolicy, Action, EffectiveAccess, Operation, Plan, RemoteScope};

/// Ports whose restriction can shut the installer out: Remote Desktop and SSH.
const GUARDED_PORTS: [u16; 2] = [3389, 22];

/// What an operation can cut of the installer's path, checked on the server right before it
/// runs (the plan's warnings are checked at export time against the typed address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Guard {
    /// It turns Remote Desktop off: nobody may be connected over RDP.
    Rdp,
    /// It limits these management ports: every connected client must stay within the plan's
    /// access to them.
    Ports(Vec<u16>),
}

pub(super) fn lockout_guard(op: &Operation, access: &EffectiveAccess) -> Option<Guard> {
    let cuts_rdp = match &op.action {
        Action::RemoteDesktop { enabled, .. } => !enabled,
        Action::Service(s) => {
            s.name.eq_ignore_ascii_case("TermService") && s.startup == ServiceStartup::Disabled
        }
        _ => false,
    };
    if cuts_rdp {
        return Some(Guard::Rdp);
    }
    let ports: Vec<u16> = GUARDED_PORTS
        .into_iter()
        .filter(|p| {
            access
                .port(Protocol::Tcp, *p)
                .is_some_and(|s| s.operations.contains(&op.id) && s.allowed != [RemoteScope::Any])
        })
        .collect();
    (!ports.is_empty()).then_some(Guard::Ports(ports))
}

/// The registry values behind Remote Desktop on or off (FACTS section 8), below HKLM.
pub(super) fn rdp_values(
    enabled: bool,
    require_nla: bool,
) -> Vec<(&'static str, &'static str, u32)> {
    let mut out = vec![(
        "SYSTEM\\CurrentControlSet\\Control\\Terminal Server",
        "fDenyTSConnections",
        u32::from(!enabled),
    )];
    if enabled && require_nla {
        out.push((
            "SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp",
            "UserAuthentication",
            1,
        ));
    }
    out
}

/// The secedit `[System Access]` keys of an account policy (FACTS section 5).
pub(super) fn secedit_settings(p: &AccountPolicy) -> Vec<(&'static str, u32)> {
    let mut out = Vec::new();
    let mut put = |k, v: Option<u32>| {
        if let Some(v) = v {
            out.push((k, v));
        }
    };
    put("MinimumPasswordLength", p.min_length);
    put("MaximumPasswordAge", p.max_age_days);
    put("MinimumPasswordAge", p.min_age_days);
    put("PasswordHistorySize", p.history);
    put("PasswordComplexity", p.complexity.map(u32::from));
    put("LockoutBadCount", p.lockout_threshold);
    put("LockoutDuration", p.lockout_minutes);
    // The reset window may not exceed the lockout duration: keep them equal.
    put("ResetLockoutCount", p.lockout_minutes);
    out
}

/// An allowed list as Windows Firewall takes it: `Any`, `LocalSubnet`, addresses and subnets;
/// empty for a closed port.
pub(super) fn allowed_entries(scopes: &[RemoteScope]) -> Vec<String> {
    scopes
        .iter()
        .flat_map(|s| match s {
            RemoteScope::Any => vec!["Any".to_string()],
            RemoteScope::LocalSubnet => vec!["LocalSubnet".to_string()],
            RemoteScope::Addresses(a) => a.clone(),
        })
        .collect()
}

/// The names of the plan's own rules: the search for other allow rules leaves them out.
pub(super) fn plan_rule_names(plan: &Plan) -> Vec<&str> {
    plan.operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::FirewallRule(r) => Some(r.name.as_str()),
            Action::FirewallProgram(p) => Some(p.name.as_str()),
            _ => None,
        })
        .collect()
}

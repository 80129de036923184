//! The lock-out guard: a plan must not cut the path by which the installer reaches the server.

use super::access::{self, EffectiveAccess};
use super::{Action, FirewallRule, Operation, RemoteScope};
use crate::catalog::{FirewallDirection, Protocol};
use crate::session::{Access, Site};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
pub struct LockoutWarning {
    /// The operation that would cut the path.
    pub operation: String,
    pub message: String,
}

/// The management port of an access method.
fn access_port(access: Access) -> Option<u16> {
    match access {
        Access::Console => None,
        Access::Rdp => Some(3389),
        Access::Ssh => Some(22),
    }
}

/// The warnings of a plan. A port's restriction is judged on its effective access (every
/// operation that opens it), so two rules that together admit the installer do not warn.
pub fn check(site: &Site, ops: &[Operation], table: &EffectiveAccess) -> Vec<LockoutWarning> {
    let allowed = |port| {
        table
            .port(Protocol::Tcp, port)
            .map(|s| s.allowed.clone())
            .unwrap_or_default()
    };
    warnings(site, ops, allowed)
}

/// [`check`] of a plan kept item by item, without its access table: who may reach the
/// management port is worked out from the operations that name it.
pub(super) fn check_operations<'a, I>(site: &Site, ops: I) -> Vec<LockoutWarning>
where
    I: IntoIterator<Item = &'a Operation>,
    I::IntoIter: Clone,
{
    let ops = ops.into_iter();
    let allowed = |port| access::allowed_at(ops.clone(), Protocol::Tcp, port);
    warnings(site, ops.clone(), allowed)
}

/// The warnings, `allowed` saying who may reach a TCP port once the plan is carried out.
fn warnings<'a>(
    site: &Site,
    ops: impl IntoIterator<Item = &'a Operation>,
    allowed: impl Fn(u16) -> Vec<RemoteScope>,
) -> Vec<LockoutWarning> {
    let Some(port) = access_port(site.access) else {
        return Vec::new();
    };
    let from = site.access_from.trim();
    let mut out = Vec::new();
    for op in ops {
        let warn = |message: String| LockoutWarning {
            operation: op.id.clone(),
            message,
        };
        match &op.action {
            Action::RemoteDesktop { enabled: false, .. } if site.access == Access::Rdp => {
                out.push(warn(
                    "this plan turns Remote Desktop off, and you are connected over RDP".into(),
                ));
            }
            Action::FirewallRule(FirewallRule {
                protocol: Protocol::Tcp,
                direction: FirewallDirection::Inbound,
                ports,
                ..
            }) if ports.contains(port) => {
                let allowed = allowed(port);
                let cut = match allowed.as_slice() {
                    [RemoteScope::Any] => false,
                    _ if from.is_empty() => true,
                    list => !access::admits(list, from),
                };
                if cut {
                    out.push(warn(format!(
                        "port {port} stays open only to {}, which excludes {}",
                        access::allowed_label(&allowed),
                        who(from)
                    )));
                }
            }
            Action::ClosePort(c) if c.protocol == Protocol::Tcp && c.ports.contains(port) => {
                out.push(warn(format!(
                    "this plan closes port {port} ({}), by which you reach the server",
                    c.description
                )));
            }
            Action::Service(s)
                if site.access == Access::Rdp
                    && s.name.eq_ignore_ascii_case("TermService")
                    && s.startup == crate::catalog::ServiceStartup::Disabled =>
            {
                out.push(warn(
                    "this plan disables the Remote Desktop service, and you are connected over RDP"
                        .into(),
                ));
            }
            _ => {}
        }
    }
    out
}

fn who(from: &str) -> String {
    if from.is_empty() {
        "your address (not given in the site facts)".to_string()
    } else {
        from.to_string()
    }
}

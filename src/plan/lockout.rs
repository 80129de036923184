//! The lock-out guard: a plan must not cut the path by which the installer reaches the server.

use super::{Action, Operation, RemoteScope};
use crate::catalog::Protocol;
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

pub fn check<'a>(site: &Site, ops: impl IntoIterator<Item = &'a Operation>) -> Vec<LockoutWarning> {
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
            Action::FirewallRule(r) if r.protocol == Protocol::Tcp && r.ports.contains(port) => {
                let cut = match &r.remote {
                    RemoteScope::Any => false,
                    _ if from.is_empty() => true,
                    scope => !scope.admits(from),
                };
                if cut {
                    let who = if from.is_empty() {
                        "your address (not given in the site facts)".to_string()
                    } else {
                        from.to_string()
                    };
                    out.push(warn(format!(
                        "rule {} limits port {port} to {}, which excludes {who}",
                        r.name,
                        r.remote.describe()
                    )));
                }
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

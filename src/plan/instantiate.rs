//! Operation templates filled in: a template of the wizard and the session's answers and site
//! facts become one typed operation of the plan.

use super::fill::Filler;
use super::{
    AccountPolicy, Action, AuditSetting, FirewallProgram, FirewallRule, ManualStep, PortForward,
    PortSide, RegistryData, RegistryValue, RemoteScope, ServiceChange,
};
use crate::catalog::{
    self, FieldType, OpTemplate, Remote, Wizard, parse_port, parse_port_spec, validate_field,
};
use crate::session::Session;

/// Why a rule cannot be limited: an empty list never means any address.
const NO_SUBNETS: &str = "the site names no allowed subnets (an empty list never means any \
                          address: name them in the site step, or 0.0.0.0/0 for any address on \
                          purpose)";

pub(super) fn scope(
    remote: &Remote,
    session: &Session,
    filler: &Filler,
) -> Result<RemoteScope, String> {
    Ok(match remote {
        Remote::Any => RemoteScope::Any,
        Remote::LocalSubnet => RemoteScope::LocalSubnet,
        Remote::SiteSubnets if session.site.subnets.is_empty() => return Err(NO_SUBNETS.into()),
        Remote::SiteSubnets => RemoteScope::Addresses(session.site.subnets.clone()),
        Remote::Field(f) => match filler.fill(&format!("{{{f}}}")) {
            Ok(list) => RemoteScope::Addresses(
                list.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
            // An optional address field left empty narrows nothing: the site's own scope holds.
            Err(_) => scope(&Remote::SiteSubnets, session, filler)
                .map_err(|e| format!("'{f}' is empty and {e}"))?,
        },
    })
}

pub(super) fn instantiate(
    t: &OpTemplate,
    wizard: &Wizard,
    session: &Session,
    f: &Filler,
) -> Result<Action, String> {
    let rule_name = |name: &str| format!("HL-{}-{name}", wizard.rule_prefix);
    Ok(match t {
        OpTemplate::FirewallRule {
            name,
            description,
            protocol,
            ports,
            direction,
            remote,
        } => Action::FirewallRule(FirewallRule {
            name: rule_name(name),
            description: f.fill(description)?,
            protocol: *protocol,
            ports: parse_port_spec(&f.fill(ports)?)?,
            port_side: PortSide::of(*direction),
            direction: *direction,
            remote: scope(remote, session, f)?,
        }),
        OpTemplate::FirewallProgram {
            name,
            description,
            program,
            remote,
        } => Action::FirewallProgram(FirewallProgram {
            name: rule_name(name),
            description: f.fill(description)?,
            program: f.fill(program)?,
            remote: scope(remote, session, f)?,
        }),
        OpTemplate::Service {
            name,
            display,
            startup,
            stop,
        } => Action::Service(ServiceChange {
            name: name.clone(),
            display: f.fill(display)?,
            startup: *startup,
            stop: *stop,
        }),
        OpTemplate::Registry { key, value, data } => Action::Registry(RegistryValue {
            key: key.clone(),
            value: value.clone(),
            data: match data {
                catalog::RegistryData::Dword(d) => RegistryData::Dword(*d),
                catalog::RegistryData::String(s) => RegistryData::String(f.fill(s)?),
            },
        }),
        OpTemplate::Audit {
            category,
            success,
            failure,
        } => Action::Audit(AuditSetting {
            category: *category,
            success: *success,
            failure: *failure,
        }),
        OpTemplate::IisExtension { name, allowed } => Action::IisExtension {
            name: name.clone(),
            allowed: *allowed,
        },
        OpTemplate::IisRemoveVirtualDirectory { name } => {
            Action::IisRemoveVirtualDirectory { name: name.clone() }
        }
        OpTemplate::IisDenyAnonymousWrite { path } => Action::IisDenyAnonymousWrite {
            path: f.fill(path)?,
        },
        OpTemplate::IisRequireSsl { site, requirement } => Action::IisRequireSsl {
            site: f.fill(site)?,
            requirement: *requirement,
        },
        OpTemplate::AccountPolicy {
            min_length,
            max_age_days,
            min_age_days,
            history,
            complexity,
            lockout_threshold,
            lockout_minutes,
        } => Action::AccountPolicy(AccountPolicy {
            min_length: *min_length,
            max_age_days: *max_age_days,
            min_age_days: *min_age_days,
            history: *history,
            complexity: *complexity,
            lockout_threshold: *lockout_threshold,
            lockout_minutes: *lockout_minutes,
        }),
        OpTemplate::LocalAccount { rid, action } => Action::LocalAccount {
            rid: *rid,
            action: match action {
                catalog::AccountAction::Rename(n) => catalog::AccountAction::Rename(f.fill(n)?),
                other => other.clone(),
            },
        },
        OpTemplate::NetBios { enabled } => Action::NetBios { enabled: *enabled },
        OpTemplate::RemoteDesktop {
            enabled,
            require_nla,
        } => Action::RemoteDesktop {
            enabled: *enabled,
            require_nla: *require_nla,
        },
        OpTemplate::Sql {
            description,
            statement,
            undo,
        } => {
            let statement = f.fill(statement)?;
            Action::Sql {
                description: f.fill(description)?,
                check: undo.is_none() && is_query(&statement),
                statement,
                undo: undo.as_deref().map(|u| f.fill(u)).transpose()?,
            }
        }
        OpTemplate::PortForward {
            description,
            protocol,
            public_address,
            wan_interface,
            public_port,
            target_port,
            remote,
            never_forwarded,
            masquerade,
        } => {
            if session.site.address.trim().is_empty() {
                return Err("the site has no server address to forward to".into());
            }
            let typed = |kind: FieldType, template: &str| -> Result<String, String> {
                let text = f.fill(template)?;
                validate_field(kind, &text)?;
                Ok(text)
            };
            Action::PortForward(PortForward {
                description: f.fill(description)?,
                protocol: *protocol,
                public_address: typed(FieldType::Ipv4, public_address)?,
                wan_interface: typed(FieldType::Interface, wan_interface)?,
                public_port: parse_port(&f.fill(public_port)?)?,
                target_address: session.site.address.clone(),
                target_port: parse_port(&f.fill(target_port)?)?,
                sources: scope(remote, session, f)?,
                never_forwarded: never_forwarded.clone(),
                masquerade: *masquerade,
            })
        }
        OpTemplate::DeleteWithBackup { path, description } => Action::DeleteWithBackup {
            path: f.fill(path)?,
            description: f.fill(description)?,
        },
        // `resolve` unwraps these; one inside another is a validation error.
        OpTemplate::ForSystems { .. } => return Err("for_systems inside for_systems".into()),
        OpTemplate::Manual {
            path,
            setting,
            value,
            note,
        } => Action::Manual(ManualStep {
            path: f.fill(path)?,
            setting: f.fill(setting)?,
            value: f.fill(value)?,
            note: note.as_deref().map(|n| f.fill(n)).transpose()?,
        }),
    })
}

/// A single SELECT: a check that reads and changes nothing.
fn is_query(statement: &str) -> bool {
    let t = statement.trim().trim_end_matches(';');
    let first = t.split_whitespace().next().unwrap_or("");
    first.eq_ignore_ascii_case("SELECT") && !t.contains(';')
}

//! `derive(wizard, session, now) -> Plan`.

use super::decision::{decision, open_check};
use super::fill::Filler;
use super::{
    AccountPolicy, Action, AuditSetting, Decision, FirewallProgram, FirewallRule, ManualStep,
    Operation, Origin, Plan, PlanStep, PortForward, RegistryData, RegistryValue, RemoteScope,
    ServiceChange, lockout, sections,
};
use crate::catalog::{
    self, FieldType, Item, OpTemplate, Remote, Value, Wizard, parse_port, parse_port_spec, resolve,
    validate_field,
};
use crate::session::{Session, StepState};
use std::collections::HashMap;

pub fn derive(wizard: &Wizard, session: &Session, now: &str) -> Plan {
    let ev = session.evaluate(wizard);
    let filler = Filler {
        values: &ev.values,
        site: &session.site,
    };
    let mut steps = Vec::new();
    let mut operations = Vec::new();
    let mut notes = Vec::new();
    let mut open = Vec::new();
    for (index, step) in wizard.steps.iter().enumerate() {
        let state = session.step_state(wizard, &ev, index);
        if state == StepState::Hidden {
            continue;
        }
        let decisions: Vec<Decision> = step
            .items
            .iter()
            .filter(|i| ev.visible(&i.id))
            .map(|i| decision(wizard, session, &ev, i))
            .collect();
        open.extend(decisions.iter().filter_map(open_check));
        steps.push(PlanStep {
            id: step.id.clone(),
            kind: step.kind,
            title: step.title.clone(),
            state,
            reason: session
                .steps
                .get(&step.id)
                .map(|r| r.reason.clone())
                .unwrap_or_default(),
            source: step.source.clone(),
            decisions,
        });
        if state == StepState::Skipped {
            continue;
        }
        for item in step.items.iter().filter(|i| ev.visible(&i.id)) {
            let note = session
                .answer(&item.id)
                .map(|a| a.reason.clone())
                .unwrap_or_default();
            let written_for = &wizard.document.written_for;
            let templates = item.templates(ev.values.get(&item.id));
            let resolved = resolve(templates, session.site.target_os, written_for);
            for (n, (template, provenance)) in resolved.into_iter().enumerate() {
                let id = format!("{}-{}", item.id, n + 1);
                match instantiate(template, wizard, session, &filler) {
                    Ok(action) => operations.push(Operation {
                        id,
                        item: item.id.clone(),
                        step: step.id.clone(),
                        reason: item.rationale.clone(),
                        note: note.clone(),
                        source: item.source.clone(),
                        origin: Origin::from_provenance(provenance, written_for),
                        action,
                    }),
                    Err(e) => notes.push(format!("{id} left out: {e}")),
                }
            }
        }
    }
    let lockout = lockout::check(&session.site, &operations);
    let fingerprint = fingerprint(session, &operations);
    let lockout_confirmed = !lockout.is_empty()
        && session.lockout_confirmed.as_deref() == Some(lockout_fingerprint(&lockout).as_str());
    let sections = sections::report(wizard, session.site.target_os, &steps);
    Plan {
        product: wizard.id.clone(),
        product_name: wizard.name.clone(),
        vendor: wizard.vendor.clone(),
        document: wizard.document.clone(),
        session_id: session.id.clone(),
        site: session.site.clone(),
        generated: now.to_string(),
        rule_group: format!("hardline {}", wizard.rule_prefix),
        fingerprint,
        steps,
        operations,
        lockout,
        lockout_confirmed,
        notes,
        open,
        audit: session.audit.clone(),
        sections,
    }
}

/// What the installer confirms: the set of warnings. A new warning needs a new confirmation.
pub fn lockout_fingerprint(warnings: &[lockout::LockoutWarning]) -> String {
    use sha2::{Digest, Sha256};
    let text: Vec<String> = warnings
        .iter()
        .map(|w| format!("{}:{}", w.operation, w.message))
        .collect();
    hex(&Sha256::digest(text.join("\n").as_bytes()))
}

/// Of what the operations do: their origins are notes for people and leave it alone.
fn fingerprint(session: &Session, ops: &[Operation]) -> String {
    use sha2::{Digest, Sha256};
    let ops: Vec<Operation> = ops
        .iter()
        .map(|o| Operation {
            origin: Origin::Document,
            ..o.clone()
        })
        .collect();
    let text = serde_json::to_string(&(&session.site, &ops)).unwrap_or_default();
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Why a rule cannot be limited: an empty list never means any address.
const NO_SUBNETS: &str = "the site names no allowed subnets (an empty list never means any \
                          address: name them in the site step, or 0.0.0.0/0 for any address on \
                          purpose)";

fn scope(remote: &Remote, session: &Session, filler: &Filler) -> Result<RemoteScope, String> {
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

/// The rules an item's answer brings that have no address to be limited to, one message each:
/// the step cannot be completed while there are any (the plan would leave them out).
pub fn unscoped(session: &Session, values: &HashMap<String, Value>, item: &Item) -> Vec<String> {
    let filler = Filler {
        values,
        site: &session.site,
    };
    item.templates(values.get(&item.id))
        .into_iter()
        .filter_map(|t| t.remote())
        .filter_map(|r| scope(r, session, &filler).err())
        .map(|e| format!("'{}': no address to limit its rule to: {e}", item.label))
        .collect()
}

fn instantiate(
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
        } => Action::Sql {
            description: f.fill(description)?,
            statement: f.fill(statement)?,
            undo: undo.as_deref().map(|u| f.fill(u)).transpose()?,
        },
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

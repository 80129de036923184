//! `derive(wizard, session, now) -> Plan`.

use super::fill::Filler;
use super::live::{ItemPlan, LivePlan};
use super::{
    AccountPolicy, Action, AuditSetting, ChecklistRow, Decision, FirewallProgram, FirewallRule,
    ManualStep, Operation, Plan, PortForward, RegistryData, RegistryValue, RemoteScope,
    ServiceChange, lockout,
};
use crate::catalog::{
    self, Item, ItemKind, OpTemplate, Remote, Step, Value, Wizard, parse_port, parse_port_spec,
};
use crate::session::{Session, describe};

pub fn derive(wizard: &Wizard, session: &Session, now: &str) -> Plan {
    LivePlan::new(wizard, session, &session.evaluate(wizard), now).into_plan(wizard, session)
}

/// The operations that an item's answer `value` brings, and notes on those left out.
pub(super) fn item_plan(
    wizard: &Wizard,
    session: &Session,
    filler: &Filler,
    step: &Step,
    item: &Item,
    value: Option<&Value>,
    note: &str,
) -> ItemPlan {
    let mut out = ItemPlan::default();
    for (n, template) in templates(item, value).into_iter().enumerate() {
        let id = format!("{}-{}", item.id, n + 1);
        match instantiate(template, wizard, session, filler) {
            Ok(action) => out.operations.push(Operation {
                id,
                item: item.id.clone(),
                step: step.id.clone(),
                reason: item.rationale.clone(),
                note: note.to_string(),
                source: item.source.clone(),
                action,
            }),
            Err(e) => out.notes.push(format!("{id} left out: {e}")),
        }
    }
    out
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

pub(super) fn fingerprint(session: &Session, ops: &[Operation]) -> String {
    use sha2::{Digest, Sha256};
    let text = serde_json::to_string(&(&session.site, ops)).unwrap_or_default();
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

pub(super) fn decision(item: &Item, session: &Session) -> Decision {
    let answer = session.answer(&item.id);
    let value = answer.map(|a| describe(item, &a.value)).unwrap_or_default();
    let recommended = item.recommended.as_ref().map(|r| describe(item, r));
    let deviates = match (answer, &item.recommended) {
        (Some(a), Some(r)) => &a.value != r,
        _ => false,
    };
    let checklist = (item.kind == ItemKind::Measure).then(|| {
        let c = item.checklist.clone().unwrap_or_default();
        ChecklistRow {
            measure: item.label.clone(),
            executed: value.clone(),
            comments: answer.map(|a| a.reason.clone()).unwrap_or_default(),
            access_rights: c.access_rights,
            references: c.references,
        }
    });
    Decision {
        item: item.id.clone(),
        label: item.label.clone(),
        kind: item.kind,
        value,
        recommended,
        deviates,
        status: answer.map(|a| a.status),
        reason: answer.map(|a| a.reason.clone()).unwrap_or_default(),
        rationale: item.rationale.clone(),
        source: item.source.clone(),
        checklist,
    }
}

/// The templates an item's answer brings.
fn templates<'a>(item: &'a Item, value: Option<&Value>) -> Vec<&'a OpTemplate> {
    let mut out: Vec<&OpTemplate> = Vec::new();
    match (item.kind, value) {
        (ItemKind::Info | ItemKind::PasswordCheck, _) => out.extend(&item.ops),
        (_, None) => {}
        (ItemKind::Toggle, Some(Value::Bool(true))) => out.extend(&item.ops),
        (ItemKind::Toggle, Some(_)) => out.extend(&item.ops_off),
        (ItemKind::Choice, Some(Value::Text(t))) => {
            out.extend(&item.ops);
            out.extend(
                item.options
                    .iter()
                    .filter(|o| &o.id == t)
                    .flat_map(|o| &o.ops),
            );
        }
        (ItemKind::Measure, Some(Value::Text(t)))
            if item
                .measure_states()
                .iter()
                .any(|s| &s.id == t && s.applies) =>
        {
            out.extend(&item.ops)
        }
        (ItemKind::Field, Some(Value::Text(t))) if !t.trim().is_empty() => out.extend(&item.ops),
        _ => {}
    }
    out
}

fn scope(remote: &Remote, session: &Session, filler: &Filler) -> Result<RemoteScope, String> {
    Ok(match remote {
        Remote::Any => RemoteScope::Any,
        Remote::LocalSubnet => RemoteScope::LocalSubnet,
        Remote::SiteSubnets if session.site.subnets.is_empty() => RemoteScope::Any,
        Remote::SiteSubnets => RemoteScope::Addresses(session.site.subnets.clone()),
        Remote::Field(f) => match filler.fill(&format!("{{{f}}}")) {
            Ok(list) => RemoteScope::Addresses(
                list.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
            // An optional address field left empty narrows nothing: the site's own scope holds.
            Err(_) => scope(&Remote::SiteSubnets, session, filler)?,
        },
    })
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
            public_port,
            target_port,
            remote,
        } => {
            if session.site.address.trim().is_empty() {
                return Err("the site has no server address to forward to".into());
            }
            Action::PortForward(PortForward {
                description: f.fill(description)?,
                protocol: *protocol,
                public_port: parse_port(&f.fill(public_port)?)?,
                target_address: session.site.address.clone(),
                target_port: parse_port(&f.fill(target_port)?)?,
                sources: scope(remote, session, f)?,
            })
        }
        OpTemplate::DeleteWithBackup { path, description } => Action::DeleteWithBackup {
            path: f.fill(path)?,
            description: f.fill(description)?,
        },
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

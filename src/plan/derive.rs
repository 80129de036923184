//! `derive(wizard, session, now) -> Plan`.

use super::access::{self, EffectiveAccess};
use super::decision::{decision, open_check};
use super::fill::Filler;
use super::instantiate::{instantiate, scope};
use super::{
    Action, ClosePort, CloseProgram, Decision, Operation, Origin, Plan, PlanStep, RunStatus,
    lockout, sections,
};
use crate::catalog::{self, FirewallDirection, Item, ItemKind, Value, Wizard, resolve};
use crate::session::{Evaluation, Session, StepState};
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
            let operation = |n: usize, origin, action| Operation {
                id: format!("{}-{}", item.id, n + 1),
                item: item.id.clone(),
                step: step.id.clone(),
                reason: item.rationale.clone(),
                note: note.clone(),
                source: item.source.clone(),
                origin,
                action,
                run: RunStatus::Planned,
            };
            let chosen = item.templates(ev.values.get(&item.id));
            let chosen = resolve(chosen, session.site.target_os, written_for);
            for (n, (template, provenance)) in chosen.iter().enumerate() {
                let origin = Origin::from_provenance(*provenance, written_for);
                match instantiate(template, wizard, session, &filler) {
                    Ok(action) => operations.push(operation(n, origin, action)),
                    Err(e) => notes.push(format!("{}-{} left out: {e}", item.id, n + 1)),
                }
            }
            for (n, (close, origin)) in closes(item, &ev, wizard, session, &filler)
                .into_iter()
                .enumerate()
            {
                operations.push(operation(chosen.len() + n, origin, close));
            }
        }
    }
    keep_open_ports(&mut operations, &mut notes);
    let access = EffectiveAccess::of(&operations);
    for op in &mut operations {
        op.run = RunStatus::of(op, &session.runs);
    }
    for d in steps.iter_mut().flat_map(|s| s.decisions.iter_mut()) {
        d.run = RunStatus::combine(
            operations
                .iter()
                .filter(|o| o.item == d.item)
                .map(|o| &o.run),
        );
    }
    let lockout = lockout::check(&session.site, &operations, &access);
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
        effective_access: access,
        sql_instance: sql_instance(wizard, session, &ev),
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

fn fingerprint(session: &Session, ops: &[Operation]) -> String {
    use sha2::{Digest, Sha256};
    // What the operations do, not what the runs did with them: a result does not change the plan.
    let actions: Vec<(&str, &Action)> = ops.iter().map(|o| (o.id.as_str(), &o.action)).collect();
    let text = serde_json::to_string(&(&session.site, actions)).unwrap_or_default();
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The SQL Server of the plan: the address in the wizard's SQL Server field when that field is
/// shown and filled in (the database is on another server), else this server.
fn sql_instance(wizard: &Wizard, session: &Session, ev: &Evaluation) -> String {
    wizard
        .sql_server
        .as_deref()
        .filter(|item| ev.visible(item))
        .and_then(|item| session.answer(item))
        .and_then(|a| a.value.as_text().map(|t| t.trim().to_string()))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| ".".into())
}

/// What a toggle turned off closes: the inbound ports and programs its "on" would have opened.
/// Kept only where no other operation opens them ([`keep_open_ports`]).
fn closes(
    item: &Item,
    ev: &Evaluation,
    wizard: &Wizard,
    session: &Session,
    filler: &Filler,
) -> Vec<(Action, Origin)> {
    if item.kind != ItemKind::Toggle || ev.values.get(&item.id) != Some(&Value::Bool(false)) {
        return Vec::new();
    }
    let written_for = &wizard.document.written_for;
    let on = item.templates(Some(&Value::Bool(true)));
    resolve(on, session.site.target_os, written_for)
        .into_iter()
        .filter_map(|(template, provenance)| {
            let origin = Origin::from_provenance(provenance, written_for);
            match instantiate(template, wizard, session, filler) {
                Ok(Action::FirewallRule(r)) if r.direction == FirewallDirection::Inbound => Some((
                    Action::ClosePort(ClosePort {
                        description: r.description,
                        protocol: r.protocol,
                        ports: r.ports,
                    }),
                    origin,
                )),
                Ok(Action::FirewallProgram(p)) => Some((
                    Action::CloseProgram(CloseProgram {
                        description: p.description,
                        program: p.program,
                    }),
                    origin,
                )),
                // An outbound rule left off closes nothing (outbound is allowed by default), and a
                // port that cannot be worked out (an empty field) names nothing to close.
                _ => None,
            }
        })
        .collect()
}

/// A port (or program) that one toggle turns off and another operation opens stays open: the
/// close keeps only the ports nothing opens, and a close left with none becomes a note.
fn keep_open_ports(ops: &mut Vec<Operation>, notes: &mut Vec<String>) {
    let opened = |protocol: catalog::Protocol| -> Vec<(u16, u16)> {
        ops.iter()
            .filter_map(|o| match &o.action {
                Action::FirewallRule(r)
                    if r.direction == FirewallDirection::Inbound && r.protocol == protocol =>
                {
                    Some(r.ports.0.clone())
                }
                _ => None,
            })
            .flatten()
            .collect()
    };
    let tcp = opened(catalog::Protocol::Tcp);
    let udp = opened(catalog::Protocol::Udp);
    let programs: Vec<String> = ops
        .iter()
        .filter_map(|o| match &o.action {
            Action::FirewallProgram(p) => Some(p.program.to_lowercase()),
            _ => None,
        })
        .collect();
    ops.retain_mut(|op| match &mut op.action {
        Action::ClosePort(c) => {
            let open = match c.protocol {
                catalog::Protocol::Tcp => &tcp,
                catalog::Protocol::Udp => &udp,
            };
            let rest = access::without(&c.ports, open);
            if rest.0.is_empty() {
                notes.push(format!(
                    "{} off does not close {} {}: another operation of the plan opens it",
                    op.item,
                    c.protocol.name(),
                    c.ports
                ));
                return false;
            }
            c.ports = rest;
            true
        }
        Action::CloseProgram(c) if programs.contains(&c.program.to_lowercase()) => {
            notes.push(format!(
                "{} off does not close {}: another operation of the plan opens it",
                op.item, c.program
            ));
            false
        }
        _ => true,
    });
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

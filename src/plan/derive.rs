//! `derive(wizard, session, now) -> Plan`.

use super::access::{self, EffectiveAccess};
use super::decision::{decision, open_check};
use super::fill::Filler;
use super::instantiate::instantiate;
use super::{
    Action, ClosePort, CloseProgram, Decision, Operation, Origin, Plan, PlanStep, RunStatus,
    lockout, sections,
};
use crate::catalog::{self, FirewallDirection, Item, ItemKind, Value, Wizard, resolve};
use crate::session::{Evaluation, Session, StepState};

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
            let operation = |n: usize, action, origin| Operation {
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
            let templates = item.templates(ev.values.get(&item.id));
            let resolved = resolve(templates, session.site.target_os, written_for);
            let chosen = resolved.len();
            for (n, (template, provenance)) in resolved.into_iter().enumerate() {
                match instantiate(template, wizard, session, &filler) {
                    Ok(action) => operations.push(operation(
                        n,
                        action,
                        Origin::from_provenance(provenance, written_for),
                    )),
                    Err(e) => notes.push(format!("{}-{} left out: {e}", item.id, n + 1)),
                }
            }
            for (n, close) in closes(item, &ev, wizard, session, &filler)
                .into_iter()
                .enumerate()
            {
                operations.push(operation(chosen + n, close, closed_origin()));
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

/// Of what the operations do: their origins are notes for people and leave it alone.
fn fingerprint(session: &Session, ops: &[Operation]) -> String {
    use sha2::{Digest, Sha256};
    /// An operation without what the runs did with it (a result does not change the plan) and
    /// with the document's origin (origins are notes for people).
    #[derive(serde::Serialize)]
    struct Planned<'a> {
        id: &'a str,
        item: &'a str,
        step: &'a str,
        reason: &'a str,
        note: &'a str,
        source: &'a crate::catalog::Source,
        action: &'a Action,
    }
    let planned: Vec<Planned> = ops
        .iter()
        .map(|o| Planned {
            id: &o.id,
            item: &o.item,
            step: &o.step,
            reason: &o.reason,
            note: &o.note,
            source: &o.source,
            action: &o.action,
        })
        .collect();
    let text = serde_json::to_string(&(&session.site, planned)).unwrap_or_default();
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

/// A close is ours: the document's table has the port off, and Windows keeps a port open while
/// any allow rule for it is enabled.
fn closed_origin() -> Origin {
    Origin::Translated {
        note: "the port is off in the document; Windows admits it while any allow rule for it is \
               enabled, so every one is disabled (and recorded for the undo)"
            .into(),
    }
}

/// What a toggle turned off closes: the inbound ports and programs its "on" would have opened.
/// Kept only where no other operation opens them ([`keep_open_ports`]).
fn closes(
    item: &Item,
    ev: &Evaluation,
    wizard: &Wizard,
    session: &Session,
    filler: &Filler,
) -> Vec<Action> {
    if item.kind != ItemKind::Toggle || ev.values.get(&item.id) != Some(&Value::Bool(false)) {
        return Vec::new();
    }
    let on = resolve(
        &item.ops,
        session.site.target_os,
        &wizard.document.written_for,
    );
    on.into_iter()
        .filter_map(
            |(template, _)| match instantiate(template, wizard, session, filler) {
                Ok(Action::FirewallRule(r)) if r.direction == FirewallDirection::Inbound => {
                    Some(Action::ClosePort(ClosePort {
                        description: r.description,
                        protocol: r.protocol,
                        ports: r.ports,
                    }))
                }
                Ok(Action::FirewallProgram(p)) => Some(Action::CloseProgram(CloseProgram {
                    description: p.description,
                    program: p.program,
                })),
                // An outbound rule left off closes nothing (outbound is allowed by default), and a
                // port that cannot be worked out (an empty field) names nothing to close.
                _ => None,
            },
        )
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

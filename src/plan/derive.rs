//! `derive(wizard, session, now) -> Plan`.

use super::access;
use super::fill::Filler;
use super::instantiate::{instantiate, scope};
use super::live::{ItemPlan, LivePlan};
use super::{Action, ClosePort, CloseProgram, Operation, Origin, Plan, RunStatus, lockout};
use crate::catalog::{
    self, FirewallDirection, Item, ItemKind, PortSpec, Step, Value, Wizard, resolve,
};
use crate::session::{Evaluation, Session};
use std::collections::{HashMap, HashSet};

pub fn derive(wizard: &Wizard, session: &Session, now: &str) -> Plan {
    LivePlan::new(wizard, session, &session.evaluate(wizard), now).into_plan(wizard, session)
}

/// What an item's answer `value` brings, before the plan as a whole is looked at: its
/// operations (what it closes last), and notes on those that cannot be worked out.
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
    let written_for = &wizard.document.written_for;
    let operation = |n: usize, origin, action| Operation {
        id: format!("{}-{}", item.id, n + 1),
        item: item.id.clone(),
        step: step.id.clone(),
        reason: item.rationale.clone(),
        note: note.to_string(),
        source: item.source.clone(),
        origin,
        action,
        run: RunStatus::Planned,
    };
    let chosen = item.templates(value);
    let chosen = resolve(chosen, session.site.target_os, written_for);
    for (n, (template, provenance)) in chosen.iter().enumerate() {
        let origin = Origin::from_provenance(*provenance, written_for);
        match instantiate(template, wizard, session, filler) {
            Ok(action) => out.operations.push(operation(n, origin, action)),
            Err(e) => out
                .notes
                .push(format!("{}-{} left out: {e}", item.id, n + 1)),
        }
    }
    for (n, (close, origin)) in closes(item, value, wizard, session, filler)
        .into_iter()
        .enumerate()
    {
        out.operations
            .push(operation(chosen.len() + n, origin, close));
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
pub(super) fn sql_instance(wizard: &Wizard, session: &Session, ev: &Evaluation) -> String {
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
    value: Option<&Value>,
    wizard: &Wizard,
    session: &Session,
    filler: &Filler,
) -> Vec<(Action, Origin)> {
    if item.kind != ItemKind::Toggle || value != Some(&Value::Bool(false)) {
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

/// What the plan's operations open: the inbound ports of each protocol (as sorted, merged
/// spans) and the programs. A port (or program) that one toggle turns off and another operation
/// opens stays open ([`Opened::keep_open`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Opened {
    tcp: Vec<(u16, u16)>,
    udp: Vec<(u16, u16)>,
    programs: HashSet<String>,
}

impl Opened {
    /// Whether an operation opens what closes are kept against.
    pub(super) fn opens(action: &Action) -> bool {
        matches!(action, Action::FirewallRule(r) if r.direction == FirewallDirection::Inbound)
            || matches!(action, Action::FirewallProgram(_))
    }

    pub(super) fn closes(action: &Action) -> bool {
        matches!(action, Action::ClosePort(_) | Action::CloseProgram(_))
    }

    pub(super) fn of<'a>(ops: impl IntoIterator<Item = &'a Operation>) -> Opened {
        let mut opened = Opened::default();
        for op in ops {
            match &op.action {
                Action::FirewallRule(r) if r.direction == FirewallDirection::Inbound => {
                    let spans = match r.protocol {
                        catalog::Protocol::Tcp => &mut opened.tcp,
                        catalog::Protocol::Udp => &mut opened.udp,
                    };
                    spans.extend(r.ports.0.iter().copied());
                }
                Action::FirewallProgram(p) => {
                    opened.programs.insert(p.program.to_lowercase());
                }
                _ => {}
            }
        }
        for spans in [&mut opened.tcp, &mut opened.udp] {
            spans.sort_unstable();
            let mut merged: Vec<(u16, u16)> = Vec::with_capacity(spans.len());
            for &(a, b) in spans.iter() {
                match merged.last_mut() {
                    Some(last) if u32::from(a) <= u32::from(last.1) + 1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            *spans = merged;
        }
        opened
    }

    /// `op` as the plan keeps it: a close keeps only the ports nothing opens, and a close left
    /// with none is dropped for a note.
    pub(super) fn keep_open(
        &self,
        mut op: Operation,
        notes: &mut Vec<String>,
    ) -> Option<Operation> {
        match &mut op.action {
            Action::ClosePort(c) => {
                let open = match c.protocol {
                    catalog::Protocol::Tcp => &self.tcp,
                    catalog::Protocol::Udp => &self.udp,
                };
                // Each span against the opened spans it meets (found by halving: they are
                // sorted and apart).
                let mut rest = Vec::new();
                for &(a, b) in &c.ports.0 {
                    let from = open.partition_point(|&(_, y)| y < a);
                    let to = open.partition_point(|&(x, _)| x <= b);
                    let span = PortSpec(vec![(a, b)]);
                    rest.extend(access::without(&span, &open[from..to]).0);
                }
                if rest.is_empty() {
                    notes.push(format!(
                        "{} off does not close {} {}: another operation of the plan opens it",
                        op.item,
                        c.protocol.name(),
                        c.ports
                    ));
                    return None;
                }
                c.ports = PortSpec(rest);
                Some(op)
            }
            Action::CloseProgram(c) if self.programs.contains(&c.program.to_lowercase()) => {
                notes.push(format!(
                    "{} off does not close {}: another operation of the plan opens it",
                    op.item, c.program
                ));
                None
            }
            _ => Some(op),
        }
    }
}

/// The rules an item's answer brings that have no address to be limited to, one message each:
/// the step cannot be completed while there are any (the plan would leave them out).
pub fn unscoped(session: &Session, values: &HashMap<String, Value>, item: &Item) -> Vec<String> {
    let filler = Filler {
        values,
        site: &session.site,
        answer: None,
    };
    item.templates(values.get(&item.id))
        .into_iter()
        .filter_map(|t| t.remote())
        .filter_map(|r| scope(r, session, &filler).err())
        .map(|e| format!("'{}': no address to limit its rule to: {e}", item.label))
        .collect()
}

//! The plan of an open session, kept item by item: after a change only what the change touched
//! is derived again, and the full [`Plan`] (whose fingerprint hashes every operation, and whose
//! access table and appendix span them all) is put together when it is asked for, to export it.
//! [`derive`](super::derive) is the same, at once.

use super::decision::{decision, open_check};
use super::derive::{Opened, fingerprint, item_plan, lockout_fingerprint, sql_instance};
use super::fill::Filler;
use super::lockout::{self, LockoutWarning};
use super::{EffectiveAccess, Operation, Plan, PlanStep, RunStatus, sections};
use crate::catalog::Wizard;
use crate::session::{Changed, Evaluation, Session, StepState};
use std::collections::BTreeSet;

mod preview;
pub use preview::operations_if;

#[derive(Debug, Clone, PartialEq)]
pub struct LivePlan {
    /// The visible steps in wizard order, with the decisions of their visible items.
    pub steps: Vec<PlanStep>,
    pub lockout: Vec<LockoutWarning>,
    /// The installer confirmed these warnings in the session.
    pub lockout_confirmed: bool,
    /// When it was last brought up to date (RFC 3339): the plan's `generated`.
    pub generated: String,
    /// The SQL Server the SQL operations run against (see [`Plan::sql_instance`]).
    pub sql_instance: String,
    /// The wizard's index of each of `steps`.
    shown: Vec<usize>,
    /// By item, in wizard order.
    items: Vec<ItemPlan>,
    /// What all operations open: a close keeps only what nothing opens.
    opened: Opened,
}

/// What one item brings to the plan: its operations and notes on those left out, as its answer
/// brings them (`operations`, `notes`), and as the plan keeps them once the other items' are
/// known (`kept`, `kept_notes`: a close of what another operation opens goes).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct ItemPlan {
    pub(super) operations: Vec<Operation>,
    pub(super) notes: Vec<String>,
    kept: Vec<Operation>,
    kept_notes: Vec<String>,
}

impl ItemPlan {
    /// Whether it opens what the closes are kept against.
    fn opens(&self) -> bool {
        self.operations.iter().any(|o| Opened::opens(&o.action))
    }

    fn closes(&self) -> bool {
        self.operations.iter().any(|o| Opened::closes(&o.action))
    }
}

impl LivePlan {
    /// The plan of `session`, whose evaluation is `ev`, at time `now`.
    pub fn new(wizard: &Wizard, session: &Session, ev: &Evaluation, now: &str) -> LivePlan {
        let index = wizard.index();
        let mut live = LivePlan {
            steps: Vec::new(),
            lockout: Vec::new(),
            lockout_confirmed: false,
            generated: now.to_string(),
            sql_instance: String::new(),
            shown: Vec::new(),
            items: vec![ItemPlan::default(); index.len()],
            opened: Opened::default(),
        };
        for s in 0..wizard.steps.len() {
            let state = session.step_state(wizard, ev, s);
            if let Some(step) = plan_step(wizard, session, ev, s, state) {
                live.shown.push(s);
                live.steps.push(step);
            }
            for i in 0..wizard.steps[s].items.len() {
                live.items[index.start(s) + i] = item_at(wizard, session, ev, s, i, state);
            }
        }
        live.opened = Opened::of(live.items.iter().flat_map(|i| &i.operations));
        for position in 0..live.items.len() {
            live.keep(wizard, session, position);
        }
        live.guard(wizard, session, ev);
        live
    }

    /// Brings the plan up to date after a change that touched `changed`; `ev` is the
    /// session's evaluation after it.
    pub fn update(
        &mut self,
        wizard: &Wizard,
        session: &Session,
        ev: &Evaluation,
        changed: &Changed,
        now: &str,
    ) {
        if changed.site || changed.runs {
            // Templates, scopes and the lock-out guard read the site, and every operation's
            // run status the runs: everything may change.
            *self = LivePlan::new(wizard, session, ev, now);
            return;
        }
        self.generated = now.to_string();
        let index = wizard.index();
        let mut dirty: BTreeSet<usize> = BTreeSet::new();
        for id in &changed.items {
            dirty.extend(index.item(id).map(|at| at.position));
            // Items whose operations or decision read its value.
            dirty.extend(index.plan_readers(id));
        }
        for id in &changed.steps {
            let Some(s) = wizard.step_index(id) else {
                continue;
            };
            let state = session.step_state(wizard, ev, s);
            let operations_change = match (self.shown.binary_search(&s), state) {
                (Err(_), StepState::Hidden) => false,
                (Ok(k), StepState::Hidden) => {
                    self.shown.remove(k);
                    self.steps.remove(k);
                    true
                }
                (Err(k), _) => {
                    if let Some(step) = plan_step(wizard, session, ev, s, state) {
                        self.shown.insert(k, s);
                        self.steps.insert(k, step);
                    }
                    true
                }
                (Ok(k), state) => {
                    let step = &mut self.steps[k];
                    // A skipped step brings no operations.
                    let skip_changed =
                        (step.state == StepState::Skipped) != (state == StepState::Skipped);
                    step.state = state;
                    step.reason = reason(session, id);
                    skip_changed
                }
            };
            if operations_change {
                let start = index.start(s);
                dirty.extend(start..start + wizard.steps[s].items.len());
            }
        }
        let mut opened_changed = false;
        for &position in &dirty {
            let before = self.items.get(position).is_some_and(ItemPlan::opens);
            self.item_changed(wizard, session, ev, position);
            let after = self.items.get(position).is_some_and(ItemPlan::opens);
            opened_changed |= before || after;
        }
        // What the others' closes are kept against changed: each close is looked at again.
        let opened = match opened_changed {
            true => Opened::of(self.items.iter().flat_map(|i| &i.operations)),
            false => self.opened.clone(),
        };
        if opened != self.opened {
            self.opened = opened;
            dirty.extend((0..self.items.len()).filter(|p| self.items[*p].closes()));
        }
        for position in dirty {
            self.keep(wizard, session, position);
        }
        self.guard(wizard, session, ev);
        debug_assert!(
            self.clone().into_plan(wizard, session)
                == LivePlan::new(wizard, session, ev, now).into_plan(wizard, session),
            "the plan kept differs from the plan derived"
        );
    }

    /// Derives again what the item at `position` brings, and its decision.
    fn item_changed(
        &mut self,
        wizard: &Wizard,
        session: &Session,
        ev: &Evaluation,
        position: usize,
    ) {
        let index = wizard.index();
        let (s, i) = index.at(position);
        let state = session.step_state(wizard, ev, s);
        if let Some(slot) = self.items.get_mut(position) {
            *slot = item_at(wizard, session, ev, s, i, state);
        }
        let Ok(k) = self.shown.binary_search(&s) else {
            return;
        };
        let item = &wizard.steps[s].items[i];
        let decisions = &mut self.steps[k].decisions;
        let at = decisions
            .partition_point(|d| index.item(&d.item).is_some_and(|a| a.position < position));
        let present = decisions.get(at).is_some_and(|d| d.item == item.id);
        match (ev.visible(&item.id), present) {
            (true, true) => decisions[at] = decision(wizard, session, ev, item),
            (true, false) => decisions.insert(at, decision(wizard, session, ev, item)),
            (false, true) => {
                decisions.remove(at);
            }
            (false, false) => {}
        }
    }

    /// What the plan keeps of what the item at `position` brings, and its run status.
    fn keep(&mut self, wizard: &Wizard, session: &Session, position: usize) {
        let Some(item) = self.items.get_mut(position) else {
            return;
        };
        let mut notes = Vec::new();
        item.kept = item
            .operations
            .iter()
            .filter_map(|op| self.opened.keep_open(op.clone(), &mut notes))
            .map(|mut op| {
                op.run = RunStatus::of(&op, &session.runs);
                op
            })
            .collect();
        item.kept_notes = notes;
        let (s, i) = wizard.index().at(position);
        if let Ok(k) = self.shown.binary_search(&s) {
            let id = &wizard.steps[s].items[i].id;
            if let Some(d) = self.steps[k].decisions.iter_mut().find(|d| &d.item == id) {
                d.run = RunStatus::combine(item.kept.iter().map(|o| &o.run));
            }
        }
    }

    /// The lock-out warnings of all operations, whether the session confirmed them, and the
    /// SQL Server.
    fn guard(&mut self, wizard: &Wizard, session: &Session, ev: &Evaluation) {
        let kept = self.items.iter().flat_map(|i| &i.kept);
        self.lockout = lockout::check_operations(&session.site, kept);
        self.lockout_confirmed = !self.lockout.is_empty()
            && session.lockout_confirmed.as_deref()
                == Some(lockout_fingerprint(&self.lockout).as_str());
        self.sql_instance = sql_instance(wizard, session, ev);
    }

    /// The state of step `step` (by index) as the plan shows it: hidden when it is not shown.
    pub fn state(&self, step: usize) -> StepState {
        match self.shown.binary_search(&step) {
            Ok(k) => self.steps[k].state,
            Err(_) => StepState::Hidden,
        }
    }

    /// The indices of the visible steps, in wizard order.
    pub fn visible_steps(&self) -> &[usize] {
        &self.shown
    }

    /// (settled, visible) step counts, as [`Session::progress`] counts them.
    pub fn progress(&self) -> (usize, usize) {
        let settled = self.steps.iter().filter(|s| s.state.is_settled()).count();
        (settled, self.steps.len())
    }

    /// The operations item `item` brings, as the plan keeps them.
    pub fn operations_of(&self, wizard: &Wizard, item: &str) -> &[Operation] {
        wizard
            .index()
            .item(item)
            .and_then(|at| self.items.get(at.position))
            .map_or(&[], |i| i.kept.as_slice())
    }

    /// The operations of step `step` (by id), as the plan keeps them.
    pub fn operations_of_step<'a>(
        &'a self,
        wizard: &Wizard,
        step: &str,
    ) -> impl Iterator<Item = &'a Operation> + 'a {
        let index = wizard.index();
        let range = wizard.step_index(step).map_or(0..0, |s| {
            let start = index.start(s);
            start..start + wizard.steps[s].items.len()
        });
        self.items[range].iter().flat_map(|i| &i.kept)
    }

    /// Whether the plan may be exported: lock-out warnings need the installer's confirmation.
    pub fn lockout_blocks(&self) -> bool {
        !self.lockout.is_empty() && !self.lockout_confirmed
    }

    /// The whole plan, as [`derive`](super::derive) makes it.
    pub fn plan(&self, wizard: &Wizard, session: &Session) -> Plan {
        self.clone().into_plan(wizard, session)
    }

    pub(super) fn into_plan(self, wizard: &Wizard, session: &Session) -> Plan {
        let mut operations = Vec::new();
        let mut notes = Vec::new();
        let mut kept_notes = Vec::new();
        for item in self.items {
            operations.extend(item.kept);
            notes.extend(item.notes);
            kept_notes.extend(item.kept_notes);
        }
        notes.extend(kept_notes);
        let open = self
            .steps
            .iter()
            .flat_map(|s| &s.decisions)
            .filter_map(open_check)
            .collect();
        let sections = sections::report(wizard, session.site.target_os, &self.steps);
        let access = EffectiveAccess::of(&operations);
        debug_assert_eq!(
            self.lockout,
            lockout::check(&session.site, &operations, &access),
            "the lock-out warnings kept differ from those of the access table"
        );
        Plan {
            product: wizard.id.clone(),
            product_name: wizard.name.clone(),
            vendor: wizard.vendor.clone(),
            document: wizard.document.clone(),
            session_id: session.id.clone(),
            site: session.site.clone(),
            generated: self.generated,
            rule_group: format!("hardline {}", wizard.rule_prefix),
            fingerprint: fingerprint(session, &operations),
            effective_access: access,
            steps: self.steps,
            operations,
            sql_instance: self.sql_instance,
            lockout: self.lockout,
            lockout_confirmed: self.lockout_confirmed,
            notes,
            open,
            audit: session.audit.clone(),
            sections,
        }
    }
}

fn reason(session: &Session, step: &str) -> String {
    session
        .steps
        .get(step)
        .map(|r| r.reason.clone())
        .unwrap_or_default()
}

/// Step `s` as the plan shows it (None while hidden), with the decisions of its visible items.
fn plan_step(
    wizard: &Wizard,
    session: &Session,
    ev: &Evaluation,
    s: usize,
    state: StepState,
) -> Option<PlanStep> {
    if state == StepState::Hidden {
        return None;
    }
    let step = &wizard.steps[s];
    let decisions = step
        .items
        .iter()
        .filter(|i| ev.visible(&i.id))
        .map(|i| decision(wizard, session, ev, i))
        .collect();
    Some(PlanStep {
        id: step.id.clone(),
        kind: step.kind,
        title: step.title.clone(),
        state,
        reason: reason(session, &step.id),
        source: step.source.clone(),
        decisions,
    })
}

/// What item `i` of step `s` (in state `state`) brings: nothing when either is hidden, or the
/// step skipped.
fn item_at(
    wizard: &Wizard,
    session: &Session,
    ev: &Evaluation,
    s: usize,
    i: usize,
    state: StepState,
) -> ItemPlan {
    let step = &wizard.steps[s];
    let item = &step.items[i];
    if matches!(state, StepState::Hidden | StepState::Skipped) || !ev.visible(&item.id) {
        return ItemPlan::default();
    }
    let filler = Filler {
        values: &ev.values,
        site: &session.site,
        answer: None,
    };
    let note = session
        .answer(&item.id)
        .map(|a| a.reason.as_str())
        .unwrap_or_default();
    item_plan(
        wizard,
        session,
        &filler,
        step,
        item,
        ev.values.get(&item.id),
        note,
    )
}

#[cfg(test)]
mod tests;

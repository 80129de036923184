//! The plan of an open session, kept item by item: after a change only what the change touched
//! is derived again, and the full [`Plan`] (its fingerprint hashes every operation) is put
//! together when it is asked for, to export it. [`derive`](super::derive) is the same, at once.

use super::derive::{decision, fingerprint, item_plan, lockout_fingerprint};
use super::fill::Filler;
use super::lockout::{self, LockoutWarning};
use super::{Operation, Plan, PlanStep};
use crate::catalog::{Value, Wizard};
use crate::session::{Changed, Evaluation, Session, StepState};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct LivePlan {
    /// The visible steps in wizard order, with the decisions of their visible items.
    pub steps: Vec<PlanStep>,
    pub lockout: Vec<LockoutWarning>,
    /// The installer confirmed these warnings in the session.
    pub lockout_confirmed: bool,
    /// When it was last brought up to date (RFC 3339): the plan's `generated`.
    pub generated: String,
    /// The wizard's index of each of `steps`.
    shown: Vec<usize>,
    /// By item, in wizard order: what it brings.
    items: Vec<ItemPlan>,
}

/// What one item brings to the plan: its operations, and notes on those left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct ItemPlan {
    pub(super) operations: Vec<Operation>,
    pub(super) notes: Vec<String>,
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
            shown: Vec::new(),
            items: vec![ItemPlan::default(); index.len()],
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
        live.guard(session);
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
        if changed.site {
            // Templates, scopes and the lock-out guard read the site: everything may change.
            *self = LivePlan::new(wizard, session, ev, now);
            return;
        }
        self.generated = now.to_string();
        let index = wizard.index();
        let mut dirty: BTreeSet<usize> = BTreeSet::new();
        for id in &changed.items {
            dirty.extend(index.item(id).map(|at| at.position));
            // Items whose templates read its value.
            dirty.extend(index.template_readers(id));
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
        for position in dirty {
            self.item_changed(wizard, session, ev, position);
        }
        self.guard(session);
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
            (true, true) => decisions[at] = decision(item, session),
            (true, false) => decisions.insert(at, decision(item, session)),
            (false, true) => {
                decisions.remove(at);
            }
            (false, false) => {}
        }
    }

    /// The lock-out warnings of all operations, and whether the session confirmed them.
    fn guard(&mut self, session: &Session) {
        let operations = self.items.iter().flat_map(|i| &i.operations);
        self.lockout = lockout::check(&session.site, operations);
        self.lockout_confirmed = !self.lockout.is_empty()
            && session.lockout_confirmed.as_deref()
                == Some(lockout_fingerprint(&self.lockout).as_str());
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

    /// The operations item `item` brings.
    pub fn operations_of(&self, wizard: &Wizard, item: &str) -> &[Operation] {
        wizard
            .index()
            .item(item)
            .and_then(|at| self.items.get(at.position))
            .map_or(&[], |i| i.operations.as_slice())
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
        for item in self.items {
            operations.extend(item.operations);
            notes.extend(item.notes);
        }
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
            steps: self.steps,
            operations,
            lockout: self.lockout,
            lockout_confirmed: self.lockout_confirmed,
            notes,
            audit: session.audit.clone(),
        }
    }
}

/// What choosing `value` for item `item` would bring, with `note` as the answer's reason: the
/// item's operations worked out alone (nothing else in the plan changes with its answer).
pub fn operations_if(
    wizard: &Wizard,
    session: &Session,
    ev: &Evaluation,
    item: &str,
    value: &Value,
    note: &str,
) -> Vec<Operation> {
    let Some((s, found)) = wizard.item(item) else {
        return Vec::new();
    };
    if matches!(
        session.step_state(wizard, ev, s),
        StepState::Hidden | StepState::Skipped
    ) {
        return Vec::new();
    }
    let filler = Filler {
        values: &ev.values,
        site: &session.site,
        answer: Some((&found.id, value)),
    };
    let step = &wizard.steps[s];
    item_plan(wizard, session, &filler, step, found, Some(value), note).operations
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
        .map(|i| decision(i, session))
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
mod tests {
    use super::*;
    use crate::plan::derive;
    use crate::session::testing::{NOW, changes, session, values, wizards};
    use crate::session::{Change, value_error};

    /// A plan kept current change by change is the plan derived from the start, after every
    /// change, refused ones included.
    #[test]
    fn the_plan_kept_is_the_plan_derived() {
        for w in wizards() {
            let mut s = session(&w);
            let mut ev = s.evaluate(&w);
            let mut live = LivePlan::new(&w, &s, &ev, NOW);
            let mut operations_changed = 0;
            for (n, change) in changes(&w).into_iter().enumerate() {
                let now = format!("2026-11-25T10:{:02}:{:02}Z", n / 60 % 60, n % 60);
                let before = live.plan(&w, &s).operations;
                match s.apply_with(&w, &mut ev, change.clone(), &now) {
                    Ok(outcome) => live.update(&w, &s, &ev, &outcome.changed, &now),
                    // What a refused change wrote half-way is derived again from the start.
                    Err(_) => live = LivePlan::new(&w, &s, &ev, &now),
                }
                let plan = live.plan(&w, &s);
                assert_eq!(plan, derive(&w, &s, &now), "{}: after {change:?}", w.id);
                assert_eq!(live.progress(), s.progress(&w));
                operations_changed += usize::from(plan.operations != before);
            }
            assert!(operations_changed > 10, "{}: {operations_changed}", w.id);
        }
    }

    /// What `operations_if` says an answer brings is what answering so brings: the operations
    /// of the item in the plan derived after the change, on a copy of the session.
    #[test]
    fn operations_if_is_what_the_answer_brings() {
        let mut compared = 0;
        for w in wizards() {
            let mut walked = session(&w);
            for change in changes(&w).into_iter().take(12) {
                let _ = walked.apply(&w, change, NOW);
            }
            walked.walk(&w, true, NOW);
            let mut messy = session(&w);
            for change in changes(&w) {
                let _ = messy.apply(&w, change, NOW);
            }
            for s in [walked, messy] {
                let ev = s.evaluate(&w);
                for (_, item) in w.items() {
                    for value in values(item) {
                        // The preview works out only answers not given yet.
                        if s.answer(&item.id).is_some_and(|a| a.value == value) {
                            continue;
                        }
                        let note = "why";
                        let mut copy = s.clone();
                        let change = Change::Answer {
                            item: item.id.clone(),
                            value: value.clone(),
                            reason: note.into(),
                        };
                        let applied = copy.apply(&w, change, NOW).is_ok();
                        // The preview's rule for what the session would refuse.
                        let allowed = ev.visible(&item.id) && value_error(item, &value).is_none();
                        assert_eq!(applied, allowed, "{} = {value:?}", item.id);
                        if !allowed {
                            continue;
                        }
                        let expected: Vec<Operation> = derive(&w, &copy, NOW)
                            .operations
                            .into_iter()
                            .filter(|o| o.item == item.id)
                            .collect();
                        let found = operations_if(&w, &s, &ev, &item.id, &value, note);
                        assert_eq!(found, expected, "{} = {value:?}", item.id);
                        compared += usize::from(!found.is_empty());
                    }
                }
            }
        }
        assert!(compared > 100, "{compared}");
    }
}

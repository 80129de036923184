//! Evaluation: which steps and items are visible, what each step still needs, whether the
//! session may be exported. One forward pass: conditions only read earlier answers.

use super::{Session, StepState};
use crate::catalog::{
    Facts, Index, Item, ItemKind, StepKind, TargetOs, Unit, Value, Wizard, validate_field,
};
use std::collections::{BTreeSet, HashMap};

/// Visibility and effective answers of a session against its wizard.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    /// By step index.
    pub step_visible: Vec<bool>,
    pub item_visible: HashMap<String, bool>,
    /// Answers of visible items.
    pub values: HashMap<String, Value>,
}

impl Evaluation {
    pub fn visible(&self, item: &str) -> bool {
        self.item_visible.get(item).copied().unwrap_or(false)
    }
}

/// What keeps a step from being done; `item` is None for the step or the site facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemProblem {
    pub item: Option<String>,
    pub message: String,
}

/// What a condition sees: the effective answers of the items before it (those at a position
/// under `before`, when given; the forward pass holds no others).
struct SoFar<'a> {
    wizard: &'a Wizard,
    session: &'a Session,
    values: &'a HashMap<String, Value>,
    before: Option<(&'a Index, usize)>,
}

impl Facts for SoFar<'_> {
    fn answer(&self, item: &str) -> Option<Value> {
        if let Some((index, before)) = self.before
            && index.item(item).is_none_or(|at| at.position >= before)
        {
            return None;
        }
        self.values.get(item).cloned()
    }
    fn release_rank(&self) -> Option<usize> {
        self.wizard.release_rank(&self.session.site.release)
    }
    fn rank_of(&self, release: &str) -> Option<usize> {
        self.wizard.release_rank(release)
    }
    fn target_os(&self) -> Option<TargetOs> {
        self.session.site.target_os
    }
}

impl Session {
    pub fn evaluate(&self, wizard: &Wizard) -> Evaluation {
        let mut ev = Evaluation::default();
        for step in &wizard.steps {
            let holds = |c: &crate::catalog::Condition, values: &HashMap<String, Value>| {
                c.holds(&SoFar {
                    wizard,
                    session: self,
                    values,
                    before: None,
                })
            };
            let step_visible = step.when.as_ref().is_none_or(|c| holds(c, &ev.values));
            ev.step_visible.push(step_visible);
            for item in &step.items {
                let visible =
                    step_visible && item.when.as_ref().is_none_or(|c| holds(c, &ev.values));
                ev.item_visible.insert(item.id.clone(), visible);
                if visible && let Some(a) = self.answers.get(&item.id) {
                    ev.values.insert(item.id.clone(), a.value.clone());
                }
            }
        }
        ev
    }

    /// Brings `ev` up to date after the answers of `items` changed. Only the conditions that
    /// read a value that changed are evaluated again, in wizard order (each reads only earlier
    /// values), so a change costs what depends on it, not the wizard's length.
    pub(super) fn reevaluate<'a>(
        &self,
        wizard: &Wizard,
        ev: &mut Evaluation,
        items: impl IntoIterator<Item = &'a str>,
        t: &mut Touched,
    ) {
        let index = wizard.index();
        let mut queue: BTreeSet<Unit> = items
            .into_iter()
            .filter_map(|id| index.item(id))
            .map(|at| Unit {
                step: at.step,
                item: Some(at.index),
            })
            .collect();
        while let Some(unit) = queue.pop_first() {
            let Some(step) = wizard.steps.get(unit.step) else {
                continue;
            };
            let start = index.start(unit.step);
            let Some(i) = unit.item else {
                let visible = step
                    .when
                    .as_ref()
                    .is_none_or(|c| c.holds(&self.before(wizard, &ev.values, index, start)));
                if let Some(v) = ev.step_visible.get_mut(unit.step)
                    && *v != visible
                {
                    *v = visible;
                    t.steps.insert(unit.step);
                    queue.extend((0..step.items.len()).map(|i| Unit {
                        step: unit.step,
                        item: Some(i),
                    }));
                }
                continue;
            };
            let item = &step.items[i];
            let step_visible = ev.step_visible.get(unit.step).copied().unwrap_or(false);
            let visible = step_visible
                && item
                    .when
                    .as_ref()
                    .is_none_or(|c| c.holds(&self.before(wizard, &ev.values, index, start + i)));
            if ev.visible(&item.id) != visible {
                ev.item_visible.insert(item.id.clone(), visible);
                t.items.insert(item.id.clone());
            }
            let value = visible
                .then(|| self.answers.get(&item.id).map(|a| a.value.clone()))
                .flatten();
            if ev.values.get(&item.id) != value.as_ref() {
                t.before
                    .entry(item.id.clone())
                    .or_insert_with(|| ev.values.get(&item.id).cloned());
                match value {
                    Some(v) => ev.values.insert(item.id.clone(), v),
                    None => ev.values.remove(&item.id),
                };
                t.items.insert(item.id.clone());
                queue.extend(index.condition_readers(&item.id));
            }
        }
    }

    /// What a condition at `position` sees.
    fn before<'a>(
        &'a self,
        wizard: &'a Wizard,
        values: &'a HashMap<String, Value>,
        index: &'a Index,
        position: usize,
    ) -> SoFar<'a> {
        SoFar {
            wizard,
            session: self,
            values,
            before: Some((index, position)),
        }
    }

    /// Evaluates `ev` again from the start (the release or the target system changed: any
    /// condition may read them), recording what changed.
    pub(super) fn evaluate_again(&self, wizard: &Wizard, ev: &mut Evaluation, t: &mut Touched) {
        let new = self.evaluate(wizard);
        for (i, (old, new)) in ev.step_visible.iter().zip(&new.step_visible).enumerate() {
            if old != new {
                t.steps.insert(i);
            }
        }
        for (_, item) in wizard.items() {
            let id = &item.id;
            if ev.visible(id) != new.visible(id) {
                t.items.insert(id.clone());
            }
            if ev.values.get(id) != new.values.get(id) {
                t.before
                    .entry(id.clone())
                    .or_insert_with(|| ev.values.get(id).cloned());
                t.items.insert(id.clone());
            }
        }
        *ev = new;
    }

    /// The state of step `index`, with hidden derived from visibility.
    pub fn step_state(&self, wizard: &Wizard, ev: &Evaluation, index: usize) -> StepState {
        if !ev.step_visible.get(index).copied().unwrap_or(false) {
            return StepState::Hidden;
        }
        self.steps
            .get(&wizard.steps[index].id)
            .map(|r| r.state)
            .unwrap_or_default()
    }

    /// What keeps step `index` from being done (empty: it can be completed).
    pub fn step_problems(
        &self,
        wizard: &Wizard,
        ev: &Evaluation,
        index: usize,
    ) -> Vec<ItemProblem> {
        let step = &wizard.steps[index];
        let mut out = Vec::new();
        if step.kind == StepKind::Site {
            out.extend(
                self.site
                    .problems(wizard)
                    .into_iter()
                    .map(|(_, message)| ItemProblem {
                        item: None,
                        message,
                    }),
            );
        }
        for item in step.items.iter().filter(|i| ev.visible(&i.id)) {
            if let Some(message) = self.item_problem(item, ev) {
                out.push(ItemProblem {
                    item: Some(item.id.clone()),
                    message,
                });
            }
        }
        out
    }

    /// What is wrong with one visible item's answer, if anything.
    pub fn item_problem(&self, item: &Item, ev: &Evaluation) -> Option<String> {
        let answer = self.answers.get(&item.id);
        let value = answer.map(|a| &a.value);
        match (item.kind, value) {
            (ItemKind::Info | ItemKind::PasswordCheck, _) => return None,
            (ItemKind::Field, None) if item.optional => return None,
            (ItemKind::Field, Some(Value::Text(t))) if item.optional && t.trim().is_empty() => {
                return None;
            }
            (_, None) => return Some(format!("'{}' [{}] is not answered", item.label, item.id)),
            _ => {}
        }
        let value = value?;
        if let Some(required) = &item.required
            && value != required
        {
            return Some(format!(
                "'{}' must be {}: the document makes it mandatory",
                item.label,
                describe(item, required)
            ));
        }
        if let Some(err) = value_error(item, value) {
            return Some(format!("'{}': {err}", item.label));
        }
        if item.kind == ItemKind::Measure {
            let state = item
                .measure_states()
                .into_iter()
                .find(|s| Some(s.id.as_str()) == value.as_text());
            if state.is_some_and(|s| s.needs_reason)
                && answer.is_none_or(|a| a.reason.trim().is_empty())
            {
                return Some(format!(
                    "'{}' needs a reason for \"{}\"",
                    item.label,
                    describe(item, value)
                ));
            }
        }
        for other in &item.distinct_from {
            if ev.visible(other) && ev.values.get(other) == Some(value) {
                return Some(format!(
                    "'{}' must differ from '{other}' ({value})",
                    item.label
                ));
            }
        }
        None
    }

    /// Everything that keeps the session from export: steps not done or skipped.
    pub fn export_blockers(&self, wizard: &Wizard) -> Vec<String> {
        let ev = self.evaluate(wizard);
        (0..wizard.steps.len())
            .filter_map(|i| {
                let state = self.step_state(wizard, &ev, i);
                (!state.is_settled())
                    .then(|| format!("step '{}' is {}", wizard.steps[i].title, state.label()))
            })
            .collect()
    }

    /// (settled, visible) step counts: "7/14 steps".
    pub fn progress(&self, wizard: &Wizard) -> (usize, usize) {
        self.progress_with(wizard, &self.evaluate(wizard))
    }

    /// [`Session::progress`] with the session's evaluation at hand.
    pub fn progress_with(&self, wizard: &Wizard, ev: &Evaluation) -> (usize, usize) {
        let states = (0..wizard.steps.len())
            .map(|i| self.step_state(wizard, ev, i))
            .filter(|s| *s != StepState::Hidden);
        states.fold((0, 0), |(settled, visible), s| {
            (settled + usize::from(s.is_settled()), visible + 1)
        })
    }
}

/// What bringing an evaluation up to date changed.
#[derive(Debug, Default)]
pub(super) struct Touched {
    /// The effective value before, of each item whose value was written.
    pub(super) before: HashMap<String, Option<Value>>,
    /// Items whose visibility or effective value changed.
    pub(super) items: BTreeSet<String>,
    /// Steps whose visibility changed.
    pub(super) steps: BTreeSet<usize>,
}

impl Touched {
    /// The items whose effective value now differs from before.
    pub(super) fn changed_values<'a>(
        &'a self,
        ev: &'a Evaluation,
    ) -> impl Iterator<Item = &'a str> {
        self.before
            .iter()
            .filter(|(id, old)| ev.values.get(*id) != old.as_ref())
            .map(|(id, _)| id.as_str())
    }
}

/// Whether a value fits an item's kind; None when it does.
pub fn value_error(item: &Item, value: &Value) -> Option<String> {
    match (item.kind, value) {
        (ItemKind::Toggle | ItemKind::PasswordCheck, Value::Bool(_)) | (ItemKind::Info, _) => None,
        (ItemKind::Choice, Value::Text(t)) if item.options.iter().any(|o| &o.id == t) => None,
        (ItemKind::Choice, _) => Some(format!(
            "choose one of: {}",
            item.options
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        (ItemKind::Measure, Value::Text(t)) if item.measure_states().iter().any(|s| &s.id == t) => {
            None
        }
        (ItemKind::Measure, _) => Some(format!(
            "choose one of: {}",
            item.measure_states()
                .iter()
                .map(|s| s.id.clone())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        (ItemKind::Field, Value::Text(t)) if item.optional && t.trim().is_empty() => None,
        (ItemKind::Field, Value::Text(t)) => item.field.and_then(|f| validate_field(f, t).err()),
        (ItemKind::Field, Value::Bool(_)) => Some("expects text".into()),
        (ItemKind::Toggle | ItemKind::PasswordCheck, Value::Text(_)) => {
            Some("expects true or false".into())
        }
    }
}

/// A value as the installer reads it: the option's or state's label.
pub fn describe(item: &Item, value: &Value) -> String {
    match (item.kind, value) {
        (ItemKind::Choice, Value::Text(t)) => item
            .options
            .iter()
            .find(|o| &o.id == t)
            .map_or_else(|| t.clone(), |o| o.label.clone()),
        (ItemKind::Measure, Value::Text(t)) => item
            .measure_states()
            .into_iter()
            .find(|s| &s.id == t)
            .map_or_else(|| t.clone(), |s| s.label),
        (ItemKind::Toggle, Value::Bool(b)) => if *b { "on" } else { "off" }.to_string(),
        _ => value.to_string(),
    }
}

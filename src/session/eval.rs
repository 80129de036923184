//! Evaluation: which steps and items are visible, what each step still needs, whether the
//! session may be exported. One forward pass: conditions only read earlier answers.

use super::{Session, StepState};
use crate::catalog::{
    Facts, Index, Item, ItemKind, StepKind, TargetOs, Value, Wizard, validate_field,
};
use std::collections::HashMap;

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
pub(super) struct SoFar<'a> {
    pub(super) wizard: &'a Wizard,
    pub(super) session: &'a Session,
    pub(super) values: &'a HashMap<String, Value>,
    pub(super) before: Option<(&'a Index, usize)>,
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
        // Sized once for every item: a large wizard's maps are not grown and rehashed in steps.
        let items = wizard.index().len();
        let mut ev = Evaluation {
            step_visible: Vec::with_capacity(wizard.steps.len()),
            item_visible: HashMap::with_capacity(items),
            values: HashMap::with_capacity(items),
        };
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
        let facts = SoFar {
            wizard,
            session: self,
            values: &ev.values,
            before: None,
        };
        for item in step.items.iter().filter(|i| ev.visible(&i.id)) {
            let problem = |message| ItemProblem {
                item: Some(item.id.clone()),
                message,
            };
            if let Some(message) = self.item_problem(item, ev) {
                out.push(problem(message));
                continue;
            }
            if ev.values.contains_key(&item.id) {
                out.extend(
                    item.conflicts
                        .iter()
                        .filter(|c| c.when.holds(&facts))
                        .map(|c| problem(c.message.clone())),
                );
            }
            out.extend(
                crate::plan::unscoped(self, &ev.values, item)
                    .into_iter()
                    .map(problem),
            );
        }
        out
    }

    /// The recommendation in force for `item`: the first `recommended_if` whose condition holds
    /// for the answers so far, else its `recommended`.
    pub fn recommendation(&self, wizard: &Wizard, ev: &Evaluation, item: &Item) -> Option<Value> {
        let facts = SoFar {
            wizard,
            session: self,
            values: &ev.values,
            before: None,
        };
        item.recommended_if
            .iter()
            .find(|r| r.when.holds(&facts))
            .map(|r| r.value.clone())
            .or_else(|| item.recommended.clone())
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
        let ev = self.evaluate(wizard);
        let states: Vec<StepState> = (0..wizard.steps.len())
            .map(|i| self.step_state(wizard, &ev, i))
            .filter(|s| *s != StepState::Hidden)
            .collect();
        (
            states.iter().filter(|s| s.is_settled()).count(),
            states.len(),
        )
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

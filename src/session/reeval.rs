//! Keeping an evaluation current: after a change, only the conditions that read a value that
//! changed are evaluated again, in wizard order (each reads only earlier values), so that a
//! change costs what depends on it, not the length of the wizard.

use super::eval::SoFar;
use super::{Evaluation, Session};
use crate::catalog::{Index, Unit, Value, Wizard};
use std::collections::{BTreeSet, HashMap};

impl Session {
    /// Brings `ev` up to date after the answers of `items` changed.
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
                t.visible_before.entry(item.id.clone()).or_insert(!visible);
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
                t.visible_before.entry(id.clone()).or_insert(ev.visible(id));
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
}

/// What bringing an evaluation up to date changed.
#[derive(Debug, Default)]
pub(super) struct Touched {
    /// The effective value before, of each item whose value was written.
    pub(super) before: HashMap<String, Option<Value>>,
    /// Items whose visibility or effective value changed.
    pub(super) items: BTreeSet<String>,
    /// Whether each item whose visibility changed was shown before.
    pub(super) visible_before: HashMap<String, bool>,
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

#[cfg(test)]
mod tests {
    use super::super::testing::{NOW, changes, session, wizards};

    /// An evaluation kept current change by change is the evaluation worked out from the start,
    /// after every change, refused ones included.
    #[test]
    fn the_evaluation_kept_is_the_evaluation() {
        for w in wizards() {
            let mut s = session(&w);
            let mut ev = s.evaluate(&w);
            let (mut refused, mut shown_or_hidden) = (0, 0);
            for change in changes(&w) {
                let before = ev.clone();
                if s.apply_with(&w, &mut ev, change.clone(), NOW).is_err() {
                    refused += 1;
                }
                assert_eq!(ev, s.evaluate(&w), "{}: after {change:?}", w.id);
                if before.item_visible != ev.item_visible || before.step_visible != ev.step_visible
                {
                    shown_or_hidden += 1;
                }
            }
            assert!(refused > 0, "{}", w.id);
            assert!(shown_or_hidden > 3, "{}: {shown_or_hidden}", w.id);
        }
    }
}

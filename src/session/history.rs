//! Undo and redo: each change keeps what it replaced, and only that (a copy of every answer per
//! change would make a long session cost its length squared). The audit log is not part of it:
//! it only grows.

use super::apply::entry;
use super::reeval::Touched;
use super::{Answer, ChangeError, Changed, Evaluation, Outcome, Session, Site, StepRecord};
use crate::catalog::Wizard;
use std::collections::{BTreeMap, BTreeSet};

/// What a change replaced: for each thing it wrote, the value before (None: there was none).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Delta {
    pub(super) site: Option<Site>,
    pub(super) answers: BTreeMap<String, Option<Answer>>,
    pub(super) steps: BTreeMap<String, Option<StepRecord>>,
    lockout_confirmed: Option<Option<String>>,
}

impl Delta {
    pub(super) fn is_empty(&self) -> bool {
        self == &Delta::default()
    }

    /// Adds what `other` replaced, where this delta does not know the value before already.
    fn absorb(&mut self, other: &Delta) {
        if self.site.is_none() {
            self.site.clone_from(&other.site);
        }
        for (id, old) in &other.answers {
            self.answers
                .entry(id.clone())
                .or_insert_with(|| old.clone());
        }
        for (id, old) in &other.steps {
            self.steps.entry(id.clone()).or_insert_with(|| old.clone());
        }
        if self.lockout_confirmed.is_none() {
            self.lockout_confirmed.clone_from(&other.lockout_confirmed);
        }
    }
}

impl Session {
    /// Writes an answer; `d` keeps the one it replaces.
    pub(super) fn put_answer(&mut self, d: &mut Delta, id: &str, answer: Answer) {
        if !d.answers.contains_key(id) {
            d.answers
                .insert(id.to_string(), self.answers.get(id).cloned());
        }
        self.answers.insert(id.to_string(), answer);
    }

    /// The record of step `id` to write to (a pending one when there is none); `d` keeps the
    /// record before.
    pub(super) fn record_mut(&mut self, d: &mut Delta, id: &str) -> &mut StepRecord {
        if !d.steps.contains_key(id) {
            d.steps.insert(id.to_string(), self.steps.get(id).cloned());
        }
        self.steps.entry(id.to_string()).or_default()
    }

    /// The site facts to write to; `d` keeps them as they were.
    pub(super) fn site_mut(&mut self, d: &mut Delta) -> &mut Site {
        d.site.get_or_insert_with(|| self.site.clone());
        &mut self.site
    }

    pub(super) fn set_lockout_confirmed(&mut self, d: &mut Delta, fingerprint: Option<String>) {
        let old = std::mem::replace(&mut self.lockout_confirmed, fingerprint);
        d.lockout_confirmed.get_or_insert(old);
    }

    /// Writes made outside the history (entering a step, a change refused half-way). Undo and
    /// redo put the session back as it was at their change, so these are put back with them.
    pub(super) fn outside_history(&mut self, d: Delta) {
        let tops = [self.history.undo.last_mut(), self.history.redo.last_mut()];
        for top in tops.into_iter().flatten() {
            top.absorb(&d);
        }
    }

    /// Puts back what `d` replaced; returns what that replaces in turn.
    fn revert(&mut self, d: Delta) -> Delta {
        let mut back = Delta::default();
        if let Some(site) = d.site {
            back.site = Some(std::mem::replace(&mut self.site, site));
        }
        for (id, old) in d.answers {
            let now = match old {
                Some(a) => self.answers.insert(id.clone(), a),
                None => self.answers.remove(&id),
            };
            back.answers.insert(id, now);
        }
        for (id, old) in d.steps {
            let now = match old {
                Some(r) => self.steps.insert(id.clone(), r),
                None => self.steps.remove(&id),
            };
            back.steps.insert(id, now);
        }
        if let Some(old) = d.lockout_confirmed {
            back.lockout_confirmed = Some(std::mem::replace(&mut self.lockout_confirmed, old));
        }
        back
    }

    pub(super) fn step_history(
        &mut self,
        wizard: &Wizard,
        ev: &mut Evaluation,
        undo: bool,
        now: &str,
    ) -> Result<Outcome, ChangeError> {
        let (from, err) = if undo {
            (&mut self.history.undo, ChangeError::NothingToUndo)
        } else {
            (&mut self.history.redo, ChangeError::NothingToRedo)
        };
        let target = from.pop().ok_or(err)?;
        let back = self.revert(target);
        // The change undone may have made records.
        self.memo.all_records = false;
        let mut t = Touched::default();
        match &back.site {
            Some(s) if s.release != self.site.release || s.target_os != self.site.target_os => {
                self.evaluate_again(wizard, ev, &mut t)
            }
            _ => self.reevaluate(wizard, ev, back.answers.keys().map(String::as_str), &mut t),
        }
        let changed = self.changed(wizard, ev, &back, &t);
        if undo {
            self.history.redo.push(back);
        } else {
            self.history.undo.push(back);
        }
        let action = if undo { "undo" } else { "redo" };
        self.audit
            .push(entry(now, &self.site, action, "session", None, None, ""));
        self.updated = now.to_string();
        Ok(Outcome {
            invalidated: Vec::new(),
            changed,
        })
    }

    /// What `d` (the values a change replaced) and `t` (what it did to the evaluation) amount to.
    pub(super) fn changed(
        &self,
        wizard: &Wizard,
        ev: &Evaluation,
        d: &Delta,
        t: &Touched,
    ) -> Changed {
        let mut items = t.items.clone();
        items.extend(
            d.answers
                .iter()
                .filter(|(id, old)| self.answers.get(*id) != old.as_ref())
                .map(|(id, _)| id.clone()),
        );
        let mut steps: BTreeSet<String> = t
            .steps
            .iter()
            .map(|i| wizard.steps[*i].id.clone())
            .collect();
        steps.extend(
            d.steps
                .iter()
                .filter(|(id, old)| {
                    // A pending record where there was none changes nothing.
                    let pending = StepRecord::default();
                    self.steps.get(*id).unwrap_or(&pending) != old.as_ref().unwrap_or(&pending)
                })
                .map(|(id, _)| id.clone()),
        );
        let answered_before = |id: &str| match d.answers.get(id) {
            Some(old) => old.is_some(),
            None => self.answers.contains_key(id),
        };
        let hidden = t
            .visible_before
            .iter()
            .filter(|(id, shown)| **shown && !ev.visible(id) && answered_before(id))
            .map(|(id, _)| id.clone())
            .collect();
        Changed {
            items,
            steps,
            site: d.site.as_ref().is_some_and(|s| *s != self.site),
            runs: false,
            hidden,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{NOW, changes, session, wizards};
    use super::super::{Answer, Change, Session, Site, StepRecord};
    use std::collections::BTreeMap;

    type State = (
        Site,
        BTreeMap<String, Answer>,
        BTreeMap<String, StepRecord>,
        Option<String>,
    );

    fn state(s: &Session) -> State {
        (
            s.site.clone(),
            s.answers.clone(),
            s.steps.clone(),
            s.lockout_confirmed.clone(),
        )
    }

    /// Undo and redo go through exactly the states that copies of the whole session, taken
    /// before each change, would give back.
    #[test]
    fn undo_and_redo_give_back_what_copies_would() {
        for w in wizards() {
            let mut s = session(&w);
            // The reference: a copy of the state before each change.
            let (mut undo, mut redo): (Vec<State>, Vec<State>) = (Vec::new(), Vec::new());
            let mut undone = 0;
            let all = changes(&w)
                .into_iter()
                .chain(std::iter::repeat_n(Change::Undo, 500));
            for change in all {
                let current = state(&s);
                let result = s.apply(&w, change.clone(), NOW);
                match change {
                    Change::Undo | Change::Redo => {
                        let (from, to) = match change {
                            Change::Undo => (&mut undo, &mut redo),
                            _ => (&mut redo, &mut undo),
                        };
                        match from.pop() {
                            Some(expected) => {
                                assert!(result.is_ok(), "{}: {change:?}", w.id);
                                assert_eq!(state(&s), expected, "{}: {change:?}", w.id);
                                to.push(current);
                                undone += 1;
                            }
                            None => assert!(result.is_err(), "{}: {change:?}", w.id),
                        }
                    }
                    Change::Enter { .. } => {}
                    _ if result.is_ok() => {
                        undo.push(current);
                        redo.clear();
                    }
                    _ => {}
                }
            }
            assert!(undo.is_empty() && undone > 20, "{}: {undone}", w.id);
            assert!(!s.can_undo());
        }
    }
}

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
        let changed = self.changed(wizard, &back, &t);
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
    pub(super) fn changed(&self, wizard: &Wizard, d: &Delta, t: &Touched) -> Changed {
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
        Changed {
            items,
            steps,
            site: d.site.as_ref().is_some_and(|s| *s != self.site),
        }
    }
}

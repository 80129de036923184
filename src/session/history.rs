//! Undo and redo: snapshots of what a change may alter. The audit log is not part of them: it
//! only grows.

use super::apply::entry;
use super::{ChangeError, Outcome, Session, Snapshot};

impl Session {
    pub(super) fn snapshot(&self) -> Snapshot {
        Snapshot {
            site: self.site.clone(),
            answers: self.answers.clone(),
            steps: self.steps.clone(),
            lockout_confirmed: self.lockout_confirmed.clone(),
        }
    }

    fn restore(&mut self, s: Snapshot) {
        self.site = s.site;
        self.answers = s.answers;
        self.steps = s.steps;
        self.lockout_confirmed = s.lockout_confirmed;
    }

    pub(super) fn step_history(&mut self, undo: bool, now: &str) -> Result<Outcome, ChangeError> {
        let (from, err) = if undo {
            (&mut self.history.undo, ChangeError::NothingToUndo)
        } else {
            (&mut self.history.redo, ChangeError::NothingToRedo)
        };
        let target = from.pop().ok_or(err)?;
        let current = self.snapshot();
        if undo {
            self.history.redo.push(current);
        } else {
            self.history.undo.push(current);
        }
        self.restore(target);
        let action = if undo { "undo" } else { "redo" };
        self.audit
            .push(entry(now, &self.site, action, "session", None, None, ""));
        self.updated = now.to_string();
        Ok(Outcome::default())
    }
}

//! Walking a whole wizard without a terminal: `new --defaults` and `--answers`.

use super::{Change, Session, StepState};
use crate::catalog::Wizard;

impl Session {
    /// Goes through the steps in order: with `take_recommended`, fills every unanswered visible
    /// item with the document's recommendation; then completes each step that can be. Returns
    /// what keeps the others open, one line each (empty: every visible step is settled).
    pub fn walk(&mut self, wizard: &Wizard, take_recommended: bool, now: &str) -> Vec<String> {
        let mut open = Vec::new();
        // One evaluation for the whole walk, kept current by each change.
        let mut ev = self.evaluate(wizard);
        for index in 0..wizard.steps.len() {
            let step = &wizard.steps[index];
            let state = self.step_state(wizard, &ev, index);
            if state.is_settled() {
                continue;
            }
            if take_recommended {
                // Only visible, unanswered items are filled; an error here cannot happen for a
                // validated wizard, and would leave the step open with its problems listed below.
                let _ = self.apply_with(
                    wizard,
                    &mut ev,
                    Change::AcceptRecommended {
                        step: step.id.clone(),
                    },
                    now,
                );
            }
            let change = Change::Complete {
                step: step.id.clone(),
            };
            if let Err(e) = self.apply_with(wizard, &mut ev, change, now) {
                open.push(e.to_string());
            }
        }
        open
    }

    /// Whether every visible step is done or skipped.
    pub fn is_complete(&self, wizard: &Wizard) -> bool {
        let ev = self.evaluate(wizard);
        (0..wizard.steps.len()).all(|i| self.step_state(wizard, &ev, i).is_settled())
    }

    /// The first visible step that is not settled.
    pub fn first_open_step(&self, wizard: &Wizard) -> Option<usize> {
        let ev = self.evaluate(wizard);
        (0..wizard.steps.len()).find(|i| {
            let s = self.step_state(wizard, &ev, *i);
            s != StepState::Hidden && !s.is_settled()
        })
    }
}

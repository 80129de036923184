//! Invalidation: a settled step that reads an answer (or a site fact) that changed needs review.

use super::apply::Writing;
use super::{Session, StepState};
use crate::catalog::Wizard;
use std::collections::BTreeSet;

impl Session {
    /// Marks settled later steps that read a changed answer (or changed site fact) as needing
    /// review. Which steps read what is in the wizard's index: a change looks only at those.
    pub(super) fn invalidate(&mut self, wizard: &Wizard, w: &mut Writing) -> Vec<String> {
        let index = wizard.index();
        // Every later step has a record from the first change on; looking for missing ones
        // after each change would cost every change the number of steps.
        if self.memo.all_records {
            debug_assert!(
                self.missing_records(wizard).is_empty(),
                "a record went missing"
            );
        } else {
            for s in self.missing_records(wizard) {
                self.record_mut(&mut w.delta, &wizard.steps[s].id);
            }
            self.memo.all_records = true;
        }
        let mut affected: BTreeSet<usize> = w
            .touched
            .changed_values(w.ev)
            .flat_map(|id| index.steps_reading(id))
            .copied()
            .collect();
        if let Some(old) = &w.delta.site {
            let site = &self.site;
            if old.release != site.release || old.target_os != site.target_os {
                affected.extend(index.steps_reading_release_or_os());
            }
            // The facts that operations read: the scope of rules and the lock-out guard.
            let scope_changed = old.subnets != site.subnets
                || old.address != site.address
                || old.host != site.host
                || old.access != site.access
                || old.access_from != site.access_from;
            if scope_changed {
                affected.extend(index.steps_reading_site());
            }
        }
        let mut out = Vec::new();
        for s in affected.into_iter().filter(|s| *s > 0) {
            let id = &wizard.steps[s].id;
            let settled = self
                .steps
                .get(id)
                .is_some_and(|r| matches!(r.state, StepState::Done | StepState::Skipped));
            if settled {
                self.record_mut(&mut w.delta, id).state = StepState::NeedsReview;
                out.push(id.clone());
            }
        }
        out
    }

    /// Steps after the first that have no record yet, found by walking the records and the
    /// step ids side by side in their order.
    fn missing_records(&self, wizard: &Wizard) -> Vec<usize> {
        let mut records = self.steps.keys().peekable();
        let mut missing = Vec::new();
        for &s in wizard.index().later_steps_by_id() {
            let id = &wizard.steps[s].id;
            while records.next_if(|r| *r < id).is_some() {}
            if records.peek() != Some(&id) {
                missing.push(s);
            }
        }
        missing
    }
}

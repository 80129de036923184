//! Resuming against a wizard that changed since the session was saved: answers of items that
//! still exist (or were renamed) are kept, the rest are set aside and flagged.

use super::eval::value_error;
use super::{AnswerStatus, AuditEntry, Session, StepState};
use crate::catalog::{Item, Wizard};
use std::collections::{HashMap, HashSet};

/// What a resume against a changed wizard did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// (old id, new id) of answers carried over to a renamed item.
    pub renamed: Vec<(String, String)>,
    /// Answers whose item is gone: kept in `Session::orphaned`.
    pub orphaned: Vec<String>,
    /// Answers kept but no longer valid for their item: flagged.
    pub flagged: Vec<String>,
    /// Settled steps that gained items or lost answers: now need review.
    pub review: Vec<String>,
}

impl Reconciled {
    pub fn is_empty(&self) -> bool {
        self == &Reconciled::default()
    }
}

impl Session {
    pub fn reconcile(&mut self, wizard: &Wizard, fingerprint: &str, now: &str) -> Reconciled {
        let mut r = Reconciled::default();
        if self.wizard_fingerprint == fingerprint {
            return r;
        }
        let old_ids: Vec<String> = self.answers.keys().cloned().collect();
        // Each former id to the first item that names it, looked up once per answer.
        let mut heirs: HashMap<&str, &Item> = HashMap::new();
        for (_, item) in wizard.items() {
            for old in &item.renamed_from {
                heirs.entry(old.as_str()).or_insert(item);
            }
        }
        for id in old_ids {
            if wizard.item(&id).is_some() {
                continue;
            }
            let Some(answer) = self.answers.remove(&id) else {
                continue;
            };
            match heirs.get(id.as_str()) {
                Some(item) if !self.answers.contains_key(&item.id) => {
                    r.renamed.push((id.clone(), item.id.clone()));
                    self.answers.insert(item.id.clone(), answer);
                }
                _ => {
                    let mut answer = answer;
                    answer.status = AnswerStatus::Flagged;
                    r.orphaned.push(id.clone());
                    self.orphaned.insert(id, answer);
                }
            }
        }
        for (id, answer) in self.answers.iter_mut() {
            if let Some((_, item)) = wizard.item(id)
                && value_error(item, &answer.value).is_some()
            {
                answer.status = AnswerStatus::Flagged;
                r.flagged.push(id.clone());
            }
        }
        self.steps.retain(|id, _| wizard.step(id).is_some());
        // The wizard may have gained steps.
        self.memo.all_records = false;
        let ev = self.evaluate(wizard);
        let flagged: HashSet<&String> = r.flagged.iter().collect();
        for (index, step) in wizard.steps.iter().enumerate() {
            let settled = self
                .steps
                .get(&step.id)
                .is_some_and(|rec| matches!(rec.state, StepState::Done | StepState::Skipped));
            let flagged = step.items.iter().any(|i| flagged.contains(&i.id));
            if settled && (flagged || !self.step_problems(wizard, &ev, index).is_empty()) {
                if let Some(rec) = self.steps.get_mut(&step.id) {
                    rec.state = StepState::NeedsReview;
                }
                r.review.push(step.id.clone());
            }
        }
        let summary = format!(
            "{} renamed, {} set aside, {} flagged, {} steps to review",
            r.renamed.len(),
            r.orphaned.len(),
            r.flagged.len(),
            r.review.len()
        );
        self.audit.push(AuditEntry {
            time: now.to_string(),
            installer: self.site.installer.clone(),
            action: "wizard changed".into(),
            target: "session".into(),
            old: Some(self.wizard_fingerprint.clone()),
            new: Some(fingerprint.to_string()),
            reason: summary,
        });
        self.wizard_fingerprint = fingerprint.to_string();
        self.revised();
        r
    }
}

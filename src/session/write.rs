//! The writes a change is made of: an answer, a step's record. Each keeps what it replaced (for
//! undo) and brings the evaluation up to date.

use super::apply::{ChangeError, Writing, entry};
use super::eval::{describe, value_error};
use super::history::Delta;
use super::{Answer, AnswerStatus, AuditEntry, Session, StepRecord, StepState};
use crate::catalog::{Item, ItemKind, Value, Wizard};

impl Session {
    /// The recommendation for each of `items` that is visible and unanswered.
    pub(super) fn accept_recommended<'w>(
        &mut self,
        wizard: &Wizard,
        w: &mut Writing,
        items: impl Iterator<Item = &'w Item>,
        now: &str,
    ) -> Result<Vec<AuditEntry>, ChangeError> {
        let mut log = Vec::new();
        for item in items {
            // The evaluation follows each answer: one may reveal a later item of the same step.
            if !w.ev.visible(&item.id) || self.answers.contains_key(&item.id) {
                continue;
            }
            if let Some(v) = self.recommendation(wizard, w.ev, item) {
                log.extend(self.set_answer(
                    wizard,
                    w,
                    &item.id,
                    v,
                    String::new(),
                    AnswerStatus::Defaulted,
                    now,
                )?);
            }
        }
        Ok(log)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn set_answer(
        &mut self,
        wizard: &Wizard,
        w: &mut Writing,
        id: &str,
        value: Value,
        reason: String,
        status: AnswerStatus,
        now: &str,
    ) -> Result<Option<AuditEntry>, ChangeError> {
        let (step_index, item) = wizard
            .item(id)
            .ok_or_else(|| ChangeError::UnknownItem(id.to_string()))?;
        if !w.ev.visible(id) {
            return Err(ChangeError::Hidden(item.label.clone()));
        }
        if item.kind == ItemKind::Info {
            return Err(ChangeError::Invalid(format!(
                "'{}' is information, not a question",
                item.label
            )));
        }
        if let Some(e) = value_error(item, &value) {
            return Err(ChangeError::Invalid(format!("'{}': {e}", item.label)));
        }
        let old = self.answers.get(id);
        // A password check is answered by checking a password; an answer may only change the
        // reason of a check that was made.
        let check = old.and_then(|o| o.check.clone());
        if item.kind == ItemKind::PasswordCheck
            && (check.is_none() || old.map(|o| &o.value) != Some(&value))
        {
            return Err(ChangeError::Invalid(format!(
                "'{}' is a password check: type the password in hardline to check it; an answer \
                 cannot say that a check was made",
                item.label
            )));
        }
        if old.is_some_and(|o| o.value == value && o.reason == reason.trim()) {
            return Ok(None);
        }
        let e = entry(
            now,
            &self.site,
            if status == AnswerStatus::Imported {
                "import"
            } else {
                "answer"
            },
            id,
            old.map(|o| describe(item, &o.value)),
            Some(describe(item, &value)),
            reason.trim(),
        );
        let answer = Answer {
            value,
            status,
            reason: reason.trim().to_string(),
            check,
        };
        self.put_answer(&mut w.delta, id, answer);
        self.reevaluate(wizard, w.ev, [id], &mut w.touched);
        let step = &wizard.steps[step_index].id;
        self.touch_step(&mut w.delta, step);
        // A done step whose answer changed stays done only while it is still complete.
        if self
            .steps
            .get(step)
            .is_some_and(|r| r.state == StepState::Done)
            && !self.step_problems(wizard, w.ev, step_index).is_empty()
        {
            self.record_mut(&mut w.delta, step).state = StepState::InProgress;
        }
        Ok(Some(e))
    }

    /// A pending step that gets an answer is in progress.
    pub(super) fn touch_step(&mut self, d: &mut Delta, step: &str) {
        let rec = self.record_mut(d, step);
        if rec.state == StepState::Pending {
            rec.state = StepState::InProgress;
        }
    }

    pub(super) fn set_step(
        &mut self,
        w: &mut Writing,
        step: &str,
        state: StepState,
        reason: String,
        now: &str,
    ) -> Option<AuditEntry> {
        let old = self.steps.get(step).cloned().unwrap_or_default();
        if old.state == state && old.reason == reason {
            // Nothing changes, but the record exists from now on, as it always did.
            self.record_mut(&mut w.delta, step);
            return None;
        }
        let rec = self.record_mut(&mut w.delta, step);
        *rec = StepRecord {
            state,
            reason: reason.trim().to_string(),
        };
        let reason = rec.reason.clone();
        Some(entry(
            now,
            &self.site,
            "step",
            step,
            Some(old.state.label().into()),
            Some(state.label().into()),
            &reason,
        ))
    }
}

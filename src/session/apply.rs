//! `Session::apply`: the one way a session changes. Every change is checked against the wizard,
//! logged, and undoable.

use super::eval::{describe, value_error};
use super::{Answer, AnswerStatus, AuditEntry, Session, Site, SiteField, StepRecord, StepState};
use crate::catalog::{ItemKind, Secret, Value, Wizard};

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    SetSite {
        field: SiteField,
        value: String,
    },
    /// Answer an item; `reason` is kept with it (required for some deviations).
    Answer {
        item: String,
        value: Value,
        reason: String,
    },
    /// Check a candidate password for a `password_check` item: on success the session records
    /// that the check was made and passed (when, which rules); the candidate is never kept.
    CheckPassword {
        item: String,
        candidate: Secret,
    },
    /// Record an item's value as found already in place on the server.
    Import {
        item: String,
        value: Value,
        note: String,
    },
    /// Take the recommendation for every unanswered visible item of a step.
    AcceptRecommended {
        step: String,
    },
    /// Take the recommendation for those of these items that are visible and unanswered (the
    /// items a filter shows), in wizard order.
    AcceptRecommendedFor {
        items: Vec<String>,
    },
    /// Move to a step (a pending step becomes in progress). Not undoable: it is navigation.
    Enter {
        step: String,
    },
    Complete {
        step: String,
    },
    Skip {
        step: String,
        reason: String,
    },
    Reopen {
        step: String,
    },
    /// Accept the plan's lock-out warnings (their fingerprint), or withdraw that.
    ConfirmLockout {
        fingerprint: Option<String>,
    },
    /// Record what a run of the scripts did on the server (an imported result file). Not
    /// undoable: it is a fact about the server, not a choice.
    RecordRun(super::RunRecord),
    Undo,
    Redo,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Steps that now need review because an answer they depend on changed.
    pub invalidated: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("no step '{0}' in this wizard")]
    UnknownStep(String),
    #[error("no item '{0}' in this wizard")]
    UnknownItem(String),
    #[error("'{0}' is not shown for this site (its condition does not hold)")]
    Hidden(String),
    #[error("{0}")]
    Invalid(String),
    #[error("step '{step}' cannot be completed yet:\n{}", problems.join("\n"))]
    Incomplete { step: String, problems: Vec<String> },
    #[error("the document does not allow skipping '{0}'")]
    NotSkippable(String),
    #[error("a reason is required")]
    ReasonRequired,
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
}

impl Session {
    /// Applies one change at time `now` (RFC 3339). On error the session is unchanged.
    pub fn apply(
        &mut self,
        wizard: &Wizard,
        change: Change,
        now: &str,
    ) -> Result<Outcome, ChangeError> {
        match change {
            Change::Undo => return self.step_history(true, now),
            Change::Redo => return self.step_history(false, now),
            Change::Enter { step } => {
                let index = step_index(wizard, &step)?;
                let ev = self.evaluate(wizard);
                if self.step_state(wizard, &ev, index) == StepState::Hidden {
                    return Err(ChangeError::Hidden(step));
                }
                let rec = self.steps.entry(step.clone()).or_default();
                if rec.state == StepState::Pending {
                    rec.state = StepState::InProgress;
                }
                self.cursor = Some(step);
                return Ok(Outcome::default());
            }
            Change::RecordRun(run) => {
                let target = format!("{} on {}", run.script, run.host);
                let mode = match run.mode {
                    super::RunMode::Apply => "run result",
                    super::RunMode::Audit => "audit result",
                    super::RunMode::Rollback => "rollback result",
                };
                let summary = run.summary().to_string();
                let reason = format!("plan {}, finished {}", run.fingerprint, run.finished);
                self.audit.push(entry(
                    now,
                    &self.site,
                    mode,
                    &target,
                    None,
                    Some(summary),
                    &reason,
                ));
                self.runs.push(run);
                self.updated = now.to_string();
                return Ok(Outcome::default());
            }
            _ => {}
        }
        let before = self.snapshot();
        let before_values = self.evaluate(wizard).values;
        let entries = self.change(wizard, change, now)?;
        let invalidated = self.invalidate(wizard, &before.site, &before_values);
        for t in &invalidated {
            self.audit.push(entry(
                now,
                &self.site,
                "needs review",
                t,
                None,
                None,
                "an earlier answer changed",
            ));
        }
        self.audit.extend(entries);
        self.updated = now.to_string();
        self.history.undo.push(before);
        self.history.redo.clear();
        Ok(Outcome { invalidated })
    }

    fn change(
        &mut self,
        wizard: &Wizard,
        change: Change,
        now: &str,
    ) -> Result<Vec<AuditEntry>, ChangeError> {
        let mut log = Vec::new();
        match change {
            Change::SetSite { field, value } => {
                Site::check(wizard, field, &value)
                    .map_err(|e| ChangeError::Invalid(format!("{}: {e}", field.label())))?;
                let old = self.site.get(field);
                self.site.set(field, &value);
                let new = self.site.get(field);
                if old != new {
                    let target = format!("site.{}", field.id());
                    log.push(entry(
                        now,
                        &self.site,
                        "set",
                        &target,
                        Some(old),
                        Some(new),
                        "",
                    ));
                    self.touch_step(&wizard.steps[0].id);
                }
            }
            Change::Answer {
                item,
                value,
                reason,
            } => {
                log.extend(self.set_answer(
                    wizard,
                    &item,
                    value,
                    reason,
                    AnswerStatus::Answered,
                    now,
                )?);
            }
            Change::CheckPassword { item, candidate } => {
                log.push(self.check_password(wizard, &item, &candidate, now)?);
            }
            Change::Import { item, value, note } => {
                log.extend(self.set_answer(
                    wizard,
                    &item,
                    value,
                    note,
                    AnswerStatus::Imported,
                    now,
                )?);
            }
            Change::AcceptRecommended { step } => {
                let index = step_index(wizard, &step)?;
                let items = wizard.steps[index].items.iter();
                log.extend(self.accept_recommended(wizard, items, now)?);
            }
            Change::AcceptRecommendedFor { items } => {
                if let Some(unknown) = items.iter().find(|id| wizard.item(id).is_none()) {
                    return Err(ChangeError::UnknownItem(unknown.clone()));
                }
                let chosen = wizard
                    .items()
                    .map(|(_, i)| i)
                    .filter(|i| items.contains(&i.id));
                log.extend(self.accept_recommended(wizard, chosen, now)?);
            }
            Change::Complete { step } => {
                let index = step_index(wizard, &step)?;
                let ev = self.evaluate(wizard);
                if self.step_state(wizard, &ev, index) == StepState::Hidden {
                    return Err(ChangeError::Hidden(step));
                }
                let problems = self.step_problems(wizard, &ev, index);
                if !problems.is_empty() {
                    return Err(ChangeError::Incomplete {
                        step: wizard.steps[index].title.clone(),
                        problems: problems.into_iter().map(|p| p.message).collect(),
                    });
                }
                log.extend(self.set_step(&step, StepState::Done, String::new(), now));
            }
            Change::Skip { step, reason } => {
                let index = step_index(wizard, &step)?;
                if !wizard.steps[index].skippable {
                    return Err(ChangeError::NotSkippable(wizard.steps[index].title.clone()));
                }
                if reason.trim().is_empty() {
                    return Err(ChangeError::ReasonRequired);
                }
                log.extend(self.set_step(&step, StepState::Skipped, reason, now));
            }
            Change::Reopen { step } => {
                step_index(wizard, &step)?;
                log.extend(self.set_step(&step, StepState::InProgress, String::new(), now));
            }
            Change::ConfirmLockout { fingerprint } => {
                let new = fingerprint.clone().map(|_| "confirmed".to_string());
                log.push(entry(
                    now,
                    &self.site,
                    "lock-out warning",
                    "plan",
                    None,
                    new,
                    "",
                ));
                self.lockout_confirmed = fingerprint;
            }
            Change::Undo | Change::Redo | Change::Enter { .. } | Change::RecordRun(_) => {}
        }
        Ok(log)
    }

    /// The recommendation for each of `items` that is visible and unanswered.
    fn accept_recommended<'w>(
        &mut self,
        wizard: &Wizard,
        items: impl Iterator<Item = &'w crate::catalog::Item>,
        now: &str,
    ) -> Result<Vec<AuditEntry>, ChangeError> {
        let mut log = Vec::new();
        for item in items {
            // Re-evaluated per item: an answer may reveal a later item of the same step.
            let ev = self.evaluate(wizard);
            if !ev.visible(&item.id) || self.answers.contains_key(&item.id) {
                continue;
            }
            if let Some(v) = self.recommendation(wizard, &ev, item) {
                log.extend(self.set_answer(
                    wizard,
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

    fn set_answer(
        &mut self,
        wizard: &Wizard,
        id: &str,
        value: Value,
        reason: String,
        status: AnswerStatus,
        now: &str,
    ) -> Result<Option<AuditEntry>, ChangeError> {
        let (step_index, item) = wizard
            .item(id)
            .ok_or_else(|| ChangeError::UnknownItem(id.to_string()))?;
        let ev = self.evaluate(wizard);
        if !ev.visible(id) {
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
        let old = self.answers.get(id).cloned();
        // A password check is answered by checking a password; an answer may only change the
        // reason of a check that was made.
        let check = old.as_ref().and_then(|o| o.check.clone());
        if item.kind == ItemKind::PasswordCheck
            && (check.is_none() || old.as_ref().map(|o| &o.value) != Some(&value))
        {
            return Err(ChangeError::Invalid(format!(
                "'{}' is a password check: type the password in hardline to check it; an answer \
                 cannot say that a check was made",
                item.label
            )));
        }
        if old
            .as_ref()
            .is_some_and(|o| o.value == value && o.reason == reason.trim())
        {
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
            old.as_ref().map(|o| describe(item, &o.value)),
            Some(describe(item, &value)),
            reason.trim(),
        );
        self.answers.insert(
            id.to_string(),
            Answer {
                value,
                status,
                reason: reason.trim().to_string(),
                check,
            },
        );
        let step = &wizard.steps[step_index].id;
        self.touch_step(step);
        // A done step whose answer changed stays done only while it is still complete.
        if self
            .steps
            .get(step)
            .is_some_and(|r| r.state == StepState::Done)
        {
            let ev = self.evaluate(wizard);
            if !self.step_problems(wizard, &ev, step_index).is_empty() {
                self.steps.entry(step.clone()).or_default().state = StepState::InProgress;
            }
        }
        Ok(Some(e))
    }

    /// A pending step that gets an answer is in progress.
    pub(super) fn touch_step(&mut self, step: &str) {
        let rec = self.steps.entry(step.to_string()).or_default();
        if rec.state == StepState::Pending {
            rec.state = StepState::InProgress;
        }
    }

    fn set_step(
        &mut self,
        step: &str,
        state: StepState,
        reason: String,
        now: &str,
    ) -> Option<AuditEntry> {
        let rec = self.steps.entry(step.to_string()).or_default();
        let old = rec.state;
        if old == state && rec.reason == reason {
            return None;
        }
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
            Some(old.label().into()),
            Some(state.label().into()),
            &reason,
        ))
    }
}

fn step_index(wizard: &Wizard, step: &str) -> Result<usize, ChangeError> {
    wizard
        .step_index(step)
        .ok_or_else(|| ChangeError::UnknownStep(step.to_string()))
}

pub(super) fn entry(
    now: &str,
    site: &Site,
    action: &str,
    target: &str,
    old: Option<String>,
    new: Option<String>,
    reason: &str,
) -> AuditEntry {
    AuditEntry {
        time: now.to_string(),
        installer: site.installer.clone(),
        action: action.to_string(),
        target: target.to_string(),
        old,
        new,
        reason: reason.to_string(),
    }
}

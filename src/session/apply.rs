//! `Session::apply`: the one way a session changes. Every change is checked against the wizard,
//! logged, and undoable.

use super::history::Delta;
use super::reeval::Touched;
use super::{AnswerStatus, AuditEntry, Evaluation, Session, Site, SiteField, StepState};
use crate::catalog::{Secret, Value, Wizard};
use std::collections::BTreeSet;

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
    /// What the change touched, for a caller that keeps what it derived from the session.
    pub changed: Changed,
}

/// What a change touched: derived data (a plan, visibility) needs working out again for these
/// and what reads them, and for nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changed {
    /// Items whose answer, visibility or effective value changed.
    pub items: BTreeSet<String>,
    /// Steps whose record (state, reason) or visibility changed.
    pub steps: BTreeSet<String>,
    /// A site fact changed: templates, scopes and the lock-out guard read them.
    pub site: bool,
    /// A run was recorded: what each operation's run says may change.
    pub runs: bool,
    /// Answered items shown before the change that it hides (their answers leave the plan).
    pub hidden: BTreeSet<String>,
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

/// Where a change keeps what it did: the values it replaced (for undo), and what changed in the
/// evaluation.
pub(super) struct Writing<'a> {
    pub(super) ev: &'a mut Evaluation,
    pub(super) delta: Delta,
    pub(super) touched: Touched,
}

impl Session {
    /// Applies one change at time `now` (RFC 3339). On error the session is unchanged.
    pub fn apply(
        &mut self,
        wizard: &Wizard,
        change: Change,
        now: &str,
    ) -> Result<Outcome, ChangeError> {
        let mut ev = self.evaluate(wizard);
        self.apply_with(wizard, &mut ev, change, now)
    }

    /// [`Session::apply`] for a caller that keeps the session's evaluation: `ev` is
    /// `self.evaluate(wizard)`, and is brought up to date with the change rather than worked
    /// out again, so that a change costs what it touches, not the length of the wizard.
    pub fn apply_with(
        &mut self,
        wizard: &Wizard,
        ev: &mut Evaluation,
        change: Change,
        now: &str,
    ) -> Result<Outcome, ChangeError> {
        let result = self.apply_evaluated(wizard, ev, change, now);
        debug_assert!(
            *ev == self.evaluate(wizard),
            "the evaluation kept differs from the session's"
        );
        result
    }

    fn apply_evaluated(
        &mut self,
        wizard: &Wizard,
        ev: &mut Evaluation,
        change: Change,
        now: &str,
    ) -> Result<Outcome, ChangeError> {
        match change {
            Change::Undo | Change::Redo => {
                let outcome = self.step_history(wizard, ev, change == Change::Undo, now)?;
                self.revised();
                return Ok(outcome);
            }
            Change::Enter { step } => {
                let index = step_index(wizard, &step)?;
                if self.step_state(wizard, ev, index) == StepState::Hidden {
                    return Err(ChangeError::Hidden(step));
                }
                let mut d = Delta::default();
                let rec = self.record_mut(&mut d, &step);
                let mut changed = Changed::default();
                if rec.state == StepState::Pending {
                    rec.state = StepState::InProgress;
                    changed.steps.insert(step.clone());
                }
                self.outside_history(d);
                self.cursor = Some(step);
                self.revised();
                return Ok(Outcome {
                    invalidated: Vec::new(),
                    changed,
                });
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
                self.revised();
                let changed = Changed {
                    runs: true,
                    ..Changed::default()
                };
                return Ok(Outcome {
                    invalidated: Vec::new(),
                    changed,
                });
            }
            _ => {}
        }
        let mut w = Writing {
            ev,
            delta: Delta::default(),
            touched: Touched::default(),
        };
        let entries = match self.change(wizard, &mut w, change, now) {
            Ok(entries) => entries,
            Err(e) => {
                // What was written before the error stays (as the evaluation shows it).
                if !w.delta.is_empty() {
                    self.outside_history(w.delta);
                    self.revised();
                }
                return Err(e);
            }
        };
        let invalidated = self.invalidate(wizard, &mut w);
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
        let changed = self.changed(wizard, w.ev, &w.delta, &w.touched);
        self.history.undo.push(w.delta);
        self.history.redo.clear();
        self.revised();
        Ok(Outcome {
            invalidated,
            changed,
        })
    }

    fn change(
        &mut self,
        wizard: &Wizard,
        w: &mut Writing,
        change: Change,
        now: &str,
    ) -> Result<Vec<AuditEntry>, ChangeError> {
        let mut log = Vec::new();
        match change {
            Change::SetSite { field, value } => {
                Site::check(wizard, field, &value)
                    .map_err(|e| ChangeError::Invalid(format!("{}: {e}", field.label())))?;
                let old = self.site.get(field);
                let before = (self.site.release.clone(), self.site.target_os);
                self.site_mut(&mut w.delta).set(field, &value);
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
                    self.touch_step(&mut w.delta, &wizard.steps[0].id);
                }
                // Conditions read the release and the target system: any may change.
                if before != (self.site.release.clone(), self.site.target_os) {
                    self.evaluate_again(wizard, w.ev, &mut w.touched);
                }
            }
            Change::Answer {
                item,
                value,
                reason,
            } => {
                log.extend(self.set_answer(
                    wizard,
                    w,
                    &item,
                    value,
                    reason,
                    AnswerStatus::Answered,
                    now,
                )?);
            }
            Change::CheckPassword { item, candidate } => {
                log.push(self.check_password(wizard, w, &item, &candidate, now)?);
            }
            Change::Import { item, value, note } => {
                log.extend(self.set_answer(
                    wizard,
                    w,
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
                log.extend(self.accept_recommended(wizard, w, items, now)?);
            }
            Change::AcceptRecommendedFor { items } => {
                let index = wizard.index();
                let mut chosen = Vec::new();
                for id in &items {
                    let at = index
                        .item(id)
                        .ok_or_else(|| ChangeError::UnknownItem(id.clone()))?;
                    chosen.push(at);
                }
                // In wizard order, each once.
                chosen.sort_by_key(|at| at.position);
                chosen.dedup();
                let chosen = chosen
                    .iter()
                    .map(|at| &wizard.steps[at.step].items[at.index]);
                log.extend(self.accept_recommended(wizard, w, chosen, now)?);
            }
            Change::Complete { step } => {
                let index = step_index(wizard, &step)?;
                if self.step_state(wizard, w.ev, index) == StepState::Hidden {
                    return Err(ChangeError::Hidden(step));
                }
                let problems = self.step_problems(wizard, w.ev, index);
                if !problems.is_empty() {
                    return Err(ChangeError::Incomplete {
                        step: wizard.steps[index].title.clone(),
                        problems: problems.into_iter().map(|p| p.message).collect(),
                    });
                }
                log.extend(self.set_step(w, &step, StepState::Done, String::new(), now));
            }
            Change::Skip { step, reason } => {
                let index = step_index(wizard, &step)?;
                if !wizard.steps[index].skippable {
                    return Err(ChangeError::NotSkippable(wizard.steps[index].title.clone()));
                }
                if reason.trim().is_empty() {
                    return Err(ChangeError::ReasonRequired);
                }
                log.extend(self.set_step(w, &step, StepState::Skipped, reason, now));
            }
            Change::Reopen { step } => {
                step_index(wizard, &step)?;
                log.extend(self.set_step(w, &step, StepState::InProgress, String::new(), now));
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
                self.set_lockout_confirmed(&mut w.delta, fingerprint);
            }
            Change::Undo | Change::Redo | Change::Enter { .. } | Change::RecordRun(_) => {}
        }
        Ok(log)
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

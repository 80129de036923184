//! A saved session checked against its wizard when it is read: a file may have been edited,
//! damaged or forged, so nothing in it is trusted that the wizard can check. A value that does
//! not fit is an error; a step stored as done that is not is set back to "needs review".

use super::{AnswerStatus, Reconciled, Session, Site, SiteField, StepState, value_error};
use crate::catalog::{Catalog, ItemKind, PathSeg, Problem, SourceMap, Wizard};
use std::cell::OnceCell;

/// Something in a session that does not fit its wizard, at its path in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    pub path: Vec<PathSeg>,
    pub message: String,
}

/// A session file read and checked.
#[derive(Debug)]
pub struct Loaded {
    pub session: Session,
    /// What a changed wizard, and the re-check of stored step states, changed in it.
    pub reconciled: Reconciled,
    /// Steps stored as done, skipped or hidden that are not: now "needs review", each with
    /// where its state stands in the file and why.
    pub rechecked: Vec<Problem>,
}

fn misfit(path: &[&str], message: String) -> Misfit {
    Misfit {
        path: path.iter().map(|s| PathSeg::from(*s)).collect(),
        message,
    }
}

impl Session {
    /// Values that do not fit `wizard`: answers of items it does not have or with a value the
    /// item cannot take, site facts that fail their check, steps it does not have. Answers that
    /// a changed wizard flagged are the installer's to review, not misfits.
    pub fn misfits(&self, wizard: &Wizard) -> Vec<Misfit> {
        let mut out = Vec::new();
        for (id, answer) in &self.answers {
            let Some((_, item)) = wizard.item(id) else {
                out.push(misfit(
                    &["answers", id],
                    format!("no item '{id}' in the {} wizard", wizard.id),
                ));
                continue;
            };
            let problem = if item.kind == ItemKind::Info {
                Some("is information, not a question".to_string())
            } else {
                value_error(item, &answer.value)
            };
            if let Some(e) = problem.filter(|_| answer.status != AnswerStatus::Flagged) {
                let value = serde_json::to_string(&answer.value).unwrap_or_default();
                out.push(misfit(
                    &["answers", id, "value"],
                    format!("{value} does not fit '{}': {e}", item.label),
                ));
            }
        }
        for field in SiteField::ALL {
            let value = self.site.get(field);
            if field == SiteField::Subnets {
                for (i, subnet) in self.site.subnets.iter().enumerate() {
                    if let Err(e) = Site::check(wizard, field, subnet) {
                        out.push(Misfit {
                            path: vec!["site".into(), "subnets".into(), i.into()],
                            message: e,
                        });
                    }
                }
            } else if !value.trim().is_empty()
                && let Err(e) = Site::check(wizard, field, &value)
            {
                out.push(misfit(&["site", field.id()], e));
            }
        }
        for id in self.steps.keys() {
            if wizard.step(id).is_none() {
                out.push(misfit(
                    &["steps", id],
                    format!("no step '{id}' in the {} wizard", wizard.id),
                ));
            }
        }
        out
    }

    /// Stored step states checked against the answers: a visible step stored as done with
    /// something still missing, skipped where it may not be or without a reason, or stored as
    /// hidden (which is derived, never stored) needs review. Returns each such step, why.
    pub fn recheck_steps(&mut self, wizard: &Wizard) -> Vec<Misfit> {
        let ev = self.evaluate(wizard);
        let mut out = Vec::new();
        for (index, step) in wizard.steps.iter().enumerate() {
            if !ev.step_visible.get(index).copied().unwrap_or(false) {
                continue;
            }
            let Some(rec) = self.steps.get(&step.id) else {
                continue;
            };
            let why = match rec.state {
                StepState::Done => {
                    let problems = self.step_problems(wizard, &ev, index);
                    (!problems.is_empty()).then(|| {
                        let lines: Vec<String> = problems.into_iter().map(|p| p.message).collect();
                        format!("stored as done, but {}", lines.join("; "))
                    })
                }
                StepState::Skipped if !step.skippable => {
                    Some("stored as skipped, but the document does not allow skipping it".into())
                }
                StepState::Skipped if rec.reason.trim().is_empty() => {
                    Some("stored as skipped, but without a reason".into())
                }
                StepState::Hidden => Some("stored as hidden, which is never stored".into()),
                _ => None,
            };
            if let Some(message) = why {
                out.push(misfit(&["steps", &step.id, "state"], message));
            }
        }
        for m in &out {
            if let Some(PathSeg::Key(id)) = m.path.get(1)
                && let Some(rec) = self.steps.get_mut(id)
            {
                rec.state = StepState::NeedsReview;
            }
        }
        out
    }

    /// Reads a saved session (`file` names it in problems) and checks it against its wizard in
    /// `catalog`: values that do not fit are errors with their line and path; a wizard that
    /// changed is reconciled; stored step states are re-checked.
    pub fn read_saved(
        file: &str,
        text: &str,
        catalog: &Catalog,
        now: &str,
    ) -> Result<Loaded, Vec<Problem>> {
        // One index of the file for all its problems, built at the first.
        let map = OnceCell::new();
        let at = |path: &[PathSeg], message: &str| {
            let (line, column) = map.get_or_init(|| SourceMap::new(text)).locate(path);
            Problem {
                file: file.to_string(),
                line,
                column,
                message: super::with_path(&super::dotted(path), message),
            }
        };
        let mut session = Session::from_json(text).map_err(|e| {
            vec![Problem {
                file: file.to_string(),
                line: e.line,
                column: e.column,
                message: super::with_path(&e.path, &e.message),
            }]
        })?;
        let Some(wizard) = catalog.wizard(&session.product) else {
            let known: Vec<&str> = catalog.ids().collect();
            let message = format!(
                "no product '{}' in these wizards (products: {})",
                session.product,
                known.join(", ")
            );
            return Err(vec![at(&[PathSeg::from("product")], &message)]);
        };
        let fingerprint = wizard.fingerprint();
        // Answered against this very wizard: everything must fit. Against another one, what
        // no longer fits is flagged or set aside by `reconcile` for the installer to review.
        if session.wizard_fingerprint == fingerprint {
            let misfits = session.misfits(wizard);
            if !misfits.is_empty() {
                return Err(misfits.iter().map(|m| at(&m.path, &m.message)).collect());
            }
        }
        let mut reconciled = session.reconcile(wizard, &fingerprint, now);
        let rechecked = session.recheck_steps(wizard);
        for m in &rechecked {
            if let Some(PathSeg::Key(id)) = m.path.get(1)
                && !reconciled.review.contains(id)
            {
                reconciled.review.push(id.clone());
            }
        }
        Ok(Loaded {
            session,
            reconciled,
            rechecked: rechecked.iter().map(|m| at(&m.path, &m.message)).collect(),
        })
    }
}

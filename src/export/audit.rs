//! Reading back what harden.ps1 wrote (result.json of a run, audit-result.json of -Audit) or what
//! rollback.ps1 wrote (rollback-result.json): the run becomes a [`RunRecord`] of the session
//! (`Change::RecordRun`), so plan and checklist say "done" only where a result says so, and an
//! audit's items that are all in place become `Change::Import`s, as found rather than chosen.

use crate::plan::Plan;
use crate::session::{AnswerStatus, Change, RunMode, RunOutcome, RunRecord, RunState, Session};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One operation's entry in a result file.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct AuditedOperation {
    pub id: String,
    #[serde(default)]
    pub digest: String,
    /// What the script did; files of older scripts say only `in_place`.
    #[serde(default)]
    pub state: Option<RunState>,
    #[serde(default)]
    pub in_place: bool,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub findings: Vec<String>,
}

/// The whole file, as the scripts write it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct AuditResult {
    #[serde(default = "harden")]
    pub script: String,
    /// `apply`, `audit` or `rollback`; older audit files have none.
    #[serde(default)]
    pub mode: Option<String>,
    pub product: String,
    pub fingerprint: String,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub started: String,
    #[serde(default)]
    pub finished: String,
    /// When an older audit ran.
    #[serde(default)]
    pub time: String,
    pub operations: Vec<AuditedOperation>,
}

fn harden() -> String {
    "harden.ps1".into()
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// Not a source as well: the message carries it, and a chain would say it twice.
    #[error("not a result file of harden.ps1 or rollback.ps1: {0}")]
    Json(serde_json::Error),
    #[error("the result is of product '{found}', the session of '{expected}'")]
    Product { found: String, expected: String },
    #[error("unknown mode '{0}' (apply, audit or rollback)")]
    Mode(String),
}

impl From<serde_json::Error> for AuditError {
    fn from(e: serde_json::Error) -> AuditError {
        AuditError::Json(e)
    }
}

/// What a result file brings into the session.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditImport {
    /// The run, for `Change::RecordRun`.
    pub run: RunRecord,
    /// An audit: one `Change::Import` per item whose every operation is already in place.
    pub changes: Vec<Change>,
    /// Items with an operation that is not done or in place yet.
    pub pending: Vec<String>,
    /// Operation ids of the file that the plan does not have.
    pub unknown: Vec<String>,
    /// Said once, e.g. that the plan changed since the script was made.
    pub warnings: Vec<String>,
}

/// Parses a result file (PowerShell writes it with a byte order mark).
pub fn parse_audit(text: &str) -> Result<AuditResult, AuditError> {
    Ok(serde_json::from_str(text.trim_start_matches('\u{feff}'))?)
}

/// The run of `result` as the session records it; `installer` imported it at `now`.
fn run_record(result: &AuditResult, installer: &str, now: &str) -> Result<RunRecord, AuditError> {
    let mode = match result.mode.as_deref() {
        Some("apply") => RunMode::Apply,
        None | Some("audit") => RunMode::Audit,
        Some("rollback") => RunMode::Rollback,
        Some(other) => return Err(AuditError::Mode(other.to_string())),
    };
    let finished = if result.finished.is_empty() {
        result.time.clone()
    } else {
        result.finished.clone()
    };
    let operations = result
        .operations
        .iter()
        .filter_map(|o| {
            let state = o.state.unwrap_or(if o.in_place {
                RunState::InPlace
            } else {
                RunState::Differs
            });
            let (state, detail) = match (mode, state) {
                // A change put back: the operation is to do again. A rollback that failed
                // leaves the change where it was: nothing to record.
                (RunMode::Rollback, RunState::Applied) => (
                    RunState::Differs,
                    format!("undone by rollback.ps1 on {}", result.host),
                ),
                (RunMode::Rollback, _) => return None,
                (_, s) => (s, o.detail.clone()),
            };
            Some(RunOutcome {
                id: o.id.clone(),
                digest: o.digest.clone(),
                state,
                detail,
                findings: o.findings.clone(),
            })
        })
        .collect();
    Ok(RunRecord {
        script: result.script.clone(),
        mode,
        fingerprint: result.fingerprint.clone(),
        host: result.host.clone(),
        user: result.user.clone(),
        started: result.started.clone(),
        finished,
        imported_by: installer.to_string(),
        imported: now.to_string(),
        operations,
    })
}

/// What `result` brings into `session`, whose plan is `plan`, imported at `now`.
pub fn import_audit(
    plan: &Plan,
    session: &Session,
    result: &AuditResult,
    now: &str,
) -> Result<AuditImport, AuditError> {
    if result.product != plan.product {
        return Err(AuditError::Product {
            found: result.product.clone(),
            expected: plan.product.clone(),
        });
    }
    let mut out = AuditImport {
        run: run_record(result, &session.site.installer, now)?,
        ..AuditImport::default()
    };
    if result.fingerprint != plan.fingerprint {
        out.warnings.push(format!(
            "the file is of a script of plan {}, the session's plan is now {}: operations count where id and digest still match",
            result.fingerprint, plan.fingerprint
        ));
    }
    // Per item: is each of its operations done or in place, by this run? (Only an operation the
    // run knew with the same digest counts.)
    let mut by_item: BTreeMap<&str, bool> = BTreeMap::new();
    for op in &plan.operations {
        let digest = op.digest();
        let holds = out.run.operations.iter().any(|r| {
            r.id == op.id
                && (r.digest.is_empty() || r.digest == digest)
                && matches!(r.state, RunState::Applied | RunState::InPlace)
        });
        let entry = by_item.entry(op.item.as_str()).or_insert(true);
        *entry = *entry && holds;
    }
    for r in &result.operations {
        if !plan.operations.iter().any(|o| o.id == r.id) && !out.unknown.contains(&r.id) {
            out.unknown.push(r.id.clone());
        }
    }
    let note = format!(
        "found in place on {} by harden.ps1 -Audit at {}",
        result.host, out.run.finished
    );
    for (item, holds) in by_item {
        let Some(answer) = session.answer(item) else {
            continue;
        };
        if !holds {
            out.pending.push(item.to_string());
        } else if out.run.mode == RunMode::Audit && answer.status != AnswerStatus::Imported {
            out.changes.push(Change::Import {
                item: item.to_string(),
                value: answer.value.clone(),
                note: note.clone(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Value;
    use crate::export::sample::every_action;
    use crate::session::Answer;

    fn session_with(items: &[&str]) -> Session {
        let mut s = Session::default();
        s.site.installer = "Ina".into();
        for i in items {
            s.answers.insert(
                i.to_string(),
                Answer {
                    value: Value::Bool(true),
                    ..Answer::default()
                },
            );
        }
        s
    }

    fn result(plan: &Plan, mode: &str, state: impl Fn(&str) -> &'static str) -> AuditResult {
        let mut ops: Vec<serde_json::Value> = plan
            .operations
            .iter()
            .map(|o| {
                serde_json::json!({"id": o.id, "digest": o.digest(), "state": state(&o.item),
                                   "detail": "", "findings": []})
            })
            .collect();
        ops.push(serde_json::json!({"id": "gone-1", "state": "in_place"}));
        let file = serde_json::json!({"format": 1, "script": "harden.ps1", "mode": mode,
            "product": plan.product, "fingerprint": plan.fingerprint, "host": "PBX01",
            "user": "PBX01\\Administrator", "started": "2026-12-02T09:00:00Z",
            "finished": "2026-12-02T09:05:00Z", "operations": ops});
        parse_audit(&format!("\u{feff}{file}")).unwrap()
    }

    #[test]
    fn an_audit_imports_items_in_place_and_reports_the_rest() {
        let plan = every_action("x");
        let session = session_with(&["item_0", "item_1"]);
        let audit = result(&plan, "audit", |item| {
            if item == "item_0" {
                "in_place"
            } else {
                "differs"
            }
        });
        let found = import_audit(&plan, &session, &audit, "2026-12-02T10:00:00Z").unwrap();
        assert_eq!(found.changes.len(), 1);
        assert!(matches!(&found.changes[0], Change::Import { item, .. } if item == "item_0"));
        assert_eq!(found.pending, ["item_1"]);
        assert_eq!(found.unknown, ["gone-1"]);
        assert!(found.warnings.is_empty());
        assert_eq!(found.run.mode, RunMode::Audit);
        assert_eq!(found.run.imported_by, "Ina");
        assert_eq!(found.run.summary().in_place, 2);
        let mut stale = audit.clone();
        stale.fingerprint = "other".into();
        let stale = import_audit(&plan, &session, &stale, "t").unwrap();
        assert_eq!(stale.warnings.len(), 1);
    }

    #[test]
    fn a_run_is_recorded_without_claiming_answers_found() {
        let plan = every_action("x");
        let session = session_with(&["item_0"]);
        let run = result(&plan, "apply", |item| {
            if item == "item_0" {
                "applied"
            } else {
                "failed"
            }
        });
        let found = import_audit(&plan, &session, &run, "t").unwrap();
        assert!(found.changes.is_empty(), "an apply run is no audit");
        assert_eq!(found.run.mode, RunMode::Apply);
        assert_eq!(found.run.summary().applied, 1);
        // Undone by rollback.ps1: what it restored is to do again; what it could not, stays.
        let undone = result(&plan, "rollback", |item| {
            if item == "item_0" {
                "applied"
            } else {
                "failed"
            }
        });
        let found = import_audit(&plan, &session, &undone, "t").unwrap();
        assert_eq!(found.run.operations.len(), 1);
        assert_eq!(found.run.operations[0].state, RunState::Differs);
    }

    #[test]
    fn reads_files_of_older_scripts_and_refuses_others() {
        let plan = every_action("x");
        let old = format!(
            "{{\"product\":\"avaya-ipoffice\",\"fingerprint\":\"f\",\"time\":\"2026-11-25T11:00:00Z\",\"operations\":[{{\"id\":\"{}\",\"in_place\":true}}]}}",
            plan.operations[0].id
        );
        let found = import_audit(
            &plan,
            &session_with(&["item_0"]),
            &parse_audit(&old).unwrap(),
            "t",
        )
        .unwrap();
        assert_eq!(found.run.operations[0].state, RunState::InPlace);
        assert_eq!(found.run.finished, "2026-11-25T11:00:00Z");
        let mut other = parse_audit(&old).unwrap();
        other.product = "ale-oxo".into();
        let e = import_audit(&plan, &Session::default(), &other, "t").unwrap_err();
        assert!(e.to_string().contains("ale-oxo"), "{e}");
        assert!(parse_audit("{\"operations\": 3}").is_err());
        let mut odd = parse_audit(&old).unwrap();
        odd.mode = Some("whatif".into());
        assert!(import_audit(&plan, &Session::default(), &odd, "t").is_err());
    }
}

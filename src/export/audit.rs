//! Reading back what `harden.ps1 -Audit` wrote (audit-result.json): operations already in
//! place on the server are mapped to their items and become `Change::Import`s, so the session
//! (and its audit log) records what was found rather than what was chosen.

use crate::plan::Plan;
use crate::session::{AnswerStatus, Change, Session};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One operation's line in audit-result.json.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct AuditedOperation {
    pub id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub current: Option<String>,
    #[serde(default)]
    pub desired: Option<String>,
    pub in_place: bool,
}

/// The whole file, as harden.ps1 writes it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct AuditResult {
    pub product: String,
    pub fingerprint: String,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub time: String,
    pub operations: Vec<AuditedOperation>,
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("not an audit result of harden.ps1: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the audit is of product '{found}', the session of '{expected}'")]
    Product { found: String, expected: String },
}

/// What an audit says about the session's items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditImport {
    /// One `Change::Import` per item whose every operation is already in place.
    pub changes: Vec<Change>,
    /// Items with an operation that is not in place yet.
    pub pending: Vec<String>,
    /// Operation ids of the audit that the plan does not have.
    pub unknown: Vec<String>,
    /// Said once, e.g. that the plan changed since the script was made.
    pub warnings: Vec<String>,
}

/// Parses audit-result.json (PowerShell writes it with a byte order mark).
pub fn parse_audit(text: &str) -> Result<AuditResult, AuditError> {
    Ok(serde_json::from_str(text.trim_start_matches('\u{feff}'))?)
}

/// The changes that record, in `session`, what the audit found in place.
pub fn import_audit(
    plan: &Plan,
    session: &Session,
    audit: &AuditResult,
) -> Result<AuditImport, AuditError> {
    if audit.product != plan.product {
        return Err(AuditError::Product {
            found: audit.product.clone(),
            expected: plan.product.clone(),
        });
    }
    let mut out = AuditImport::default();
    if audit.fingerprint != plan.fingerprint {
        out.warnings.push(format!(
            "the audit ran a script of plan {}, the session's plan is now {}: operations are matched by id",
            audit.fingerprint, plan.fingerprint
        ));
    }
    // Per item: are all of its operations in place? (RemoteDesktop writes two results per id.)
    let mut by_item: BTreeMap<&str, bool> = BTreeMap::new();
    for op in &plan.operations {
        let results: Vec<&AuditedOperation> =
            audit.operations.iter().filter(|r| r.id == op.id).collect();
        let in_place = !results.is_empty() && results.iter().all(|r| r.in_place);
        let entry = by_item.entry(op.item.as_str()).or_insert(true);
        *entry = *entry && in_place;
    }
    for r in &audit.operations {
        if !plan.operations.iter().any(|o| o.id == r.id) && !out.unknown.contains(&r.id) {
            out.unknown.push(r.id.clone());
        }
    }
    let note = format!(
        "found in place on {} by harden.ps1 -Audit at {}",
        audit.host, audit.time
    );
    for (item, in_place) in by_item {
        let Some(answer) = session.answer(item) else {
            continue;
        };
        if !in_place {
            out.pending.push(item.to_string());
        } else if answer.status != AnswerStatus::Imported {
            out.changes.push(Change::Import {
                item: item.to_string(),
                value: answer.value.clone(),
                note: note.clone(),
            });
        }
    }
    Ok(out)
}

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
    /// Not a source as well: the message carries it, and a chain would say it twice.
    #[error("not an audit result of harden.ps1: {0}")]
    Json(serde_json::Error),
    #[error("the audit is of product '{found}', the session of '{expected}'")]
    Product { found: String, expected: String },
}

impl From<serde_json::Error> for AuditError {
    fn from(e: serde_json::Error) -> AuditError {
        AuditError::Json(e)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Value;
    use crate::export::sample::every_action;
    use crate::session::Answer;

    fn session_with(items: &[&str]) -> Session {
        let mut s = Session::default();
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

    fn audit(plan: &Plan, in_place: &[&str], fingerprint: &str) -> AuditResult {
        let mut operations: Vec<AuditedOperation> = plan
            .operations
            .iter()
            .map(|o| AuditedOperation {
                id: o.id.clone(),
                kind: String::new(),
                current: None,
                desired: None,
                in_place: in_place.contains(&o.item.as_str()),
            })
            .collect();
        operations.push(AuditedOperation {
            id: "gone-1".into(),
            kind: String::new(),
            current: None,
            desired: None,
            in_place: true,
        });
        AuditResult {
            product: plan.product.clone(),
            fingerprint: fingerprint.into(),
            host: "H".into(),
            time: "T".into(),
            operations,
        }
    }

    #[test]
    fn imports_items_in_place_and_reports_the_rest() {
        let plan = every_action("x");
        let session = session_with(&["item_0", "item_1"]);
        let found = import_audit(
            &plan,
            &session,
            &audit(&plan, &["item_0"], &plan.fingerprint),
        )
        .unwrap();
        assert_eq!(found.changes.len(), 1);
        assert!(matches!(&found.changes[0], Change::Import { item, .. } if item == "item_0"));
        assert_eq!(found.pending, ["item_1"]);
        assert_eq!(found.unknown, ["gone-1"]);
        assert!(found.warnings.is_empty());
        let stale = import_audit(&plan, &session, &audit(&plan, &[], "other")).unwrap();
        assert_eq!(stale.warnings.len(), 1);
    }

    #[test]
    fn refuses_another_product_and_bad_json() {
        let plan = every_action("x");
        let mut a = audit(&plan, &[], "f");
        a.product = "ale-oxo".into();
        let e = import_audit(&plan, &Session::default(), &a).unwrap_err();
        assert!(e.to_string().contains("ale-oxo"), "{e}");
        assert!(parse_audit("{\"operations\": 3}").is_err());
        let text = "\u{feff}{\"product\":\"p\",\"fingerprint\":\"f\",\"operations\":[]}";
        assert_eq!(parse_audit(text).unwrap().product, "p");
    }
}

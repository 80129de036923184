//! Password checks: the only way a `password_check` item is answered. The candidate is checked
//! against the item's policy and the site's names, then dropped; the session keeps when the check
//! was made and which rules it passed, never the password.

use super::apply::{Writing, entry};
use super::{Answer, AnswerStatus, AuditEntry, ChangeError, Session, Site};
use crate::catalog::password::{Secret, check_for};
use crate::catalog::{Item, ItemKind, Value, Wizard};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A password check that was made and passed.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Default)]
#[serde(default)]
pub struct PasswordCheckRecord {
    /// When it was made (RFC 3339).
    pub time: String,
    /// The rules it passed, as the installer read them.
    pub rules: Vec<String>,
    /// Fingerprint of the policy it was checked against.
    pub policy: String,
}

/// Where a password check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckState<'a> {
    /// Nobody checked a password for it.
    NotMade,
    /// Checked and passed against the item's current rules.
    Made(&'a PasswordCheckRecord),
    /// Checked against rules that have changed since: to be checked again.
    Stale(&'a PasswordCheckRecord),
}

impl Site {
    /// The names a password must not contain: customer, site, host.
    pub fn names(&self) -> Vec<&str> {
        [&self.customer, &self.site, &self.host]
            .into_iter()
            .map(String::as_str)
            .filter(|n| !n.trim().is_empty())
            .collect()
    }
}

impl Session {
    /// Whether the password check of `item` was made against its current rules.
    pub fn password_check(&self, item: &Item) -> CheckState<'_> {
        let record = self.answers.get(&item.id).and_then(|a| a.check.as_ref());
        match (record, &item.password) {
            (Some(r), Some(p)) if r.policy == p.fingerprint() => CheckState::Made(r),
            (Some(r), _) => CheckState::Stale(r),
            (None, _) => CheckState::NotMade,
        }
    }

    /// Checks `candidate` for the password check `id`; on success records the check.
    pub(super) fn check_password(
        &mut self,
        wizard: &Wizard,
        w: &mut Writing,
        id: &str,
        candidate: &Secret,
        now: &str,
    ) -> Result<AuditEntry, ChangeError> {
        let (step_index, item) = wizard
            .item(id)
            .ok_or_else(|| ChangeError::UnknownItem(id.to_string()))?;
        let policy = match (&item.kind, &item.password) {
            (ItemKind::PasswordCheck, Some(p)) => p,
            _ => {
                return Err(ChangeError::Invalid(format!(
                    "'{}' is not a password check",
                    item.label
                )));
            }
        };
        if !w.ev.visible(id) {
            return Err(ChangeError::Hidden(item.label.clone()));
        }
        let failed = check_for(policy, candidate.expose(), &self.site.names());
        if !failed.is_empty() {
            return Err(ChangeError::Invalid(format!(
                "'{}': the password does not pass: {}",
                item.label,
                failed.join("; ")
            )));
        }
        let rules = policy.described();
        let reason = self
            .answers
            .get(id)
            .map(|a| a.reason.clone())
            .unwrap_or_default();
        let answer = Answer {
            value: Value::Bool(true),
            status: AnswerStatus::Answered,
            reason,
            check: Some(PasswordCheckRecord {
                time: now.to_string(),
                rules: rules.clone(),
                policy: policy.fingerprint(),
            }),
        };
        self.put_answer(&mut w.delta, id, answer);
        self.reevaluate(wizard, w.ev, [id], &mut w.touched);
        self.touch_step(&mut w.delta, &wizard.steps[step_index].id);
        Ok(entry(
            now,
            &self.site,
            "password check",
            id,
            None,
            Some(format!("made and passed: {}", rules.join("; "))),
            "",
        ))
    }
}

//! The session: one installation's answers, step states, site facts and audit log, and the one
//! function that changes them ([`Session::apply`]). Pure: the time comes in as a string.

mod apply;
mod check;
mod eval;
mod file;
mod history;
mod invalidate;
mod password;
mod reconcile;
mod reeval;
mod run;
mod site;
mod walk;
mod write;

#[cfg(test)]
pub(crate) mod testing;

pub use apply::{Change, ChangeError, Changed, Outcome};
pub use check::{Loaded, Misfit};
pub use eval::{Evaluation, ItemProblem, describe, value_error};
pub use file::{Extra, FormatError, dotted, with_path};
pub use password::{CheckState, PasswordCheckRecord};
pub use reconcile::Reconciled;
pub use run::{RunMode, RunOutcome, RunRecord, RunState, RunSummary};
pub use site::{Access, Site, SiteField};

use crate::catalog::Value;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the session file format. Raise it with a migration in [`Session::from_json`].
pub const FORMAT: u32 = 2;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Default)]
#[serde(default)]
pub struct Session {
    pub format: u32,
    pub id: String,
    pub product: String,
    /// Fingerprint of the wizard the answers were given against; a change is reconciled on resume.
    pub wizard_fingerprint: String,
    pub created: String,
    pub updated: String,
    pub site: Site,
    pub answers: BTreeMap<String, Answer>,
    pub steps: BTreeMap<String, StepRecord>,
    /// The step the installer was on, so a resume returns there.
    pub cursor: Option<String>,
    /// The installer confirmed the plan despite its lock-out warnings (fingerprint of them).
    pub lockout_confirmed: Option<String>,
    /// Answers whose item no longer exists in the wizard, kept for the record.
    pub orphaned: BTreeMap<String, Answer>,
    pub audit: Vec<AuditEntry>,
    /// What the scripts did on the server, as their imported result files say (format 2).
    pub runs: Vec<RunRecord>,
    /// Fields of the file this version does not know, written back as they were: at the top,
    /// and in `site`.
    #[serde(skip)]
    #[schemars(skip)]
    pub extra: Extra,
    #[serde(skip)]
    #[schemars(skip)]
    pub site_extra: Extra,
    #[serde(skip)]
    #[schemars(skip)]
    history: History,
    /// What the session knows about itself in memory (not part of what it is).
    #[serde(skip)]
    #[schemars(skip)]
    memo: Memo,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Answer {
    pub value: Value,
    pub status: AnswerStatus,
    /// Why: required for deviations the document asks to justify.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// For a password check: when it was made and which rules it passed (never the password).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<PasswordCheckRecord>,
}

impl Default for Answer {
    fn default() -> Self {
        Answer {
            value: Value::Bool(false),
            status: AnswerStatus::Answered,
            reason: String::new(),
            check: None,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum AnswerStatus {
    /// Chosen by the installer.
    #[default]
    Answered,
    /// The document's recommendation, taken as it stands.
    Defaulted,
    /// Found already in place on the server (`import-audit`).
    Imported,
    /// Kept from an older wizard whose item changed: to be looked at again.
    Flagged,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct StepRecord {
    pub state: StepState,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash, Default)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    #[default]
    Pending,
    InProgress,
    Done,
    /// Skipped with a reason (in the step record).
    Skipped,
    /// Not shown: its condition does not hold. Derived, never stored.
    Hidden,
    /// Was done, but an earlier answer it depends on changed.
    NeedsReview,
}

impl StepState {
    pub fn label(self) -> &'static str {
        match self {
            StepState::Pending => "pending",
            StepState::InProgress => "in progress",
            StepState::Done => "done",
            StepState::Skipped => "skipped",
            StepState::Hidden => "hidden",
            StepState::NeedsReview => "needs review",
        }
    }

    /// Counts towards export.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            StepState::Done | StepState::Skipped | StepState::Hidden
        )
    }
}

/// One line of the append-only audit log.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct AuditEntry {
    pub time: String,
    pub installer: String,
    pub action: String,
    /// Item id, step id or `site.<field>`.
    pub target: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// Undo and redo stacks of what each change wrote; in memory only (the audit log is the durable
/// history).
#[derive(Debug, Clone, Default, PartialEq)]
struct History {
    undo: Vec<history::Delta>,
    redo: Vec<history::Delta>,
}

/// Facts about a session in memory, not part of what it is: two sessions are equal by their
/// content.
#[derive(Debug, Clone, Copy, Default)]
struct Memo {
    /// Counts the changes made through [`Session::apply`] (and `walk`, `reconcile`): tells what
    /// was derived from the session whether it is still current.
    revision: u64,
    /// Every step after the first has a record: a change made them, and none was taken away
    /// since (only undo, redo and a changed wizard take records away).
    all_records: bool,
}

impl PartialEq for Memo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Session {
    pub fn new(id: &str, product: &str, fingerprint: &str, now: &str) -> Session {
        Session {
            format: FORMAT,
            id: id.to_string(),
            product: product.to_string(),
            wizard_fingerprint: fingerprint.to_string(),
            created: now.to_string(),
            updated: now.to_string(),
            ..Session::default()
        }
    }

    /// A new session for a wizard: its fingerprint, and its first target system as the default.
    pub fn for_wizard(wizard: &crate::catalog::Wizard, id: &str, now: &str) -> Session {
        let mut s = Session::new(id, &wizard.id, &wizard.fingerprint(), now);
        s.site.target_os = wizard.target_os.first().copied();
        s
    }

    /// How many changes were made to this session in memory; the same number means the same
    /// content, for what was derived from it.
    pub fn revision(&self) -> u64 {
        self.memo.revision
    }

    fn revised(&mut self) {
        self.memo.revision += 1;
    }

    pub fn can_undo(&self) -> bool {
        !self.history.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.history.redo.is_empty()
    }

    /// The saved answer of an item, if any.
    pub fn answer(&self, item: &str) -> Option<&Answer> {
        self.answers.get(item)
    }
}

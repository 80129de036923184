//! Runs of the scripts on the server, as their result files say: what was done is a session
//! concept. A run enters the session only through [`Change::RecordRun`](super::Change) (the
//! import of a result file), is logged, and is never undone: it is a fact about the server.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One run of harden.ps1 (or an audit with -Audit), imported from its result file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Default)]
#[serde(default)]
pub struct RunRecord {
    /// The script that wrote the file: `harden.ps1`.
    pub script: String,
    pub mode: RunMode,
    /// The plan fingerprint the script was made from.
    pub fingerprint: String,
    /// The server's name, and the Windows account the script ran as.
    pub host: String,
    pub user: String,
    pub started: String,
    pub finished: String,
    /// Who imported the file into the session (the session's installer then), and when.
    pub imported_by: String,
    pub imported: String,
    pub operations: Vec<RunOutcome>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum RunMode {
    /// The script changed the server.
    #[default]
    Apply,
    /// `-Audit`: it only looked.
    Audit,
    /// rollback.ps1: what it put back is to do again.
    Rollback,
}

/// What a run did with one operation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Default)]
#[serde(default)]
pub struct RunOutcome {
    /// The operation's id in the plan.
    pub id: String,
    /// The operation's digest as the script knew it: a result counts only for the same operation.
    pub digest: String,
    pub state: RunState,
    /// The error, why it was skipped, or the state found.
    pub detail: String,
    /// What a check found (the rows of a query, the rules that admit more than the plan).
    pub findings: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum RunState {
    /// Changed by the run.
    Applied,
    /// Found as the plan wants it.
    InPlace,
    Failed,
    /// Not carried out: not installed, not applicable, refused by the lock-out guard.
    Skipped,
    /// An audit found it not as the plan wants.
    #[default]
    Differs,
    /// A step left to the installer.
    Manual,
}

impl RunState {
    pub fn label(self) -> &'static str {
        match self {
            RunState::Applied => "applied",
            RunState::InPlace => "already in place",
            RunState::Failed => "failed",
            RunState::Skipped => "skipped",
            RunState::Differs => "differs",
            RunState::Manual => "by hand",
        }
    }
}

/// How many operations of a run ended in each state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunSummary {
    pub applied: usize,
    pub in_place: usize,
    pub failed: usize,
    pub skipped: usize,
    pub differs: usize,
    pub manual: usize,
}

impl RunRecord {
    pub fn summary(&self) -> RunSummary {
        let mut s = RunSummary::default();
        for o in &self.operations {
            *match o.state {
                RunState::Applied => &mut s.applied,
                RunState::InPlace => &mut s.in_place,
                RunState::Failed => &mut s.failed,
                RunState::Skipped => &mut s.skipped,
                RunState::Differs => &mut s.differs,
                RunState::Manual => &mut s.manual,
            } += 1;
        }
        s
    }
}

impl std::fmt::Display for RunSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} applied, {} already in place, {} failed, {} skipped",
            self.applied, self.in_place, self.failed, self.skipped
        )?;
        if self.differs > 0 {
            write!(f, ", {} differ", self.differs)?;
        }
        if self.manual > 0 {
            write!(f, ", {} by hand", self.manual)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_counts_each_state() {
        let op = |state| RunOutcome {
            state,
            ..RunOutcome::default()
        };
        let run = RunRecord {
            operations: vec![
                op(RunState::Applied),
                op(RunState::Applied),
                op(RunState::InPlace),
                op(RunState::Failed),
                op(RunState::Skipped),
                op(RunState::Manual),
            ],
            ..RunRecord::default()
        };
        let s = run.summary();
        assert_eq!((s.applied, s.in_place, s.failed, s.skipped), (2, 1, 1, 1));
        assert_eq!(
            s.to_string(),
            "2 applied, 1 already in place, 1 failed, 1 skipped, 1 by hand"
        );
    }
}

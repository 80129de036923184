//! Planned or done: what the session's imported runs say about each operation, so that plan.md,
//! plan.html and checklist.csv never say a measure was carried out before a result says so.

use super::{Action, Operation};
use crate::session::{RunRecord, RunState};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where an operation (or a decision, over its operations) stands.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RunStatus {
    /// No result says anything about it: the plan only.
    #[default]
    Planned,
    /// A run changed the server so. `by` is the installer who imported the result.
    Done {
        date: String,
        by: String,
        host: String,
    },
    /// A run or audit found it already as the plan wants it.
    InPlace {
        date: String,
        by: String,
        host: String,
    },
    Failed {
        date: String,
        host: String,
        error: String,
    },
    /// The run did not carry it out (not installed, not applicable, refused by the lock-out
    /// guard).
    Skipped {
        date: String,
        host: String,
        why: String,
    },
    /// An audit found it not as the plan wants: still to do.
    Differs {
        date: String,
        host: String,
        found: String,
    },
}

/// The date part of an RFC 3339 time.
fn day(time: &str) -> &str {
    time.split('T').next().unwrap_or(time)
}

impl RunStatus {
    /// The status of `op` after the runs, in the order they were imported. A result counts
    /// only for the operation it was made for (same id and digest). Found in place after it
    /// was done, it stays done (with the date of the change).
    pub fn of(op: &Operation, runs: &[RunRecord]) -> RunStatus {
        // Without runs there is nothing to say (and no digest to work out for each operation).
        if runs.is_empty() || matches!(op.action, Action::Manual(_) | Action::PortForward(_)) {
            return RunStatus::Planned;
        }
        let digest = op.digest();
        let mut status = RunStatus::Planned;
        for run in runs {
            for r in run
                .operations
                .iter()
                .filter(|r| r.id == op.id && r.digest == digest)
            {
                let date = day(&run.finished).to_string();
                let host = run.host.clone();
                status = match r.state {
                    RunState::Applied => RunStatus::Done {
                        date,
                        by: run.imported_by.clone(),
                        host,
                    },
                    RunState::InPlace if matches!(status, RunStatus::Done { .. }) => status,
                    RunState::InPlace => RunStatus::InPlace {
                        date,
                        by: run.imported_by.clone(),
                        host,
                    },
                    RunState::Failed => RunStatus::Failed {
                        date,
                        host,
                        error: r.detail.clone(),
                    },
                    RunState::Skipped => RunStatus::Skipped {
                        date,
                        host,
                        why: r.detail.clone(),
                    },
                    RunState::Differs => RunStatus::Differs {
                        date,
                        host,
                        found: r.detail.clone(),
                    },
                    RunState::Manual => status,
                };
            }
        }
        status
    }

    /// One status for several operations (an item's): failed if one failed, done or in place
    /// only when all are, skipped when the rest is; otherwise planned. None for no operation.
    pub fn combine<'a>(all: impl IntoIterator<Item = &'a RunStatus>) -> Option<RunStatus> {
        let all: Vec<&RunStatus> = all.into_iter().collect();
        if all.is_empty() {
            return None;
        }
        let first = |f: fn(&RunStatus) -> bool| all.iter().find(|s| f(s)).map(|s| (*s).clone());
        if let Some(failed) = first(|s| matches!(s, RunStatus::Failed { .. })) {
            return Some(failed);
        }
        if let Some(open) = first(|s| matches!(s, RunStatus::Planned | RunStatus::Differs { .. })) {
            return Some(open);
        }
        if let Some(skipped) = first(|s| matches!(s, RunStatus::Skipped { .. })) {
            return Some(skipped);
        }
        // All done or in place: the latest change, or the latest finding.
        let latest = |f: fn(&RunStatus) -> bool| {
            all.iter()
                .filter(|s| f(s))
                .max_by_key(|s| s.date().to_string())
                .map(|s| (*s).clone())
        };
        latest(|s| matches!(s, RunStatus::Done { .. }))
            .or_else(|| latest(|s| matches!(s, RunStatus::InPlace { .. })))
    }

    fn date(&self) -> &str {
        match self {
            RunStatus::Planned => "",
            RunStatus::Done { date, .. }
            | RunStatus::InPlace { date, .. }
            | RunStatus::Failed { date, .. }
            | RunStatus::Skipped { date, .. }
            | RunStatus::Differs { date, .. } => date,
        }
    }

    /// Whether a result says the plan holds on the server for it.
    pub fn holds(&self) -> bool {
        matches!(self, RunStatus::Done { .. } | RunStatus::InPlace { .. })
    }

    /// For people: "planned", "done on 2026-11-25 by Ina on pbx-01", "failed on ...: why".
    pub fn label(&self) -> String {
        let by = |by: &str| {
            if by.is_empty() {
                String::new()
            } else {
                format!(" by {by}")
            }
        };
        match self {
            RunStatus::Planned => "planned".into(),
            RunStatus::Done {
                date,
                by: who,
                host,
            } => {
                format!("done on {date}{} on {host}", by(who))
            }
            RunStatus::InPlace { date, host, .. } => {
                format!("already in place (found on {date} on {host})")
            }
            RunStatus::Failed { date, host, error } => {
                format!("failed on {date} on {host}: {error}")
            }
            RunStatus::Skipped { date, host, why } => {
                format!("skipped on {date} on {host}: {why}")
            }
            RunStatus::Differs { date, host, found } => {
                format!("planned (on {date} {host} had: {found})")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::every_action;
    use crate::session::{RunMode, RunOutcome};

    fn run(finished: &str, outcomes: Vec<(&Operation, RunState, &str)>) -> RunRecord {
        RunRecord {
            script: "harden.ps1".into(),
            mode: RunMode::Apply,
            host: "PBX01".into(),
            finished: finished.into(),
            imported_by: "Ina".into(),
            operations: outcomes
                .into_iter()
                .map(|(op, state, detail)| RunOutcome {
                    id: op.id.clone(),
                    digest: op.digest(),
                    state,
                    detail: detail.into(),
                    findings: Vec::new(),
                })
                .collect(),
            ..RunRecord::default()
        }
    }

    #[test]
    fn planned_until_a_result_says_otherwise() {
        let plan = every_action("x");
        let op = &plan.operations[0];
        assert_eq!(RunStatus::of(op, &[]), RunStatus::Planned);
        let done = run("2026-12-02T10:00:00Z", vec![(op, RunState::Applied, "")]);
        let status = RunStatus::of(op, std::slice::from_ref(&done));
        assert_eq!(status.label(), "done on 2026-12-02 by Ina on PBX01");
        // A later audit that finds it in place keeps the date it was done.
        let audit = run("2026-12-03T10:00:00Z", vec![(op, RunState::InPlace, "")]);
        assert!(matches!(
            RunStatus::of(op, &[done.clone(), audit]),
            RunStatus::Done { date, .. } if date == "2026-12-02"
        ));
        let failed = run(
            "2026-12-04T10:00:00Z",
            vec![(op, RunState::Failed, "access denied")],
        );
        assert_eq!(
            RunStatus::of(op, &[done, failed]).label(),
            "failed on 2026-12-04 on PBX01: access denied"
        );
    }

    #[test]
    fn a_result_for_a_changed_operation_does_not_count() {
        let plan = every_action("x");
        let op = &plan.operations[0];
        let mut stale = run("2026-12-02T10:00:00Z", vec![(op, RunState::Applied, "")]);
        stale.operations[0].digest = "0000000000000000".into();
        assert_eq!(RunStatus::of(op, &[stale]), RunStatus::Planned);
        let manual = plan
            .operations
            .iter()
            .find(|o| matches!(o.action, Action::Manual(_)))
            .unwrap();
        let said = run(
            "2026-12-02T10:00:00Z",
            vec![(manual, RunState::Applied, "")],
        );
        assert_eq!(RunStatus::of(manual, &[said]), RunStatus::Planned);
    }

    #[test]
    fn an_item_holds_only_when_all_its_operations_do() {
        let done = RunStatus::Done {
            date: "2026-12-02".into(),
            by: "Ina".into(),
            host: "H".into(),
        };
        let later = RunStatus::Done {
            date: "2026-12-05".into(),
            by: "Ina".into(),
            host: "H".into(),
        };
        let in_place = RunStatus::InPlace {
            date: "2026-12-09".into(),
            by: String::new(),
            host: "H".into(),
        };
        assert_eq!(RunStatus::combine([]), None);
        assert_eq!(
            RunStatus::combine([&done, &RunStatus::Planned]),
            Some(RunStatus::Planned)
        );
        assert_eq!(
            RunStatus::combine([&done, &later, &in_place]),
            Some(later.clone())
        );
        let failed = RunStatus::Failed {
            date: "2026-12-02".into(),
            host: "H".into(),
            error: "e".into(),
        };
        assert_eq!(
            RunStatus::combine([&later, &failed, &RunStatus::Planned]),
            Some(failed)
        );
        assert!(later.holds() && !RunStatus::Planned.holds());
    }
}

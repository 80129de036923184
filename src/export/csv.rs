//! checklist.csv: the installer's record of the work, one row per measure of the document's
//! checklist (the OpenScape columns: access rights, references), per operation the scripts carry
//! out and per manual step (RFC 4180, CRLF line ends, formula-guarded fields).

use super::quote::csv_field;
use super::summary::summary;
use crate::catalog::ItemKind;
use crate::plan::{Action, Operation, Plan, RunStatus};
use std::collections::{HashMap, HashSet};

pub const HEADER: [&str; 10] = [
    "Id",
    "Step",
    "Measure",
    "Kind",
    "Decision",
    "Status",
    "Executed",
    "Customer Comments and Reasons",
    "Needed Access Rights",
    "References",
];

/// A measure that brings no operation: nothing for a run to report.
const NOTHING_TO_DO: &str = "nothing to carry out";

/// The rows of the checklist, in plan order: each step's measures, then its operations.
pub fn rows(plan: &Plan) -> Vec<[String; 10]> {
    let mut out = Vec::new();
    // Each step's operations and each item's label, looked up once for all the rows.
    let mut of_step: HashMap<&str, Vec<&Operation>> = HashMap::new();
    for op in &plan.operations {
        of_step.entry(op.step.as_str()).or_default().push(op);
    }
    let mut labels: HashMap<&str, &str> = HashMap::new();
    for d in plan.steps.iter().flat_map(|s| &s.decisions) {
        labels.entry(d.item.as_str()).or_insert(d.label.as_str());
    }
    let label_of = |item: &str| labels.get(item).map_or(item, |l| l).to_string();
    for step in &plan.steps {
        for d in step
            .decisions
            .iter()
            .filter(|d| d.kind == ItemKind::Measure)
        {
            let c = d
                .checklist
                .clone()
                .unwrap_or_else(|| crate::plan::ChecklistRow {
                    measure: d.label.clone(),
                    decision: d.value.clone(),
                    comments: d.reason.clone(),
                    access_rights: String::new(),
                    references: String::new(),
                });
            // Planned, or what the imported runs say of its operations.
            let status = d
                .run
                .as_ref()
                .map_or_else(|| NOTHING_TO_DO.to_string(), RunStatus::label);
            // Executed stays the installer's to fill in until a result says the measure holds.
            let executed = d
                .run
                .as_ref()
                .filter(|r| r.holds())
                .map(RunStatus::label)
                .unwrap_or_default();
            out.push([
                d.item.clone(),
                step.title.clone(),
                c.measure,
                "checklist measure".into(),
                c.decision,
                status,
                executed,
                c.comments,
                c.access_rights,
                c.references,
            ]);
        }
        for op in of_step.get(step.id.as_str()).into_iter().flatten() {
            let (kind, decision) = match &op.action {
                Action::Manual(m) => (
                    "manual step".to_string(),
                    format!("{}: set {} to {}", m.path, m.setting, m.value),
                ),
                other => (format!("script: {}", other.kind_label()), summary(other)),
            };
            // Executed stays the installer's to fill in until a result says it was done.
            let executed = if op.run.holds() {
                op.run.label()
            } else {
                String::new()
            };
            out.push([
                op.id.clone(),
                step.title.clone(),
                label_of(&op.item),
                kind,
                decision,
                op.run.label(),
                executed,
                op.note.clone(),
                String::new(),
                op.source.section.clone(),
            ]);
        }
    }
    out
}

/// Whether the checklist has no row: no measure, and no operation under a step of the plan
/// (what [`rows`] lists), without writing the rows out.
pub fn is_empty(plan: &Plan) -> bool {
    let steps: HashSet<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
    let measures = plan.steps.iter().flat_map(|s| &s.decisions);
    !measures.into_iter().any(|d| d.kind == ItemKind::Measure)
        && !plan
            .operations
            .iter()
            .any(|op| steps.contains(op.step.as_str()))
}

/// How many rows of each kind the checklist has: (document measures, script operations,
/// manual steps).
pub fn counts(plan: &Plan) -> (usize, usize, usize) {
    let measures = plan
        .steps
        .iter()
        .flat_map(|s| &s.decisions)
        .filter(|d| d.kind == ItemKind::Measure)
        .count();
    let manual = plan.of(|a| matches!(a, Action::Manual(_))).count();
    (measures, plan.operations.len() - manual, manual)
}

pub fn checklist_csv(plan: &Plan) -> String {
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let fields: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    line(&HEADER.map(String::from));
    for row in rows(plan) {
        line(&row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::every_action;

    /// Splits RFC 4180 text into records of fields.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let mut records = vec![vec![String::new()]];
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let rec = records.last_mut().unwrap();
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    rec.last_mut().unwrap().push('"');
                }
                ('"', _) => quoted = !quoted,
                (',', false) => rec.push(String::new()),
                ('\r', false) => {}
                ('\n', false) => records.push(vec![String::new()]),
                (c, _) => rec.last_mut().unwrap().push(c),
            }
        }
        records.pop();
        records
    }

    #[test]
    fn one_row_per_measure_operation_and_manual_step_and_fields_survive() {
        let text = "=cmd|' /C calc'!A0, \"quoted\"\nnext line";
        let plan = every_action(text);
        let records = parse(&checklist_csv(&plan));
        assert_eq!(records[0], HEADER);
        let (measures, _, _) = counts(&plan);
        assert!(measures > 0);
        assert_eq!(records.len(), 1 + measures + plan.operations.len());
        for r in &records[1..] {
            assert_eq!(r.len(), HEADER.len());
            assert!(
                r[5] == "planned" || r[5] == NOTHING_TO_DO,
                "nothing was run: {r:?}"
            );
            assert!(!r[6].contains("done"), "nothing was executed yet: {r:?}");
        }
        // A result that says an operation was done reaches its row.
        let mut done = plan.clone();
        done.operations[0].run = RunStatus::Done {
            date: "2026-12-02".into(),
            by: "Ina".into(),
            host: "PBX01".into(),
        };
        let records = parse(&checklist_csv(&done));
        let row = records
            .iter()
            .find(|r| r[0] == done.operations[0].id)
            .unwrap();
        assert!(
            row[5].starts_with("done on 2026-12-02") && row[6] == row[5],
            "{row:?}"
        );
        let manual = records.iter().filter(|r| r[3] == "manual step").count();
        assert_eq!(manual, plan.of(|a| matches!(a, Action::Manual(_))).count());
        assert!(records[1..].iter().any(|r| r[7] == format!("'{text}")));
    }

    /// Empty exactly when no row is written: without measures, with operations only under
    /// steps the plan no longer shows, and with neither.
    #[test]
    fn empty_exactly_when_no_row_is_written() {
        let full = every_action("x");
        let mut no_measures = full.clone();
        for step in &mut no_measures.steps {
            step.decisions.retain(|d| d.kind != ItemKind::Measure);
        }
        let mut orphans = no_measures.clone();
        for op in &mut orphans.operations {
            op.step = "a step not shown".into();
        }
        let mut nothing = no_measures.clone();
        nothing.operations.clear();
        for plan in [&full, &no_measures, &orphans, &nothing] {
            assert_eq!(is_empty(plan), rows(plan).is_empty());
        }
        assert!(!is_empty(&no_measures) && is_empty(&orphans) && is_empty(&nothing));
    }
}

//! checklist.csv: the OpenScape document's checklist columns, one row per measure decision of
//! any product (RFC 4180, CRLF line ends, formula-guarded fields).

use super::quote::csv_field;
use crate::plan::{Plan, RunStatus};

const HEADER: [&str; 6] = [
    "Measure",
    "Decision",
    "Executed",
    "Customer Comments and Reasons",
    "Needed Access Rights",
    "References",
];

pub fn checklist_csv(plan: &Plan) -> String {
    let mut out = String::new();
    let mut line = |cells: &[&str]| {
        let fields: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    line(&HEADER);
    for (row, run) in plan
        .steps
        .iter()
        .flat_map(|s| &s.decisions)
        .filter_map(|d| d.checklist.as_ref().map(|row| (row, &d.run)))
    {
        // "Executed" says only what an imported run result says; otherwise it is the installer's.
        let executed = match run {
            Some(RunStatus::Planned | RunStatus::Differs { .. }) | None => String::new(),
            Some(r) => r.label(),
        };
        line(&[
            &row.measure,
            &row.decision,
            &executed,
            &row.comments,
            &row.access_rights,
            &row.references,
        ]);
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
    fn executed_says_only_what_a_run_result_says() {
        let mut plan = every_action("x");
        let records = parse(&checklist_csv(&plan));
        assert!(records[1..].iter().all(|r| r[2].is_empty()), "{records:?}");
        let measure = plan.steps[1].decisions.iter_mut().next().unwrap();
        measure.run = Some(RunStatus::Done {
            date: "2026-12-02".into(),
            by: "Ina".into(),
            host: "IPO01".into(),
        });
        let records = parse(&checklist_csv(&plan));
        assert_eq!(records[1][2], "done on 2026-12-02 by Ina on IPO01");
        assert_eq!(records[2][2], "");
    }

    #[test]
    fn one_row_per_measure_and_fields_survive() {
        let text = "=cmd|' /C calc'!A0, \"quoted\"\nnext line";
        let plan = every_action(text);
        let records = parse(&checklist_csv(&plan));
        assert_eq!(records[0], HEADER);
        assert_eq!(records.len(), 3, "{records:?}");
        for r in &records[1..] {
            assert_eq!(r.len(), 6);
            assert_eq!(r[2], "", "nothing is executed before a run");
            assert_eq!(r[3], format!("'{text}"));
        }
    }
}

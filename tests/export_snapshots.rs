//! Golden snapshots of every format for every product (defaults on its first target system,
//! and every option on; Avaya also on Windows Server 2019) and for the sample plan, in
//! snapshots/export/. The plans carry a fixed
//! time, so the files are stable; review changes with `cargo insta review`.

mod common;
mod tools;

use hardline::export::{Format, bundle};

#[test]
fn every_format_of_every_product() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots/export"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        let mut seen = std::collections::HashSet::new();
        for (name, plan) in tools::plans::all() {
            // One target system per product keeps the set readable; the checkers see them all.
            // And Avaya on 2019, the newest system its 2003 document is translated to.
            let key = name.split("-defaults-").next().unwrap_or(&name).to_string();
            if !seen.insert(key) && name != "avaya-ipoffice-defaults-windows-server-2019" {
                continue;
            }
            // plan.schema.json is the same for all: schemas/plan.schema.json is its snapshot.
            let files = bundle(&plan, &Format::ALL);
            for (file, text) in files.iter().filter(|(f, _)| f != "plan.schema.json") {
                insta::assert_snapshot!(format!("{name}__{file}"), text);
            }
        }
    });
}

/// checklist.csv has a row per measure, per script operation and per manual step for every
/// product, and README.txt says how many.
#[test]
fn every_products_checklist_has_its_rows_and_the_readme_counts_them() {
    for (name, plan) in tools::plans::all() {
        let files = bundle(&plan, &[Format::Csv]);
        let csv = &files.iter().find(|(f, _)| f == "checklist.csv").unwrap().1;
        let measures = plan
            .steps
            .iter()
            .flat_map(|s| &s.decisions)
            .filter(|d| d.kind == hardline::catalog::ItemKind::Measure)
            .count();
        let rows = records(csv) - 1;
        assert_eq!(rows, measures + plan.operations.len(), "{name}");
        assert!(rows > 0, "{name}: an empty checklist");
        let readme = &files.iter().find(|(f, _)| f == "README.txt").unwrap().1;
        let manual = plan
            .operations
            .iter()
            .filter(|o| matches!(o.action, hardline::plan::Action::Manual(_)))
            .count();
        let said = readme.split_whitespace().collect::<Vec<_>>().join(" ");
        if manual > 0 {
            let count = if manual == 1 {
                "1 manual step".to_string()
            } else {
                format!("{manual} manual steps")
            };
            assert!(said.contains(&count), "{name}: {said}");
        }
        if measures == 0 {
            assert!(
                !said.contains("OpenScape") && !said.contains("checklist (with"),
                "{name}"
            );
        }
    }
}

/// The records of an RFC 4180 text: line ends inside a quoted field (a multi-line reason) do not
/// end a record.
fn records(csv: &str) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for c in csv.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => count += 1,
            _ => {}
        }
    }
    count
}

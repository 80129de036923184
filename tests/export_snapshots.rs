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

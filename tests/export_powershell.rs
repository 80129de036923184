//! harden.ps1 and rollback.ps1 parse with tree-sitter-powershell without ERROR or MISSING nodes.

mod tools;

use hardline::export::{Format, bundle, sample};

#[test]
fn every_action_parses() {
    let plan = sample::every_action("O'Brien ‘x’ $(whoami) `n \"@ '@ ; # <# #>");
    for (name, text) in bundle(&plan, &[Format::Ps1]) {
        if name.ends_with(".ps1") {
            let problems = tools::ps_problems(&text);
            assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
        }
    }
}

#[test]
fn dump_for_review() {
    if let Some(dir) = std::env::var_os("HL_DUMP") {
        let plan = sample::every_action("O'Brien");
        for (name, text) in bundle(&plan, &hardline::export::Format::ALL) {
            std::fs::write(std::path::Path::new(&dir).join(name), text).unwrap();
        }
    }
}

//! Session files that parse but do not fit their wizard, or do not parse: every loader refuses
//! them with the file, the line, the column and the field path; stored step states are checked
//! against the answers; unknown fields survive a save.

mod common;

use common::text;
use hardline::session::Session;
use hardline::store;
use serde_json::{Value, json};
use std::path::PathBuf;

struct Case {
    dir: tempfile::TempDir,
    session: PathBuf,
}

impl Case {
    /// A complete session of `product`, made by `new --defaults`.
    fn complete(product: &str, release: &str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let answers = dir.path().join("answers.json");
        let os = common::wizard(product).target_os[0].id();
        let site = json!({"customer": "ACME", "site": "HQ", "installer": "Ina", "host": "pbx01",
            "target_os": os, "subnets": ["10.0.0.0/24"], "release": release});
        let answers_text = json!({"product": product, "site": site}).to_string();
        // In the data folder, where `list` looks.
        let session = dir.path().join("data/sessions/s.json");
        let o = common::run_new_from_answers(
            &dir.path().join("data"),
            product,
            (&answers, &answers_text),
            Some(&session),
        );
        assert!(o.status.success(), "{}", text(&o));
        Case { dir, session }
    }

    fn json(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(&self.session).unwrap()).unwrap()
    }

    /// Writes the session as `edit` leaves it; returns the line that holds `marker`.
    fn edit(&self, edit: impl FnOnce(&mut Value), marker: &str) -> usize {
        let mut v = self.json();
        edit(&mut v);
        let text = serde_json::to_string_pretty(&v).unwrap();
        std::fs::write(&self.session, &text).unwrap();
        line_of(&text, marker)
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        common::hardline(&self.dir.path().join("data"), args)
    }

    fn export(&self) -> std::process::Output {
        let out = self.dir.path().join("out");
        self.run(&[
            "export",
            "--session",
            self.session.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
    }

    /// Export refuses and writes nothing; what it said.
    fn refused(&self) -> String {
        let o = self.export();
        let out = text(&o);
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(!self.dir.path().join("out").exists(), "written: {out}");
        out
    }

    /// Export refuses, naming the file, the line and the field path.
    fn assert_refused(&self, line: usize, field: &str) {
        let out = self.refused();
        let at = format!("{}:{line}:", self.session.display());
        assert!(out.contains(&at), "no {at} in:\n{out}");
        assert!(out.contains(field), "no {field} in:\n{out}");
    }

    /// The id of the first answered item of `kind`.
    fn answered(&self, product: &str, kind: &str) -> String {
        let wizard = common::wizard(product);
        let v = self.json();
        let answers = v["answers"].as_object().unwrap();
        answers
            .keys()
            .find(|id| {
                wizard
                    .item(id)
                    .is_some_and(|(_, i)| format!("{:?}", i.kind).eq_ignore_ascii_case(kind))
            })
            .unwrap_or_else(|| panic!("no answered {kind} in {product}"))
            .clone()
    }
}

fn line_of(text: &str, marker: &str) -> usize {
    text.lines()
        .position(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("{marker} not in\n{text}"))
        + 1
}

#[test]
fn a_value_that_does_not_fit_its_item_is_refused_by_every_loader() {
    let case = Case::complete("nec-ma4000", "");
    let toggle = case.answered("nec-ma4000", "toggle");
    let line = case.edit(
        |v| v["answers"][&toggle]["value"] = json!("banana"),
        "\"banana\"",
    );
    let field = format!("answers.{toggle}.value");
    case.assert_refused(line, &field);
    let s = case.session.to_str().unwrap();
    let at = format!("{s}:{line}:");
    for args in [vec!["resume", s], vec!["diff", s, s]] {
        let o = case.run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(&at), "{args:?}: {}", text(&o));
    }
    let o = case.run(&["list"]);
    assert!(text(&o).contains("DAMAGED"), "{}", text(&o));
}

#[test]
fn an_option_that_is_not_offered_is_refused() {
    let case = Case::complete("avaya-ipoffice", "");
    let choice = case.answered("avaya-ipoffice", "choice");
    let line = case.edit(
        |v| v["answers"][&choice]["value"] = json!("not-an-option"),
        "not-an-option",
    );
    case.assert_refused(line, &format!("answers.{choice}.value"));
}

#[test]
fn bad_subnets_and_an_unknown_release_are_refused() {
    let case = Case::complete("ale-oxo", "R10.3");
    let line = case.edit(
        |v| v["site"]["subnets"] = json!(["not a subnet", "10.0.0.0/99"]),
        "not a subnet",
    );
    case.assert_refused(line, "site.subnets[0]");
    let case = Case::complete("ale-oxo", "R10.3");
    let line = case.edit(|v| v["site"]["release"] = json!("R99.9"), "R99.9");
    case.assert_refused(line, "site.release");
}

#[test]
fn steps_stored_as_done_are_checked_against_the_answers() {
    let case = Case::complete("avaya-ipoffice", "");
    let line = case.edit(|v| v["answers"] = json!({}), "\"roles\": {");
    let out = case.refused();
    // The first step with questions is named where its state stands.
    let at = format!("{}:{}:", case.session.display(), line + 1);
    assert!(
        out.contains(&at) && out.contains("steps.roles.state"),
        "{out}"
    );
    assert!(out.contains("is not answered"), "{out}");
}

#[test]
fn type_errors_give_the_line_column_and_field_path() {
    let case = Case::complete("avaya-ipoffice", "");
    let line = case.edit(|v| v["site"] = json!("HQ"), "\"site\": \"HQ\"");
    let out = case.refused();
    let at = format!("{}:{line}:11: site:", case.session.display());
    assert!(out.contains(&at), "no {at} in:\n{out}");
    let toggle = case.answered("avaya-ipoffice", "toggle");
    let case = Case::complete("avaya-ipoffice", "");
    let line = case.edit(|v| v["answers"][&toggle]["value"] = json!([1]), "[");
    let out = case.refused();
    let at = format!("{}:{line}:", case.session.display());
    assert!(
        out.contains(&at) && out.contains(&format!("answers.{toggle}.value")),
        "{out}"
    );
}

#[test]
fn a_format_beyond_u32_is_reported_as_it_is_written() {
    let case = Case::complete("avaya-ipoffice", "");
    case.edit(|v| v["format"] = json!(4_294_967_297u64), "format");
    let out = case.refused();
    assert!(out.contains("format 4294967297"), "{out}");
}

#[test]
fn a_duplicate_key_is_an_error() {
    let case = Case::complete("nec-ma4000", "");
    let text_before = std::fs::read_to_string(&case.session).unwrap();
    let twice = text_before.replacen(
        "\"product\": \"nec-ma4000\",",
        "\"product\": \"nec-ma4000\",\n  \"product\": \"ale-oxo\",",
        1,
    );
    std::fs::write(&case.session, &twice).unwrap();
    let line = line_of(&twice, "\"ale-oxo\"");
    let out = case.refused();
    assert!(
        out.contains(&format!("{}:{line}:", case.session.display()))
            && out.contains("duplicate key \"product\""),
        "{out}"
    );
    let o = case.run(&["list"]);
    assert!(!text(&o).contains("ale-oxo"), "{}", text(&o));
}

#[test]
fn unknown_fields_at_the_top_and_in_the_site_survive_saves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.json");
    let text = r#"{"format": 1, "product": "avaya-ipoffice", "future_field": {"kept": [1, 2]},
        "site": {"customer": "ACME", "vlan": 12}}"#;
    let session = Session::from_json(text).unwrap();
    store::save_session(&path, &session).unwrap();
    store::save_session(&path, &session).unwrap();
    for file in [path.clone(), dir.path().join("s.json.bak")] {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(
            v["future_field"],
            json!({"kept": [1, 2]}),
            "{}",
            file.display()
        );
        assert_eq!(v["site"]["vlan"], json!(12), "{}", file.display());
        assert_eq!(v["site"]["customer"], json!("ACME"));
    }
}

#[test]
fn unknown_fields_inside_answers_and_steps_are_refused_with_their_place() {
    let case = Case::complete("avaya-ipoffice", "");
    let toggle = case.answered("avaya-ipoffice", "toggle");
    let line = case.edit(
        |v| v["answers"][&toggle]["colour"] = json!("blue"),
        "\"colour\"",
    );
    case.assert_refused(line, &format!("answers.{toggle}"));
    assert!(case.refused().contains("colour"));
}

#[test]
fn an_answers_file_with_an_unknown_field_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("a.json");
    let typo = "{\"product\": \"avaya-ipoffice\",\n \"site\": {\"custmer\": \"ACME\"}}";
    let o = common::run_new_from_answers(dir.path(), "avaya-ipoffice", (&answers, typo), None);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!("{}:2:", answers.display())) && out.contains("site.custmer"),
        "{out}"
    );
}

/// Keeps the helper honest: a session made by `new` loads as it is.
#[test]
fn a_complete_session_loads_and_exports() {
    let case = Case::complete("ale-oxo", "R10.3");
    let o = case.export();
    assert!(o.status.success(), "{}", text(&o));
}

//! The command line as an installer without the wizard uses it: pipes that close early, answers
//! files written from `hardline items`, defaults that earlier items need, errors said once,
//! `diff` like diff(1), formats that fit the target, completions and the manual page.

mod common;

use common::{hardline, text};
use std::path::Path;

const SITE: &str = r#""site": {"customer": "ACME", "site": "HQ", "installer": "Ina", "host": "oxo01",
    "address": "192.0.2.10", "target_os": "appliance", "release": "R10.3"}"#;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// `new --defaults` with an answers file; the session path.
fn new_session(dir: &Path, name: &str, product: &str, answers: &str) -> String {
    common::new_from_answers(dir, name, product, answers)
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let data = tempfile::tempdir().unwrap();
    for n in 0..3 {
        let site = SITE.replace("ACME", &format!("ACME {n}"));
        new_session(
            data.path(),
            &format!("s{n}"),
            "ale-oxo",
            &format!("{{\"product\": \"ale-oxo\", {site}}}"),
        );
    }
    for args in [
        ["products"].as_slice(),
        &["list"],
        &["items", "--product", "ale-oxo"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hardline"))
            .args(args)
            .env("HARDLINE_DATA_DIR", data.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the writer has written: every write meets a closed pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
        assert!(err.is_empty(), "{args:?} said: {err}");
    }
}

#[test]
fn defaults_of_earlier_items_apply_before_a_later_answer_is_checked() {
    let data = tempfile::tempdir().unwrap();
    // wan_public_address is shown only under wan_access_method's default (HTTPS forwarding).
    let answers = format!(
        r#"{{"product": "ale-oxo", {SITE}, "answers": {{
            "remote_access_needed": {{"value": true}},
            "wan_public_address": {{"value": "oxo.example.com"}},
            "wan_gateway_address": {{"value": "198.51.100.2"}},
            "wan_gateway_interface": {{"value": "eth0"}}}}}}"#
    );
    let session = new_session(data.path(), "s", "ale-oxo", &answers);
    let catalog = hardline::store::catalog(None).unwrap();
    let loaded = hardline::store::load_session(Path::new(&session), &catalog, common::NOW);
    let saved = loaded.unwrap().session;
    assert_eq!(
        saved
            .answer("wan_public_address")
            .map(|a| a.value.to_string()),
        Some("oxo.example.com".into())
    );
    assert_eq!(
        saved.answer("wan_access_method").map(|a| a.status),
        Some(hardline::session::AnswerStatus::Defaulted)
    );
}

#[test]
fn defaults_without_site_facts_say_which_and_how_to_give_them() {
    let data = tempfile::tempdir().unwrap();
    let o = hardline(data.path(), &["new", "--product", "ale-oxo", "--defaults"]);
    assert_eq!(o.status.code(), Some(2));
    let out = text(&o);
    assert!(
        out.contains("Site facts missing or wrong: customer, site, installer, host, release"),
        "{out}"
    );
    assert!(out.contains("\"site\" object of an answers file"), "{out}");
    assert!(!out.contains("pass --defaults"), "{out}");
}

#[test]
fn items_lists_ids_values_defaults_and_conditions_as_text_and_json() {
    let data = tempfile::tempdir().unwrap();
    let o = hardline(data.path(), &["items", "--product", "avaya-ipoffice"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("outbound_auth (choice)"), "{out}");
    assert!(out.contains("no_win9x"), "the option ids are listed: {out}");
    assert!(out.contains("target_os: windows-server-2003"), "{out}");
    let o = hardline(data.path(), &["items", "--product", "ale-oxo", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        json["releases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "R10.3")
    );
    let items: Vec<&serde_json::Value> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .collect();
    let address = items
        .iter()
        .find(|i| i["id"] == "wan_public_address")
        .unwrap();
    assert_eq!(address["kind"], "field");
    assert_eq!(
        address["shown_when"], "wan_access_method = \"https_50443\"",
        "{address}"
    );
    let method = items
        .iter()
        .find(|i| i["id"] == "wan_access_method")
        .unwrap();
    assert!(method["values"].as_array().unwrap().len() >= 2, "{method}");
    assert!(method["default"].is_string(), "{method}");
    // Every id the listing gives is one an answers file may use.
    let catalog = hardline::store::catalog(None).unwrap();
    let wizard = catalog.wizard("ale-oxo").unwrap();
    assert_eq!(items.len(), wizard.items().count());
}

#[test]
fn errors_say_each_thing_once_and_validate_lists_the_option_ids() {
    let data = tempfile::tempdir().unwrap();
    let answers = write(
        data.path(),
        "a.json",
        "{\"product\": \"ale-oxo\",\n  \"site\": {\"customer\": \"x\",}}",
    );
    let o = hardline(
        data.path(),
        &[
            "new",
            "--product",
            "ale-oxo",
            "--answers",
            &answers,
            "--defaults",
        ],
    );
    let out = text(&o);
    // The position once, as file:line:column.
    assert_eq!(out.matches(":2:").count(), 1, "{out}");
    assert!(!out.contains("line 2 column"), "{out}");
    let wizards = data.path().join("w");
    std::fs::create_dir(&wizards).unwrap();
    let oxo =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("wizards/ale-oxo.json"))
            .unwrap();
    let broken = oxo.replacen(
        "\"recommended\": \"fresh\"",
        "\"recommended\": \"fresh_typo\"",
        1,
    );
    assert_ne!(broken, oxo);
    std::fs::write(wizards.join("ale-oxo.json"), broken).unwrap();
    let o = hardline(data.path(), &["validate", wizards.to_str().unwrap()]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains(
            "\"fresh_typo\" does not fit choice item 'installation': one of: fresh, migrated"
        ),
        "{out}"
    );
    assert!(!out.contains("Text("), "{out}");
}

#[test]
fn diff_refuses_two_products_and_exits_one_when_sessions_differ() {
    let data = tempfile::tempdir().unwrap();
    let oxo = format!("{{\"product\": \"ale-oxo\", {SITE}}}");
    let a = new_session(data.path(), "a", "ale-oxo", &oxo);
    let b = new_session(data.path(), "b", "ale-oxo", &oxo);
    let c = new_session(
        data.path(),
        "c",
        "ale-oxo",
        &oxo.replace("\"host\": \"oxo01\"", "\"host\": \"oxo02\""),
    );
    let o = hardline(data.path(), &["diff", &a, &b]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = hardline(data.path(), &["diff", &a, &c]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("oxo02"), "{}", text(&o));
    let avaya = new_session(
        data.path(),
        "d",
        "avaya-ipoffice",
        r#"{"product": "avaya-ipoffice", "site": {"customer": "ACME", "site": "HQ",
            "installer": "Ina", "host": "ipo01", "target_os": "windows-server-2019",
            "subnets": ["10.0.0.0/24"]}}"#,
    );
    let o = hardline(data.path(), &["diff", &a, &avaya]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(o.stdout.is_empty(), "{}", text(&o));
    assert!(
        text(&o).contains("only sessions of one product"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_format_that_does_not_fit_the_target_is_refused_with_the_reason() {
    let data = tempfile::tempdir().unwrap();
    let s = new_session(
        data.path(),
        "s",
        "ale-oxo",
        &format!("{{\"product\": \"ale-oxo\", {SITE}}}"),
    );
    let out = data.path().join("bundle");
    let o = hardline(
        data.path(),
        &[
            "export",
            "--session",
            &s,
            "--out",
            out.to_str().unwrap(),
            "--format",
            "ps1,md",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains("ps1: Appliance behind a Linux gateway is not a Windows server"),
        "{said}"
    );
    assert!(
        said.contains("Formats that fit it: nft,md,json,html,csv"),
        "{said}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn completions_and_the_manual_page_come_from_the_command_definitions() {
    let data = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = hardline(data.path(), &["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", text(&o));
        let script = String::from_utf8_lossy(&o.stdout);
        for word in ["import-audit", "confirm-lockout", "restore-backup", "items"] {
            assert!(script.contains(word), "{shell} completes no {word}");
        }
    }
    let bash = hardline(data.path(), &["completions", "bash"]);
    let file = write(
        data.path(),
        "hardline.bash",
        &String::from_utf8_lossy(&bash.stdout),
    );
    let check = std::process::Command::new("bash")
        .args(["-n", &file])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let o = hardline(data.path(), &["man"]);
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH hardline 1"),
        "{page}"
    );
    for word in ["export", "resume", "completions", "\\-\\-wizards"] {
        assert!(page.contains(word), "the page has no {word}");
    }
    let dir = data.path().join("man");
    let o = hardline(data.path(), &["man", "--out", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let export = std::fs::read_to_string(dir.join("hardline-export.1")).unwrap();
    assert!(export.contains("confirm\\-lockout"), "{export}");
    // man(1) reads it without complaint, where it is installed.
    if let Ok(out) = std::process::Command::new("man")
        .args(["--warnings", "-l", dir.join("hardline.1").to_str().unwrap()])
        .env("MANWIDTH", "80")
        .output()
        && out.status.success()
    {
        assert!(String::from_utf8_lossy(&out.stdout).contains("hardline"));
    }
}

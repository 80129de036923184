//! `hardline import-audit` and `hardline diff` on the real binary.

mod common;

use common::{hardline, text};

use std::path::Path;

fn new_session(data: &Path, name: &str, answers: &str) -> String {
    common::new_from_answers(data, name, "avaya-ipoffice", answers)
}

const SITE: &str = r#""site": {"customer": "ACME", "site": "HQ", "installer": "Ina", "host": "ipo01",
    "target_os": "windows-server-2019", "subnets": ["10.0.0.0/24"]}"#;

#[test]
fn import_audit_records_what_is_in_place() {
    let data = tempfile::tempdir().unwrap();
    let s = new_session(
        data.path(),
        "a",
        &format!("{{\"product\": \"avaya-ipoffice\", {SITE}}}"),
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
            "json,ps1",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    let ops = plan["operations"].as_array().unwrap();
    // The first item that answers with a setting (an info item's manual step has no answer).
    let first_item = ops
        .iter()
        .find(|op| op["action"]["type"] != "manual")
        .and_then(|op| op["item"].as_str())
        .unwrap()
        .to_string();
    // What harden.ps1 -Audit writes: the first item's operations in place, the rest not.
    let results: Vec<serde_json::Value> = ops
        .iter()
        .map(|op| {
            serde_json::json!({"id": op["id"], "kind": "x", "current": "a", "desired": "b",
                               "in_place": op["item"] == first_item.as_str()})
        })
        .collect();
    let audit = serde_json::json!({"product": "avaya-ipoffice", "fingerprint": plan["fingerprint"],
        "host": "IPO01", "time": "2026-11-25T11:00:00Z", "operations": results});
    let file = data.path().join("audit-result.json");
    std::fs::write(&file, format!("\u{feff}{audit}")).unwrap();
    let o = hardline(
        data.path(),
        &["import-audit", "--session", &s, file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("1 items recorded as found in place"),
        "{}",
        text(&o)
    );
    let session: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&s).unwrap()).unwrap();
    assert_eq!(session["answers"][&first_item]["status"], "imported");
    let logged = session["audit"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "import" && e["target"] == first_item.as_str());
    assert!(logged, "the import is in the audit log");
    // A file that is not an audit result is refused with its name.
    std::fs::write(&file, "{\"nope\": 1}").unwrap();
    let o = hardline(
        data.path(),
        &["import-audit", "--session", &s, file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("audit-result.json"), "{}", text(&o));
}

#[test]
fn diff_lists_changed_decisions() {
    let data = tempfile::tempdir().unwrap();
    let a = new_session(
        data.path(),
        "a",
        &format!("{{\"product\": \"avaya-ipoffice\", {SITE}}}"),
    );
    let b = new_session(
        data.path(),
        "b",
        &format!(
            "{{\"product\": \"avaya-ipoffice\", {SITE}, \"answers\": {{\"role_sql_server\": {{\"value\": true, \"reason\": \"CCC installed\"}}}}}}"
        ),
    );
    let o = hardline(data.path(), &["diff", &a, &b]);
    assert_eq!(o.status.code(), Some(1), "they differ: {}", text(&o));
    assert!(text(&o).contains("[role_sql_server]"), "{}", text(&o));
    assert!(text(&o).contains("CCC installed"), "{}", text(&o));
    let o = hardline(data.path(), &["diff", "--json", &a, &b]);
    let diffs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        diffs
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["item"] == "role_sql_server")
    );
    let o = hardline(data.path(), &["diff", &a, &a]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("no differences"));
}

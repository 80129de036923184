//! `hardline import-audit` (alias `import-result`) and `hardline diff` on the real binary.

mod common;

use common::{hardline, text};

use std::path::Path;

fn new_session(data: &Path, name: &str, answers: &str) -> String {
    common::new_from_answers(data, name, "avaya-ipoffice", answers)
}

/// Writes a result file as PowerShell does (with a byte order mark), imports it with `command`,
/// and gives the output and the session file after it.
fn import(
    data: &Path,
    session: &str,
    command: &str,
    name: &str,
    result: &serde_json::Value,
) -> (String, serde_json::Value) {
    let file = data.join(name);
    std::fs::write(&file, format!("\u{feff}{result}")).unwrap();
    let o = hardline(
        data,
        &[command, "--session", session, file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    let saved = serde_json::from_str(&std::fs::read_to_string(session).unwrap()).unwrap();
    (text(&o), saved)
}

/// Exports the session as json, md and ps1 into `out`, and gives plan.json.
fn export(data: &Path, session: &str, out: &Path) -> serde_json::Value {
    let args = [
        "export",
        "--session",
        session,
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json,md,ps1",
        "--force",
    ];
    let o = hardline(data, &args);
    assert!(o.status.success(), "{}", text(&o));
    serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap()
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
    let plan = export(data.path(), &s, &data.path().join("bundle"));
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
    let (out, session) = import(data.path(), &s, "import-audit", "audit-result.json", &audit);
    assert!(out.contains("1 items recorded as found in place"), "{out}");
    assert_eq!(session["answers"][&first_item]["status"], "imported");
    let logged = session["audit"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "import" && e["target"] == first_item.as_str());
    assert!(logged, "the import is in the audit log");
    // A file that is not an audit result is refused with its name.
    let file = data.path().join("audit-result.json");
    std::fs::write(&file, "{\"nope\": 1}").unwrap();
    let o = hardline(
        data.path(),
        &["import-audit", "--session", &s, file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("audit-result.json"), "{}", text(&o));
}

#[test]
fn import_result_records_the_run_and_the_plan_says_done() {
    let data = tempfile::tempdir().unwrap();
    let s = new_session(
        data.path(),
        "r",
        &format!("{{\"product\": \"avaya-ipoffice\", {SITE}}}"),
    );
    let out = data.path().join("bundle");
    let plan = export(data.path(), &s, &out);
    let on_server = |plan: &serde_json::Value| -> Vec<serde_json::Value> {
        let ops = plan["operations"].as_array().unwrap();
        ops.iter()
            .filter(|o| o["action"]["type"] != "manual")
            .cloned()
            .collect()
    };
    let ops = on_server(&plan);
    // What harden.ps1 writes next to its transcript: the first operation applied, the second
    // failed; digests from the script's own table.
    let harden = std::fs::read_to_string(out.join("harden.ps1")).unwrap();
    let digest = |id: &str| {
        let key = format!("'{id}' = '");
        let at = harden.find(&key).unwrap() + key.len();
        harden[at..at + 16].to_string()
    };
    let (a, b) = (
        ops[0]["id"].as_str().unwrap(),
        ops[1]["id"].as_str().unwrap(),
    );
    let result = serde_json::json!({"format": 1, "script": "harden.ps1", "mode": "apply",
    "product": "avaya-ipoffice", "fingerprint": plan["fingerprint"], "host": "IPO01",
    "user": "IPO01\\Administrator", "started": "2026-12-02T09:00:00Z", "finished": "2026-12-02T09:10:00Z",
    "summary": {"applied": 1, "in_place": 0, "failed": 1, "skipped": 0},
    "operations": [
        {"id": a, "digest": digest(a), "state": "applied", "detail": "", "in_place": false, "findings": [], "parts": []},
        {"id": b, "digest": digest(b), "state": "failed", "detail": "Access is denied", "in_place": false, "findings": [], "parts": []}
    ]});
    let (out, session) = import(data.path(), &s, "import-result", "result.json", &result);
    assert!(
        out.contains("1 applied, 0 already in place, 1 failed, 0 skipped"),
        "{out}"
    );
    assert!(
        out.contains(&format!("failed: {b}: Access is denied")),
        "{out}"
    );
    assert_eq!(session["format"], 2);
    assert_eq!(session["runs"][0]["host"], "IPO01");
    assert_eq!(session["runs"][0]["imported_by"], "Ina");
    // The plan now says done for the first, failed for the second, planned for the rest.
    let again = data.path().join("again");
    let plan = export(data.path(), &s, &again);
    let ops = on_server(&plan);
    assert_eq!(ops[0]["run"]["state"], "done");
    assert_eq!(ops[0]["run"]["by"], "Ina");
    assert_eq!(ops[1]["run"]["state"], "failed");
    assert_eq!(ops[2]["run"]["state"], "planned");
    let md = std::fs::read_to_string(again.join("plan.md")).unwrap();
    assert!(md.contains("done on 2026-12-02 by Ina on IPO01"), "{md}");
    assert!(md.contains("failed on 2026-12-02 on IPO01: Access is denied"));
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

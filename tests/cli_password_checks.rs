//! The real binary: `new --defaults` makes no password check, an answers file cannot claim one,
//! and `export` writes the plan with the checks listed as not made and says so.

mod common;

use common::{hardline, text};

#[test]
fn defaults_and_answers_files_make_no_check_and_the_export_says_so() {
    let data = tempfile::tempdir().unwrap();
    let answers = data.path().join("answers.json");
    // The answers file claims a check: it is ignored with a warning, not ticked.
    std::fs::write(
        &answers,
        r#"{"product": "nec-ow5000", "site": {"customer": "ACME", "site": "HQ", "installer": "Ina",
            "host": "ow01", "target_os": "windows-server-2008", "subnets": ["10.0.0.0/24"]},
            "answers": {"sa_password": {"value": true}}}"#,
    )
    .unwrap();
    let session = data.path().join("s.json");
    let s = session.to_str().unwrap();
    let o = hardline(
        data.path(),
        &[
            "new",
            "--product",
            "nec-ow5000",
            "--answers",
            answers.to_str().unwrap(),
            "--defaults",
            "--session",
            s,
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o)
            .contains("sa_password: a password check is made by typing the password in hardline"),
        "{}",
        text(&o)
    );
    let saved = std::fs::read_to_string(&session).unwrap();
    assert!(
        !saved.contains("\"sa_password\""),
        "the check was ticked: {saved}"
    );

    let out = data.path().join("bundle");
    let o = hardline(
        data.path(),
        &[
            "export",
            "--session",
            s,
            "--out",
            out.to_str().unwrap(),
            "--format",
            "md,csv",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("1 check(s) not made"), "{}", text(&o));
    let md = std::fs::read_to_string(out.join("plan.md")).unwrap();
    assert!(
        md.contains("## Checks not made")
            && md.contains("'SQL Server sa password': the password check was not made"),
        "{md}"
    );
    assert!(md.contains("| SQL Server sa password | not made |"), "{md}");
}

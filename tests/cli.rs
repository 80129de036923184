//! The real binary, headless: products, validate, new, export, list, resume without a terminal.

mod common;

use common::{hardline, run_new_from_answers, text};

#[test]
fn products_and_validate() {
    let data = tempfile::tempdir().unwrap();
    let o = hardline(data.path(), &["products"]);
    assert!(o.status.success());
    assert!(text(&o).contains("avaya-ipoffice"));
    let o = hardline(data.path(), &["validate"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).starts_with("ok: "));
}

#[test]
fn help_answers_for_itself_and_for_each_command() {
    let data = tempfile::tempdir().unwrap();
    let o = hardline(data.path(), &["help", "--help"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Usage: hardline help"), "{}", text(&o));
    let o = hardline(data.path(), &["help"]);
    assert!(o.status.success() && text(&o).contains("Commands:"));
    // A command by its name or its alias: the same text as COMMAND --help.
    let export = hardline(data.path(), &["export", "--help"]);
    assert_eq!(
        text(&hardline(data.path(), &["help", "export"])),
        text(&export)
    );
    let o = hardline(data.path(), &["help", "import-result"]);
    assert!(
        text(&o).contains("Usage: hardline import-audit"),
        "{}",
        text(&o)
    );
    let o = hardline(data.path(), &["help", "exprot"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("no command 'exprot'") && text(&o).contains("export"),
        "{}",
        text(&o)
    );
}

#[test]
fn validate_reports_file_line_column_for_a_broken_folder() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("w");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("broken.json"),
        "{\n  \"id\": \"broken\",\n  \"name\": 3\n}\n",
    )
    .unwrap();
    let o = hardline(data.path(), &["validate", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o);
    assert!(out.contains("broken.json:3:"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
}

#[test]
fn new_with_defaults_then_export_md_and_json() {
    let data = tempfile::tempdir().unwrap();
    let answers = r#"{"product": "avaya-ipoffice",
            "site": {"customer": "ACME", "site": "HQ", "installer": "Ina", "host": "ipo01",
                     "target_os": "windows-server-2003", "subnets": ["10.0.0.0/24"]},
            "answers": {"role_sql_server": {"value": true, "reason": "CCC installed"}}}"#;
    let session = data.path().join("s.json");
    let s = session.to_str().unwrap();
    let file = data.path().join("answers.json");
    let o = run_new_from_answers(
        data.path(),
        "avaya-ipoffice",
        (&file, answers),
        Some(&session),
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("11/11 steps"), "{}", text(&o));
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
            "md,json",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    let ports: Vec<String> = plan["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|op| op["action"]["type"] == "firewall_rule")
        .map(|op| op["action"]["ports"].to_string())
        .collect();
    assert!(ports.iter().any(|p| p.contains("1433")), "{ports:?}");
    let md = std::fs::read_to_string(out.join("plan.md")).unwrap();
    assert!(
        md.contains("CCC installed"),
        "the installer's reason is in the plan"
    );
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert!(sums.contains("plan.md") && sums.contains("plan.json"));
    // A second export into the same folder is refused without --force, and leaves it alone.
    let before = std::fs::read_to_string(out.join("plan.md")).unwrap();
    let o = hardline(
        data.path(),
        &[
            "export",
            "--session",
            s,
            "--out",
            out.to_str().unwrap(),
            "--format",
            "md",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("not empty"), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("plan.md")).unwrap(),
        before
    );
    let o = hardline(
        data.path(),
        &[
            "export",
            "--session",
            s,
            "--out",
            out.to_str().unwrap(),
            "--format",
            "md",
            "--force",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn without_a_terminal_unanswered_items_are_listed() {
    let data = tempfile::tempdir().unwrap();
    let o = hardline(data.path(), &["new", "--product", "avaya-ipoffice"]);
    assert_eq!(o.status.code(), Some(2));
    let out = text(&o);
    assert!(
        out.contains("Customer is missing") && out.contains("[role_web_server] is not answered"),
        "{out}"
    );
    // The partial session was kept, and an incomplete session cannot be exported.
    let o = hardline(data.path(), &["list"]);
    assert!(text(&o).contains("avaya-ipoffice"), "{}", text(&o));
    // The session beside its lock file, which stays.
    let session = std::fs::read_dir(data.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    let o = hardline(
        data.path(),
        &[
            "export",
            "--session",
            session.to_str().unwrap(),
            "--out",
            data.path().join("o").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("cannot be exported yet"), "{}", text(&o));
    assert!(!data.path().join("o").exists(), "nothing is written");
}

#[test]
fn bad_input_gets_clear_errors() {
    let data = tempfile::tempdir().unwrap();
    let o = hardline(data.path(), &["new", "--product", "nope", "--defaults"]);
    assert!(
        text(&o).contains("unknown product 'nope'; products are:"),
        "{}",
        text(&o)
    );
    let answers = data.path().join("a.json");
    let bad = r#"{"product": "avaya-ipoffice", "site": {"address": "10.0.0.999"}}"#;
    let o = run_new_from_answers(data.path(), "avaya-ipoffice", (&answers, bad), None);
    let out = text(&o);
    assert!(
        out.contains("a.json") && out.contains("site.address") && out.contains("10.0.0.999"),
        "{out}"
    );
    let bad = r#"{"product": "avaya-ipoffice", "answers": {"no_such": {"value": true}}}"#;
    let o = run_new_from_answers(data.path(), "avaya-ipoffice", (&answers, bad), None);
    assert!(text(&o).contains("no item 'no_such'"), "{}", text(&o));
    let o = hardline(
        data.path(),
        &["export", "--session", "x", "--out", "o", "--format", "pdf"],
    );
    assert!(text(&o).contains("unknown format 'pdf'"), "{}", text(&o));
}

#[test]
fn a_damaged_session_is_reported_with_its_backup() {
    let data = tempfile::tempdir().unwrap();
    let s = data.path().join("s.json");
    let o = hardline(
        data.path(),
        &[
            "new",
            "--product",
            "avaya-ipoffice",
            "--defaults",
            "--session",
            s.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // Keep a good copy as the backup, then damage the session.
    std::fs::copy(&s, data.path().join("s.json.bak")).unwrap();
    std::fs::write(&s, "{\"format\": 1, \"product\": \"avaya-ipo").unwrap();
    let o = hardline(data.path(), &["resume", s.to_str().unwrap()]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("is damaged") && out.contains("--restore-backup"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&s).unwrap(),
        "{\"format\": 1, \"product\": \"avaya-ipo"
    );
}

/// Runs the binary headless and gives it `secs` seconds; a run that hangs is killed and fails.
fn hardline_within(data: &std::path::Path, args: &[&str], secs: u64) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hardline"))
        .args(args)
        .env("HARDLINE_DATA_DIR", data)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(secs) {
            child.kill().unwrap();
            let o = child.wait_with_output().unwrap();
            panic!("{args:?} hung for {secs} s: {}", text(&o));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_wizard_folder_with_a_fifo_a_device_or_a_huge_file_is_refused_at_once() {
    let data = tempfile::tempdir().unwrap();
    let wizards = concat!(env!("CARGO_MANIFEST_DIR"), "/wizards");
    let plant = |name: &str, how: &dyn Fn(&std::path::Path)| {
        let dir = data.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        std::fs::copy(format!("{wizards}/ale-oxo.json"), dir.join("ale-oxo.json")).unwrap();
        how(&dir.join("x.json"));
        dir
    };
    let fifo = plant("fifo", &|p| {
        let made = std::process::Command::new("mkfifo")
            .arg(p)
            .status()
            .unwrap();
        assert!(made.success());
    });
    let zero = plant("zero", &|p| {
        std::os::unix::fs::symlink("/dev/zero", p).unwrap()
    });
    let huge = plant("huge", &|p| {
        std::fs::File::create(p).unwrap().set_len(64 << 20).unwrap()
    });
    for (dir, why) in [
        (&fifo, "not a regular file"),
        (&zero, "not a regular file"),
        (&huge, "larger than"),
    ] {
        for args in [
            vec!["validate", dir.to_str().unwrap()],
            vec!["--wizards", dir.to_str().unwrap(), "products"],
        ] {
            let o = hardline_within(data.path(), &args, 20);
            let out = text(&o);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {out}");
            let file = dir.join("x.json");
            assert!(
                out.contains(&file.display().to_string()) && out.contains(why),
                "{args:?}: {out}"
            );
        }
    }
}

#[test]
fn an_answers_file_that_never_ends_or_is_huge_is_refused_with_its_name() {
    let data = tempfile::tempdir().unwrap();
    let zero = data.path().join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let huge = data.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    for file in [&zero, &huge] {
        let args = [
            "new",
            "--product",
            "ale-oxo",
            "--answers",
            file.to_str().unwrap(),
        ];
        let o = hardline_within(data.path(), &args, 20);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(
            out.contains(&file.display().to_string()) && out.contains("larger than 64 MiB"),
            "{out}"
        );
        assert!(!out.contains("panicked"), "{out}");
    }
}

#[test]
fn an_answers_file_saved_by_notepad_or_powershell_reads_as_written() {
    let data = tempfile::tempdir().unwrap();
    let answers = r#"{"product": "avaya-ipoffice",
            "site": {"customer": "Müller & Söhne", "site": "HQ", "installer": "Ina", "host": "ipo01",
                     "target_os": "windows-server-2003", "subnets": ["10.0.0.0/24"]},
            "answers": {"role_sql_server": {"value": true, "reason": "CCC installed"}}}"#
        .replace('\n', "\r\n");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(answers.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(answers.encode_utf16().flat_map(u16::to_le_bytes));
    // Notepad's "UTF-8" and "Unicode", PowerShell 5.1's Set-Content -Encoding UTF8 and `>`.
    for (n, bytes) in [bom, utf16].into_iter().enumerate() {
        let file = data.path().join(format!("answers-{n}.json"));
        std::fs::write(&file, bytes).unwrap();
        let session = data.path().join(format!("s{n}.json"));
        let o = hardline(
            data.path(),
            &[
                "new",
                "--product",
                "avaya-ipoffice",
                "--answers",
                file.to_str().unwrap(),
                "--defaults",
                "--session",
                session.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        let saved = std::fs::read_to_string(&session).unwrap();
        let s = hardline::session::Session::from_json(&saved).unwrap();
        assert_eq!(s.site.customer, "Müller & Söhne");
    }
}

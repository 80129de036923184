//! Export bundles on disk: private whatever the umask, exactly the files of one export after
//! `--force`, swapped in whole, stale staging folders of killed exports removed, the folder
//! synced after the rename.

mod common;
#[path = "tools/provision.rs"]
mod provision;

use common::text;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary run through `sh` under `umask`, with its sessions in `data`.
fn hardline_umask(data: &Path, umask: &str, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_hardline"))
        .args(args)
        .env("HARDLINE_DATA_DIR", data)
        .current_dir(data.parent().unwrap())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A complete avaya-ipoffice session for target system `os`, made by `new --defaults`.
fn session_for(dir: &Path, name: &str, os: &str) -> PathBuf {
    let answers = format!(
        r#"{{"product": "avaya-ipoffice", "site": {{"customer": "ACME", "site": "HQ",
            "installer": "Ina", "host": "ipo01", "target_os": "{os}",
            "subnets": ["10.0.0.0/24"]}}}}"#
    );
    let file = dir.join(format!("{name}.answers.json"));
    let session = dir.join(format!("{name}.json"));
    let o = common::run_new_from_answers(
        &dir.join("data"),
        "avaya-ipoffice",
        (&file, &answers),
        Some(&session),
    );
    assert!(o.status.success(), "{}", text(&o));
    session
}

fn export_args<'a>(session: &'a Path, out: &'a Path) -> Vec<&'a str> {
    let (session, out) = (session.to_str().unwrap(), out.to_str().unwrap());
    vec!["export", "--session", session, "--out", out]
}

fn export(dir: &Path, session: &Path, out: &Path, more: &[&str]) -> Output {
    let mut args = export_args(session, out);
    args.extend_from_slice(more);
    common::hardline(&dir.join("data"), &args)
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// The names SHA256SUMS lists, and SHA256SUMS itself.
fn listed(bundle: &Path) -> Vec<String> {
    let sums = std::fs::read_to_string(bundle.join("SHA256SUMS")).unwrap();
    let mut names: Vec<String> = sums
        .lines()
        .map(|l| l.split_once("  ").unwrap().1.to_string())
        .chain(["SHA256SUMS".to_string()])
        .collect();
    names.sort();
    names
}

#[test]
fn force_over_a_bundle_of_another_target_leaves_exactly_the_new_files() {
    let dir = tempfile::tempdir().unwrap();
    let old = session_for(dir.path(), "s2008", "windows-server-2008");
    let new = session_for(dir.path(), "s2012", "windows-server-2012-r2");
    let out = dir.path().join("fo");
    let o = export(dir.path(), &old, &out, &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(out.join("legacy.cmd").exists());
    let o = export(dir.path(), &new, &out, &["--force"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(names(&out), listed(&out), "stale files of the 2008 export");
    assert!(!out.join("legacy.cmd").exists());
    // Nothing is left beside it either: no staging or old copy.
    assert_eq!(
        names(dir.path())
            .iter()
            .filter(|n| n.starts_with('.'))
            .count(),
        0,
        "{:?}",
        names(dir.path())
    );
}

#[test]
fn force_never_removes_files_that_are_not_part_of_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_for(dir.path(), "s", "windows-server-2012-r2");
    let out = dir.path().join("fo");
    let o = export(dir.path(), &session, &out, &[]);
    assert!(o.status.success(), "{}", text(&o));
    // The installer keeps the server's audit result beside the scripts.
    std::fs::write(out.join("audit-result.json"), "{}").unwrap();
    let before = names(&out);
    let o = export(dir.path(), &session, &out, &["--force"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("audit-result.json"),
        "the refusal names the file: {}",
        text(&o)
    );
    assert_eq!(names(&out), before);
    // A folder that holds no export at all is not replaced either.
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::fs::write(home.join("letter.txt"), "keep me").unwrap();
    let o = export(dir.path(), &session, &home, &["--force"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(home.join("letter.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn bundles_sessions_and_data_folders_are_private_whatever_the_umask() {
    for umask in ["000", "022", "077"] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        // Incomplete (exit 2), but saved in the data folder, which it creates.
        let o = hardline_umask(&data, umask, &["new", "--product", "avaya-ipoffice"]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert_eq!(mode(&data), 0o700, "data folder under umask {umask}");
        let sessions = data.join("sessions");
        assert_eq!(
            mode(&sessions),
            0o700,
            "sessions folder under umask {umask}"
        );
        for entry in std::fs::read_dir(&sessions).unwrap() {
            let path = entry.unwrap().path();
            assert_eq!(mode(&path), 0o600, "{} under umask {umask}", path.display());
        }
        let session = session_for(dir.path(), "s", "windows-server-2012-r2");
        let out = dir.path().join("new/bundle");
        let args = [
            "export",
            "--session",
            session.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        let o = hardline_umask(&data, umask, &args);
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(mode(&out), 0o700, "bundle under umask {umask}");
        assert_eq!(
            mode(out.parent().unwrap()),
            0o700,
            "created parent, umask {umask}"
        );
        for name in names(&out) {
            assert_eq!(mode(&out.join(&name)), 0o600, "{name} under umask {umask}");
        }
        // Replacing it keeps it private.
        let o = hardline_umask(&data, umask, &[&args[..], &["--force"]].concat());
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(mode(&out), 0o700, "replaced bundle under umask {umask}");
    }
}

/// A pid that no process has now: that of a child that has ended.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn stale_staging_folders_are_removed_at_the_next_export() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_for(dir.path(), "s", "windows-server-2012-r2");
    let plant = |name: String, age_hours: u64| {
        let path = dir.path().join(name);
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("plan.md"), "a copy of the plan").unwrap();
        let then = std::time::SystemTime::now() - std::time::Duration::from_secs(age_hours * 3600);
        std::fs::File::open(&path)
            .unwrap()
            .set_modified(then)
            .unwrap();
        path
    };
    let dead = plant(format!(".out.staging-{}", dead_pid()), 0);
    let dead_other = plant(format!(".other.staging-{}", dead_pid()), 0);
    // This test is alive: a folder of its pid is an export in progress, unless it is old.
    let live = plant(format!(".out2.staging-{}", std::process::id()), 0);
    let old = plant(format!(".out3.staging-{}", std::process::id()), 48);
    let unrelated = plant(".out.notes".to_string(), 48);
    let o = export(dir.path(), &session, &dir.path().join("out"), &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!dead.exists(), "the staging folder of a dead export stayed");
    assert!(
        !dead_other.exists(),
        "the staging folder of a dead export stayed"
    );
    assert!(!old.exists(), "a staging folder two days old stayed");
    assert!(live.exists(), "a live export's staging folder was removed");
    assert!(
        unrelated.exists(),
        "a folder that is not hardline's was removed"
    );
}

/// The system calls of one run, one per line, from strace.
fn traced(dir: &Path, args: &[&str]) -> Vec<String> {
    let strace = provision::require("strace");
    let log = dir.join("strace.log");
    let o = Command::new(strace)
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=openat,rename,renameat,renameat2,fsync",
        ])
        .arg("-o")
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_hardline"))
        .args(args)
        .env("HARDLINE_DATA_DIR", dir.join("data"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// After the last rename that puts the bundle at `out`, the folder holding it is opened and
/// synced.
fn assert_synced_after_rename(calls: &[String], out: &Path) {
    let out_arg = format!("\"{}\"", out.display());
    let rename = calls
        .iter()
        .rposition(|c| c.contains("rename") && c.contains(&out_arg))
        .unwrap_or_else(|| panic!("no rename to {out_arg}:\n{}", calls.join("\n")));
    let parent = format!("\"{}\"", out.parent().unwrap().display());
    let synced = calls[rename..].iter().any(|c| {
        let fd = c
            .contains(&format!("openat(AT_FDCWD, {parent}, "))
            .then(|| c.rsplit("= ").next().unwrap_or_default().trim().to_string());
        fd.is_some_and(|fd| {
            calls[rename..]
                .iter()
                .any(|s| s.contains(&format!("fsync({fd})")))
        })
    });
    assert!(
        synced,
        "the folder was not synced after the rename:\n{}",
        calls[rename..].join("\n")
    );
}

#[test]
fn the_folder_is_synced_after_the_bundle_is_renamed_in_and_a_replacement_is_one_swap() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_for(dir.path(), "s", "windows-server-2012-r2");
    let out = dir.path().join("out");
    let args = export_args(&session, &out);
    let calls = traced(dir.path(), &args);
    assert_synced_after_rename(&calls, &out);
    let calls = traced(dir.path(), &[&args[..], &["--force"]].concat());
    assert_synced_after_rename(&calls, &out);
    // The old bundle leaves in the same call that brings the new one: no file is renamed into
    // the folder one by one.
    let into_out = format!("\"{}/", out.display());
    let one_by_one: Vec<&String> = calls
        .iter()
        .filter(|c| c.contains("rename") && c.contains(&into_out))
        .collect();
    assert!(one_by_one.is_empty(), "{one_by_one:#?}");
    assert!(
        calls.iter().any(|c| c.contains("RENAME_EXCHANGE")),
        "{}",
        calls.join("\n")
    );
}

#[test]
fn every_file_of_the_bundle_is_synced_before_the_bundle_is_renamed_in() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_for(dir.path(), "s", "windows-server-2012-r2");
    let out = dir.path().join("out");
    let calls = traced(dir.path(), &export_args(&session, &out));
    let out_arg = format!("\"{}\"", out.display());
    let rename = calls
        .iter()
        .rposition(|c| c.contains("rename") && c.contains(&out_arg))
        .unwrap_or_else(|| panic!("no rename to {out_arg}:\n{}", calls.join("\n")));
    let staged: Vec<(usize, String)> = calls[..rename]
        .iter()
        .enumerate()
        .filter(|(_, c)| c.contains(".staging-") && c.contains("O_CREAT"))
        .map(|(i, c)| {
            (
                i,
                c.rsplit("= ").next().unwrap_or_default().trim().to_string(),
            )
        })
        .collect();
    assert!(staged.len() > 5, "{}", calls.join("\n"));
    for (i, fd) in staged {
        assert!(
            calls[i..rename]
                .iter()
                .any(|c| c.starts_with(&format!("fsync({fd})"))
                    || c.contains(&format!(" fsync({fd})"))),
            "{} was not synced before the rename:\n{}",
            calls[i],
            calls.join("\n")
        );
    }
}

//! `cargo bench --bench crash`: kill -9 at random moments, and count what is lost.
//!
//! 1. Autosave: the wizard resumes a complete session in a real pseudo-terminal, takes a few
//!    changes one at a time, then a burst of 60 keys (changes, j, k), and is killed with SIGKILL 0–50 ms
//!    into the burst. Each run resumes the file the previous kill left. A reader polls the file
//!    meanwhile and keeps the newest version seen on disk. Fewer changes than runs fails too: the
//!    keys would have stopped changing anything. Counted: sessions lost (no readable
//!    file and no readable backup), unreadable, rolled back against the newest version seen
//!    (fewer audit entries), backups unreadable, resumes refused, temp files left once the next
//!    wizard holds the lock. `HARDLINE_CRASH_RUNS` (default 200).
//! 2. Export: `export --force` over an older export, killed 0–1.5 export-times in. Counted:
//!    bundle folders that are not exactly one whole export (a mix, a missing file, a file not
//!    in SHA256SUMS, a bad sum), and staging folders left after the next export.
//!    `HARDLINE_CRASH_EXPORTS` (default 100).
//!
//! Exits 1 when any count that must be 0 is not.

#[path = "../tests/pty_support/mod.rs"]
mod pty_support;

use hardline::session::Session;
use pty_support::Pty;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_hardline");

/// One change on a toggle row: Space turns it over (a deviation opens its reason), `r` opens
/// the reason (or is the reason typed), Ctrl-s saves it. Each makes one entry in the audit log.
const CHANGE: &[u8] = b" r\x13";

/// xorshift: the same kill moments on every run of the benchmark.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn runs(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn sigkill(pid: u32) {
    // Not the pty's own kill: portable-pty sends SIGHUP, which the wizard handles and saves on.
    let killed = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
}

fn hardline(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env("HARDLINE_DATA_DIR", data)
        .stdin(Stdio::null())
        .output()
        .expect("hardline")
}

/// A complete session of `os` (nec-ma4000), made by `new --defaults`.
fn complete_session(dir: &Path, name: &str, os: &str) -> PathBuf {
    let answers = dir.join(format!("{name}.answers.json"));
    let site = format!(
        r#"{{"product": "nec-ma4000", "site": {{"customer": "Crash Test", "site": "Lab",
            "installer": "Ina", "host": "pbx-01", "target_os": "{os}",
            "subnets": ["10.0.0.0/24"]}}}}"#
    );
    std::fs::write(&answers, site).unwrap();
    let session = dir.join(format!("{name}.json"));
    let o = hardline(
        &dir.join("data"),
        &[
            "new",
            "--product",
            "nec-ma4000",
            "--answers",
            answers.to_str().unwrap(),
            "--defaults",
            "--session",
            session.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    session
}

/// Audit entries in the session file; None when it does not read.
fn changes(path: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(path).ok()?;
    Session::from_json(&text).ok().map(|s| s.audit.len())
}

fn temp_files(dir: &Path, except_pid: u32) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.contains(".tmp-") && !name.contains(&format!(".tmp-{except_pid}-"))
        })
        .count()
}

#[derive(Default)]
struct Autosave {
    runs: usize,
    lost: usize,
    unreadable: usize,
    rolled_back: usize,
    backup_bad: usize,
    refused: usize,
    killed_mid_write: usize,
    temps_after_lock: usize,
    changes: usize,
}

fn autosave(total: usize, rng: &mut Rng) -> Autosave {
    let dir = tempfile::tempdir().unwrap();
    let session = complete_session(dir.path(), "crash", "windows-server-2012-r2");
    let data = dir.path().join("data");
    let mut out = Autosave::default();
    let start_changes = changes(&session).unwrap_or(0);
    for _ in 0..total {
        out.runs += 1;
        let mut pty = Pty::spawn(
            Path::new(BIN),
            &["resume", session.to_str().unwrap()],
            &[("HARDLINE_DATA_DIR", &data)],
            dir.path(),
            100,
            30,
        );
        let opened = Instant::now();
        while !pty.screen().contains("steps") {
            if pty.child.try_wait().unwrap().is_some() || opened.elapsed() > Duration::from_secs(10)
            {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if !pty.screen().contains("steps") {
            out.refused += 1;
            continue;
        }
        let pid = pty.child.process_id().unwrap();
        out.temps_after_lock += temp_files(dir.path(), pid);
        // The first resume opens on the site step: the next one has toggles, and the wizard
        // comes back to it from then on.
        if pty.screen().contains("▶ Site") {
            pty.send("n");
        }
        // A few changes, each waited for on disk, then the burst.
        for _ in 0..3 {
            let before = changes(&session).unwrap_or(0);
            pty.write_raw(CHANGE);
            let t = Instant::now();
            while changes(&session).unwrap_or(0) == before
                && t.elapsed() < Duration::from_millis(500)
            {
                std::thread::sleep(Duration::from_micros(200));
            }
            pty.send("j");
        }
        let newest = Arc::new(AtomicUsize::new(changes(&session).unwrap_or(0)));
        let stop = Arc::new(AtomicBool::new(false));
        let poller = {
            let (newest, stop, path) = (Arc::clone(&newest), Arc::clone(&stop), session.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    if let Some(n) = changes(&path) {
                        newest.fetch_max(n, Ordering::SeqCst);
                    }
                    std::thread::sleep(Duration::from_micros(100));
                }
            })
        };
        let mut burst = Vec::new();
        while burst.len() < 60 {
            match rng.next() % 4 {
                0 => burst.push(b'j'),
                1 => burst.push(b'k'),
                _ => burst.extend_from_slice(CHANGE),
            }
        }
        pty.write_raw(&burst);
        std::thread::sleep(Duration::from_micros(rng.next() % 50_000));
        sigkill(pid);
        let _ = pty.wait_exit();
        stop.store(true, Ordering::SeqCst);
        poller.join().unwrap();
        if temp_files(dir.path(), u32::MAX) > 0 {
            out.killed_mid_write += 1;
        }
        let bak = hardline::store::backup_path(&session);
        let now = changes(&session);
        if now.is_none() {
            out.unreadable += 1;
            if changes(&bak).is_none() {
                out.lost += 1;
            }
        }
        if now.is_some_and(|n| n < newest.load(Ordering::SeqCst)) {
            out.rolled_back += 1;
        }
        if changes(&bak).is_none() {
            out.backup_bad += 1;
        }
    }
    out.changes = changes(&session).unwrap_or(0).saturating_sub(start_changes);
    out
}

#[derive(Default)]
struct Exports {
    runs: usize,
    killed: usize,
    not_one_export: usize,
    staging_left_by_kill: usize,
    staging_after_next: usize,
}

/// Whether `out` holds exactly one whole export: every file listed, every sum right.
fn one_whole_export(out: &Path) -> bool {
    let Ok(sums) = std::fs::read_to_string(out.join("SHA256SUMS")) else {
        return false;
    };
    let mut listed = vec!["SHA256SUMS".to_string()];
    for line in sums.lines() {
        let Some((sum, name)) = line.split_once("  ") else {
            return false;
        };
        let Ok(data) = std::fs::read(out.join(name)) else {
            return false;
        };
        let actual: String = Sha256::digest(&data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if actual != sum {
            return false;
        }
        listed.push(name.to_string());
    }
    let mut present: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    listed.sort();
    present.sort();
    listed == present
}

fn staging_folders(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".staging-"))
        .count()
}

fn exports(total: usize, rng: &mut Rng) -> Exports {
    let dir = tempfile::tempdir().unwrap();
    let old = complete_session(dir.path(), "s2008", "windows-server-2008");
    let new = complete_session(dir.path(), "s2012", "windows-server-2012-r2");
    let data = dir.path().join("data");
    let out = dir.path().join("bundle");
    let export = |session: &Path| {
        let mut c = Command::new(BIN);
        c.args(["export", "--force", "--session"])
            .arg(session)
            .arg("--out")
            .arg(&out)
            .env("HARDLINE_DATA_DIR", &data)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    let t = Instant::now();
    assert!(export(&new).status().unwrap().success());
    let took = t.elapsed().as_micros() as u64;
    let mut r = Exports::default();
    for i in 0..total {
        r.runs += 1;
        // Start from a complete export of the other system each time.
        let (before, after) = if i % 2 == 0 {
            (&old, &new)
        } else {
            (&new, &old)
        };
        assert!(export(before).status().unwrap().success());
        r.staging_after_next += staging_folders(dir.path());
        let mut child = export(after).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.next() % (took * 3 / 2).max(1)));
        if child.try_wait().unwrap().is_none() {
            sigkill(child.id());
            r.killed += 1;
        }
        let _ = child.wait();
        if !one_whole_export(&out) {
            r.not_one_export += 1;
        }
        r.staging_left_by_kill += staging_folders(dir.path());
    }
    assert!(export(&new).status().unwrap().success());
    r.staging_after_next += staging_folders(dir.path());
    r
}

fn main() -> ExitCode {
    if std::env::args().any(|a| a == "--list") {
        return ExitCode::SUCCESS;
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let a = autosave(runs("HARDLINE_CRASH_RUNS", 200), &mut rng);
    let title = format!(
        "kill -9 during autosave, {} runs ({} changes recorded):",
        a.runs, a.changes
    );
    // (what, count, whether it must be 0)
    let mut failed = report(
        &title,
        &[
            ("sessions lost", a.lost, true),
            ("session file unreadable", a.unreadable, true),
            ("rolled back (newest seen on disk)", a.rolled_back, true),
            ("backup unreadable or missing", a.backup_bad, true),
            ("next resume refused", a.refused, true),
            (
                "killed inside a write (temp left)",
                a.killed_mid_write,
                false,
            ),
            (
                "temp files left once locked again",
                a.temps_after_lock,
                true,
            ),
        ],
    );
    // Keys that change nothing would prove nothing.
    if a.changes < a.runs {
        println!(
            "FAILED: only {} changes in {} runs: the keys no longer change the session",
            a.changes, a.runs
        );
        failed = true;
    }
    let e = exports(runs("HARDLINE_CRASH_EXPORTS", 100), &mut rng);
    let title = format!(
        "kill -9 during export --force over an export of another system, {} runs:",
        e.runs
    );
    failed |= report(
        &title,
        &[
            ("killed before it ended", e.killed, false),
            (
                "folder not exactly one whole export",
                e.not_one_export,
                true,
            ),
            (
                "staging folders left by the kill",
                e.staging_left_by_kill,
                false,
            ),
            (
                "staging folders after the next one",
                e.staging_after_next,
                true,
            ),
        ],
    );
    if failed {
        println!("FAILED: a count that must be 0 is not");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints the counts under `title`; true when one that must be 0 is not.
fn report(title: &str, rows: &[(&str, usize, bool)]) -> bool {
    println!("{title}");
    for (what, n, must_be_zero) in rows {
        let mark = if *must_be_zero && *n > 0 {
            "  <- must be 0"
        } else {
            ""
        };
        println!("  {what:<36} {n}{mark}");
    }
    rows.iter().any(|(_, n, zero)| *zero && *n > 0)
}

//! Session files on disk: atomic saves, backups, locks, damaged files, and a SIGKILL crash test.

use hardline::session::{AuditEntry, Session};
use hardline::store::{self, LoadError, LockError, SessionLock};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn session(n: usize) -> Session {
    let mut s = Session::new("crash", "avaya-ipoffice", "f", "2026-11-25T10:00:00Z");
    s.site.customer = format!("customer {n}");
    s.audit = (0..n % 50)
        .map(|i| AuditEntry {
            action: format!("entry {i}"),
            ..AuditEntry::default()
        })
        .collect();
    s
}

#[test]
fn save_keeps_the_previous_good_version_as_bak_and_mode_0600() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/s.json");
    store::save_session(&path, &session(1)).unwrap();
    store::save_session(&path, &session(2)).unwrap();
    assert_eq!(
        store::load_session(&path).unwrap().site.customer,
        "customer 2"
    );
    let bak = std::fs::read_to_string(dir.path().join("sub/s.json.bak")).unwrap();
    assert_eq!(
        Session::from_json(&bak).unwrap().site.customer,
        "customer 1"
    );
    // Windows has no mode bits: the file takes the access list of its folder (the user's own
    // %APPDATA%), see src/store/windows.rs.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn a_save_interrupted_before_the_rename_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.json");
    store::save_session(&path, &session(1)).unwrap();
    let before = std::fs::read(&path).unwrap();
    // Block the temp file's name with a folder: the write fails before any rename.
    let tmp = dir
        .path()
        .join(format!(".s.json.tmp-{}", std::process::id()));
    std::fs::create_dir(&tmp).unwrap();
    let err = store::save_session(&path, &session(2)).unwrap_err();
    assert!(format!("{err:#}").contains("s.json"), "{err:#}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_damaged_session_is_reported_left_alone_and_its_backup_offered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.json");
    store::save_session(&path, &session(1)).unwrap();
    store::save_session(&path, &session(2)).unwrap();
    let good = std::fs::read_to_string(&path).unwrap();
    let truncated = &good[..good.len() / 2];
    std::fs::write(&path, truncated).unwrap();
    let err = store::load_session(&path).unwrap_err();
    let LoadError::Corrupt { backup, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(
        backup.as_deref(),
        Some(dir.path().join("s.json.bak").as_path())
    );
    let msg = err.to_string();
    assert!(
        msg.contains("s.json") && msg.contains("left as it is") && msg.contains("--restore-backup"),
        "{msg}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        truncated,
        "the damaged file is untouched"
    );
    // Saving over a damaged file does not make it the backup.
    let kept = store::restore_backup(&path, "2026-11-25T12:00:00Z").unwrap();
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), truncated);
    assert_eq!(
        store::load_session(&path).unwrap().site.customer,
        "customer 1"
    );
    // Garbage that is not even JSON, and an empty file, are damaged too.
    for bad in ["", "\u{0}\u{1}garbage", "[1,2,3]"] {
        std::fs::write(&path, bad).unwrap();
        assert!(
            matches!(store::load_session(&path), Err(LoadError::Corrupt { .. })),
            "{bad:?}"
        );
    }
}

#[test]
fn a_second_instance_is_refused_with_the_holders_pid_and_host() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.json");
    let first = SessionLock::acquire(&path).unwrap();
    let err = SessionLock::acquire(&path).unwrap_err();
    let LockError::Held { holder, .. } = &err else {
        panic!("{err}")
    };
    assert!(
        holder.contains(&format!("pid {}", std::process::id())),
        "{holder}"
    );
    assert!(err.to_string().contains("another hardline"), "{err}");
    drop(first);
    SessionLock::acquire(&path).unwrap();
}

/// The child side of the crash test: holds the lock and saves in a loop until killed, marking
/// every save with its round.
#[test]
fn crash_child_saves_in_a_loop() {
    let (Some(path), Ok(round)) = (
        std::env::var_os("HARDLINE_CRASH_PATH"),
        std::env::var("HARDLINE_CRASH_ROUND"),
    ) else {
        return;
    };
    let path = Path::new(&path);
    let _lock = SessionLock::acquire(path).unwrap();
    for n in 0.. {
        let mut s = session(n);
        s.site.site = round.clone();
        store::save_session(path, &s).unwrap();
    }
}

/// Waits until the child's saves show up, so that the kill lands inside its save loop.
fn wait_for_round(path: &Path, round: &str) {
    let start = std::time::Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if store::load_session(path).is_ok_and(|s| s.site.site == round) {
            return;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    panic!("the crash child never saved in round {round}");
}

#[test]
fn sigkill_at_random_moments_never_leaves_a_broken_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.json");
    store::save_session(&path, &session(0)).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut from_backup = 0;
    for round in 0..200 {
        let mut child = Command::new(&exe)
            .args(["crash_child_saves_in_a_loop", "--exact", "--test-threads=1"])
            .env("HARDLINE_CRASH_PATH", &path)
            .env("HARDLINE_CRASH_ROUND", round.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_round(&path, &round.to_string());
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // A save takes about a millisecond (two fsyncs): kill somewhere within a few of them.
        std::thread::sleep(Duration::from_micros(seed % 4_000));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let loaded = match store::load_session(&path) {
            Ok(s) => s,
            Err(LoadError::Corrupt {
                backup: Some(b), ..
            }) => {
                from_backup += 1;
                Session::from_json(&std::fs::read_to_string(b).unwrap()).unwrap()
            }
            Err(e) => panic!("round {round}: {e}"),
        };
        assert!(
            loaded.site.customer.starts_with("customer "),
            "round {round}"
        );
        assert_eq!(
            loaded.site.site,
            round.to_string(),
            "round {round}: the child's saves are there"
        );
        // The dead child's lock is not in the way, and taking it clears the temp files it left.
        drop(SessionLock::acquire(&path).unwrap_or_else(|e| panic!("round {round}: {e}")));
        let strays = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains(".tmp-")
            })
            .count();
        assert_eq!(strays, 0, "round {round}");
    }
    // The rename is atomic: the current file itself never needed the backup.
    assert_eq!(from_backup, 0);
}

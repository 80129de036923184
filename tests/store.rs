//! Session files on disk: atomic saves, backups, locks, damaged files, and a SIGKILL crash test.

use hardline::catalog::Catalog;
use hardline::session::{AuditEntry, Session};
use hardline::store::{self, LoadError, LockError, SessionLock};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn catalog() -> Catalog {
    store::catalog(None).unwrap()
}

/// Reads a session as every command does: checked against the built-in wizards.
fn load(path: &Path) -> Result<Session, LoadError> {
    store::load_session(path, &catalog(), "2026-11-25T10:00:00Z").map(|l| l.session)
}

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
    assert_eq!(load(&path).unwrap().site.customer, "customer 2");
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
    // A folder in the way of the backup: the save fails before the session is renamed.
    let bak = store::backup_path(&path);
    std::fs::create_dir(&bak).unwrap();
    std::fs::write(bak.join("x"), "").unwrap();
    let err = store::save_session(&path, &session(2)).unwrap_err();
    assert!(format!("{err:#}").contains("s.json.bak"), "{err:#}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let strays: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
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
    let err = load(&path).unwrap_err();
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
    let lock = SessionLock::acquire(&path).unwrap();
    let kept = store::restore_backup(&lock, &catalog(), "2026-11-25T12:00:00Z").unwrap();
    drop(lock);
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), truncated);
    assert_eq!(load(&path).unwrap().site.customer, "customer 1");
    // Garbage that is not even JSON, and an empty file, are damaged too.
    for bad in ["", "\u{0}\u{1}garbage", "[1,2,3]"] {
        std::fs::write(&path, bad).unwrap();
        assert!(
            matches!(load(&path), Err(LoadError::Corrupt { .. })),
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
        if load(path).is_ok_and(|s| s.site.site == round) {
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
        let loaded = match load(&path) {
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

mod common;

use common::text;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

fn sha(path: &Path) -> Option<Vec<u8>> {
    use sha2::Digest;
    std::fs::read(path)
        .ok()
        .map(|d| sha2::Sha256::digest(d).to_vec())
}

fn damaged_copies(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".damaged-"))
        .collect()
}

#[test]
fn restore_backup_refuses_while_the_session_is_open_and_when_it_is_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.json");
    store::save_session(&path, &session(1)).unwrap();
    store::save_session(&path, &session(2)).unwrap();
    let bak = store::backup_path(&path);
    let (live, backup) = (sha(&path), sha(&bak));
    let restore = || {
        common::hardline(
            dir.path(),
            &["resume", "--restore-backup", path.to_str().unwrap()],
        )
    };

    // Open in another hardline: refused, nothing touched.
    let held = SessionLock::acquire(&path).unwrap();
    let o = restore();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("open in another hardline"),
        "{}",
        text(&o)
    );
    assert_eq!((sha(&path), sha(&bak)), (live.clone(), backup.clone()));
    assert!(damaged_copies(dir.path()).is_empty());
    drop(held);

    // Healthy: nothing to restore.
    let o = restore();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("is not damaged"), "{}", text(&o));
    assert_eq!((sha(&path), sha(&bak)), (live, backup.clone()));
    assert!(damaged_copies(dir.path()).is_empty());

    // Damaged: the backup comes back, the damaged file is kept beside it.
    std::fs::write(&path, "{\"format\": 1, \"prod").unwrap();
    let o = restore();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("restored"), "{}", text(&o));
    assert_eq!(sha(&path), backup);
    let kept = damaged_copies(dir.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    let kept = std::fs::read_to_string(dir.path().join(&kept[0])).unwrap();
    assert_eq!(kept, "{\"format\": 1, \"prod");
}

/// Opens the write end of a FIFO once a reader has it open; None after 20 s without one.
fn open_when_read(fifo: &Path) -> Option<std::fs::File> {
    let start = std::time::Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        let opened = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(fifo);
        if let Ok(f) = opened {
            return Some(f);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

#[test]
fn new_racing_new_on_one_path_has_one_winner_and_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let answers = |customer: &str| {
        format!(
            r#"{{"product": "avaya-ipoffice", "site": {{"customer": "{customer}", "site": "HQ",
                "installer": "Ina", "host": "ipo01", "target_os": "windows-server-2012-r2",
                "subnets": ["10.0.0.0/24"]}}}}"#
        )
    };
    let first = dir.path().join("first.json");
    std::fs::write(&first, answers("First")).unwrap();
    // The second reads its answers from a FIFO: it waits there, after it has looked for the
    // session file, until the first has finished.
    let fifo = dir.path().join("second.json");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let session = dir.path().join("R.json");
    let new = |answers: &Path| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hardline"));
        c.args([
            "new",
            "--product",
            "avaya-ipoffice",
            "--defaults",
            "--answers",
        ])
        .arg(answers)
        .arg("--session")
        .arg(&session)
        .env("HARDLINE_DATA_DIR", &data)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        c
    };
    let second = new(&fifo).spawn().unwrap();
    let mut writer = open_when_read(&fifo).expect("the second never read its answers");
    let o = new(&first).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    std::io::Write::write_all(&mut writer, answers("Second").as_bytes()).unwrap();
    drop(writer);
    let o = second.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "both won: {}", text(&o));
    assert!(text(&o).contains("already exists"), "{}", text(&o));
    let saved = Session::from_json(&std::fs::read_to_string(&session).unwrap()).unwrap();
    assert_eq!(saved.site.customer, "First");
    assert!(
        !store::backup_path(&session).exists(),
        "the first was pushed into .bak"
    );
}

#[test]
fn a_planted_lock_symlink_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let path = dir.path().join("s.json");
    store::save_session(&path, &session(1)).unwrap();
    let lock = dir.path().join("s.json.lock");
    std::os::unix::fs::symlink(&victim, &lock).unwrap();
    let o = common::hardline(
        dir.path(),
        &[
            "import-audit",
            "--session",
            path.to_str().unwrap(),
            "/dev/null",
        ],
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("s.json.lock"), "{}", text(&o));
    let fresh = dir.path().join("new.json");
    std::os::unix::fs::symlink(&victim, dir.path().join("new.json.lock")).unwrap();
    let o = common::hardline(
        dir.path(),
        &[
            "new",
            "--product",
            "avaya-ipoffice",
            "--session",
            fresh.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!fresh.exists());
}

#[test]
fn planted_temp_files_are_neither_followed_nor_reused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.json");
    store::save_session(&path, &session(1)).unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let pid = std::process::id();
    // Every temp name this process might pick first: symlinks for the session, a file someone
    // else could read for the backup.
    for n in std::iter::once(String::new()).chain((0..8).map(|n| format!("-{n}"))) {
        let tmp = dir.path().join(format!(".s.json.tmp-{pid}{n}"));
        std::os::unix::fs::symlink(&victim, &tmp).unwrap();
        let bak_tmp = dir.path().join(format!(".s.json.bak.tmp-{pid}{n}"));
        std::fs::write(&bak_tmp, "").unwrap();
        std::fs::set_permissions(&bak_tmp, std::fs::Permissions::from_mode(0o666)).unwrap();
    }
    store::save_session(&path, &session(2)).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    for file in [path.clone(), store::backup_path(&path)] {
        let meta = std::fs::symlink_metadata(&file).unwrap();
        assert!(
            meta.file_type().is_file(),
            "{} is not a plain file",
            file.display()
        );
        assert_eq!(
            meta.permissions().mode() & 0o777,
            0o600,
            "{}",
            file.display()
        );
    }
    assert_eq!(load(&path).unwrap().site.customer, "customer 2");
}

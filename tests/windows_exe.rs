//! hardline.exe, built for Windows, run under Wine: new with an answers file, list, export and
//! import-audit on the server itself, resume --restore-backup, a session saved and loaded back
//! unchanged, under %APPDATA% and on paths with drive letters and spaces, a full disk. The
//! terminal wizard under Wine's console is in `windows_console.rs`.
//!
//! What Wine cannot show: NTFS under power loss (write-through is what Windows promises), and
//! PowerShell itself (the audit result is written here byte for byte as Windows PowerShell 5.1
//! writes it).

// Wine runs hardline.exe from Linux; on Windows the rest of the suite runs the binary natively.
#![cfg(unix)]

mod common;
mod tools;
mod wine;

use hardline::session::Session;
use std::path::{Path, PathBuf};
use std::process::Output;
use wine::{Site, Wine, text, windows_path};

const ANSWERS: &str = r#"{"product": "avaya-ipoffice",
  "site": {"customer": "Müller & Söhne", "site": "Zentrale", "installer": "Ina", "host": "ipo01",
           "address": "192.0.2.10", "target_os": "windows-server-2022",
           "subnets": ["10.0.0.0/24"]},
  "answers": {"role_sql_server": {"value": true, "reason": "CCC installed"}}}"#;

/// The test's folder, seen from Windows as `Z:\...`, with the answers file in it.
fn site(check: &str) -> Option<Site> {
    let site = Site::new(check, "hardline wine ")?;
    std::fs::write(site.path("answers.json"), ANSWERS).unwrap();
    Some(site)
}

impl Site {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A site whose session `acme.json` was made by `new` from the answers file; with the
    /// session's Windows path.
    fn with_session(check: &str) -> Option<(Site, String)> {
        let site = site(check)?;
        let session = site.win("acme.json");
        ok(&site.new_session(&session));
        Some((site, session))
    }

    /// `Z:\...\name`, as the installer would type it on Windows.
    fn win(&self, name: &str) -> String {
        windows_path(&self.path(name))
    }

    /// hardline.exe with its sessions in `data\` of the site (None: the user's %APPDATA%).
    fn run_in(&self, cwd: &Path, data: Option<&str>, args: &[&str]) -> Output {
        let mut c = self.wine.command(&self.exe);
        c.args(args).current_dir(cwd);
        match data {
            Some(d) => c.env("HARDLINE_DATA_DIR", self.win(d)),
            None => c.env_remove("HARDLINE_DATA_DIR"),
        };
        c.output().unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_in(self.dir.path(), Some("data"), args)
    }

    /// `hardline new` with the answers file and `--defaults`.
    fn new_args(&self) -> Vec<String> {
        let answers = self.win("answers.json");
        [
            "new",
            "--product",
            "avaya-ipoffice",
            "--answers",
            &answers,
            "--defaults",
        ]
        .map(String::from)
        .to_vec()
    }

    /// `hardline new` from the answers file, saved at `session` (a Windows path).
    fn new_session(&self, session: &str) -> Output {
        let mut args = self.new_args();
        args.extend(["--session".to_string(), session.to_string()]);
        self.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
    }
}

/// The text says "N/N steps" with N > 0: every step of the wizard was answered.
fn all_steps_done(text: &str) -> bool {
    text.split(" steps").any(|before| {
        let count = before.rsplit([' ', '(']).next().unwrap_or_default();
        count
            .split_once('/')
            .is_some_and(|(done, all)| done == all && all.parse::<u32>().is_ok_and(|n| n > 0))
    })
}

fn ok(o: &Output) -> String {
    let t = text(o);
    assert!(o.status.success(), "{:?}:\n{t}", o.status);
    t
}

/// The session file reads, and writing it again gives the same bytes: nothing was lost or
/// changed on the way through Windows (no CRLF, no code page).
fn assert_round_trip(path: &Path) -> Session {
    let text = std::fs::read_to_string(path).unwrap();
    let session = Session::from_json(&text).unwrap();
    assert_eq!(
        session.to_json(),
        text,
        "{} changed on the way",
        path.display()
    );
    assert_eq!(session.site.customer, "Müller & Söhne");
    session
}

/// No temp file left beside `path`.
fn assert_no_temp(path: &Path) {
    let dir = path.parent().unwrap();
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "temp files left: {left:?}");
}

#[test]
fn new_with_an_answers_file_saves_on_a_path_with_spaces_and_loads_back_unchanged() {
    let Some(site) = site("hardline.exe new under Wine") else {
        return;
    };
    std::fs::create_dir(site.path("my sessions")).unwrap();
    let session = site.win("my sessions\\acme.json");
    // Before the Windows counterpart of the folder fsync, this save ended with
    // "writing ...: Access denied. (os error 5)".
    let out = ok(&site.new_session(&session));
    assert!(all_steps_done(&out), "{out}");
    let path = site.path("my sessions/acme.json");
    let saved = assert_round_trip(&path);
    assert_no_temp(&path);
    // Loaded by hardline.exe, saved again: the same bytes (the second save keeps the first as
    // .bak, also unchanged).
    let before = std::fs::read(&path).unwrap();
    let audit = site.path("audit-result.json");
    std::fs::write(&audit, audit_result(&saved, &[], false)).unwrap();
    ok(&site.run(&[
        "import-audit",
        "--session",
        &session,
        &site.win("audit-result.json"),
    ]));
    // The import adds its run and the log line that says so, and nothing else.
    let mut after = assert_round_trip(&path);
    assert_eq!(after.runs.len(), saved.runs.len() + 1);
    let logged = after.audit.pop().expect("the import's log line");
    assert_eq!(logged.action, "audit result");
    after.runs = saved.runs.clone();
    after.updated = saved.updated.clone();
    assert!(
        after.to_json() == saved.to_json(),
        "more changed than the run and its log line"
    );
    let bak = site.path("my sessions/acme.json.bak");
    assert_eq!(std::fs::read(bak).unwrap(), before);
}

#[test]
fn sessions_live_under_appdata_and_list_shows_them() {
    let Some(site) = site("hardline.exe sessions under %APPDATA%") else {
        return;
    };
    // The answers file as Windows PowerShell 5.1 writes it with `>`: UTF-16 LE, CRLF.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        ANSWERS
            .replace('\n', "\r\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(site.path("answers.json"), utf16).unwrap();
    let args = site.new_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = ok(&site.run_in(site.dir.path(), None, &args));
    let saved = out
        .lines()
        .find_map(|l| l.strip_prefix("saved "))
        .and_then(|l| l.split(" (").next())
        .unwrap_or_else(|| panic!("no saved path in:\n{out}"));
    assert!(
        saved.starts_with("C:\\users\\") && saved.contains("\\AppData\\Roaming\\hardline\\"),
        "not under %APPDATA%: {saved}"
    );
    let unix = site
        .wine
        .dosdevices()
        .join("c:")
        .join(saved[3..].replace('\\', "/"));
    assert_round_trip(&unix);
    let id = unix.file_stem().unwrap().to_string_lossy().into_owned();
    let list = ok(&site.run_in(site.dir.path(), None, &["list"]));
    let line = list.lines().find(|l| l.starts_with(&id));
    let line = line.unwrap_or_else(|| panic!("{id} not listed:\n{list}"));
    assert!(all_steps_done(line), "{line}");
    std::fs::remove_file(&unix).unwrap();
}

/// audit-result.json as harden.ps1 -Audit writes it with Windows PowerShell 5.1
/// (`ConvertTo-Json | Set-Content -Encoding UTF8`: a BOM and CRLF), or UTF-16 LE when
/// `utf16` (what `Out-File` and `>` write). The operations of the items `in_place` are found in
/// place, the others not.
fn audit_result(session: &Session, in_place: &[&str], utf16: bool) -> Vec<u8> {
    let plan = plan_of(session);
    let operations: Vec<serde_json::Value> = plan
        .operations
        .iter()
        .map(|o| {
            serde_json::json!({"id": o.id, "kind": o.action.kind_label(),
                               "in_place": in_place.contains(&o.item.as_str())})
        })
        .collect();
    let json = serde_json::json!({"product": plan.product, "fingerprint": plan.fingerprint,
        "host": "IPO01", "time": "2026-12-01T10:00:00Z", "operations": operations});
    let text = serde_json::to_string_pretty(&json)
        .unwrap()
        .replace('\n', "\r\n");
    if utf16 {
        let mut out = vec![0xFF, 0xFE];
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    } else {
        let mut out = vec![0xEF, 0xBB, 0xBF];
        out.extend(text.as_bytes());
        out
    }
}

fn plan_of(session: &Session) -> hardline::plan::Plan {
    let catalog = hardline::store::catalog(None).unwrap();
    let wizard = catalog.wizard(&session.product).unwrap();
    hardline::plan::derive(wizard, session, "2026-12-01T10:00:00Z")
}

#[test]
fn export_and_import_audit_on_the_server_itself() {
    let Some((site, session)) =
        Site::with_session("hardline.exe export and import-result under Wine")
    else {
        return;
    };
    // The walk-through of the README: export into a folder beside the session, then, in that
    // folder, harden.ps1 -Audit writes audit-result.json and hardline reads it from there.
    let out = ok(&site.run(&[
        "export",
        "--session",
        &session,
        "--out",
        &site.win("export 1"),
    ]));
    assert!(out.contains("harden.ps1"), "{out}");
    let bundle = site.path("export 1");
    assert!(common::checked_sums(&bundle).contains(&"harden.ps1".to_string()));
    // Again with --force: Windows has no atomic swap of two folders, so the earlier export is
    // moved aside and the new one into its place; nothing of either is left beside it.
    let stale = bundle.join("harden.ps1");
    std::fs::write(&stale, "stale").unwrap();
    ok(&site.run(&[
        "export",
        "--session",
        &session,
        "--out",
        &site.win("export 1"),
        "--force",
    ]));
    assert_ne!(std::fs::read(&stale).unwrap(), b"stale", "not replaced");
    let beside: Vec<String> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(beside.is_empty(), "left beside the export: {beside:?}");
    let readme = std::fs::read_to_string(bundle.join("README.txt")).unwrap();
    assert!(readme.contains("hardline import-result"), "{readme}");
    let saved = assert_round_trip(&site.path("acme.json"));
    // An item the session has an answer for, so that the import can mark it as found.
    let item = plan_of(&saved)
        .operations
        .iter()
        .map(|o| o.item.clone())
        .find(|i| saved.answers.contains_key(i))
        .expect("an operation of an answered item");
    // The first import finds the item in place; the second, the same in UTF-16, has nothing new.
    for (n, utf16, found) in [(1, false, 1), (2, true, 0)] {
        let name = format!("audit-result-{n}.json");
        std::fs::write(bundle.join(&name), audit_result(&saved, &[&item], utf16)).unwrap();
        let o = site.run_in(
            &bundle,
            Some("data"),
            &["import-result", "--session", &session, &name],
        );
        let out = ok(&o);
        let said = format!("{found} items recorded as found in place");
        assert!(out.contains(&said), "{out}");
    }
    let after = Session::from_json(&std::fs::read_to_string(site.path("acme.json")).unwrap());
    let after = after.unwrap();
    assert_eq!(
        after.answers[&item].status,
        hardline::session::AnswerStatus::Imported,
        "{item} was not recorded as found in place"
    );
}

#[test]
fn resume_restore_backup_puts_the_backup_back() {
    let Some((site, session)) =
        Site::with_session("hardline.exe resume --restore-backup under Wine")
    else {
        return;
    };
    let saved = assert_round_trip(&site.path("acme.json"));
    std::fs::write(site.path("audit.json"), audit_result(&saved, &[], true)).unwrap();
    // A second save: the first becomes the .bak.
    ok(&site.run(&[
        "import-audit",
        "--session",
        &session,
        &site.win("audit.json"),
    ]));
    let good = std::fs::read(site.path("acme.json.bak")).unwrap();
    std::fs::write(site.path("acme.json"), "{ \"format\": 1, damaged").unwrap();
    let o = site.run(&["list"]);
    ok(&o);
    let o = site.run(&["resume", &session]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("--restore-backup"), "{}", text(&o));
    let o = site.run(&["resume", "--restore-backup", &session]);
    // Without a terminal the backup is put back and the wizard does not open.
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("restored"), "{}", text(&o));
    assert_eq!(std::fs::read(site.path("acme.json")).unwrap(), good);
    let kept: Vec<PathBuf> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("acme.json.damaged-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        std::fs::read_to_string(&kept[0])
            .unwrap()
            .contains("damaged")
    );
}

/// A small tmpfs mapped as drive Q: of the Wine prefix; unmounted when dropped.
struct SmallDisk {
    mount: PathBuf,
    drive: PathBuf,
}

impl SmallDisk {
    fn new(wine: &Wine) -> Result<SmallDisk, String> {
        if !tools::provision::is_root() {
            return Err("mounting a tmpfs needs root".into());
        }
        let mount = wine::home().join(format!("small-disk-{}", std::process::id()));
        std::fs::create_dir_all(&mount).map_err(|e| e.to_string())?;
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=512k", "tmpfs"])
            .arg(&mount)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "mount -t tmpfs failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let drive = wine.dosdevices().join("q:");
        let _ = std::fs::remove_file(&drive);
        std::os::unix::fs::symlink(&mount, &drive).map_err(|e| e.to_string())?;
        Ok(SmallDisk { mount, drive })
    }

    /// Fills the disk, leaving `pages` pages of 4 KiB free.
    fn fill(&self, pages: usize) {
        use std::io::Write;
        let spare = self.mount.join("spare");
        std::fs::write(&spare, vec![0u8; 4096 * pages]).unwrap();
        let mut f = std::fs::File::create(self.mount.join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while f.write_all(&block).is_ok() {}
        drop(f);
        std::fs::remove_file(spare).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.drive);
        let _ = std::process::Command::new("umount")
            .arg(&self.mount)
            .status();
        let _ = std::fs::remove_dir(&self.mount);
    }
}

#[test]
fn a_full_disk_fails_the_save_with_a_message_and_keeps_the_session() {
    let Some(site) = site("hardline.exe on a full disk") else {
        return;
    };
    let disk = match SmallDisk::new(site.wine) {
        Ok(d) => d,
        Err(e) => return tools::provision::skip("hardline.exe on a full disk", &e),
    };
    ok(&site.new_session("Q:\\acme.json"));
    let path = disk.mount.join("acme.json");
    let before = std::fs::read(&path).unwrap();
    let saved = assert_round_trip(&path);
    std::fs::write(site.path("audit.json"), audit_result(&saved, &[], false)).unwrap();
    // One page left: the lock file fits, the save does not.
    disk.fill(1);
    let o = site.run(&[
        "import-audit",
        "--session",
        "Q:\\acme.json",
        &site.win("audit.json"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let message = text(&o);
    assert!(
        message.contains("writing Q:\\acme.json") && message.contains("os error 112"),
        "the message does not say what could not be written and why:\n{message}"
    );
    assert!(!message.contains("panicked"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the session changed");
    assert_no_temp(&path);
}

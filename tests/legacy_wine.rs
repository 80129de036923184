//! legacy.cmd run by Wine's real cmd.exe, with its real reg.exe, xcopy and find, and stand-ins
//! (tests/wine/standin.c) for the Windows tools Wine lacks or only stubs: netsh, auditpol,
//! secedit, sc (services are registry keys, as on Windows), net session, netstat, wmic, sqlcmd,
//! icacls, cscript, appcmd. Each stand-in records what it was called with. The bundle folder's
//! name holds `&`, `(`, `)` and spaces, as `%~dp0` may on a real server.
//!
//! Where Wine's cmd (Wine 8) differs from Windows' in a way that matters here:
//! - it finds `call` labels in a file with LF line ends, which Windows' cmd may not (the CRLF
//!   check is `legacy::tests::every_line_ends_in_crlf`); `lf_line_ends_are_not_a_problem_for_wine`
//!   shows it, so that a passing run here is not read as proof of that;
//! - it runs the command after `||` and `&&` whatever the exit code, takes the `)` closing an
//!   `if ... ( ) else if ... ( )` chain for a command, does not expand a quoted wildcard in
//!   `for %%f in ("...\*.reg")`, runs no `for /f` over the text of an outer `for /f`, reads
//!   parentheses in the text of `if ... echo` as a block, misreads a `delims=` that ends in a
//!   tab, calls `if not ... if /i not ...` a syntax error, runs the `else` block of an `if`
//!   whose first block holds a `for`, and runs the lines of a `for ... do if ... (` block outside
//!   the loop. All of these are valid on Windows; legacy.cmd uses none of them (`if errorlevel`,
//!   separate `if`s, `pushd` and unquoted patterns, one `for /f` with more tokens, the tab first),
//!   so that what runs here is what Windows runs;
//! - its reg.exe separates the fields of `reg query` with spaces, the one of 2003 with tabs:
//!   legacy.cmd splits at both, and only the spaces are seen here;
//! - its cmd says "Can't recognize" also when CreateProcess fails for a program it found, which
//!   Wine does now and then under load: a test that failed after that, for a program on disk,
//!   runs again from the start (`serial`);
//! - `ver` reports what the prefix is told: 6.1 (the 2008 path) or 5.2 (the 2003 path);
//! - the stand-ins accept every netsh and secedit command: that Windows accepts the syntax is
//!   checked against Microsoft's reference, not here.

// Wine runs from Linux; on Windows itself legacy.cmd would be run by its own cmd.exe.
#![cfg(unix)]

mod common;
mod tools;
mod wine;

use hardline::catalog::TargetOs;
use hardline::export::{Format, bundle, sample};
use hardline::plan::{Action, Plan, RegistryData};
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::PathBuf;
use std::process::Output;
use std::sync::Mutex;
use wine::{Wine, text, windows_path};

/// One run at a time: they share the prefix's registry.
static SERIAL: Mutex<()> = Mutex::new(());

thread_local! {
    /// A program on disk that Wine could not start during this attempt of a test.
    static UNLAUNCHED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs a test's body alone. Wine's cmd says "Can't recognize" also when CreateProcess fails for
/// a program it found, which Wine does now and then under load (CI once, for the sqlcmd stand-in
/// that had run a minute before). An attempt that failed after such a launch failure of a program
/// that is on disk starts again from scratch, at most three attempts; any other failure stands.
fn serial(body: impl Fn()) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    for attempt in 1..=3 {
        UNLAUNCHED.set(None);
        let Err(failure) = catch_unwind(AssertUnwindSafe(&body)) else {
            return;
        };
        match UNLAUNCHED.take() {
            Some(program) if attempt < 3 => eprintln!(
                "attempt {attempt}: Wine could not start {program}, which is on disk: again"
            ),
            _ => resume_unwind(failure),
        }
    }
}

const LEGAL: &str = "Use & abuse: 100% ^monitored! (x) <y> |z|";
const DATA: &str = "C:\\hl test\\A & B 100%\\old (x)";
const SERVICES: &str = "HKLM\\SYSTEM\\CurrentControlSet\\Services";
const LSA: &str = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
const WINLOGON: &str = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon";
const TS: &str = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server";

struct Bundle {
    wine: &'static Wine,
    standins: PathBuf,
    dir: tempfile::TempDir,
}

impl Bundle {
    /// legacy.cmd of `plan` in a folder named "Bundle & Co (x)".
    fn new(wine: &'static Wine, plan: &Plan) -> Option<Bundle> {
        let standins = match wine::standins() {
            Ok(d) => d,
            Err(e) => {
                tools::provision::skip("legacy.cmd under Wine", &e);
                return None;
            }
        };
        let b = Bundle {
            wine,
            standins,
            dir: tempfile::Builder::new()
                .prefix("legacy ")
                .tempdir()
                .unwrap(),
        };
        std::fs::create_dir(b.folder()).unwrap();
        let files = bundle(plan, &[Format::Cmd]);
        let cmd = &files.iter().find(|(n, _)| n == "legacy.cmd").unwrap().1;
        std::fs::write(b.folder().join("legacy.cmd"), cmd).unwrap();
        // appcmd is called by its full path.
        let inetsrv = wine.dosdevices().join("c:/windows/system32/inetsrv");
        std::fs::create_dir_all(&inetsrv).unwrap();
        std::fs::copy(b.standins.join("netsh.exe"), inetsrv.join("appcmd.exe")).unwrap();
        Some(b)
    }

    fn folder(&self) -> PathBuf {
        self.dir.path().join("Bundle & Co (x)")
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("calls.txt")
    }

    /// What the stand-ins were called with, one line each, since the last `take_log`.
    fn take_log(&self) -> String {
        let text = std::fs::read_to_string(self.log()).unwrap_or_default();
        let _ = std::fs::remove_file(self.log());
        text
    }

    /// `legacy.cmd ARGS` in the bundle folder, with `env` added (HL_STANDIN_FAIL and the like).
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = self.wine.command("cmd.exe");
        c.args(["/d", "/c", "legacy.cmd"])
            .args(args)
            .current_dir(self.folder())
            .env("WINEPATH", windows_path(&self.standins))
            .env("HL_STANDIN_LOG", windows_path(&self.log()))
            .env_remove("SESSIONNAME");
        for (k, v) in env {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        if let Some(program) = self.wine.unlaunched(&text(&out), &self.standins) {
            UNLAUNCHED.set(Some(program));
        }
        out
    }
}

/// Runs `lines` with Wine's cmd.exe (registry set-up and the like); panics when it fails.
fn cmd(wine: &Wine, lines: &[String]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("setup.cmd");
    let body = format!("@echo off\r\n{}\r\n", lines.join("\r\n"));
    std::fs::write(&script, body).unwrap();
    let out = wine
        .command("cmd.exe")
        .args(["/d", "/c", &windows_path(&script)])
        .output()
        .unwrap();
    let system32 = wine.dosdevices().join("c:/windows/system32");
    if let Some(program) = wine.unlaunched(&text(&out), &system32) {
        UNLAUNCHED.set(Some(program));
    }
    assert!(out.status.success(), "{lines:#?}:\n{}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The type and data of a registry value, as `reg query` prints them; None when it is absent.
fn reg_value(wine: &Wine, key: &str, value: &str) -> Option<(String, String)> {
    let out = wine
        .command("reg.exe")
        .args(["query", key, "/v", value])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    stdout.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix(value)?;
        let rest = rest.trim_start();
        let (kind, data) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        Some((kind.to_string(), data.trim().to_string()))
    })
}

fn reg_add(key: &str, value: &str, kind: &str, data: &str) -> String {
    format!("reg add \"{key}\" /v \"{value}\" /t {kind} /d \"{data}\" /f >nul")
}

/// The server before legacy.cmd: Telnet on demand, Remote Desktop on delayed automatic start,
/// RestrictAnonymous a string (so the undo must bring the type back), no legal notice, Remote
/// Desktop allowed, and a folder of old scripts to delete.
fn prepare(wine: &Wine) {
    let mut lines = vec![
        reg_add(&format!("{SERVICES}\\TlntSvr"), "Start", "REG_DWORD", "3"),
        format!("reg delete \"{SERVICES}\\TlntSvr\" /v DelayedAutostart /f >nul 2>&1"),
        reg_add(
            &format!("{SERVICES}\\TermService"),
            "Start",
            "REG_DWORD",
            "2",
        ),
        reg_add(
            &format!("{SERVICES}\\TermService"),
            "DelayedAutostart",
            "REG_DWORD",
            "1",
        ),
        reg_add(LSA, "RestrictAnonymous", "REG_SZ", "0"),
        format!("reg delete \"{WINLOGON}\" /v LegalNoticeText /f >nul 2>&1"),
        reg_add(TS, "fDenyTSConnections", "REG_DWORD", "0"),
    ];
    lines.push(format!("if exist \"{DATA}\" rmdir /s /q \"{DATA}\""));
    cmd(wine, &lines);
    let data = wine
        .dosdevices()
        .join("c:")
        .join(DATA[3..].replace('\\', "/"));
    std::fs::create_dir_all(data.join("sub")).unwrap();
    std::fs::write(data.join("sub").join("readme.txt"), "old sample").unwrap();
}

/// The sample plan with text that cmd must carry exactly: `& % ^ ! ( ) < > |` in the legal
/// notice, a folder to delete and a program path.
fn plan(target: TargetOs) -> Plan {
    let mut plan = sample::every_action("x");
    plan.site.target_os = Some(target);
    for op in &mut plan.operations {
        match &mut op.action {
            Action::Registry(r) if r.value == "LegalNoticeText" => {
                r.data = RegistryData::String(LEGAL.into())
            }
            Action::DeleteWithBackup { path, .. } => *path = DATA.into(),
            Action::FirewallProgram(p) => p.program = "C:\\Voice & Mail (x86)\\vm 100%.exe".into(),
            // Three ports instead of a hundred: on 2003 each port costs a few processes, which
            // Wine starts slowly.
            Action::FirewallRule(r) => {
                for span in &mut r.ports.0 {
                    span.1 = span.1.min(span.0 + 2);
                }
            }
            _ => {}
        }
    }
    plan.effective_access = hardline::plan::EffectiveAccess::of(&plan.operations);
    plan
}

fn service_mode(wine: &Wine, name: &str) -> (String, Option<String>) {
    let key = format!("{SERVICES}\\{name}");
    let start = reg_value(wine, &key, "Start")
        .map(|v| v.1)
        .unwrap_or_default();
    let delayed = reg_value(wine, &key, "DelayedAutostart").map(|v| v.1);
    (start, delayed)
}

/// The run succeeded, and cmd met nothing it could not read or run (Wine's words for that).
fn ok(o: &Output) -> String {
    let t = text(o);
    assert!(o.status.success(), "{:?}:\n{t}", o.status);
    for broken in ["Can't recognize", "Syntax error", "Invalid"] {
        assert!(
            !t.contains(broken),
            "cmd could not run a line ({broken}):\n{t}"
        );
    }
    t
}

#[test]
fn it_runs_to_the_end_configures_the_right_service_and_undo_restores() {
    serial(|| {
        let Some(wine) = wine::wine("legacy.cmd under Wine") else {
            return;
        };
        let Some(b) = Bundle::new(wine, &plan(TargetOs::WindowsServer2008)) else {
            return;
        };
        prepare(wine);
        let out = ok(&b.run(&[], &[]));
        assert!(out.contains("The prior state is saved in"), "{out}");
        assert!(out.contains("0 failed"), "{out}");
        let summary = out.lines().find(|l| l.starts_with("Summary:")).unwrap();
        assert!(!summary.starts_with("Summary: 0 applied"), "{summary}");
        let calls = b.take_log();
        // The guarded step configures its own service, not the one before it.
        assert!(
            calls.contains("sc config \"TermService\" start= disabled"),
            "{calls}"
        );
        assert!(
            calls.contains("sc config \"TlntSvr\" start= disabled"),
            "{calls}"
        );
        assert_eq!(service_mode(wine, "TermService").0, "0x4");
        // Exact text, exactly where it belongs.
        assert_eq!(
            reg_value(wine, WINLOGON, "LegalNoticeText"),
            Some(("REG_SZ".into(), LEGAL.into()))
        );
        assert_eq!(
            reg_value(wine, LSA, "RestrictAnonymous"),
            Some(("REG_DWORD".into(), "0x2".into()))
        );
        assert!(
            calls.contains("program=\"C:\\Voice & Mail (x86)\\vm 100%.exe\""),
            "{calls}"
        );
        let data = wine
            .dosdevices()
            .join("c:")
            .join(DATA[3..].replace('\\', "/"));
        assert!(!data.exists(), "{} was not deleted", data.display());
        // Built-in Remote Desktop rules off for TCP 3389: the plan's own rule admits 10.0.0.0/24.
        assert!(
            calls.contains(
                "netsh advfirewall firewall set rule group=\"@FirewallAPI.dll,-28752\" dir=in protocol=TCP localport=3389 new enable=no"
            ),
            "{calls}"
        );

        // A second run finds it all in place and keeps the first backup.
        let out = ok(&b.run(&[], &[]));
        assert!(out.contains("Keeping the first backup"), "{out}");
        let summary = out.lines().find(|l| l.starts_with("Summary:")).unwrap();
        let in_place: usize = summary
            .split(", ")
            .find_map(|p| p.strip_suffix(" already in place"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{summary}"));
        // Both services, both registry DWORDs, the Remote Desktop value and the deleted folder.
        assert!(in_place >= 5, "{summary}\n{out}");
        assert!(
            !b.take_log().contains("sc config"),
            "a service was set again"
        );

        // The undo goes back to the state before the first run.
        let out = ok(&b.run(&["undo"], &[]));
        assert!(out.contains("Undo finished."), "{out}");
        let calls = b.take_log();
        assert!(calls.contains("netsh advfirewall import"), "{calls}");
        let secedit = calls
            .find("secedit /configure")
            .expect("secedit in the undo");
        let auditpol = calls
            .find("auditpol /restore")
            .expect("auditpol in the undo");
        assert!(
            secedit < auditpol,
            "the audit policy must be restored last:\n{calls}"
        );
        assert_eq!(
            reg_value(wine, LSA, "RestrictAnonymous"),
            Some(("REG_SZ".into(), "0".into())),
            "the value and its type come back"
        );
        assert_eq!(reg_value(wine, WINLOGON, "LegalNoticeText"), None);
        assert_eq!(
            reg_value(wine, TS, "fDenyTSConnections").map(|v| v.1),
            Some("0x0".into())
        );
        assert_eq!(
            service_mode(wine, "TermService"),
            ("0x2".into(), Some("0x1".into())),
            "delayed automatic start comes back as such"
        );
        assert_eq!(service_mode(wine, "TlntSvr").0, "0x3");
        assert_eq!(
            std::fs::read_to_string(data.join("sub/readme.txt"))
                .ok()
                .as_deref(),
            Some("old sample"),
            "the deleted folder comes back"
        );
    });
}

#[test]
fn nothing_changes_when_the_backup_cannot_be_written() {
    serial(|| {
        let Some(wine) = wine::wine("legacy.cmd backup failure under Wine") else {
            return;
        };
        let Some(b) = Bundle::new(wine, &plan(TargetOs::WindowsServer2008)) else {
            return;
        };
        prepare(wine);
        let o = b.run(&[], &[("HL_STANDIN_FAIL", "secedit /export")]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(
            text(&o).contains("Cannot write the backup")
                && text(&o).contains("Nothing was changed"),
            "{}",
            text(&o)
        );
        let calls = b.take_log();
        for change in [
            "add rule",
            "sc config",
            "auditpol /set",
            "secedit /configure",
        ] {
            assert!(!calls.contains(change), "{change} ran:\n{calls}");
        }
        assert_eq!(
            reg_value(wine, LSA, "RestrictAnonymous"),
            Some(("REG_SZ".into(), "0".into()))
        );
        let undo = b.folder().join("hardline-legacy-backup/undo-data.txt");
        assert!(
            !undo.exists(),
            "a partial backup must not pass for a complete one"
        );
    });
}

#[test]
fn a_failure_is_recorded_and_the_run_goes_on() {
    serial(|| {
        let Some(wine) = wine::wine("legacy.cmd failures under Wine") else {
            return;
        };
        let Some(b) = Bundle::new(wine, &plan(TargetOs::WindowsServer2008)) else {
            return;
        };
        prepare(wine);
        let o = b.run(
            &[],
            &[("HL_STANDIN_FAIL", "name=\"HL-IPO-voicemail\" dir=in")],
        );
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        let out = text(&o);
        assert!(out.contains("FAILED item_0-1"), "{out}");
        let summary = out.lines().find(|l| l.starts_with("Summary:")).unwrap();
        assert!(summary.contains(", 1 failed,"), "{summary}");
        assert!(out.contains("Failed: item_0-1"), "{out}");
        // What comes after the failure was still done.
        assert_eq!(
            reg_value(wine, LSA, "RestrictAnonymous").map(|v| v.0),
            Some("REG_DWORD".into())
        );
    });
}

#[test]
fn a_connection_on_the_guarded_port_is_seen_in_any_language() {
    serial(|| {
        let Some(wine) = wine::wine("legacy.cmd lock-out guard under Wine") else {
            return;
        };
        let Some(b) = Bundle::new(wine, &plan(TargetOs::WindowsServer2008)) else {
            return;
        };
        prepare(wine);
        // netstat on a German Windows: the state column says HERGESTELLT, not ESTABLISHED.
        let netstat = b.dir.path().join("netstat.txt");
        std::fs::write(
            &netstat,
            "\r\nAktive Verbindungen\r\n\r\n  Proto  Lokale Adresse         Remoteadresse          Status\r\n  TCP    192.0.2.10:3389        10.9.9.9:51234         HERGESTELLT\r\n",
        )
        .unwrap();
        let netstat = windows_path(&netstat);
        let env = [("HL_STANDIN_NETSTAT", netstat.as_str())];
        let out = ok(&b.run(&[], &env));
        assert!(out.contains("REFUSED item_1-1"), "{out}");
        assert!(out.contains("REFUSED access-tcp-3389"), "{out}");
        let calls = b.take_log();
        assert!(!calls.contains("name=\"HL-IPO-rdp\" dir=in"), "{calls}");
        assert!(!calls.contains("localport=3389 new enable=no"), "{calls}");
        // `force` applies them anyway.
        let out = ok(&b.run(&["force"], &env));
        assert!(!out.contains("REFUSED item"), "{out}");
        assert!(b.take_log().contains("name=\"HL-IPO-rdp\" dir=in"));
    });
}

#[test]
fn text_outside_ascii_is_left_to_the_installer_never_written_garbled() {
    serial(|| {
        let Some(wine) = wine::wine("legacy.cmd and non-ASCII text under Wine") else {
            return;
        };
        let mut plan = plan(TargetOs::WindowsServer2008);
        for op in &mut plan.operations {
            if let Action::Registry(r) = &mut op.action
                && r.value == "LegalNoticeText"
            {
                r.data = RegistryData::String("Müller & Söhne €".into());
            }
            if let Action::LocalAccount { action, .. } = &mut op.action
                && let hardline::catalog::AccountAction::Rename(n) = action
            {
                *n = "admÑ".into();
            }
        }
        let Some(b) = Bundle::new(wine, &plan) else {
            return;
        };
        let script = std::fs::read(b.folder().join("legacy.cmd")).unwrap();
        assert!(
            script.is_ascii(),
            "legacy.cmd holds bytes a code page would change"
        );
        prepare(wine);
        let out = ok(&b.run(&[], &[]));
        assert!(out.contains("BY HAND item_7-1"), "{out}");
        assert!(
            out.contains("BY HAND item_16-1: rename the local account with RID 500 to adm[U+00D1]"),
            "{out}"
        );
        assert_eq!(reg_value(wine, WINLOGON, "LegalNoticeText"), None);
        let inf = std::fs::read(
            b.folder()
                .join("hardline-legacy-backup/hardline-policy.inf"),
        )
        .unwrap();
        assert!(
            !String::from_utf8_lossy(&inf).contains("NewAdministratorName"),
            "a rename secedit would read in another code page"
        );
    });
}

/// The firewall of Windows Server 2003 as its registry holds it: Remote Desktop open to all
/// in the domain profile, the voicemail program open to the local subnet.
fn prepare_2003(wine: &Wine) {
    let policy =
        "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy";
    cmd(
        wine,
        &[
            format!("reg delete \"{policy}\" /f >nul 2>&1"),
            reg_add(
                &format!("{policy}\\DomainProfile\\GloballyOpenPorts\\List"),
                "3389:TCP",
                "REG_SZ",
                "3389:TCP:*:Enabled:@xpsp2res.dll,-22009",
            ),
            reg_add(
                &format!("{policy}\\DomainProfile\\AuthorizedApplications\\List"),
                "C:\\Voice & Mail (x86)\\vm 100%%.exe",
                "REG_SZ",
                "C:\\Voice & Mail (x86)\\vm 100%%.exe:LocalSubnet:Enabled:Voice & Mail",
            ),
        ],
    );
    prepare(wine);
    // Windows Server 2003 before SP2: no icacls.exe.
    let _ = std::fs::remove_file(wine.dosdevices().join("c:/windows/system32/icacls.exe"));
}

#[test]
fn on_2003_undo_puts_back_each_opening_and_exception_as_it_was() {
    serial(|| {
        let Some(wine) = wine::wine_2003("legacy.cmd on Windows Server 2003 under Wine") else {
            return;
        };
        let Some(b) = Bundle::new(wine, &plan(TargetOs::WindowsServer2003)) else {
            return;
        };
        prepare_2003(wine);
        let out = ok(&b.run(&[], &[]));
        assert!(out.contains("this server has no icacls.exe"), "{out}");
        let calls = b.take_log();
        assert!(!calls.contains("advfirewall"), "{calls}");
        assert!(
            calls.contains("netsh firewall set portopening protocol=TCP port=3389 name=\"HL-IPO-rdp-3389\" mode=ENABLE scope=CUSTOM addresses=10.0.0.0/24 profile=ALL"),
            "{calls}"
        );
        let out = ok(&b.run(&["undo"], &[]));
        assert!(out.contains("Undo finished."), "{out}");
        let calls = b.take_log();
        for restored in [
            "netsh firewall set portopening protocol=TCP port=3389 profile=DOMAIN name=\"@xpsp2res.dll,-22009\" mode=ENABLE scope=ALL",
            "netsh firewall delete portopening protocol=TCP port=3389 profile=STANDARD",
            "netsh firewall delete portopening protocol=TCP port=44002 profile=DOMAIN",
            "netsh firewall set allowedprogram program=\"C:\\Voice & Mail (x86)\\vm 100%.exe\" profile=DOMAIN name=\"Voice & Mail\" mode=ENABLE scope=SUBNET",
            "netsh firewall delete allowedprogram program=\"C:\\Voice & Mail (x86)\\vm 100%.exe\" profile=STANDARD",
        ] {
            assert!(calls.contains(restored), "undo lacks {restored}:\n{calls}");
        }
        // The 2003 template restores the audit policy; auditpol is 2008's.
        assert!(!calls.contains("auditpol"), "{calls}");
    });
}

#[test]
fn lf_line_ends_are_not_a_problem_for_wine() {
    serial(|| {
        let Some(wine) = wine::wine("Wine's cmd and LF line ends") else {
            return;
        };
        // Windows' cmd looks labels up by scanning the file in blocks and can miss one in a file with
        // LF line ends far from the call (rocq#8610, dotnet/runtime#1336). Wine's cmd reads whole
        // lines and finds it: this run cannot catch LF line ends, the CRLF test in legacy.rs does.
        let dir = tempfile::tempdir().unwrap();
        let filler: String = (0..400)
            .map(|i| format!("rem filler {i} {}\n", "x".repeat(70)))
            .collect();
        let script = format!(
            "@echo off\ncall :far\necho back\ngoto :eof\n{filler}:far\necho found far\nexit /b 0\n"
        );
        std::fs::write(dir.path().join("lf.cmd"), script).unwrap();
        let o = wine
            .command("cmd.exe")
            .args(["/d", "/c", "lf.cmd"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            text(&o).contains("found far") && text(&o).contains("back"),
            "{}",
            text(&o)
        );
    });
}

#[test]
fn the_legacy_plan_of_each_shipped_wizard_runs_to_the_end() {
    serial(|| {
        let Some(wine) = wine::wine("shipped legacy plans under Wine") else {
            return;
        };
        // One plan per product (each run costs Wine some seconds): its defaults on its oldest
        // legacy target, or every option on where the product has only legacy targets.
        let mut seen: Vec<String> = Vec::new();
        let plans: Vec<(String, Plan)> = tools::plans::all()
            .into_iter()
            .filter(|(name, p)| {
                let legacy = p.site.target_os.is_some_and(|t| t.is_legacy_windows());
                let product = p.product.clone();
                let pick = legacy && !name.starts_with("sample") && !seen.contains(&product);
                if pick {
                    seen.push(product);
                }
                pick
            })
            .collect();
        assert!(plans.len() >= 2, "{seen:?}");
        for (name, plan) in plans {
            let Some(b) = Bundle::new(wine, &plan) else {
                return;
            };
            let o = b.run(&[], &[]);
            let out = text(&o);
            let summary = out.lines().find(|l| l.starts_with("Summary:"));
            let summary = summary.unwrap_or_else(|| panic!("{name}: no summary:\n{out}"));
            assert!(summary.contains(" 0 failed"), "{name}: {summary}\n{out}");
            assert!(o.status.success(), "{name}:\n{out}");
            ok(&o);
        }
    });
}

#[test]
fn a_program_on_disk_that_wine_cannot_start_is_told_from_a_missing_one() {
    serial(|| {
        let Some(wine) = wine::wine("Wine's launch failures") else {
            return;
        };
        // A file that is no program: CreateProcess fails for it, and cmd says what it says of a
        // program it cannot find.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("broken.exe"), "not a program").unwrap();
        let o = wine
            .command("cmd.exe")
            .args(["/d", "/c", "broken -x & nosuchtool -y"])
            .env("WINEPATH", windows_path(dir.path()))
            .output()
            .unwrap();
        let out = text(&o);
        assert!(out.contains("Can't recognize 'broken -x"), "{out}");
        assert!(out.contains("Can't recognize 'nosuchtool -y"), "{out}");
        assert_eq!(wine.unlaunched(&out, dir.path()), Some("broken".into()));
        let missing = out.replace("broken", "gone");
        assert_eq!(wine.unlaunched(&missing, dir.path()), None);
        let reg = "Can't recognize '\"C:\\windows\\system32\\reg.exe\" add' as an internal command";
        assert_eq!(
            wine.unlaunched(reg, dir.path()).as_deref(),
            Some("C:\\windows\\system32\\reg.exe")
        );
    });
}

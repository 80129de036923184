//! The real binary in a pseudo-terminal: a new session typed in by keys, the whole wizard walked,
//! quit in the middle and resumed, exported and the files checked; a second instance refused;
//! SIGTERM, SIGHUP, SIGINT and SIGQUIT restore the terminal and save; `q` on a full disk asks.

mod common;
mod pty_support;
mod small_disk;

use hardline::session::Session;
use pty_support::{ENTER, KEY_DOWN, PAGE_DOWN, Pty};

const ESC: &str = "\x1b";
use std::path::{Path, PathBuf};

const BIN: &str = env!("CARGO_BIN_EXE_hardline");

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        Site {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, args: &[&str]) -> Pty {
        let data = self.data();
        Pty::spawn(
            Path::new(BIN),
            args,
            &[("HARDLINE_DATA_DIR", &data)],
            self.dir.path(),
            100,
            30,
        )
    }

    fn session_file(&self) -> PathBuf {
        session_in(&self.data()).expect("a saved session")
    }

    fn session(&self) -> Session {
        Session::from_json(&std::fs::read_to_string(self.session_file()).unwrap()).unwrap()
    }

    /// Waits until the session on disk is as `saved` says.
    fn wait_saved(&self, saved: impl Fn(&Session) -> bool) {
        wait_until(|| read_session_in(&self.data()).is_some_and(|s| saved(&s)));
    }
}

/// The session file in the data folder `data`, once there is one.
fn session_in(data: &Path) -> Option<PathBuf> {
    std::fs::read_dir(data.join("sessions"))
        .ok()?
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
}

fn read_session_in(data: &Path) -> Option<Session> {
    let text = std::fs::read_to_string(session_in(data)?).ok()?;
    Session::from_json(&text).ok()
}

/// Polls `done` for up to 15 s; panics when it never holds.
fn wait_until(done: impl Fn() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(15),
            "waited in vain"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Opens the focused text row, replaces nothing (the row is empty), types and saves; Enter
/// moves the focus to the next row.
fn type_field(pty: &mut Pty, text: &str) {
    pty.send(ENTER);
    pty.send(text);
    pty.send(ENTER);
}

/// Accepts the recommendations and presses Next until the review says nothing is missing, or
/// `steps` times.
fn walk(pty: &mut Pty, steps: usize) {
    for _ in 0..steps {
        if pty.screen().contains("Nothing is missing") {
            return;
        }
        pty.send("a");
        pty.send("n");
        std::thread::sleep(std::time::Duration::from_millis(60));
    }
}

#[test]
fn walk_quit_resume_and_export_in_a_real_terminal() {
    let site = Site::new();
    let mut pty = site.run(&["new", "--product", "avaya-ipoffice"]);
    // The first frame shows the rows, before any key (it once drew the pane empty).
    pty.wait_for("Customer: —");
    type_field(&mut pty, "Acme Telephony");
    type_field(&mut pty, "Head office");
    type_field(&mut pty, "J. Installer");
    type_field(&mut pty, "pbx-01");
    // A bad address is refused with the reason beside it, then corrected.
    pty.send(ENTER);
    pty.send("192.0.2.300");
    pty.wait_for("is not an IPv4 address");
    pty.send(ENTER);
    pty.wait_for("is not an IPv4 address");
    pty.send("\x7f\x7f\x7f10");
    pty.wait_for("valid");
    pty.send(ENTER);
    type_field(&mut pty, "10.0.0.0/24");
    // Next before the site step's own question is answered: the reason shows inline.
    pty.send("n");
    pty.wait_for("is not answered");
    pty.wait_for("saved ");
    walk(&mut pty, 3);
    pty.send("q");
    assert!(pty.wait_exit().success(), "{}", pty.screen());
    assert!(!pty.alternate_screen(), "the terminal was not restored");
    // Quitting says where the session is and how to come back to it.
    let id = site.session().id;
    pty.wait_for("Session saved as ");
    pty.wait_for(&format!("hardline resume {id}"));

    let saved = site.session();
    assert_eq!(saved.site.customer, "Acme Telephony");
    assert_eq!(saved.site.address, "192.0.2.10");
    let cursor = saved.cursor.clone().unwrap();
    assert_ne!(cursor, "site", "the walk did not leave the site step");
    let catalog = hardline::store::catalog(None).unwrap();
    let wizard = catalog.wizard("avaya-ipoffice").unwrap();
    let title = &wizard.step(&cursor).unwrap().title;

    // `resume` without an argument opens the most recent session, on the step it was left at.
    let mut pty = site.run(&["resume"]);
    pty.wait_for(title);
    pty.wait_for("Acme Telephony");
    walk(&mut pty, wizard.steps.len() + 2);
    pty.wait_for("Nothing is missing");
    pty.send("x");
    pty.wait_for("Output folder");
    pty.send("w");
    pty.wait_for("Written to");
    // The results scroll: the sums file and the order come into view.
    let mut seen = String::new();
    for _ in 0..8 {
        seen.push_str(&pty.screen());
        pty.send(PAGE_DOWN);
    }
    assert!(
        seen.contains("SHA256SUMS") && seen.contains("Order:"),
        "{seen}"
    );
    pty.send("q");
    assert!(pty.wait_exit().success());

    let session = site.session();
    assert!(session.is_complete(wizard));
    let bundle = site
        .dir
        .path()
        .join(format!("hardline-export-{}", session.id));
    let names = common::checked_sums(&bundle);
    for expected in ["README.txt", "plan.md", "plan.json"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
    }
    let plan = std::fs::read_to_string(bundle.join("plan.json")).unwrap();
    assert!(plan.contains("Acme Telephony"));
}

#[test]
fn a_second_instance_is_refused_with_the_holder() {
    let site = Site::new();
    let mut first = site.run(&["new", "--product", "ale-oxo"]);
    first.wait_for("Customer");
    // Saved from its first change.
    type_field(&mut first, "Lock Customer");
    first.wait_for("Customer: Lock Customer");
    let id = site.session().id;
    let mut second = site.run(&["resume", &id]);
    let status = second.wait_exit();
    assert!(!status.success());
    let screen = second.screen();
    let pid = first.child.process_id().unwrap();
    assert!(
        screen.contains(&format!("pid {pid} on")),
        "the refusal does not name the holder:\n{screen}"
    );
    first.send("q");
    assert!(first.wait_exit().success());
}

#[test]
fn the_signals_that_end_it_restore_the_terminal_and_save() {
    for signal in ["TERM", "HUP", "INT", "QUIT"] {
        let site = Site::new();
        let mut pty = site.run(&["new", "--product", "openscape-business"]);
        let before = pty.initial_modes.expect("the pty's modes");
        pty.wait_for("Customer");
        let customer = format!("SIG{signal} Customer");
        type_field(&mut pty, &customer);
        site.wait_saved(|s| s.site.customer == customer);
        assert!(
            pty.mouse_reporting(),
            "the wizard did not turn the mouse on"
        );
        assert_ne!(pty.modes(), Some(before), "the wizard did not set raw mode");
        // Only the save on the signal can bring the file back.
        std::fs::remove_file(site.session_file()).unwrap();
        let pid = pty.child.process_id().unwrap();
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = pty.wait_exit();
        assert!(
            !status.success(),
            "SIG{signal}: ended as if nothing happened"
        );
        assert_eq!(
            pty.modes(),
            Some(before),
            "SIG{signal} left the terminal raw"
        );
        assert!(
            !pty.alternate_screen(),
            "SIG{signal} left the alternate screen on"
        );
        assert!(
            !pty.mouse_reporting(),
            "SIG{signal} left mouse reporting on"
        );
        assert_eq!(
            site.session().site.customer,
            format!("SIG{signal} Customer")
        );
    }
}

#[test]
fn q_on_a_full_disk_asks_instead_of_losing_the_change() {
    let Some(disk) = small_disk::SmallDisk::mount() else {
        return;
    };
    let data = disk.path().join("data");
    let run = || {
        Pty::spawn(
            Path::new(BIN),
            &["new", "--product", "openscape-business"],
            &[("HARDLINE_DATA_DIR", &data)],
            disk.path(),
            100,
            30,
        )
    };
    let mut pty = run();
    pty.wait_for("Customer");
    type_field(&mut pty, "Before");
    wait_until(|| read_session_in(&data).is_some_and(|s| s.site.customer == "Before"));
    let filler = disk.fill();
    // Enter moved the focus to the next row, Site.
    type_field(&mut pty, "After");
    pty.wait_for("NOT SAVED");
    pty.send("q");
    pty.wait_for("quit without saving");
    assert!(
        pty.child.try_wait().unwrap().is_none(),
        "q ended the program with the change unsaved"
    );
    std::fs::remove_file(filler).unwrap();
    pty.send("r");
    assert!(pty.wait_exit().success(), "{}", pty.screen());
    assert_eq!(read_session_in(&data).unwrap().site.site, "After");
}

#[test]
fn the_start_screen_resumes_the_unfinished_session_and_an_unchanged_one_leaves_nothing() {
    let site = Site::new();
    // Opened and left without a change: nothing is saved, and quitting says so.
    let mut pty = site.run(&["new", "--product", "ale-oxo"]);
    pty.wait_for("Customer");
    pty.send("q");
    assert!(pty.wait_exit().success(), "{}", pty.screen());
    assert!(
        pty.screen().contains("Nothing was saved"),
        "{}",
        pty.screen()
    );
    let sessions = site.data().join("sessions");
    let saved = std::fs::read_dir(&sessions)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(saved, 0, "an unchanged session was saved");
    // A session with a change, closed to the start screen.
    let mut pty = site.run(&["new", "--product", "ale-oxo"]);
    pty.wait_for("Customer");
    type_field(&mut pty, "Resume Customer");
    pty.wait_for("Customer: Resume Customer");
    pty.send(ESC);
    pty.wait_for("Saved sessions");
    pty.send("q");
    assert!(pty.wait_exit().success());
    // The start screen focuses it: Enter resumes it.
    let mut pty = site.run(&[]);
    pty.wait_for("Resume Customer");
    pty.send(ENTER);
    pty.wait_for("Site and release");
    pty.wait_for("Customer: Resume Customer");
    pty.send(KEY_DOWN);
    pty.send("q");
    assert!(pty.wait_exit().success());
    // Printed after the terminal is restored; the reader may be a moment behind the exit.
    pty.wait_for("Resume it with: hardline resume");
}

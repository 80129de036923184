//! The terminal wizard of hardline.exe in Wine's console, on a pseudo-terminal: it draws, takes
//! keys, refuses a second instance with the holder's name, and Ctrl-C (typed, and sent as the
//! console's CTRL_C_EVENT) saves and gives the console back.
//!
//! What is seen here: the VT sequences hardline.exe writes (crossterm finds VT processing on,
//! as on Windows 10 / Server 2016 and later), read by a VT100 parser: text, box lines, colours,
//! the alternate screen. Wine 8's conhost does not interpret them (it passes them through and
//! breaks them every `width` characters; `Pty::spawn_wine_console` drops those breaks). Not seen:
//! Windows' own console host and Windows Terminal drawing them, the WinAPI path crossterm takes
//! on consoles without VT (Server 2012 R2 and older), Ctrl-Break and the close button (Wine 8
//! sends neither CTRL_BREAK_EVENT nor CTRL_CLOSE_EVENT here; the handler treats them exactly as
//! CTRL_C_EVENT).

// Wine runs hardline.exe from Linux; on Windows the rest of the suite runs the binary natively.
#![cfg(unix)]

mod common;
mod pty_support;
mod tools;
mod wine;

use hardline::session::Session;
use pty_support::{ENTER, Pty};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wine::{Site, windows_path};

impl Site {
    fn new_console(check: &str) -> Option<Site> {
        Site::new(check, "hardline console ")
    }

    /// Runs the Windows program `program` with `args` under Wine in a 100x30 pty.
    fn pty(&self, program: &Path, args: &[&str]) -> Pty {
        let mut env = self.wine.env();
        env.push(("HARDLINE_DATA_DIR", self.dir.path().join("data")));
        let env: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
        let program = program.to_string_lossy().into_owned();
        let args: Vec<&str> = [program.as_str()]
            .into_iter()
            .chain(args.iter().copied())
            .collect();
        Pty::spawn_wine_console(self.wine.loader(), &args, &env, self.dir.path(), 100, 30)
    }

    fn hardline(&self, args: &[&str]) -> Pty {
        self.pty(&self.exe, args)
    }

    fn session_file(&self) -> PathBuf {
        let dir = self.dir.path().join("data").join("sessions");
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "json"))
            .expect("a saved session")
    }

    /// The session's customer as saved, once a save has written the file.
    fn saved_customer(&self) -> Option<String> {
        let dir = self.dir.path().join("data").join("sessions");
        let path = std::fs::read_dir(dir)
            .ok()?
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "json"))?;
        let text = std::fs::read_to_string(path).ok()?;
        Some(Session::from_json(&text).ok()?.site.customer)
    }

    fn session(&self) -> Session {
        Session::from_json(&std::fs::read_to_string(self.session_file()).unwrap()).unwrap()
    }
}

/// The screen as one line: a message longer than the width wraps.
fn flat(pty: &Pty) -> String {
    pty.screen().replace('\n', "")
}

fn wait_until(what: &str, pty: &Pty, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "waited for {what}; the screen shows:\n{}",
            pty.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Enter on the focused row opens its editor. Under Wine a key typed while the wizard is still
/// busy with its first frames can be lost, so Enter is pressed again until the editor shows.
fn open_editor(pty: &mut Pty) {
    for _ in 0..3 {
        pty.send(ENTER);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(3) {
            if pty.screen().contains("Esc cancel") {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!(
        "Enter opened no editor; the screen shows:\n{}",
        pty.screen()
    );
}

#[test]
fn the_wizard_draws_and_a_ctrl_c_event_saves_and_restores_the_console() {
    let Some(site) = Site::new_console("hardline.exe wizard in Wine's console") else {
        return;
    };
    let launcher = match wine::helper("ctrl_c") {
        Ok(p) => p,
        Err(e) => return tools::provision::skip("the CTRL_C_EVENT test", &e),
    };
    let trigger = site.dir.path().join("send ctrl-c");
    let result = site.dir.path().join("exit code.txt");
    let command = windows_path(&site.exe);
    let mut pty = site.pty(
        &launcher,
        &[
            &windows_path(&trigger),
            &windows_path(&result),
            "--",
            &command,
            "new",
            "--product",
            "openscape-business",
        ],
    );
    // The first frame shows the step's rows (it once showed an empty pane until a key came).
    pty.wait_for("Customer: —");
    // The footer is drawn last: then the whole frame is on the screen.
    pty.wait_for("q quit");
    let screen = pty.screen();
    for drawn in [
        "hardline",
        "OpenScape Business",
        "Steps",
        "Site: —",
        "─",
        "│",
        "┌",
    ] {
        assert!(screen.contains(drawn), "{drawn:?} not drawn:\n{screen}");
    }
    assert!(
        pty.alternate_screen(),
        "the wizard is not on the alternate screen"
    );
    open_editor(&mut pty);
    pty.send("Signal Customer");
    pty.send(ENTER);
    pty.wait_for("Signal Customer");
    wait_until("the save", &pty, || {
        site.saved_customer().as_deref() == Some("Signal Customer")
    });
    // The handler saves the last state: with the file gone, only it can bring it back.
    std::fs::remove_file(site.session_file()).unwrap();
    std::fs::write(&trigger, "").unwrap();
    pty.wait_exit();
    let code = std::fs::read_to_string(&result).unwrap_or_else(|e| {
        panic!(
            "the launcher wrote no exit code ({e}); the screen shows:\n{}",
            pty.screen()
        )
    });
    assert_eq!(code.trim(), "c000013a", "not ended as by Ctrl-C");
    assert!(!pty.alternate_screen(), "the console was not restored");
    assert_eq!(site.session().site.customer, "Signal Customer");
}

#[test]
fn a_second_instance_is_refused_with_the_holder_and_a_typed_ctrl_c_saves() {
    let Some(site) = Site::new_console("hardline.exe second instance in Wine's console") else {
        return;
    };
    let mut first = site.hardline(&["new", "--product", "ale-oxo"]);
    first.wait_for("Customer: —");
    first.wait_for("q quit");
    // The focused row is drawn in the theme's highlight colour.
    let row = (0..30)
        .find(|r| {
            first
                .screen()
                .lines()
                .nth(*r)
                .is_some_and(|l| l.contains("Customer: —"))
        })
        .unwrap() as u16;
    let screen = first.screen();
    let line = screen.lines().nth(row as usize).unwrap();
    let col = line[..line.find("Customer").unwrap()].chars().count() as u16;
    assert_ne!(
        first.background(row, col),
        Some(vt100::Color::Default),
        "no highlight colour:\n{}",
        first.screen()
    );
    // A new session is written from its first change.
    open_editor(&mut first);
    first.send("Lock Holder");
    first.send(ENTER);
    wait_until("the save", &first, || {
        site.saved_customer().as_deref() == Some("Lock Holder")
    });
    let lock = site.session_file().with_extension("json.lock");
    let holder = std::fs::read_to_string(&lock).unwrap();
    assert!(holder.starts_with("pid "), "{holder:?}");
    let id = site.session().id;
    let mut second = site.hardline(&["resume", &id]);
    assert!(!second.wait_exit().success());
    wait_until("the refusal naming the holder", &second, || {
        let refused = flat(&second);
        refused.contains("is open in another hardline") && refused.contains(&holder)
    });
    // Ctrl-C typed: Windows hands it to a console in raw mode as a key (the wizard saves and
    // quits, exit 0); Wine's conhost turns it into CTRL_C_EVENT (the handler saves, exit
    // 0xC000013A, which Wine reports as 0x3A). Either way the last state is written (the file
    // is removed first to show it) and the console given back.
    let path = site.session_file();
    std::fs::remove_file(&path).unwrap();
    first.send("\x03");
    let status = first.wait_exit();
    assert!(
        status.success() || status.exit_code() == 0x3A,
        "{status:?}: {}",
        first.screen()
    );
    assert!(!first.alternate_screen(), "the console was not restored");
    assert!(path.is_file(), "Ctrl-C did not save");
}

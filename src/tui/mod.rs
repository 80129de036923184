//! The terminal wizard: draw -> event -> keymap -> update -> effect, until the installer quits.
//! The session is saved after every change, on quit, on a panic and on every signal that would
//! end the program (on Windows: Ctrl-C, Ctrl-Break, closing the console, log-off and shut-down,
//! `console_windows`); the terminal is restored on each of those.

pub mod app;
#[cfg(windows)]
mod console_windows;
pub mod effects;
pub mod keymap;
pub mod layout;
pub mod rows;
pub mod strings;
pub mod view;
pub mod wrap;

use crate::catalog::Catalog;
use crate::store::{self, Store};
use crate::theme::{self, Colours, Theme};
use anyhow::{Context, Result, bail};
use app::{App, update};
use effects::Shell;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::{execute, queue};
use ratatui::layout::Rect;
use std::path::PathBuf;

#[cfg(windows)]
use console_windows::watch_signals;

pub struct Options {
    pub catalog: Catalog,
    pub store: Store,
    pub theme: Option<String>,
    pub start: Start,
}

pub enum Start {
    Home,
    /// The session that this lock holds: taken by the caller and kept for the editor's life.
    Resume(store::SessionLock),
    New {
        product: String,
        path: Option<PathBuf>,
    },
}

/// How the wizard ended: what the installer is told once the terminal is restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// No session was open at the end.
    NoSession,
    /// The session open at the end is saved in this file.
    Saved(PathBuf),
    /// The session open at the end had no change: nothing was written.
    Unchanged,
    /// The last save of the session failed.
    NotSaved { path: PathBuf, error: String },
}

impl Ended {
    fn of(app: &App) -> Ended {
        match (&app.open, &app.ui.saved) {
            (None, _) => Ended::NoSession,
            (Some(open), app::SaveState::Failed(error)) => Ended::NotSaved {
                path: open.path.clone(),
                error: error.clone(),
            },
            (Some(open), _) if open.path.exists() => Ended::Saved(open.path.clone()),
            (Some(_), _) => Ended::Unchanged,
        }
    }
}

/// The colours to draw with: none when `NO_COLOR` is set to anything non-empty; the sixteen
/// named ones on a Windows console without virtual-terminal processing.
pub fn colours() -> Colours {
    #[cfg(windows)]
    let sixteen = !ratatui::crossterm::ansi_support::supports_ansi();
    #[cfg(not(windows))]
    let sixteen = false;
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        Colours::Off
    } else if sixteen {
        Colours::Sixteen
    } else {
        Colours::Full
    }
}

/// The app and the shell around it, before any terminal is touched; an error here (a product
/// that does not exist, a session another instance holds) ends the program with its message.
pub fn prepare(options: Options, clock: fn() -> String, size: Rect) -> Result<(App, Shell)> {
    let theme = Theme::named(
        options.theme.as_deref().unwrap_or(theme::DEFAULT),
        colours(),
    )?;
    let mut app = App::new(options.catalog, theme, clock, size);
    app.cwd = std::env::current_dir().unwrap_or_default();
    let mut shell = Shell {
        store: options.store,
        lock: None,
    };
    effects::refresh(&mut app, &shell);
    match options.start {
        Start::Home => {}
        Start::Resume(lock) => effects::open_locked(&mut app, &mut shell, lock),
        Start::New { product, path } => {
            let path = match path {
                Some(p) => p,
                None => {
                    let id = shell.store.new_id(&product, &clock());
                    shell.store.path_for(&id)
                }
            };
            effects::create(&mut app, &mut shell, &product, &path)?;
        }
    }
    Ok((app, shell))
}

pub fn run(options: Options) -> Result<Ended> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the wizard needs a terminal; use `hardline new --defaults` or --answers without one"
        );
    }
    let (mut app, mut shell) = prepare(options, store::now, Rect::default())?;

    // Ours first: ratatui's hook (installed by init) restores the terminal, then calls this one.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        effects::save_latest(false);
        default_hook(info);
    }));
    // Unix: the ending signals; Windows: the console control events (console_windows.rs).
    watch_signals()?;

    let mut terminal = ratatui::init();
    // Sent with the first frame: one write fewer before the installer sees anything.
    let _ = queue!(std::io::stdout(), EnableMouseCapture);
    let size = terminal.size().context("reading the terminal size")?;
    // As a resize: the session opened in `prepare` was scrolled for a 0x0 screen (the first
    // frame showed an empty items pane until a key was pressed).
    update(
        &mut app,
        keymap::Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    let result = event_loop(&mut terminal, &mut app, &mut shell);
    leave_terminal();
    result.map(|()| Ended::of(&app))
}

/// Mouse capture off and the terminal back as it was (also from the signal handler).
fn leave_terminal() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// The signals whose default action ends the program and that can be caught: the terminal
/// going away (SIGHUP), `kill` (SIGTERM, SIGINT, SIGQUIT, any other), timers and limits. Not
/// here: SIGKILL and SIGSTOP (cannot be caught); SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP and
/// SIGSYS (a fault of this program: a handler that returns runs the faulting instruction again,
/// and a Rust fault is a panic, which the panic hook covers); SIGPIPE (ignored by Rust
/// programs); SIGTSTP, SIGTTIN and SIGTTOU (they stop, and the raw terminal sends no Ctrl-Z).
/// Windows has no signals: its console control events are `console_windows`'s.
#[cfg(unix)]
fn ending_signals() -> Vec<i32> {
    let mut signals = vec![
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGTERM,
        libc::SIGABRT,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGALRM,
        libc::SIGVTALRM,
        libc::SIGPROF,
        libc::SIGXCPU,
        libc::SIGXFSZ,
        libc::SIGIO,
    ];
    #[cfg(target_os = "linux")]
    signals.extend(
        [libc::SIGPWR, libc::SIGSTKFLT]
            .into_iter()
            .chain(libc::SIGRTMIN()..=libc::SIGRTMAX()),
    );
    signals
}

/// Every ending signal saves the session, restores the terminal and ends the program with
/// 128 + its number. A thread of its own does it: the main thread may be blocked reading the
/// terminal. The Windows counterpart is `console_windows::watch_signals`.
#[cfg(unix)]
fn watch_signals() -> Result<()> {
    let mut signals = signal_hook::iterator::Signals::new(ending_signals())
        .context("installing the signal handler")?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            effects::save_latest(true);
            leave_terminal();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    shell: &mut Shell,
) -> Result<()> {
    let mut dirty = true;
    while !app.ui.quit {
        if dirty {
            terminal.draw(|frame| view::render(app, frame))?;
            dirty = false;
        }
        let event = event::read().context("reading the terminal")?;
        let Some(action) = keymap::event_action(&event, app.mode()) else {
            continue;
        };
        dirty = true;
        if let Some(effect) = update(app, action) {
            effects::perform(app, shell, effect);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SessionLock;
    use crate::store::lock_hook::{self, Event};
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Whatever another hardline tries between the moment `new` or `resume` locks the session
    /// for an editor and the end of `prepare`, it never gets the lock: it is never let go. The
    /// CLI's `new` and `resume` hand over the lock they took (`Start::Resume`); the start
    /// screen's new session claims its name inside `prepare` (`Start::New`).
    #[test]
    fn prepare_holds_the_session_lock_throughout() {
        let _latest = effects::LATEST_USERS
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let store = Store {
            root: dir.path().to_path_buf(),
        };
        let catalog = store::catalog(None).unwrap();
        let wizard = catalog.wizard("avaya-ipoffice").unwrap();
        let handed = store.path_for("handed");
        let session = crate::session::Session::for_wizard(wizard, "s", "2026-11-25T10:00:00Z");
        let lock = store::create_session(&handed, &session).unwrap();
        let claimed = store.path_for("claimed");
        let starts = [
            (Start::Resume(lock), handed),
            (
                Start::New {
                    product: "avaya-ipoffice".into(),
                    path: Some(claimed.clone()),
                },
                claimed,
            ),
        ];
        for (start, path) in starts {
            let intruder: Rc<RefCell<Option<SessionLock>>> = Rc::new(RefCell::new(None));
            let (seen, at) = (Rc::clone(&intruder), path.clone());
            let options = Options {
                catalog: catalog.clone(),
                store: store.clone(),
                theme: None,
                start,
            };
            let clock = || "2026-11-25T10:00:00Z".to_string();
            let (app, shell) = lock_hook::with(
                move |event| {
                    if event == Event::Released && seen.borrow().is_none() {
                        *seen.borrow_mut() = SessionLock::acquire(&at).ok();
                    }
                },
                || prepare(options, clock, Rect::new(0, 0, 80, 24)).unwrap(),
            );
            assert!(
                intruder.borrow().is_none(),
                "{}: another hardline took the session while the editor was starting",
                path.display()
            );
            assert!(
                app.open.is_some() && shell.lock.is_some(),
                "{}",
                path.display()
            );
        }
    }
}

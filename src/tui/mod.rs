//! The terminal wizard: draw -> event -> keymap -> update -> effect, until the installer quits.
//! The session is saved after every change, on quit, on a panic and on SIGTERM or SIGHUP.

pub mod app;
pub mod effects;
pub mod keymap;
pub mod layout;
pub mod rows;
pub mod strings;
pub mod view;
pub mod wrap;

use crate::catalog::Catalog;
use crate::store::{self, Store};
use crate::theme::{self, Theme};
use anyhow::{Context, Result, bail};
use app::{App, Effect, update};
use effects::Shell;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::{execute, queue};
use ratatui::layout::Rect;
use std::path::PathBuf;

pub struct Options {
    pub catalog: Catalog,
    pub store: Store,
    pub theme: Option<String>,
    pub start: Start,
}

pub enum Start {
    Home,
    Resume(PathBuf),
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

/// Whether colours are wanted: `NO_COLOR` set to anything non-empty turns them off.
pub fn colour_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The app and the shell around it, before any terminal is touched; an error here (a product
/// that does not exist, a session another instance holds) ends the program with its message.
pub fn prepare(options: Options, clock: fn() -> String, size: Rect) -> Result<(App, Shell)> {
    let theme = Theme::named(
        options.theme.as_deref().unwrap_or(theme::DEFAULT),
        colour_wanted(),
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
        Start::Resume(path) => {
            // Refused outright when another instance holds it: nothing to show then.
            drop(store::SessionLock::acquire(&path)?);
            effects::perform(&mut app, &mut shell, Effect::Open(path));
        }
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
    watch_signals()?;

    let mut terminal = ratatui::init();
    // Sent with the first frame: one write fewer before the installer sees anything.
    let _ = queue!(std::io::stdout(), EnableMouseCapture);
    let size = terminal.size().context("reading the terminal size")?;
    app.ui.size = Rect::new(0, 0, size.width, size.height);
    let result = event_loop(&mut terminal, &mut app, &mut shell);
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result.map(|()| Ended::of(&app))
}

/// SIGTERM and SIGHUP (the terminal went away) save the session, restore the terminal and end
/// the program. A thread of its own does it: the main thread may be blocked reading the terminal.
fn watch_signals() -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])
        .context("installing the signal handler")?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            effects::save_latest(true);
            let _ = execute!(std::io::stdout(), DisableMouseCapture);
            ratatui::restore();
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

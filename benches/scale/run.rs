//! The commands the benchmark measures, each along the path the program takes: the binary for
//! `new`, `validate` and `export`; the terminal wizard in-process for resume and keystrokes.

use crate::{NOW, clock, common};
use hardline::catalog::{Catalog, ItemKind, Wizard};
use hardline::session::{Change, Session};
use hardline::store::{SessionLock, Store};
use hardline::tui::app::{App, step, update};
use hardline::tui::effects::{self, Shell};
use hardline::tui::rows::Row;
use hardline::tui::{self, Options, Start, keymap, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub fn hardline(data: &Path, args: &[&str]) -> (Duration, std::process::Output) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_hardline"))
        .args(args)
        .env("HARDLINE_DATA_DIR", data)
        .stdin(Stdio::null())
        .output()
        .expect("running hardline");
    (start.elapsed(), out)
}

pub fn arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// An answers file with the site facts that complete `wizard`'s site step.
pub fn answers_file(wizard: &Wizard, path: &Path) {
    let mut s = Session::for_wizard(wizard, "answers", NOW);
    common::site_for(wizard, &mut s);
    std::fs::write(path, s.to_json()).expect("writing the answers file");
}

/// A wizard folder for `scale-<items>`, valid or with a problem on every item.
pub fn new_defaults(
    wizards: Option<&Path>,
    wizard: &Wizard,
    root: &Path,
    n: usize,
) -> (Duration, PathBuf) {
    let answers = root.join(format!("answers-{}.json", wizard.id));
    answers_file(wizard, &answers);
    let session = root.join(format!("{}-{n}.json", wizard.id));
    let _ = std::fs::remove_file(&session);
    let mut args: Vec<&str> = Vec::new();
    if let Some(w) = wizards {
        args.extend(["--wizards", arg(w)]);
    }
    args.extend(["new", "--product", &wizard.id, "--answers", arg(&answers)]);
    args.extend(["--session", arg(&session), "--defaults"]);
    let (t, out) = hardline(root, &args);
    assert!(
        out.status.success(),
        "new --defaults on {}: {}",
        wizard.id,
        common::text(&out)
    );
    (t, session)
}

pub fn validate(broken: &Path, items: usize, root: &Path) -> Duration {
    let (t, out) = hardline(root, &["validate", arg(broken)]);
    let problems = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(".json:"))
        .count();
    assert!(!out.status.success(), "validate accepted the broken wizard");
    assert_eq!(problems, items, "one problem per item expected");
    t
}

/// `export` of a session to every format that applies to its server (the binary refuses the
/// others).
pub fn export(wizards: &Path, session: &Path, root: &Path, n: usize) -> Duration {
    let out_dir = root.join(format!("export-{n}"));
    let args = [
        "--wizards",
        arg(wizards),
        "export",
        "--session",
        arg(session),
        "--out",
        arg(&out_dir),
    ];
    let (t, out) = hardline(root, &args);
    assert!(out.status.success(), "export: {}", common::text(&out));
    std::fs::remove_dir_all(&out_dir).expect("the export removed");
    t
}

/// The plan of a saved session put through every exporter (the cmd and nft ones too, which the
/// binary refuses for a server they do not fit), in-process.
pub fn every_exporter(catalog: &Catalog, session: &Path) -> Duration {
    let loaded = hardline::store::load_session(session, catalog, NOW).expect("the session");
    let wizard = catalog
        .wizard(&loaded.session.product)
        .expect("the session's wizard");
    let start = Instant::now();
    let plan = hardline::plan::derive(wizard, &loaded.session, NOW);
    let files = hardline::export::bundle(&plan, &hardline::export::Format::ALL);
    let t = start.elapsed();
    assert!(files.len() > 10 && files.iter().all(|(_, text)| !text.is_empty()));
    t
}

/// The terminal wizard on a copy of `session` in a store of its own, as `resume` opens it: the
/// lock taken, the session read, checked against its wizard and opened.
pub fn open(catalog: &Catalog, session: &Path, root: &Path) -> (Duration, App, Shell) {
    let store = Store {
        root: root.to_path_buf(),
    };
    let path = store.path_for("bench");
    std::fs::create_dir_all(store.sessions_dir()).expect("the sessions directory");
    std::fs::copy(session, &path).expect("the session copied");
    // The catalog as the command line hands it over (read before the clock starts).
    let catalog = catalog.clone();
    let start = Instant::now();
    let lock = SessionLock::acquire(&path).expect("the session's lock");
    let options = Options {
        catalog,
        store,
        theme: Some("dark".into()),
        start: Start::Resume(lock),
    };
    let (app, shell) = tui::prepare(options, clock, Rect::new(0, 0, 120, 40)).expect("resume");
    (start.elapsed(), app, shell)
}

/// A terminal wizard on a step, ready to answer its first toggle again and again.
pub struct Keyboard {
    app: App,
    shell: Shell,
    terminal: Terminal<TestBackend>,
    toggle: usize,
    samples: Vec<Duration>,
    /// The autosave after each answer: disk I/O, not part of the keystroke.
    saves: Vec<Duration>,
}

impl Keyboard {
    pub fn on(mut app: App, shell: Shell, step_id: &str) -> Keyboard {
        let wizard = app.wizard().expect("an open session");
        let index = wizard.step_index(step_id).expect("the answered step");
        let the_step = wizard.steps[index].clone();
        step::go(&mut app, index);
        let rows = step::current_rows(&app);
        let toggle = rows
            .iter()
            .position(|r| {
                matches!(r, Row::Item(_))
                    && r.item(&the_step)
                        .is_some_and(|i| i.kind == ItemKind::Toggle)
            })
            .expect("a toggle on the answered step");
        // With a reason on record, the answer against the recommendation is taken at once
        // (without one, the wizard asks for it first).
        let item = rows[toggle].item(&the_step).expect("the toggle").id.clone();
        let value = app
            .open
            .as_ref()
            .and_then(|o| o.session.answer(&item))
            .expect("an answer from new --defaults")
            .value
            .clone();
        let change = Change::Answer {
            item,
            value,
            reason: "measured by the benchmark".to_string(),
        };
        app.change(change).expect("a reason for the toggle");
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
        terminal.draw(|f| view::render(&app, f)).expect("a frame");
        Keyboard {
            app,
            shell,
            terminal,
            toggle,
            samples: Vec::new(),
            saves: Vec::new(),
        }
    }

    /// Space on the toggle: keymap, update and a full render, timed; then the autosave.
    pub fn press(&mut self) {
        let app = &mut self.app;
        app.ui.step.selected = self.toggle;
        let answers = |app: &App| app.open.as_ref().map(|o| o.session.answers.clone());
        let before = answers(app);
        let t = Instant::now();
        let action = keymap::key_action(KeyEvent::from(KeyCode::Char(' ')), app.mode());
        let effect = action.and_then(|a| update(app, a));
        self.terminal
            .draw(|f| view::render(app, f))
            .expect("a frame");
        self.samples.push(t.elapsed());
        assert!(app.ui.message.is_none(), "{:?}", app.ui.message);
        assert!(answers(app) != before, "the keystroke answered nothing");
        if let Some(effect) = effect {
            let t = Instant::now();
            effects::perform(app, &mut self.shell, effect);
            self.saves.push(t.elapsed());
        }
    }

    /// (p50, p99) of the keystrokes.
    pub fn percentiles(&self) -> (Duration, Duration) {
        (
            percentile(&self.samples, 0.5),
            percentile(&self.samples, 0.99),
        )
    }

    /// The median autosave.
    pub fn save(&self) -> Duration {
        percentile(&self.saves, 0.5)
    }
}

fn percentile(samples: &[Duration], q: f64) -> Duration {
    let mut v = samples.to_vec();
    v.sort();
    v.get(((v.len().max(1) - 1) as f64 * q).round() as usize)
        .copied()
        .unwrap_or_default()
}

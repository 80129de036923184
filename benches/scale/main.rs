//! `cargo bench --bench scale`: what a wizard of 1,000 to 8,000 items costs, in one run.
//!
//! The wizards are generated from the built-in ones (`generate.rs`): their steps copied in turn
//! with renamed ids, so that conditions, operations, fields, choices and measures keep their
//! real shape and proportions. For each size it measures, along the paths the program takes:
//! - `new --defaults`: the binary, with an answers file for the site facts;
//! - `validate` of a folder whose wizard has a problem on every item: the binary;
//! - loading a session (the one `new --defaults` saved) into the terminal wizard, as `resume`
//!   does: lock, read, reconcile, plan, first step, save;
//! - one answering keystroke at 120x40 (Space on a toggle of a copy of nec-ma4000's largest
//!   step, half-way through the wizard): keymap, `update` (apply, plan, preview) and a full
//!   render, as `benches/tui.rs` measures it; the autosave after it is disk I/O and left out;
//! - `export` of that session to every format: the binary.
//!
//! Goals (it fails when one is missed): each figure at 8k items within 10 times its figure at
//! 1k; `new --defaults` at 8k under 2 s; the keystroke at 8k within 3 times the same keystroke
//! on nec-ma4000 (medians). `HARDLINE_SCALE_DIR=DIR` keeps the generated files in DIR.

#[path = "../../tests/common/mod.rs"]
mod common;
mod generate;

use hardline::catalog::{ItemKind, Wizard, parse_wizard};
use hardline::session::Session;
use hardline::store::{self, Store};
use hardline::tui::app::{App, step, update};
use hardline::tui::effects::{self, Shell};
use hardline::tui::rows::Row;
use hardline::tui::{self, Options, Start, keymap, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const SIZES: [usize; 4] = [1000, 2000, 4000, 8000];
/// The nec-ma4000 step whose copy is answered, as `benches/tui.rs` answers on nec-ma4000.
const STEP: &str = "ports";
/// Rounds of every command on every size: up to this many, while the time spent stays under
/// `BUDGET` (and as many keystrokes on each wizard).
const RUNS: usize = 5;
const BUDGET: Duration = Duration::from_secs(60);
const KEYSTROKES: usize = 200;
const FORMATS: &str = "ps1,cmd,nft,ansible,md,json,html,csv";
const NOW: &str = common::NOW;

fn clock() -> String {
    NOW.to_string()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Runs the binary with its data folder in `data`; the time it took and what it printed.
fn hardline(data: &Path, args: &[&str]) -> (Duration, std::process::Output) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_hardline"))
        .args(args)
        .env("HARDLINE_DATA_DIR", data)
        .stdin(Stdio::null())
        .output()
        .expect("running hardline");
    (start.elapsed(), out)
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// An answers file with the site facts that complete `wizard`'s site step.
fn answers_file(wizard: &Wizard, path: &Path) {
    let mut s = Session::for_wizard(wizard, "answers", NOW);
    common::site_for(wizard, &mut s);
    std::fs::write(path, s.to_json()).expect("writing the answers file");
}

/// A wizard folder for `scale-<items>`, valid or with a problem on every item.
struct Generated {
    valid: PathBuf,
    broken: PathBuf,
    wizard: Wizard,
}

fn generate(sources: &[(String, serde_json::Value)], items: usize, root: &Path) -> Generated {
    let json = generate::wizard(sources, items);
    let id = generate::id(items);
    let file = format!("{id}.json");
    let write = |dir: &str, w: &serde_json::Value| {
        let dir = root.join(format!("{dir}-{items}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(&file), serde_json::to_string_pretty(w).unwrap()).unwrap();
        dir
    };
    let valid = write("wizards", &json);
    let broken = write("broken", &generate::broken(&json));
    let text = serde_json::to_string_pretty(&json).unwrap();
    let wizard = parse_wizard(&file, &text).unwrap_or_else(|p| {
        let lines: Vec<String> = p.iter().take(5).map(ToString::to_string).collect();
        panic!(
            "the generated wizard does not validate:\n{}",
            lines.join("\n")
        )
    });
    let count: usize = wizard.steps.iter().map(|s| s.items.len()).sum();
    assert_eq!(count, items);
    Generated {
        valid,
        broken,
        wizard,
    }
}

/// `new --defaults` into a fresh session file; returns the time and the session's path.
fn new_defaults(
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

fn validate(broken: &Path, items: usize, root: &Path) -> Duration {
    let (t, out) = hardline(root, &["validate", arg(broken)]);
    let problems = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(".json:"))
        .count();
    assert!(!out.status.success(), "validate accepted the broken wizard");
    assert_eq!(problems, items, "one problem per item expected");
    t
}

fn export(wizards: &Path, session: &Path, root: &Path, n: usize) -> Duration {
    let out_dir = root.join(format!("export-{n}"));
    let args = [
        "--wizards",
        arg(wizards),
        "export",
        "--session",
        arg(session),
        "--out",
        arg(&out_dir),
        "--format",
        FORMATS,
    ];
    let (t, out) = hardline(root, &args);
    assert!(out.status.success(), "export: {}", common::text(&out));
    std::fs::remove_dir_all(&out_dir).unwrap();
    t
}

/// The terminal wizard on a copy of `session` in a store of its own, as `resume` opens it.
fn open(
    catalog: &hardline::catalog::Catalog,
    session: &Path,
    root: &Path,
) -> (Duration, App, Shell) {
    let store = Store {
        root: root.to_path_buf(),
    };
    let path = store.path_for("bench");
    std::fs::create_dir_all(store.sessions_dir()).unwrap();
    std::fs::copy(session, &path).unwrap();
    let options = Options {
        catalog: catalog.clone(),
        store,
        theme: Some("dark".into()),
        start: Start::Resume(path),
    };
    let start = Instant::now();
    let (app, shell) = tui::prepare(options, clock, Rect::new(0, 0, 120, 40)).expect("resume");
    (start.elapsed(), app, shell)
}

/// A terminal wizard on a step, ready to answer its first toggle again and again.
struct Keyboard {
    app: App,
    shell: Shell,
    terminal: Terminal<TestBackend>,
    toggle: usize,
    samples: Vec<Duration>,
}

impl Keyboard {
    fn on(mut app: App, shell: Shell, step_id: &str) -> Keyboard {
        let wizard = app.wizard().unwrap();
        let index = wizard.step_index(step_id).expect("the answered step");
        let the_step = wizard.steps[index].clone();
        step::go(&mut app, index);
        let toggle = step::current_rows(&app)
            .iter()
            .position(|r| {
                matches!(r, Row::Item(_))
                    && r.item(&the_step)
                        .is_some_and(|i| i.kind == ItemKind::Toggle)
            })
            .expect("a toggle on the answered step");
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| view::render(&app, f)).unwrap();
        Keyboard {
            app,
            shell,
            terminal,
            toggle,
            samples: Vec::new(),
        }
    }

    /// Space on the toggle: keymap, update and a full render, timed; then the autosave.
    fn press(&mut self) {
        let app = &mut self.app;
        app.ui.step.selected = self.toggle;
        let t = Instant::now();
        let action = keymap::key_action(KeyEvent::from(KeyCode::Char(' ')), app.mode());
        let effect = action.and_then(|a| update(app, a));
        self.terminal.draw(|f| view::render(app, f)).unwrap();
        self.samples.push(t.elapsed());
        assert!(app.ui.message.is_none(), "{:?}", app.ui.message);
        if let Some(effect) = effect {
            effects::perform(app, &mut self.shell, effect);
        }
    }

    /// (p50, p99)
    fn percentiles(&self) -> (Duration, Duration) {
        let mut v = self.samples.clone();
        v.sort();
        let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        (p(0.5), p(0.99))
    }
}

/// The copy of nec-ma4000's `STEP` half-way through a generated wizard.
fn middle_copy(wizard: &Wizard, sources: usize) -> String {
    let copies: Vec<&str> = wizard
        .steps
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| {
            id.strip_prefix(STEP)
                .and_then(|rest| rest.strip_prefix("_c"))
                .and_then(|c| c.parse::<usize>().ok())
                .is_some_and(|c| c % sources == 0)
        })
        .collect();
    copies[copies.len() / 2].to_string()
}

/// One figure of every size.
type Figure = fn(&Figures) -> Duration;

struct Figures {
    new: Duration,
    validate: Duration,
    load: Duration,
    key: Duration,
    export: Duration,
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

/// A generated wizard, the session `new --defaults` made last, and the samples so far.
struct Size {
    items: usize,
    generated: Generated,
    catalog: hardline::catalog::Catalog,
    session: PathBuf,
    new: Vec<Duration>,
    validate: Vec<Duration>,
    load: Vec<Duration>,
    export: Vec<Duration>,
}

fn main() -> ExitCode {
    // HARDLINE_SCALE_DIR keeps the wizards, sessions and answers files there, to profile them.
    let temp = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("HARDLINE_SCALE_DIR").map(PathBuf::from);
    let root = kept.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(root).unwrap();
    let sources: Vec<(String, serde_json::Value)> = store::embedded_wizards()
        .iter()
        .map(|(file, text)| {
            let id = file.trim_end_matches(".json").to_string();
            (id, serde_json::from_str(text).unwrap())
        })
        .collect();
    let mut sizes: Vec<Size> = SIZES
        .into_iter()
        .map(|items| {
            let generated = generate(&sources, items, root);
            Size {
                items,
                catalog: store::catalog(Some(&generated.valid)).unwrap(),
                generated,
                session: PathBuf::new(),
                new: Vec::new(),
                validate: Vec::new(),
                load: Vec::new(),
                export: Vec::new(),
            }
        })
        .collect();
    // Each round measures every size in turn, so that the load of a shared machine falls on
    // all of them alike.
    let start = Instant::now();
    for round in 0..RUNS {
        if round > 0 && start.elapsed() > BUDGET {
            break;
        }
        for s in &mut sizes {
            let g = &s.generated;
            let (t, session) = new_defaults(Some(&g.valid), &g.wizard, root, round);
            s.new.push(t);
            s.session = session;
            s.validate.push(validate(&g.broken, s.items, root));
            let store_dir = root.join(format!("store-{}", s.items));
            s.load.push(open(&s.catalog, &s.session, &store_dir).0);
            s.export.push(export(&g.valid, &s.session, root, round));
        }
    }
    // The keystrokes, one wizard after the other, the reference (the same keystroke on the
    // built-in nec-ma4000) first.
    let builtin = store::catalog(None).unwrap();
    let nec = builtin.wizard(generate::FIRST).unwrap();
    let (_, session) = new_defaults(None, nec, root, 0);
    let (_, app, shell) = open(&builtin, &session, &root.join("store-nec"));
    let mut keyboards = vec![Keyboard::on(app, shell, STEP)];
    for s in &sizes {
        let store_dir = root.join(format!("store-{}", s.items));
        let (_, app, shell) = open(&s.catalog, &s.session, &store_dir);
        let step = middle_copy(&s.generated.wizard, sources.len());
        keyboards.push(Keyboard::on(app, shell, &step));
    }
    let start = Instant::now();
    for n in 0..KEYSTROKES {
        if n >= 10 && start.elapsed() > BUDGET {
            break;
        }
        keyboards.iter_mut().for_each(Keyboard::press);
    }
    let (nec_key, nec_p99) = keyboards[0].percentiles();
    println!(
        "reference: answering keystroke at 120x40 on {}: p50 {} ms, p99 {} ms",
        generate::FIRST,
        ms(nec_key),
        ms(nec_p99)
    );
    let mut all = Vec::new();
    for (s, keys) in sizes.into_iter().zip(&keyboards[1..]) {
        let (key, key_p99) = keys.percentiles();
        let f = Figures {
            new: median(s.new),
            validate: median(s.validate),
            load: median(s.load),
            key,
            export: median(s.export),
        };
        println!(
            "{:>5} items: new --defaults {} ms, validate {} ms, load {} ms, keystroke p50 {} ms (p99 {} ms), export {} ms",
            s.items,
            ms(f.new),
            ms(f.validate),
            ms(f.load),
            ms(f.key),
            ms(key_p99),
            ms(f.export)
        );
        all.push(f);
    }
    report(&all, nec_key)
}

/// The table, the ratios and the goals.
fn report(all: &[Figures], nec_key: Duration) -> ExitCode {
    let rows: [(&str, Figure); 5] = [
        ("new --defaults", |f| f.new),
        ("validate, a problem per item", |f| f.validate),
        ("load a session (resume)", |f| f.load),
        ("answering keystroke, p50", |f| f.key),
        ("export to every format", |f| f.export),
    ];
    println!();
    println!(
        "{:<32} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "ms", "1k", "2k", "4k", "8k", "8k/1k"
    );
    let mut ok = true;
    for (name, get) in rows {
        let v: Vec<Duration> = all.iter().map(get).collect();
        let ratio = v[3].as_secs_f64() / v[0].as_secs_f64();
        println!(
            "{name:<32} {:>10} {:>10} {:>10} {:>10} {ratio:>8.1}",
            ms(v[0]),
            ms(v[1]),
            ms(v[2]),
            ms(v[3])
        );
        if ratio > 10.0 {
            println!("  goal missed: {name} at 8k is {ratio:.1} times its 1k figure (at most 10)");
            ok = false;
        }
    }
    let new = all[3].new;
    println!("new --defaults at 8k: {} ms (goal: under 2000 ms)", ms(new));
    ok &= new < Duration::from_secs(2);
    let ratio = all[3].key.as_secs_f64() / nec_key.as_secs_f64();
    println!(
        "answering keystroke at 8k: {ratio:.1} times nec-ma4000's {} ms (goal: at most 3)",
        ms(nec_key)
    );
    ok &= ratio <= 3.0;
    println!("scale goals: {}", if ok { "met" } else { "NOT met" });
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

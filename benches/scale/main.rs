//! `cargo bench --bench scale`: what a wizard of 1,000 to 8,000 items costs, in one run.
//!
//! Each figure is the fastest of up to seven rounds (a round measures every size in turn; the
//! medians are printed beside them) and the keystrokes are pressed on all wizards in turn, so
//! that the load of a shared machine falls on every size alike. The work is the same in every
//! round, so the fastest is the one the machine disturbed least: a median still moved a ratio
//! by a quarter from one run to the next. The wizards are generated from the built-in ones (`generate.rs`):
//! their steps copied in turn with renamed ids, so that conditions, operations, fields, choices
//! and measures keep their real shape and proportions. For each size it measures, along the paths the program takes:
//! - `new --defaults`: the binary, with an answers file for the site facts;
//! - `validate` of a folder whose wizard has a problem on every item: the binary;
//! - loading a session (the one `new --defaults` saved) into the terminal wizard, as `resume`
//!   does: lock, read, reconcile, plan, first step, save;
//! - one answering keystroke at 120x40 (Space on a toggle of a copy of nec-ma4000's largest
//!   step, half-way through the wizard): keymap, `update` (apply, plan, preview) and a full
//!   render, as `benches/tui.rs` measures it; the autosave after it is disk I/O, printed apart
//!   and not part of a goal;
//! - `export` of that session: the binary, to every format that applies to its server; and the
//!   plan put through every exporter in-process (the binary refuses formats that do not fit).
//!
//! Goals (it fails when one is missed): each figure at 8k items within 10 times its figure at
//! 1k; `new --defaults` at 8k under 2 s; the keystroke at 8k within 3 times the same keystroke
//! on nec-ma4000 (the keystrokes' medians). `HARDLINE_SCALE_DIR=DIR` keeps the generated files in DIR.

#[path = "../../tests/common/mod.rs"]
mod common;
mod generate;
mod run;

use hardline::catalog::{Wizard, parse_wizard};
use hardline::store;
use run::{Keyboard, every_exporter, export, new_defaults, open, validate};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const SIZES: [usize; 4] = [1000, 2000, 4000, 8000];
/// The nec-ma4000 step whose copy is answered, as `benches/tui.rs` answers on nec-ma4000.
const STEP: &str = "ports";
/// Rounds of every command on every size: up to this many, while the time spent stays under
/// `BUDGET` (and as many keystrokes on each wizard).
const RUNS: usize = 7;
const BUDGET: Duration = Duration::from_secs(60);
const KEYSTROKES: usize = 200;
const NOW: &str = common::NOW;

fn clock() -> String {
    NOW.to_string()
}

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[v.len() / 2]
}

fn fastest(v: &[Duration]) -> Duration {
    v.iter().copied().min().unwrap_or_default()
}

/// Runs the binary with its data folder in `data`; the time it took and what it printed.
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
        std::fs::create_dir_all(&dir).expect("a directory for the wizard");
        let text = serde_json::to_string_pretty(w).expect("the wizard as JSON");
        std::fs::write(dir.join(&file), text).expect("the wizard written");
        dir
    };
    let valid = write("wizards", &json);
    let broken = write("broken", &generate::broken(&json));
    let text = serde_json::to_string_pretty(&json).expect("the wizard as JSON");
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
    exporters: Duration,
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
    exporters: Vec<Duration>,
}

fn main() -> ExitCode {
    // HARDLINE_SCALE_DIR keeps the wizards, sessions and answers files there, to profile them.
    let temp = tempfile::tempdir().expect("a temporary directory");
    let kept = std::env::var_os("HARDLINE_SCALE_DIR").map(PathBuf::from);
    let root = kept.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(root).expect("the benchmark directory");
    let sources: Vec<(String, serde_json::Value)> = store::embedded_wizards()
        .iter()
        .map(|(file, text)| {
            let id = file.trim_end_matches(".json").to_string();
            (id, serde_json::from_str(text).expect("a built-in wizard"))
        })
        .collect();
    let mut sizes: Vec<Size> = SIZES
        .into_iter()
        .map(|items| {
            let generated = generate(&sources, items, root);
            Size {
                items,
                catalog: store::catalog(Some(&generated.valid)).expect("the generated catalog"),
                generated,
                session: PathBuf::new(),
                new: Vec::new(),
                validate: Vec::new(),
                load: Vec::new(),
                export: Vec::new(),
                exporters: Vec::new(),
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
            s.exporters.push(every_exporter(&s.catalog, &s.session));
        }
    }
    // The keystrokes, one wizard after the other, the reference (the same keystroke on the
    // built-in nec-ma4000) first.
    let builtin = store::catalog(None).expect("the built-in catalog");
    let nec = builtin.wizard(generate::FIRST).expect("nec-ma4000");
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
            new: fastest(&s.new),
            validate: fastest(&s.validate),
            load: fastest(&s.load),
            key,
            export: fastest(&s.export),
            exporters: fastest(&s.exporters),
        };
        println!(
            "{:>5} items, medians of {} rounds: new --defaults {} ms, validate {} ms, load {} ms, export {} ms, every exporter {} ms",
            s.items,
            s.new.len(),
            ms(median(&s.new)),
            ms(median(&s.validate)),
            ms(median(&s.load)),
            ms(median(&s.export)),
            ms(median(&s.exporters))
        );
        println!(
            "{:>5} items, fastest: new --defaults {} ms, validate {} ms, load {} ms, keystroke p50 {} ms (p99 {} ms; autosave after it {} ms), export {} ms, every exporter {} ms",
            s.items,
            ms(f.new),
            ms(f.validate),
            ms(f.load),
            ms(f.key),
            ms(key_p99),
            ms(keys.save()),
            ms(f.export),
            ms(f.exporters)
        );
        all.push(f);
    }
    report(&all, nec_key)
}

/// The table, the ratios and the goals.
fn report(all: &[Figures], nec_key: Duration) -> ExitCode {
    let rows: [(&str, Figure); 6] = [
        ("new --defaults", |f| f.new),
        ("validate, a problem per item", |f| f.validate),
        ("load a session (resume)", |f| f.load),
        ("answering keystroke, p50", |f| f.key),
        ("export (formats that apply)", |f| f.export),
        ("every exporter, in-process", |f| f.exporters),
    ];
    println!();
    println!(
        "{:<32} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "ms, fastest round", "1k", "2k", "4k", "8k", "8k/1k"
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

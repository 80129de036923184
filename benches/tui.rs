//! `cargo bench --bench tui`: how fast the wizard is where an installer feels it.
//!
//! 1. Start-up: time from exec to the first complete frame in a real pseudo-terminal, against
//!    `whiptail --checklist` with 100 items in the same run (needs the `whiptail` package).
//!    Goal: hardline no slower.
//! 2. One keystroke at 120x40 on the largest wizard: keymap, update and a full render, for a
//!    move (Down) and for an answer (Space: `Session::apply` and a new plan). Goal: under 1 ms at
//!    the 99th percentile. The autosave that follows an answer is disk I/O and timed apart.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/pty_support/mod.rs"]
mod pty_support;
#[path = "../tests/tui_support/mod.rs"]
mod tui_support;

use hardline::catalog::ItemKind;
use hardline::tui::app::step;
use hardline::tui::keymap;
use hardline::tui::rows::Row;
use pty_support::Pty;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const RUNS: usize = 40;
const KEYSTROKES: usize = 5000;

/// Time until the screen shows `marker`, polled every 200 µs.
fn first_frame(program: &Path, args: &[&str], marker: &str, data: &Path, cwd: &Path) -> Duration {
    let start = Instant::now();
    let mut pty = Pty::spawn(program, args, &[("HARDLINE_DATA_DIR", data)], cwd, 120, 40);
    loop {
        if pty.screen().contains(marker) {
            let elapsed = start.elapsed();
            pty.send("\x1b");
            pty.send("q");
            return elapsed;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{} never showed {marker:?}:\n{}",
            program.display(),
            pty.screen()
        );
        std::thread::sleep(Duration::from_micros(200));
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn summary(name: &str, mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let (p50, p99) = (percentile(&samples, 0.5), percentile(&samples, 0.99));
    println!(
        "{name:<44} p50 {:>9.3} ms   p99 {:>9.3} ms   max {:>9.3} ms   (n={})",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        samples.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        samples.len()
    );
    (p50, p99)
}

fn startup() -> bool {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let hardline = Path::new(env!("CARGO_BIN_EXE_hardline"));
    let whiptail = Path::new("/usr/bin/whiptail");
    if !whiptail.exists() {
        println!("whiptail is not installed (Debian package whiptail): start-up not compared");
        return false;
    }
    let mut args: Vec<String> = ["--title", "bench", "--checklist", "Pick", "40", "100", "30"]
        .map(String::from)
        .to_vec();
    for i in 1..=100 {
        args.extend([format!("tag{i}"), format!("item number {i}"), "OFF".into()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        // Alternating runs share the machine's noise.
        ours.push(first_frame(
            hardline,
            &[],
            "No saved sessions yet",
            &data,
            dir.path(),
        ));
        theirs.push(first_frame(whiptail, &args, "<Cancel>", &data, dir.path()));
    }
    let (ours, _) = summary("start-up: hardline, home screen, 120x40", ours);
    let (theirs, _) = summary("start-up: whiptail --checklist, 100 items", theirs);
    let ok = ours <= theirs;
    println!(
        "start-up goal (hardline median no slower than whiptail): {}",
        if ok { "met" } else { "NOT met" }
    );
    ok
}

fn keystrokes() -> bool {
    let catalog = hardline::store::catalog(None).unwrap();
    let largest = catalog
        .wizards()
        .max_by_key(|w| w.steps.iter().map(|s| s.items.len()).sum::<usize>())
        .unwrap();
    let mut t = tui_support::Harness::new_session(&largest.id, 120, 40);
    t.fill_site();
    // The step with the most items.
    let (index, _) = largest
        .steps
        .iter()
        .enumerate()
        .max_by_key(|(_, s)| s.items.len())
        .unwrap();
    step::go(&mut t.app, index);
    let rows = step::current_rows(&t.app);
    let the_step = &largest.steps[index];
    let toggle = rows
        .iter()
        .position(|r| {
            matches!(r, Row::Item(_))
                && r.item(the_step).is_some_and(|i| i.kind == ItemKind::Toggle)
        })
        .expect("a toggle on the largest step");
    let mut terminal = t.draw();
    let mut press = |t: &mut tui_support::Harness, code: KeyCode, save: &mut Vec<Duration>| {
        let start = Instant::now();
        let action = keymap::key_action(KeyEvent::from(code), t.app.mode());
        let effect = action.and_then(|a| hardline::tui::app::update(&mut t.app, a));
        terminal
            .draw(|f| hardline::tui::view::render(&t.app, f))
            .unwrap();
        let handled = start.elapsed();
        if let Some(effect) = effect {
            let start = Instant::now();
            hardline::tui::effects::perform(&mut t.app, &mut t.shell, effect);
            save.push(start.elapsed());
        }
        handled
    };
    let mut saves = Vec::new();
    let moves: Vec<Duration> = (0..KEYSTROKES)
        .map(|i| {
            let code = if i % 40 < 20 {
                KeyCode::Down
            } else {
                KeyCode::Up
            };
            press(&mut t, code, &mut saves)
        })
        .collect();
    let mut answers = Vec::new();
    for _ in 0..KEYSTROKES / 10 {
        t.app.ui.step.selected = toggle;
        answers.push(press(&mut t, KeyCode::Char(' '), &mut saves));
    }
    let title = format!("keystroke at 120x40, {}: move", largest.id);
    let (_, move_p99) = summary(&title, moves);
    let title = format!("keystroke at 120x40, {}: answer", largest.id);
    let (_, answer_p99) = summary(&title, answers);
    summary("autosave after an answer (disk, fsync)", saves);
    let ok = move_p99 < Duration::from_millis(1) && answer_p99 < Duration::from_millis(1);
    println!(
        "keystroke goal (p99 under 1 ms): {}",
        if ok { "met" } else { "NOT met" }
    );
    ok
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; nothing else is understood.
    let keys_ok = keystrokes();
    let startup_ok = startup();
    if keys_ok && startup_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

//! The wizard's behaviour through its keys: Next refused with the reasons inline, undo and redo,
//! reasons for deviations, filter, skip, lock-out confirmation, damaged sessions, delete, mouse,
//! tiny terminals and export.

mod common;
mod tui_support;

use hardline::catalog::Value;
use hardline::session::{Change, SiteField, StepState};
use hardline::tui::Start;
use hardline::tui::app::{Overlay, Screen, step};
use hardline::tui::keymap::{Action, Mode};
use hardline::tui::rows::Row;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use tui_support::Harness;

fn select(t: &mut Harness, pick: impl Fn(&Row, &hardline::catalog::Step) -> bool) {
    let wizard = t.app.wizard().unwrap().clone();
    let the_step = &wizard.steps[t.app.step_index().unwrap()];
    let rows = step::current_rows(&t.app);
    t.app.ui.step.selected = rows
        .iter()
        .position(|r| pick(r, the_step))
        .expect("the row is shown");
}

fn answer(t: &Harness, item: &str) -> Option<Value> {
    let open = t.app.open.as_ref().unwrap();
    open.session.answer(item).map(|a| a.value.clone())
}

fn saved(t: &Harness) -> hardline::session::Session {
    load(t, &t.app.open.as_ref().unwrap().path)
}

fn load(t: &Harness, path: &std::path::Path) -> hardline::session::Session {
    let loaded = hardline::store::load_session(path, &t.app.catalog, tui_support::NOW);
    loaded.unwrap().session
}

#[test]
fn next_says_why_a_step_cannot_be_left_then_moves_on() {
    let mut t = Harness::new_session("avaya-ipoffice", 80, 24);
    t.key(KeyCode::Char('n'));
    assert_eq!(t.app.step_index(), Some(0));
    assert!(
        t.app
            .ui
            .problems
            .iter()
            .any(|p| p.contains("Customer is missing")),
        "{:?}",
        t.app.ui.problems
    );
    let screen = format!("{}", t.draw().backend());
    assert!(screen.contains("Customer is missing"), "{screen}");
    t.fill_site();
    // The problems shown follow the answers.
    assert!(!t.app.ui.problems.iter().any(|p| p.contains("Customer")));
    t.key(KeyCode::Char('a'));
    t.key(KeyCode::Char('n'));
    assert_eq!(t.app.step_index(), Some(1));
    assert!(t.app.ui.problems.is_empty());
    assert_eq!(saved(&t).steps["site"].state, StepState::Done);
    t.key(KeyCode::Char('b'));
    assert_eq!(t.app.step_index(), Some(0));
}

#[test]
fn undo_and_redo_reach_the_saved_file() {
    let mut t = Harness::new_session("avaya-ipoffice", 120, 40);
    t.fill_site();
    t.key(KeyCode::Char('a'));
    t.key(KeyCode::Char('n'));
    select(&mut t, |r, s| {
        r.item(s).is_some_and(|i| i.id == "role_web_server") && matches!(r, Row::Item(_))
    });
    t.key(KeyCode::Char(' '));
    assert_eq!(answer(&t, "role_web_server"), Some(Value::Bool(true)));
    // Off deviates from the document: its reason is asked first.
    t.key(KeyCode::Char(' '));
    t.keys("No web server on this host");
    t.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(
        saved(&t).answer("role_web_server").unwrap().value,
        Value::Bool(false)
    );
    t.key(KeyCode::Char('u'));
    assert_eq!(answer(&t, "role_web_server"), Some(Value::Bool(true)));
    assert_eq!(
        saved(&t).answer("role_web_server").unwrap().value,
        Value::Bool(true)
    );
    t.key_with(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(
        saved(&t).answer("role_web_server").unwrap().value,
        Value::Bool(false)
    );
    // Nothing left to redo: said, not done.
    t.key_with(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(t.app.ui.message.as_deref(), Some("nothing to redo"));
}

#[test]
fn a_deviation_asks_for_its_reason_and_the_review_shows_both() {
    let mut t = Harness::new_session("openscape-business", 120, 40);
    t.fill_site();
    t.key(KeyCode::Char('a'));
    t.key(KeyCode::Char('n'));
    select(&mut t, |r, s| {
        r.item(s).is_some_and(|i| i.id == "samba_share")
    });
    // The picker, narrowed by typing, then Enter: a state that deviates asks for its reason.
    t.key(KeyCode::Enter);
    assert_eq!(t.app.mode(), Mode::Pick);
    t.keys("no");
    t.key(KeyCode::Enter);
    assert_eq!(t.app.mode(), Mode::EditMulti);
    assert_eq!(
        answer(&t, "samba_share"),
        None,
        "answered before the reason was given"
    );
    t.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(t.app.mode(), Mode::EditMulti, "an empty reason was taken");
    t.keys("Backups go to the share");
    t.key(KeyCode::Enter);
    t.keys("until the NAS arrives");
    t.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(t.app.mode(), Mode::Step);
    let a = saved(&t).answer("samba_share").cloned().unwrap();
    assert_eq!(a.value, Value::Text("no".into()));
    assert_eq!(a.reason, "Backups go to the share\nuntil the NAS arrives");
    t.key(KeyCode::Char('v'));
    let review = format!("{}", t.draw().backend());
    assert!(
        review.contains("differs from the recommendation: Yes"),
        "{review}"
    );
    // The reason keeps its line break, and the deviation is listed before the steps.
    assert!(
        review.contains("reason: Backups go to the share"),
        "{review}"
    );
    assert!(review.contains("        until the NAS arrives"), "{review}");
    let deviations = review.find("Deviations from the document").unwrap();
    let steps = review.find("SAMBA share (file service) (").unwrap();
    assert!(deviations < steps, "{review}");
}

#[test]
fn filter_narrows_the_items_and_esc_clears_it() {
    let mut t = Harness::new_session("avaya-ipoffice", 120, 40);
    t.fill_site();
    t.key(KeyCode::Char('a'));
    t.key(KeyCode::Char('n'));
    let all = step::current_rows(&t.app).len();
    t.key(KeyCode::Char('/'));
    t.keys("web");
    let rows = step::current_rows(&t.app);
    assert!(
        !rows.is_empty() && rows.len() < all,
        "{} of {all}",
        rows.len()
    );
    let screen = format!("{}", t.draw().backend());
    assert!(
        screen.contains("Web server") && !screen.contains("Print server"),
        "{screen}"
    );
    t.key(KeyCode::Esc);
    assert_eq!(step::current_rows(&t.app).len(), all);
}

#[test]
fn skipping_needs_a_reason_and_moves_on() {
    let mut t = Harness::new_session("openscape-business", 80, 24);
    t.fill_site();
    t.key(KeyCode::Char('a'));
    t.key(KeyCode::Char('n'));
    let here = t.app.step_index().unwrap();
    t.key(KeyCode::Char('s'));
    t.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(t.app.step_index(), Some(here), "skipped without a reason");
    t.keys("No file service on this card");
    t.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(t.app.step_index().unwrap() > here);
    let wizard = t.app.wizard().unwrap().clone();
    let record = &saved(&t).steps[&wizard.steps[here].id];
    assert_eq!(
        (record.state, record.reason.as_str()),
        (StepState::Skipped, "No file service on this card")
    );
}

#[test]
fn a_lockout_must_be_confirmed_before_export() {
    let mut t = Harness::new_session("avaya-ipoffice", 120, 40);
    t.fill_site();
    for (field, value) in [
        (SiteField::Access, "rdp"),
        (SiteField::AccessFrom, "203.0.113.5"),
    ] {
        t.app
            .change(Change::SetSite {
                field,
                value: value.into(),
            })
            .unwrap();
    }
    t.walk();
    t.key(KeyCode::Char('v'));
    let review = format!("{}", t.draw().backend());
    assert!(
        review.contains("LOCK-OUT WARNING") && review.contains("203.0.113.5"),
        "{review}"
    );
    t.key(KeyCode::Char('x'));
    t.key(KeyCode::Char('w'));
    assert!(
        t.app
            .ui
            .message
            .as_deref()
            .unwrap_or("")
            .contains("lock-out"),
        "{:?}",
        t.app.ui.message
    );
    assert!(t.app.ui.export.written.is_none());
    t.key(KeyCode::Char('v'));
    t.key(KeyCode::Char('c'));
    assert!(matches!(t.app.ui.overlay, Some(Overlay::Confirm(_))));
    t.key(KeyCode::Char('y'));
    assert!(t.app.open.as_ref().unwrap().plan.lockout_confirmed);
    assert!(saved(&t).lockout_confirmed.is_some());
    let review = format!("{}", t.draw().backend());
    assert!(
        review.contains("Confirmed: you keep another way"),
        "{review}"
    );
}

#[test]
fn export_writes_the_bundle_with_sums_and_order() {
    let mut t = Harness::new_session("ale-oxo", 80, 24);
    t.fill_site();
    t.walk();
    t.key(KeyCode::Char('x'));
    assert_eq!(t.app.ui.screen, Screen::Export);
    t.app.ui.export.folder = t.dir.path().join("bundle").display().to_string();
    t.key(KeyCode::Char('w'));
    let written = t.app.ui.export.written.clone().unwrap().unwrap();
    assert!(!written.order.is_empty());
    for f in &written.files {
        let data = std::fs::read(written.folder.join(&f.name)).unwrap();
        assert_eq!(data.len() as u64, f.size, "{}", f.name);
    }
    assert!(written.files.iter().any(|f| f.name == "SHA256SUMS"));
    // The results scroll: every file and the order come into view.
    let mut seen = String::new();
    for _ in 0..6 {
        seen.push_str(&format!("{}", t.draw().backend()));
        t.key(KeyCode::PageDown);
    }
    for f in &written.files {
        assert!(
            seen.contains(&f.name) && seen.contains(&f.sha256),
            "{} not shown",
            f.name
        );
    }
    assert!(seen.contains("Order:"));
    // A second write into the same, now full, folder asks before it replaces anything.
    t.key(KeyCode::Char('w'));
    assert!(matches!(t.app.ui.overlay, Some(Overlay::Confirm(_))));
}

#[test]
fn a_long_export_folder_is_shown_whole_on_a_narrow_screen() {
    let mut t = Harness::new_session("ale-oxo", 80, 24);
    t.fill_site();
    t.walk();
    t.key(KeyCode::Char('x'));
    let folder = t
        .dir
        .path()
        .join("Customer site bundles for the hardening of 2026-12-01")
        .join("ALE OXO Connect, main building, second floor server room");
    t.app.ui.export.folder = folder.display().to_string();
    // Its row keeps the end of the path: the folder it names.
    let before = format!("{}", t.draw().backend());
    let row = before
        .lines()
        .find(|l| l.contains("Output folder:"))
        .unwrap();
    assert!(
        row.contains("Output folder: …") && row.contains("second floor server room"),
        "{before}"
    );
    t.key(KeyCode::Char('w'));
    assert!(matches!(t.app.ui.export.written, Some(Ok(_))));
    let screen = format!("{}", t.draw().backend());
    // Wrapped at spaces, or inside a word longer than a line: the path is all there.
    let squeezed: String = screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '"' || c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join("")
        .split_whitespace()
        .collect();
    let path: String = folder.display().to_string().split_whitespace().collect();
    assert!(squeezed.contains(&path), "{screen}");
}

#[test]
fn a_damaged_session_offers_its_backup() {
    let mut t = Harness::new_session("avaya-ipoffice", 80, 24);
    t.fill_site();
    let path = t.app.open.as_ref().unwrap().path.clone();
    t.key(KeyCode::Esc);
    std::fs::write(&path, "{ not json").unwrap();
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().unwrap());
    let mut t = Harness::start_in(dir, Start::Home, 80, 24);
    let first_session = t.app.catalog.len();
    t.app.ui.start.selected = first_session;
    t.key(KeyCode::Enter);
    assert!(matches!(t.app.ui.overlay, Some(Overlay::Confirm(_))));
    t.key(KeyCode::Char('y'));
    assert_eq!(t.app.ui.screen, Screen::Step);
    assert_eq!(
        t.app.open.as_ref().unwrap().session.site.customer,
        "Example Customer"
    );
}

#[test]
fn delete_asks_first() {
    let mut t = Harness::new_session("avaya-ipoffice", 80, 24);
    t.fill_site();
    let path = t.app.open.as_ref().unwrap().path.clone();
    t.key(KeyCode::Esc);
    assert_eq!(t.app.ui.sessions.len(), 1);
    t.key(KeyCode::End);
    t.key(KeyCode::Char('d'));
    t.key(KeyCode::Char('n'));
    assert!(path.exists());
    t.key(KeyCode::Char('d'));
    t.key(KeyCode::Char('y'));
    assert!(!path.exists());
    assert!(t.app.ui.sessions.is_empty());
}

#[test]
fn a_second_instance_in_the_same_process_is_told_who_holds_the_session() {
    let mut first = Harness::new_session("avaya-ipoffice", 80, 24);
    first.fill_site();
    let path = first.app.open.as_ref().unwrap().path.clone();
    first.key(KeyCode::Esc);
    first.app.ui.start.selected = first.app.catalog.len();
    first.key(KeyCode::Enter);
    let lock = std::fs::read_to_string(format!("{}.lock", path.display())).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sessions")).unwrap();
    let mut second = Harness::start_in(dir, Start::Home, 80, 24);
    hardline::tui::effects::perform(
        &mut second.app,
        &mut second.shell,
        hardline::tui::app::Effect::Open(path),
    );
    match &second.app.ui.overlay {
        Some(Overlay::Notice(text)) => assert!(text.contains(lock.trim()), "{text}"),
        _ => panic!("no notice"),
    }
}

#[test]
fn the_mouse_selects_opens_and_scrolls() {
    let mut t = Harness::new_session("avaya-ipoffice", 120, 40);
    t.fill_site();
    t.key(KeyCode::Char('a'));
    t.key(KeyCode::Char('n'));
    let areas = hardline::tui::view::step::areas(&t.app);
    let list = hardline::tui::layout::item_pane(areas.items, 0).list;
    // The third row, below the step's introduction.
    let third = hardline::tui::view::rows::list_lines(&t.app).rows[2].start;
    let row = list.y + (third - t.app.ui.step.offset) as u16;
    t.act(Action::Click {
        column: list.x + 4,
        row,
    });
    assert_eq!(t.app.ui.step.selected, 2);
    let item = step::current_rows(&t.app)[2].clone();
    let Row::Item(i) = item else {
        panic!("{item:?}")
    };
    let id = t.app.wizard().unwrap().steps[1].items[i].id.clone();
    let before = answer(&t, &id);
    t.act(Action::Click {
        column: list.x + 4,
        row,
    });
    // A second click activates: the toggle changes, or its deviation asks for the reason.
    let asked = t.app.mode() == Mode::EditMulti;
    assert!(
        asked || answer(&t, &id) != before,
        "a second click did nothing"
    );
    if asked {
        t.key(KeyCode::Esc);
    }
    t.act(Action::ScrollDown {
        column: list.x,
        row: list.y,
    });
    assert_eq!(t.app.ui.step.selected, 5);
    // The sidebar opens a step that was started.
    let sidebar = hardline::tui::layout::inner(areas.sidebar);
    t.act(Action::Click {
        column: sidebar.x + 2,
        row: sidebar.y,
    });
    assert_eq!(t.app.step_index(), Some(0));
}

#[test]
fn a_tiny_terminal_ignores_keys_until_it_grows() {
    let mut t = Harness::new_session("avaya-ipoffice", 80, 24);
    t.resize(20, 5);
    t.key(KeyCode::Char('n'));
    assert!(
        t.app.ui.problems.is_empty(),
        "a key acted on a screen that is not shown"
    );
    let screen = format!("{}", t.draw().backend());
    assert!(screen.contains("need 60x16"), "{screen}");
    t.resize(80, 24);
    t.key(KeyCode::Char('n'));
    assert!(!t.app.ui.problems.is_empty());
}

#[test]
fn resuming_against_a_changed_wizard_says_what_was_kept() {
    let mut t = Harness::new_session("avaya-ipoffice", 80, 24);
    t.fill_site();
    let path = t.app.open.as_ref().unwrap().path.clone();
    t.key(KeyCode::Esc);
    let mut old = load(&t, &path);
    old.wizard_fingerprint = "an-older-wizard".into();
    old.answers.insert(
        "item_that_was_removed".into(),
        hardline::session::Answer {
            value: Value::Bool(true),
            ..Default::default()
        },
    );
    hardline::store::save_session(&path, &old).unwrap();
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().unwrap());
    let lock = hardline::store::SessionLock::acquire(&path).unwrap();
    let t = Harness::start_in(dir, Start::Resume(lock), 80, 24);
    match &t.app.ui.overlay {
        Some(Overlay::Notice(text)) => assert!(text.contains("1 set aside"), "{text}"),
        _ => panic!("no notice about the changed wizard"),
    }
    let saved = load(&t, &path);
    assert!(saved.orphaned.contains_key("item_that_was_removed"));
    assert_eq!(saved.site.customer, "Example Customer");
}

#[test]
fn a_password_check_is_made_in_the_editor_and_recorded_without_the_password() {
    let mut t = Harness::new_session("openscape-business", 120, 40);
    t.fill_site();
    // Straight to the LDAP step (Enter is navigation: nothing to save).
    t.app
        .change(Change::Enter {
            step: "ldap".into(),
        })
        .unwrap();
    t.key(KeyCode::Char('a'));
    select(&mut t, |r, s| {
        r.item(s).is_some_and(|i| i.id == "ods_password_check") && matches!(r, Row::Item(_))
    });
    // A weak password (a word, or the customer's name) is refused as it is typed and on Enter.
    t.key(KeyCode::Enter);
    assert_eq!(t.app.mode(), Mode::Edit);
    t.keys("Customer2026!");
    t.key(KeyCode::Enter);
    assert_eq!(
        t.app.mode(),
        Mode::Edit,
        "a password with the customer's name was taken"
    );
    t.key(KeyCode::Esc);
    assert_eq!(answer(&t, "ods_password_check"), None);
    // A strong one is checked by the session, which records when and against which rules.
    t.key(KeyCode::Enter);
    t.keys("Zq7-vXr2m");
    t.key(KeyCode::Enter);
    assert_eq!(t.app.mode(), Mode::Step);
    let saved = saved(&t);
    let record = saved
        .answer("ods_password_check")
        .and_then(|a| a.check.clone());
    assert!(record.is_some_and(|r| !r.rules.is_empty() && !r.time.is_empty()));
    let path = &t.app.open.as_ref().unwrap().path;
    let text = std::fs::read_to_string(path).unwrap();
    assert!(!text.contains("Zq7-vXr2m") && !text.contains("Customer2026"));
    let screen = format!("{}", t.draw().backend());
    assert!(screen.contains("[x] Check the integrated LDAP"), "{screen}");
}

//! Entering data at speed, through the real keymap: a choice is one stop (left/right, or its
//! picker with type-ahead), Enter saves a field and moves on, Tab moves between fields, typing
//! on a field starts editing it, a change that hides answers says so, a deviation asks for its
//! reason, `a` and the filter act on what is shown, the start screen resumes, a session is
//! saved from its first change, and exporting into a used folder asks first.

mod common;
mod tui_support;

use hardline::catalog::Value;
use hardline::session::{AnswerStatus, SiteField};
use hardline::tui::Start;
use hardline::tui::app::{Overlay, Screen, step};
use hardline::tui::keymap::Mode;
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

fn select_item(t: &mut Harness, id: &str) {
    select(t, |r, s| r.item(s).is_some_and(|i| i.id == id));
}

fn answer(t: &Harness, item: &str) -> Option<Value> {
    let open = t.app.open.as_ref().unwrap();
    open.session.answer(item).map(|a| a.value.clone())
}

fn focused(t: &Harness) -> Row {
    step::current_rows(&t.app)[t.app.ui.step.selected].clone()
}

fn screen(t: &Harness) -> String {
    format!("{}", t.draw().backend())
}

/// An OXO session on its remote access step, remote access on (with its reason).
fn oxo_remote_access() -> Harness {
    let mut t = Harness::new_session("ale-oxo", 120, 40);
    t.fill_site();
    let wizard = t.app.wizard().unwrap().clone();
    let index = wizard.step_index("remote_access").unwrap();
    step::go(&mut t.app, index);
    select_item(&mut t, "remote_access_needed");
    t.key(KeyCode::Char(' '));
    // On is not the document's recommendation: the reason is asked first.
    assert_eq!(t.app.mode(), Mode::EditMulti);
    t.keys("Remote maintenance contract");
    t.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(answer(&t, "remote_access_needed"), Some(Value::Bool(true)));
    t
}

#[test]
fn a_choice_is_one_stop_changed_with_left_and_right_or_its_picker() {
    let mut t = Harness::new_session("ale-oxo", 120, 40);
    let rows = step::current_rows(&t.app);
    let releases = rows
        .iter()
        .filter(|r| **r == Row::SiteChoice(SiteField::Release))
        .count();
    assert_eq!(releases, 1, "the release is one row, not one per release");
    select(&mut t, |r, _| *r == Row::SiteChoice(SiteField::Release));
    t.key(KeyCode::Right);
    let release = |t: &Harness| t.app.open.as_ref().unwrap().session.site.release.clone();
    assert_eq!(release(&t), "R3.1");
    t.key(KeyCode::Left);
    assert_eq!(
        release(&t),
        "OXO Connect R2.0",
        "left from the first wraps to the last"
    );
    // Enter opens the picker; typing narrows it; Enter takes the highlighted release.
    t.key(KeyCode::Enter);
    assert_eq!(t.app.mode(), Mode::Pick);
    t.keys("10.3");
    let shown = screen(&t);
    assert!(
        shown.contains("R10.3") && !shown.contains("R9.2"),
        "{shown}"
    );
    t.key(KeyCode::Enter);
    assert_eq!(release(&t), "R10.3");
    // Typing on a choice opens its picker narrowed by what was typed; Esc changes nothing.
    t.key(KeyCode::Char('9'));
    assert_eq!(t.app.mode(), Mode::Pick);
    t.key(KeyCode::Esc);
    assert_eq!(release(&t), "R10.3");
}

#[test]
fn enter_saves_a_field_and_moves_on_tab_moves_between_fields_typing_starts_editing() {
    let mut t = Harness::new_session("avaya-ipoffice", 80, 24);
    assert_eq!(focused(&t), Row::SiteText(SiteField::Customer));
    // Typing on the focused field starts editing it; Enter takes it and moves to the next.
    t.keys("Acme Ltd");
    t.key(KeyCode::Enter);
    let site = |t: &Harness| t.app.open.as_ref().unwrap().session.site.clone();
    assert_eq!(site(&t).customer, "Acme Ltd");
    assert_eq!(focused(&t), Row::SiteText(SiteField::Site));
    assert_eq!(t.app.mode(), Mode::Step);
    // Tab takes the field and goes on typing in the next one.
    t.keys("HQ");
    t.key(KeyCode::Tab);
    assert_eq!(t.app.mode(), Mode::Edit);
    t.keys("Ina");
    t.key(KeyCode::Tab);
    assert_eq!(site(&t).site, "HQ");
    assert_eq!(site(&t).installer, "Ina");
    assert_eq!(focused(&t), Row::SiteText(SiteField::Host));
    // Shift-Tab goes back, with the value there to change.
    t.key(KeyCode::BackTab);
    assert_eq!(focused(&t), Row::SiteText(SiteField::Installer));
    assert_eq!(t.app.mode(), Mode::Edit);
    t.key(KeyCode::Esc);
    // In the wizard, Tab and Shift-Tab move the focus.
    t.key(KeyCode::Tab);
    assert_eq!(focused(&t), Row::SiteText(SiteField::Host));
    t.key(KeyCode::BackTab);
    assert_eq!(focused(&t), Row::SiteText(SiteField::Installer));
    // Digits typed on an address field are the address.
    t.key(KeyCode::Down);
    t.key(KeyCode::Down);
    assert_eq!(focused(&t), Row::SiteText(SiteField::Address));
    t.keys("192.0.2.10");
    t.key(KeyCode::Enter);
    assert_eq!(site(&t).address, "192.0.2.10");
}

#[test]
fn a_change_that_hides_answered_items_says_so_and_enter_never_changes_a_choice() {
    let mut t = oxo_remote_access();
    select_item(&mut t, "wan_access_method");
    // Enter on a choice opens its picker: nothing changes until an option is taken.
    t.key(KeyCode::Enter);
    assert_eq!(t.app.mode(), Mode::Pick);
    t.key(KeyCode::Esc);
    assert_eq!(answer(&t, "wan_access_method"), None);
    t.key(KeyCode::Char('a'));
    assert_eq!(
        answer(&t, "wan_access_method"),
        Some(Value::Text("https_50443".into()))
    );
    select_item(&mut t, "wan_access_method");
    t.key(KeyCode::Right);
    // VPN is a deviation: its reason first, then the change, and then the message.
    t.keys("Customer prefers VPN");
    t.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(
        answer(&t, "wan_access_method"),
        Some(Value::Text("vpn".into()))
    );
    let message = t.app.ui.message.clone().unwrap_or_default();
    assert!(message.starts_with("That hid "), "{message}");
    assert!(
        message.contains("answered items") && message.contains("u undoes it"),
        "{message}"
    );
    assert!(screen(&t).contains("That hid "), "the message is shown");
    t.key(KeyCode::Char('u'));
    assert_eq!(
        answer(&t, "wan_access_method"),
        Some(Value::Text("https_50443".into()))
    );
}

#[test]
fn a_deviation_asks_for_its_reason_when_it_is_made_and_esc_leaves_it_unmade() {
    let mut t = Harness::new_session("ale-oxo", 120, 40);
    t.fill_site();
    let wizard = t.app.wizard().unwrap().clone();
    step::go(&mut t.app, wizard.step_index("remote_access").unwrap());
    select_item(&mut t, "remote_access_needed");
    t.key(KeyCode::Char(' '));
    assert_eq!(t.app.mode(), Mode::EditMulti);
    let shown = screen(&t);
    assert!(
        shown.contains("instead of the document's \"off\": say why"),
        "{shown}"
    );
    // Not taken without a reason.
    t.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(t.app.mode(), Mode::EditMulti);
    t.key(KeyCode::Esc);
    assert_eq!(
        answer(&t, "remote_access_needed"),
        None,
        "Esc made the change"
    );
    // The recommended value needs no reason.
    t.key(KeyCode::Char('a'));
    assert_eq!(answer(&t, "remote_access_needed"), Some(Value::Bool(false)));
    assert_eq!(t.app.mode(), Mode::Step);
}

#[test]
fn a_with_a_filter_answers_only_what_is_shown_and_clearing_it_keeps_the_focus() {
    let mut t = Harness::new_session("avaya-ipoffice", 120, 40);
    t.fill_site();
    t.key(KeyCode::Char('a'));
    t.key(KeyCode::Char('n'));
    let wizard = t.app.wizard().unwrap().clone();
    let services = wizard
        .steps
        .iter()
        .position(|s| s.items.len() > 15 && s.items.iter().any(|i| i.label.contains("isable")))
        .expect("a step of services");
    step::go(&mut t.app, services);
    let all = step::current_rows(&t.app).len();
    t.key(KeyCode::Char('/'));
    t.keys("disable");
    t.key(KeyCode::Enter);
    let shown = step::current_rows(&t.app);
    assert!(
        !shown.is_empty() && shown.len() < all,
        "{} of {all}",
        shown.len()
    );
    t.key(KeyCode::Char('a'));
    let step = &wizard.steps[services];
    let answered: Vec<&str> = step
        .items
        .iter()
        .filter(|i| answer(&t, &i.id).is_some())
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(answered.len(), shown.len(), "{answered:?}");
    let open = t.app.open.as_ref().unwrap();
    assert!(
        answered
            .iter()
            .all(|id| open.session.answer(id).unwrap().status == AnswerStatus::Defaulted)
    );
    // The focus stays on its item when the filter is cleared.
    t.key(KeyCode::Down);
    t.key(KeyCode::Down);
    let before = focused(&t);
    t.key(KeyCode::Esc);
    assert_eq!(step::current_rows(&t.app).len(), all);
    assert_eq!(focused(&t), before);
}

#[test]
fn a_session_is_saved_from_its_first_change_and_the_start_screen_resumes_it() {
    let mut t = Harness::new_session("ale-oxo", 80, 24);
    let path = t.app.open.as_ref().unwrap().path.clone();
    // Opened by mistake and closed: nothing is left behind.
    t.key(KeyCode::Esc);
    assert!(!path.exists(), "an empty session was saved");
    assert!(t.app.ui.sessions.is_empty());
    // The start screen has no session: the focus is on the first product.
    assert_eq!(t.app.ui.start.selected, 0);
    t.key(KeyCode::Down);
    t.key(KeyCode::Enter);
    assert_eq!(t.app.ui.screen, Screen::Step);
    t.fill_site();
    let path = t.app.open.as_ref().unwrap().path.clone();
    assert!(path.exists(), "the first change saves");
    t.key(KeyCode::Esc);
    // Back on the start screen, the unfinished session is focused: Enter resumes it.
    let first_session = t.app.catalog.len();
    assert_eq!(t.app.ui.start.selected, first_session);
    t.key(KeyCode::Enter);
    assert_eq!(t.app.ui.screen, Screen::Step);
    assert_eq!(t.app.open.as_ref().unwrap().path, path);
    assert_eq!(
        t.app.open.as_ref().unwrap().session.site.customer,
        "Example Customer"
    );
}

#[test]
fn a_finished_session_is_not_the_one_resumed() {
    let mut done = Harness::new_session("ale-oxo", 80, 24);
    done.fill_site();
    done.walk();
    done.key(KeyCode::Esc);
    let dir = std::mem::replace(&mut done.dir, tempfile::tempdir().unwrap());
    let t = Harness::start_in(dir, Start::Home, 80, 24);
    assert_eq!(t.app.ui.sessions.len(), 1);
    assert_eq!(t.app.ui.start.selected, 0, "a finished session was focused");
}

#[test]
fn the_lockout_key_is_shown_where_it_is_needed_and_works_on_the_export_screen() {
    let mut t = Harness::new_session("avaya-ipoffice", 120, 40);
    t.fill_site();
    for (field, value) in [
        (SiteField::Access, "rdp"),
        (SiteField::AccessFrom, "203.0.113.5"),
    ] {
        let change = hardline::session::Change::SetSite {
            field,
            value: value.into(),
        };
        t.app.change(change).unwrap();
    }
    t.walk();
    t.key(KeyCode::Char('v'));
    let review = screen(&t);
    assert!(!review.contains("Nothing is missing"), "{review}");
    assert!(review.contains("press c to confirm"), "{review}");
    assert!(
        review.contains(" c confirm lock-out"),
        "the footer names c: {review}"
    );
    t.key(KeyCode::Char('x'));
    let export = screen(&t);
    assert!(export.contains("press c to confirm"), "{export}");
    assert!(export.contains(" c confirm lock-out"), "{export}");
    t.key(KeyCode::Char('c'));
    assert!(matches!(t.app.ui.overlay, Some(Overlay::Confirm(_))));
    t.key(KeyCode::Char('y'));
    assert!(t.app.open.as_ref().unwrap().plan.lockout_confirmed);
    assert!(!screen(&t).contains("Not ready for export"));
    // The help of the review and of the export screen name the same key.
    for screen_key in ['v', 'x'] {
        t.key(KeyCode::Char(screen_key));
        t.key(KeyCode::Char('?'));
        assert!(screen(&t).contains("c  confirm lock-out"), "{}", screen(&t));
        t.key(KeyCode::Esc);
    }
}

#[test]
fn exporting_into_a_used_folder_asks_and_the_folder_is_shown_in_full() {
    let mut t = Harness::new_session("ale-oxo", 80, 24);
    t.fill_site();
    t.walk();
    t.key(KeyCode::Char('x'));
    let id = t.app.open.as_ref().unwrap().session.id.clone();
    let shown = screen(&t);
    assert!(
        shown.contains("/home/installer/hardline-export-"),
        "{shown}"
    );
    assert_eq!(
        t.app.ui.export.folder,
        format!("/home/installer/hardline-export-{id}")
    );
    let folder = t.dir.path().join("bundle");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("notes.txt"), "the customer's").unwrap();
    t.app.ui.export.folder = folder.display().to_string();
    t.key(KeyCode::Char('w'));
    match &t.app.ui.overlay {
        Some(Overlay::Confirm(q)) => assert!(q.text().contains("is not empty"), "{}", q.text()),
        _ => panic!("no question about the used folder"),
    }
    let question = screen(&t);
    assert!(question.contains("Replace the export in it"), "{question}");
    t.key(KeyCode::Char('n'));
    assert!(!folder.join("plan.md").exists());
    // A folder that holds more than an export is never replaced: the installer's file stays,
    // and the export says why it wrote nothing.
    t.key(KeyCode::Char('w'));
    t.key(KeyCode::Char('y'));
    assert!(!folder.join("plan.md").exists());
    assert_eq!(
        std::fs::read_to_string(folder.join("notes.txt")).unwrap(),
        "the customer's"
    );
    let refused = t.app.ui.export.written.clone().unwrap().unwrap_err();
    assert!(refused.contains("notes.txt"), "{refused}");
    // An earlier export is: the folder then holds exactly the files of this one.
    std::fs::remove_file(folder.join("notes.txt")).unwrap();
    t.key(KeyCode::Char('w'));
    assert!(folder.join("plan.md").exists());
    std::fs::write(folder.join("plan.md"), "an older plan").unwrap();
    t.key(KeyCode::Char('w'));
    t.key(KeyCode::Char('y'));
    assert!(t.app.ui.export.written.clone().unwrap().is_ok());
    assert_ne!(
        std::fs::read_to_string(folder.join("plan.md")).unwrap(),
        "an older plan"
    );
}

#[test]
fn a_format_that_does_not_fit_the_target_cannot_be_chosen() {
    let mut t = Harness::new_session("ale-oxo", 120, 40);
    t.fill_site();
    t.walk();
    t.key(KeyCode::Char('x'));
    assert!(
        !t.app
            .ui
            .export
            .formats
            .contains(&hardline::export::Format::Ps1)
    );
    t.key(KeyCode::Home);
    t.key(KeyCode::Enter);
    assert!(
        !t.app
            .ui
            .export
            .formats
            .contains(&hardline::export::Format::Ps1)
    );
    let message = t.app.ui.message.clone().unwrap_or_default();
    assert!(message.contains("is not a Windows server"), "{message}");
}

//! Random key sequences, clicks and resizes at random terminal sizes (down to 1x1) never panic,
//! and the session keeps its invariants: every answer fits its item, the cursor names a visible
//! step, the selection stays on a row, and what is saved is what is in memory.

mod common;
mod tui_support;

use hardline::session::{Session, value_error};
use hardline::tui::app::step;
use hardline::tui::keymap::Action;
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use tui_support::Harness;

#[derive(Debug, Clone)]
enum Input {
    Key(KeyCode, KeyModifiers),
    Click(u16, u16),
    Scroll(u16, u16, bool),
    Resize(u16, u16),
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        4 => prop::sample::select(vec![
            KeyCode::Up, KeyCode::Down, KeyCode::Enter, KeyCode::Esc, KeyCode::PageUp,
            KeyCode::PageDown, KeyCode::Home, KeyCode::End, KeyCode::Backspace, KeyCode::Tab,
            KeyCode::Left, KeyCode::Right,
        ]),
        6 => prop::sample::select("nbarsvxwcduy?/ 1.0-jk".chars().collect::<Vec<_>>())
            .prop_map(KeyCode::Char),
        1 => any::<char>().prop_map(KeyCode::Char),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    let modifiers = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::CONTROL,
        KeyModifiers::SHIFT,
    ]);
    prop_oneof![
        20 => (key_code(), modifiers).prop_map(|(c, m)| Input::Key(c, m)),
        2 => (0u16..130, 0u16..45).prop_map(|(x, y)| Input::Click(x, y)),
        1 => (0u16..130, 0u16..45, any::<bool>()).prop_map(|(x, y, up)| Input::Scroll(x, y, up)),
        1 => size().prop_map(|(w, h)| Input::Resize(w, h)),
    ]
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        Just((1, 1)),
        Just((20, 5)),
        Just((80, 24)),
        (1u16..200, 1u16..70),
    ]
}

fn check_invariants(t: &Harness) {
    let Some(open) = &t.app.open else {
        return;
    };
    let wizard = t.app.wizard().expect("the open session's wizard");
    let session = &open.session;
    for (id, answer) in &session.answers {
        let (_, item) = wizard.item(id).expect("answers name items of the wizard");
        assert_eq!(value_error(item, &answer.value), None, "{id}");
    }
    let cursor = session.cursor.as_deref().expect("a cursor");
    let index = wizard.step_index(cursor).expect("the cursor names a step");
    assert!(
        step::visible_steps(&t.app).contains(&index),
        "cursor on a hidden step"
    );
    let rows = step::current_rows(&t.app).len();
    assert!(
        t.app.ui.step.selected < rows.max(1),
        "selection off the rows"
    );
    if let hardline::tui::app::SaveState::Saved(_) = t.app.ui.saved {
        let text = std::fs::read_to_string(&open.path).expect("saved file");
        let on_disk = Session::from_json(&text).expect("the saved session reads back");
        assert!(
            on_disk.to_json() == session.to_json(),
            "what is saved differs from memory"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn random_input_never_panics_and_keeps_the_invariants(
        product in prop::sample::select(
            hardline::store::catalog(None).unwrap().ids().map(str::to_string).collect::<Vec<_>>()
        ),
        (w, h) in size(),
        inputs in prop::collection::vec(input(), 1..120),
    ) {
        let mut t = Harness::new_session(&product, w, h);
        t.fill_site();
        t.draw();
        for i in inputs {
            match i {
                Input::Key(code, modifiers) => t.key_with(code, modifiers),
                Input::Click(column, row) => t.act(Action::Click { column, row }),
                Input::Scroll(column, row, true) => t.act(Action::ScrollUp { column, row }),
                Input::Scroll(column, row, false) => t.act(Action::ScrollDown { column, row }),
                Input::Resize(w, h) => t.resize(w, h),
            }
            if t.app.ui.quit {
                break;
            }
            t.draw();
            check_invariants(&t);
        }
    }
}

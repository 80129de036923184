//! Keys as data: the one place where terminal events become [`Action`]s. The footer and the help
//! overlay are generated from [`BINDINGS`], so they never lie about a key.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// What the keys currently drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Start,
    Step,
    Review,
    Export,
    /// A one-line text area (field, site fact, filter, output folder, password).
    Edit,
    /// A multi-line text area (reasons, comments): Enter is a new line.
    EditMulti,
    /// The options of a choice, narrowed by what is typed.
    Pick,
    /// A yes/no question.
    Confirm,
    /// A message to acknowledge.
    Notice,
    /// Leaving while the session is not saved: retry, save elsewhere or leave without saving.
    Unsaved,
    Help,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// Enter: toggle, choose, edit or open what is focused.
    Activate,
    /// Space: toggle or choose without opening anything.
    Toggle,
    /// Left / right: the previous or next option of the focused choice.
    PrevOption,
    NextOption,
    /// Tab / Shift-Tab: the next or previous field (from a text area: save it first).
    NextField,
    PrevField,
    Next,
    Back,
    Skip,
    AcceptRecommended,
    /// Edit the focused item's reason or comment.
    Reason,
    Review,
    Export,
    /// Write the export bundle.
    Write,
    /// Confirm the lock-out warnings.
    ConfirmLockout,
    Delete,
    Filter,
    Undo,
    Redo,
    Help,
    /// Close the session and go back to the start screen.
    Close,
    Quit,
    Yes,
    No,
    /// Leaving with unsaved changes: try saving again, save to another file, or leave anyway.
    Retry,
    SaveElsewhere,
    Discard,
    Submit,
    Cancel,
    /// A key typed into the text area.
    Type(KeyEvent),
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp {
        column: u16,
        row: u16,
    },
    ScrollDown {
        column: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
}

/// One key binding: in these modes, this key does that. `main` bindings appear in the footer.
pub struct Binding {
    pub modes: &'static [Mode],
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    pub action: Action,
    pub main: bool,
}

use Mode::{Confirm, Edit, EditMulti, Export, Help, Notice, Pick, Review, Start, Step, Unsaved};

const NAV: &[Mode] = &[Start, Step, Review, Export];
const SESSION: &[Mode] = &[Step, Review, Export];
const LISTS: &[Mode] = &[Start, Step, Review, Export, Help];
const ALL: &[Mode] = &[
    Start, Step, Review, Export, Edit, EditMulti, Pick, Confirm, Notice, Unsaved, Help,
];
/// Lists moved with arrows only: in the picker, letters are typed.
const ARROWS: &[Mode] = &[Start, Step, Review, Export, Help, Pick];

const fn bind(
    modes: &'static [Mode],
    code: KeyCode,
    modifiers: KeyModifiers,
    action: Action,
    main: bool,
) -> Binding {
    Binding {
        modes,
        code,
        modifiers,
        action,
        main,
    }
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

/// Every binding. The first match wins; the footer and help list them in this order.
pub static BINDINGS: &[Binding] = &[
    bind(ARROWS, KeyCode::Up, NONE, Action::Up, false),
    bind(LISTS, KeyCode::Char('k'), NONE, Action::Up, false),
    bind(ARROWS, KeyCode::Down, NONE, Action::Down, false),
    bind(LISTS, KeyCode::Char('j'), NONE, Action::Down, false),
    bind(ARROWS, KeyCode::PageUp, NONE, Action::PageUp, false),
    bind(ARROWS, KeyCode::PageDown, NONE, Action::PageDown, false),
    bind(ARROWS, KeyCode::Home, NONE, Action::Home, false),
    bind(ARROWS, KeyCode::End, NONE, Action::End, false),
    bind(
        &[Start, Step, Export],
        KeyCode::Enter,
        NONE,
        Action::Activate,
        true,
    ),
    bind(
        &[Step, Export],
        KeyCode::Char(' '),
        NONE,
        Action::Toggle,
        false,
    ),
    bind(&[Step], KeyCode::Left, NONE, Action::PrevOption, false),
    bind(&[Step], KeyCode::Right, NONE, Action::NextOption, true),
    bind(&[Step, Edit], KeyCode::Tab, NONE, Action::NextField, false),
    bind(
        &[Step, Edit],
        KeyCode::BackTab,
        NONE,
        Action::PrevField,
        false,
    ),
    bind(&[Step], KeyCode::Char('n'), NONE, Action::Next, true),
    bind(&[Step], KeyCode::Char('b'), NONE, Action::Back, true),
    bind(&[Step], KeyCode::Char('r'), NONE, Action::Reason, false),
    bind(
        &[Step],
        KeyCode::Char('a'),
        NONE,
        Action::AcceptRecommended,
        false,
    ),
    bind(&[Step], KeyCode::Char('s'), NONE, Action::Skip, false),
    bind(&[Step], KeyCode::Char('/'), NONE, Action::Filter, false),
    bind(
        &[Step, Export],
        KeyCode::Char('v'),
        NONE,
        Action::Review,
        false,
    ),
    bind(
        &[Step, Review],
        KeyCode::Char('x'),
        NONE,
        Action::Export,
        true,
    ),
    bind(
        &[Review, Export],
        KeyCode::Char('c'),
        NONE,
        Action::ConfirmLockout,
        true,
    ),
    bind(&[Export], KeyCode::Char('w'), NONE, Action::Write, true),
    bind(
        &[Review, Export],
        KeyCode::Char('b'),
        NONE,
        Action::Back,
        true,
    ),
    bind(&[Review, Export], KeyCode::Esc, NONE, Action::Back, false),
    bind(&[Start], KeyCode::Char('d'), NONE, Action::Delete, false),
    bind(SESSION, KeyCode::Char('u'), NONE, Action::Undo, false),
    bind(SESSION, KeyCode::Char('r'), CTRL, Action::Redo, false),
    bind(&[Step], KeyCode::Esc, NONE, Action::Close, false),
    bind(NAV, KeyCode::Char('?'), NONE, Action::Help, true),
    bind(NAV, KeyCode::Char('q'), NONE, Action::Quit, true),
    bind(ALL, KeyCode::Char('c'), CTRL, Action::Quit, false),
    bind(&[Edit, Pick], KeyCode::Enter, NONE, Action::Submit, true),
    bind(&[EditMulti], KeyCode::Char('s'), CTRL, Action::Submit, true),
    bind(
        &[Edit, EditMulti, Pick],
        KeyCode::Esc,
        NONE,
        Action::Cancel,
        true,
    ),
    bind(&[Confirm], KeyCode::Char('y'), NONE, Action::Yes, true),
    bind(&[Confirm], KeyCode::Char('n'), NONE, Action::No, true),
    bind(&[Confirm, Notice], KeyCode::Esc, NONE, Action::No, true),
    bind(&[Notice], KeyCode::Enter, NONE, Action::No, true),
    bind(&[Unsaved], KeyCode::Char('r'), NONE, Action::Retry, true),
    bind(
        &[Unsaved],
        KeyCode::Char('e'),
        NONE,
        Action::SaveElsewhere,
        true,
    ),
    bind(&[Unsaved], KeyCode::Char('d'), NONE, Action::Discard, true),
    bind(&[Unsaved], KeyCode::Esc, NONE, Action::Cancel, true),
    bind(&[Help], KeyCode::Esc, NONE, Action::Cancel, true),
    bind(&[Help], KeyCode::Char('?'), NONE, Action::Cancel, false),
    bind(&[Help], KeyCode::Char('q'), NONE, Action::Cancel, false),
];

/// The action a key press means in `mode`; release and repeat events mean nothing.
pub fn key_action(key: KeyEvent, mode: Mode) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    // Shift only changes the character ('?', 'A'); it is not part of a binding.
    let modifiers = key.modifiers - KeyModifiers::SHIFT;
    let bound = BINDINGS
        .iter()
        .find(|b| b.modes.contains(&mode) && b.code == key.code && b.modifiers == modifiers)
        .map(|b| b.action);
    match mode {
        Mode::Edit | Mode::EditMulti | Mode::Pick => bound.or(Some(Action::Type(key))),
        // A character with no meaning on the wizard screen starts typing into the focused field
        // (or narrows the focused choice's options).
        Mode::Step if matches!(key.code, KeyCode::Char(_)) && modifiers.is_empty() => {
            bound.or(Some(Action::Type(key)))
        }
        _ => bound,
    }
}

/// The action a terminal event means in `mode`.
pub fn event_action(event: &Event, mode: Mode) -> Option<Action> {
    match event {
        Event::Key(key) => key_action(*key, mode),
        Event::Mouse(MouseEvent {
            kind, column, row, ..
        }) => {
            let (column, row) = (*column, *row);
            match kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
                MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// The bindings of a mode, one per action (the first key bound to it), in table order.
pub fn bindings(mode: Mode, main_only: bool) -> Vec<&'static Binding> {
    let mut out: Vec<&'static Binding> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
        if (!main_only || b.main) && !out.iter().any(|o| o.action == b.action) {
            out.push(b);
        }
    }
    out
}

/// Every key bound to `action` in `mode`.
pub fn keys_for(mode: Mode, action: Action) -> Vec<&'static Binding> {
    BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&mode) && b.action == action)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn only_presses_count() {
        let mut k = press(KeyCode::Char('n'), NONE);
        assert_eq!(key_action(k, Mode::Step), Some(Action::Next));
        k.kind = KeyEventKind::Release;
        assert_eq!(key_action(k, Mode::Step), None);
        k.kind = KeyEventKind::Repeat;
        assert_eq!(key_action(k, Mode::Step), None);
    }

    #[test]
    fn text_areas_take_every_unbound_key() {
        let n = press(KeyCode::Char('n'), NONE);
        assert_eq!(key_action(n, Mode::Edit), Some(Action::Type(n)));
        let enter = press(KeyCode::Enter, NONE);
        assert_eq!(key_action(enter, Mode::Edit), Some(Action::Submit));
        assert_eq!(
            key_action(enter, Mode::EditMulti),
            Some(Action::Type(enter))
        );
        let save = press(KeyCode::Char('s'), CTRL);
        assert_eq!(key_action(save, Mode::EditMulti), Some(Action::Submit));
    }

    #[test]
    fn unbound_characters_on_the_wizard_screen_are_typed() {
        let digit = press(KeyCode::Char('4'), NONE);
        assert_eq!(key_action(digit, Mode::Step), Some(Action::Type(digit)));
        let capital = press(KeyCode::Char('A'), KeyModifiers::SHIFT);
        assert_eq!(key_action(capital, Mode::Step), Some(Action::Type(capital)));
        let next = press(KeyCode::Char('n'), NONE);
        assert_eq!(key_action(next, Mode::Step), Some(Action::Next));
        let ctrl = press(KeyCode::Char('x'), CTRL);
        assert_eq!(key_action(ctrl, Mode::Step), None);
        assert_eq!(key_action(digit, Mode::Review), None);
        let j = press(KeyCode::Char('j'), NONE);
        assert_eq!(key_action(j, Mode::Pick), Some(Action::Type(j)));
    }

    #[test]
    fn shifted_characters_and_control_keys() {
        let help = press(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(key_action(help, Mode::Step), Some(Action::Help));
        let redo = press(KeyCode::Char('r'), CTRL);
        assert_eq!(key_action(redo, Mode::Step), Some(Action::Redo));
        assert_eq!(key_action(redo, Mode::Start), None);
        let reason = press(KeyCode::Char('r'), NONE);
        assert_eq!(key_action(reason, Mode::Step), Some(Action::Reason));
    }

    #[test]
    fn every_mode_can_be_left() {
        for mode in [
            Start, Step, Review, Export, Edit, EditMulti, Pick, Confirm, Notice, Unsaved, Help,
        ] {
            let leaves = bindings(mode, false).iter().any(|b| {
                matches!(
                    b.action,
                    Action::Quit | Action::Cancel | Action::No | Action::Back
                )
            });
            assert!(leaves, "{mode:?} has no way out");
            assert!(!bindings(mode, true).is_empty(), "{mode:?} has no footer");
        }
    }
}

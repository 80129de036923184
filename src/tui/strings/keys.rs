//! Key names, what each action does, and the hints built from the keymap: the footer and the
//! help name only keys that are bound.

use crate::tui::keymap::{self, Action, Binding, Mode};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

pub fn help_title(mode: Mode) -> String {
    format!("Keys: {}", mode_name(mode))
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Start => "start screen",
        Mode::Step => "wizard",
        Mode::Review => "review",
        Mode::Export => "export",
        Mode::Edit => "text entry",
        Mode::EditMulti => "text entry (several lines)",
        Mode::Pick => "choosing an option",
        Mode::Confirm => "question",
        Mode::Notice => "message",
        Mode::Unsaved => "not saved",
        Mode::Help => "help",
    }
}

/// What an action does, as the footer and the help say it.
fn action_label(action: Action) -> &'static str {
    match action {
        Action::Up => "up",
        Action::Down => "down",
        Action::PageUp => "page up",
        Action::PageDown => "page down",
        Action::Home => "first",
        Action::End => "last",
        Action::Activate => "choose / edit",
        Action::Toggle => "toggle / next option",
        Action::PrevOption => "previous option",
        Action::NextOption => "change",
        Action::NextField => "next field",
        Action::PrevField => "previous field",
        Action::Next => "next",
        Action::Back => "back",
        Action::Skip => "skip (reason) / reopen",
        Action::AcceptRecommended => "take recommendations",
        Action::Reason => "reason / comment",
        Action::Review => "review",
        Action::Export => "export",
        Action::Write => "write bundle",
        Action::ConfirmLockout => "confirm lock-out",
        Action::Delete => "delete session",
        Action::Filter => "filter items",
        Action::Undo => "undo",
        Action::Redo => "redo",
        Action::Help => "help",
        Action::Close => "close / clear filter",
        Action::Quit => "quit",
        Action::Yes => "yes",
        Action::No => "no",
        Action::Retry => "try saving again",
        Action::SaveElsewhere => "save to another file",
        Action::Discard => "leave without saving",
        Action::Submit => "save",
        Action::Cancel => "cancel",
        Action::Type(_)
        | Action::Click { .. }
        | Action::ScrollUp { .. }
        | Action::ScrollDown { .. }
        | Action::Resize { .. } => "",
    }
}

/// A key as the user types it: `Enter`, `Ctrl-r`, `?`.
fn key_name(b: &Binding) -> String {
    let key = match b.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        other => format!("{other:?}"),
    };
    if b.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{key}")
    } else {
        key
    }
}

pub(super) fn first_key(mode: Mode, action: Action) -> String {
    keymap::keys_for(mode, action)
        .first()
        .map(|b| key_name(b))
        .unwrap_or_default()
}

/// (keys, what they do) for every action of a mode: the help overlay.
pub fn help_lines(mode: Mode) -> Vec<(String, &'static str)> {
    keymap::bindings(mode, false)
        .into_iter()
        .map(|b| {
            let keys: Vec<String> = keymap::keys_for(mode, b.action)
                .iter()
                .map(|k| key_name(k))
                .collect();
            (keys.join(" "), action_label(b.action))
        })
        .collect()
}

/// (action, key, what it does) for the main actions of a mode: the footer (which may leave out
/// an action that does nothing at the moment).
pub fn footer_hints(mode: Mode) -> Vec<(Action, String, &'static str)> {
    keymap::bindings(mode, true)
        .into_iter()
        .map(|b| (b.action, key_name(b), action_label(b.action)))
        .collect()
}

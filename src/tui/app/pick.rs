//! The picker: the options of the focused choice (an item, a measure or a site fact), narrowed
//! by what is typed. Enter takes the highlighted option; the details pane previews it meanwhile.

use super::{App, Effect, Overlay};
use crate::session::SiteField;
use crate::tui::keymap::Action;
use ratatui::crossterm::event::KeyCode;

/// What the picker chooses for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickTarget {
    Item(String),
    Site(SiteField),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub target: PickTarget,
    pub label: String,
    /// Every option as (id, label).
    pub options: Vec<(String, String)>,
    /// The id of the option chosen now, if any.
    pub current: Option<String>,
    pub recommended: Option<String>,
    /// What was typed: options whose label or id contains it are shown.
    pub typed: String,
    /// Index into [`Picker::shown`].
    pub selected: usize,
}

impl Picker {
    /// Opens on the current option (else the recommended one), narrowed by `typed`.
    pub fn new(
        target: PickTarget,
        label: String,
        options: Vec<(String, String)>,
        current: Option<String>,
        recommended: Option<String>,
        typed: &str,
    ) -> Picker {
        let mut picker = Picker {
            target,
            label,
            options,
            current,
            recommended,
            typed: typed.to_string(),
            selected: 0,
        };
        let start = picker.current.clone().or(picker.recommended.clone());
        picker.selected = picker
            .shown()
            .iter()
            .position(|(id, _)| Some(id) == start.as_ref())
            .unwrap_or(0);
        picker
    }

    /// The options that match what was typed.
    pub fn shown(&self) -> Vec<(String, String)> {
        let typed = self.typed.to_lowercase();
        self.options
            .iter()
            .filter(|(id, label)| {
                typed.is_empty()
                    || label.to_lowercase().contains(&typed)
                    || id.to_lowercase().contains(&typed)
            })
            .cloned()
            .collect()
    }

    /// The id of the highlighted option.
    pub fn highlighted(&self) -> Option<String> {
        self.shown().get(self.selected).map(|(id, _)| id.clone())
    }
}

/// Opens the picker on the focused row, with `typed` already typed.
pub fn open(app: &mut App, typed: &str) {
    if let Some(picker) = super::answer::picker_for_focus(app, typed) {
        app.ui.overlay = Some(Overlay::Picker(picker));
    }
}

pub fn update(app: &mut App, mut picker: Picker, action: Action) -> Option<Effect> {
    let len = picker.shown().len();
    let last = len.saturating_sub(1);
    match action {
        Action::Up => picker.selected = picker.selected.saturating_sub(1),
        Action::Down => picker.selected = (picker.selected + 1).min(last),
        Action::PageUp | Action::Home => picker.selected = 0,
        Action::PageDown | Action::End => picker.selected = last,
        Action::Type(key) => {
            match key.code {
                KeyCode::Backspace => {
                    picker.typed.pop();
                }
                KeyCode::Char(c) => picker.typed.push(c),
                _ => {}
            }
            picker.selected = 0;
        }
        Action::Cancel => return None,
        Action::Submit => {
            let Some(id) = picker.highlighted() else {
                app.ui.overlay = Some(Overlay::Picker(picker));
                return None;
            };
            return super::answer::choose_for(app, &picker.target, id);
        }
        _ => {}
    }
    app.ui.overlay = Some(Overlay::Picker(picker));
    None
}

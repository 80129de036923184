//! The text editor overlay: site facts, fields, passwords, reasons, the filter and the export
//! folder. Text is validated as it is typed; a password is checked and dropped, never kept.

use super::{App, Effect, Overlay, step};
use crate::catalog::{ItemKind, Value, password};
use crate::session::{Change, Site, SiteField, value_error};
use crate::tui::keymap::Action;
use crate::tui::strings;
use tui_textarea::TextArea;

#[derive(Debug, Clone, PartialEq)]
pub enum EditTarget {
    Site(SiteField),
    Field {
        item: String,
    },
    Password {
        item: String,
    },
    /// The reason or comment of an item's answer, given with `value` (None: the current one).
    Reason {
        item: String,
        value: Option<Value>,
    },
    Skip {
        step: String,
    },
    Filter,
    Folder,
}

pub struct Editor {
    pub target: EditTarget,
    pub area: TextArea<'static>,
    pub multi_line: bool,
    /// What is wrong with the text as it stands; empty when it can be taken.
    pub problems: Vec<String>,
}

impl Editor {
    pub fn new(app: &App, target: EditTarget, text: &str) -> Editor {
        let multi_line = matches!(target, EditTarget::Reason { .. } | EditTarget::Skip { .. });
        let lines = if text.is_empty() {
            vec![String::new()]
        } else {
            text.lines().map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        area.set_style(app.theme.text);
        area.set_cursor_line_style(ratatui::style::Style::default());
        area.set_cursor_style(app.theme.focus);
        area.set_placeholder_style(app.theme.hint);
        area.set_placeholder_text(strings::placeholder(app, &target));
        if matches!(target, EditTarget::Password { .. }) {
            area.set_mask_char('•');
        }
        area.move_cursor(tui_textarea::CursorMove::Bottom);
        area.move_cursor(tui_textarea::CursorMove::End);
        let mut editor = Editor {
            target,
            area,
            multi_line,
            problems: Vec::new(),
        };
        editor.problems = problems(app, &editor.target, &editor.text());
        editor
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }
}

/// Opens the editor for `target` with `text`.
pub fn open(app: &mut App, target: EditTarget, text: &str) {
    let editor = Editor::new(app, target, text);
    app.ui.overlay = Some(Overlay::Editor(Box::new(editor)));
}

/// What keeps `text` from being taken for `target`.
fn problems(app: &App, target: &EditTarget, text: &str) -> Vec<String> {
    let Some(wizard) = app.wizard() else {
        return match target {
            EditTarget::Folder if text.trim().is_empty() => vec![strings::FOLDER_MISSING.into()],
            _ => Vec::new(),
        };
    };
    let item = |id: &str| wizard.item(id).map(|(_, i)| i);
    match target {
        EditTarget::Site(field) => {
            let access = app
                .open
                .as_ref()
                .map(|o| o.session.site.access)
                .unwrap_or_default();
            if text.trim().is_empty() && field.optional(access) {
                return Vec::new();
            }
            if text.trim().is_empty() {
                return vec![strings::REQUIRED.into()];
            }
            Site::check(wizard, *field, text)
                .err()
                .into_iter()
                .collect()
        }
        EditTarget::Field { item: id } => item(id)
            .and_then(|i| value_error(i, &Value::Text(text.to_string())))
            .into_iter()
            .collect(),
        EditTarget::Password { item: id } => {
            let names = app
                .open
                .as_ref()
                .map(|o| o.session.site.names())
                .unwrap_or_default();
            item(id)
                .and_then(|i| i.password.as_ref())
                .map(|policy| password::check_for(policy, text, &names))
                .unwrap_or_default()
        }
        EditTarget::Reason { item: id, value } => {
            let needs = item(id).is_some_and(|i| {
                let value = value.clone().or_else(|| current(app, id));
                i.kind == ItemKind::Measure
                    && i.measure_states().iter().any(|s| {
                        s.needs_reason && value.as_ref().and_then(Value::as_text) == Some(&s.id)
                    })
            });
            if needs && text.trim().is_empty() {
                vec![strings::REASON_MISSING.into()]
            } else {
                Vec::new()
            }
        }
        EditTarget::Skip { .. } if text.trim().is_empty() => vec![strings::REASON_MISSING.into()],
        EditTarget::Folder if text.trim().is_empty() => vec![strings::FOLDER_MISSING.into()],
        _ => Vec::new(),
    }
}

/// The current answer of an item.
pub fn current(app: &App, item: &str) -> Option<Value> {
    app.open
        .as_ref()
        .and_then(|o| o.session.answer(item))
        .map(|a| a.value.clone())
}

/// The current reason of an item's answer.
pub fn current_reason(app: &App, item: &str) -> String {
    app.open
        .as_ref()
        .and_then(|o| o.session.answer(item))
        .map(|a| a.reason.clone())
        .unwrap_or_default()
}

pub fn update(app: &mut App, mut editor: Editor, action: Action) -> Option<Effect> {
    match action {
        Action::Type(key) => {
            editor.area.input(key);
            let text = editor.text();
            editor.problems = problems(app, &editor.target, &text);
            if editor.target == EditTarget::Filter {
                app.ui.filter = text;
                app.ui.step.selected = 0;
                app.ui.step.offset = 0;
            }
            app.ui.overlay = Some(Overlay::Editor(Box::new(editor)));
            None
        }
        Action::Cancel => {
            if editor.target == EditTarget::Filter {
                app.ui.filter.clear();
                step::reveal(app);
            }
            None
        }
        Action::Submit if editor.problems.is_empty() => {
            let text = editor.text();
            match commit(app, &editor.target, text) {
                Ok(effect) => effect,
                Err(e) => {
                    editor.problems = vec![e];
                    app.ui.overlay = Some(Overlay::Editor(Box::new(editor)));
                    None
                }
            }
        }
        _ => {
            app.ui.overlay = Some(Overlay::Editor(Box::new(editor)));
            None
        }
    }
}

/// Takes the edited text; Err keeps the editor open with the reason.
fn commit(app: &mut App, target: &EditTarget, text: String) -> Result<Option<Effect>, String> {
    let change = match target {
        EditTarget::Site(field) => Change::SetSite {
            field: *field,
            value: text,
        },
        EditTarget::Field { item } => Change::Answer {
            item: item.clone(),
            value: Value::Text(text.trim().to_string()),
            reason: current_reason(app, item),
        },
        // The session checks the candidate again and records only that the check was made.
        EditTarget::Password { item } => Change::CheckPassword {
            item: item.clone(),
            candidate: password::Secret::new(text),
        },
        EditTarget::Reason { item, value } => Change::Answer {
            item: item.clone(),
            value: value
                .clone()
                .or_else(|| current(app, item))
                .ok_or_else(|| strings::ANSWER_FIRST.to_string())?,
            reason: text,
        },
        EditTarget::Skip { step } => {
            let effect = app
                .change(Change::Skip {
                    step: step.clone(),
                    reason: text,
                })
                .map_err(|e| e.to_string())?;
            step::advance(app);
            return Ok(effect);
        }
        EditTarget::Filter => {
            app.ui.filter = text;
            step::reveal(app);
            return Ok(None);
        }
        EditTarget::Folder => {
            app.ui.export.folder = text.trim().to_string();
            return Ok(None);
        }
    };
    app.change(change).map_err(|e| e.to_string())
}

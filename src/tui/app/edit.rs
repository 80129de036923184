//! The text editor overlay: site facts, fields, passwords, reasons, the filter and the export
//! folder. Text is validated as it is typed; a password is checked and dropped, never kept.

use super::{App, Effect, Overlay, step};
use crate::catalog::{FieldType, ItemKind, Value, password};
use crate::session::{Change, Site, SiteField, describe, value_error};
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
    /// A new file for the session, whose own file could not be written.
    SaveAs(super::Leave),
}

pub struct Editor {
    pub target: EditTarget,
    pub area: TextArea<'static>,
    pub multi_line: bool,
    /// What is wrong with the text as it stands; empty when it can be taken.
    pub problems: Vec<String>,
    /// The text it opened with: Tab past a field left as it was moves on without taking it.
    original: String,
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
        area.set_placeholder_text(placeholder(app, &target));
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
            original: text.to_string(),
        };
        editor.problems = problems(app, &editor.target, &editor.text());
        editor
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }
}

/// What the editor says while it is empty.
fn placeholder(app: &App, target: &EditTarget) -> String {
    match target {
        EditTarget::Site(f) => strings::site_hint(*f).to_string(),
        EditTarget::Field { item } => app
            .wizard()
            .and_then(|w| w.item(item))
            .and_then(|(_, i)| i.field)
            .unwrap_or(FieldType::Text)
            .hint()
            .to_string(),
        EditTarget::Password { .. } => strings::PLACEHOLDER_PASSWORD.into(),
        EditTarget::Reason { .. } => strings::PLACEHOLDER_REASON.into(),
        EditTarget::Skip { .. } => strings::PLACEHOLDER_SKIP.into(),
        EditTarget::Filter => strings::PLACEHOLDER_FILTER.into(),
        EditTarget::Folder => strings::PLACEHOLDER_FOLDER.into(),
        EditTarget::SaveAs(_) => strings::PLACEHOLDER_SAVE_AS.into(),
    }
}

/// The title of the editor box: short, so that it fits its frame; [`prompt`] says the rest.
pub fn title(target: &EditTarget) -> String {
    match target {
        EditTarget::Site(f) => f.label().to_string(),
        EditTarget::Field { .. } => strings::TITLE_FIELD.into(),
        EditTarget::Password { .. } => strings::TITLE_PASSWORD.into(),
        EditTarget::Reason { value: Some(_), .. } => strings::TITLE_DEVIATION.into(),
        EditTarget::Reason { value: None, .. } => strings::TITLE_REASON.into(),
        EditTarget::Skip { .. } => strings::TITLE_SKIP.into(),
        EditTarget::Filter => strings::TITLE_FILTER.into(),
        EditTarget::Folder => strings::FOLDER.into(),
        EditTarget::SaveAs(_) => strings::TITLE_SAVE_AS.into(),
    }
}

/// What the editor asks, in full above the text: the item's label, and for a deviation what was
/// chosen instead of what.
pub fn prompt(app: &App, target: &EditTarget) -> Option<String> {
    let item = |id: &str| app.wizard().and_then(|w| w.item(id)).map(|(_, i)| i);
    match target {
        EditTarget::Field { item: id } | EditTarget::Password { item: id } => {
            item(id).map(|i| i.label.clone())
        }
        EditTarget::Reason {
            item: id,
            value: Some(v),
        } => item(id).map(|i| {
            let recommended = i.recommended.as_ref().map(|r| describe(i, r));
            strings::prompt_deviation(&i.label, &describe(i, v), recommended.as_deref())
        }),
        EditTarget::Reason {
            item: id,
            value: None,
        } => item(id).map(|i| i.label.clone()),
        _ => None,
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
            EditTarget::SaveAs(_) if text.trim().is_empty() => {
                vec![strings::SAVE_AS_MISSING.into()]
            }
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
            // A deviation, or a state that asks for one, is not taken without a reason.
            let needs = item(id).is_some_and(|i| {
                let value = value.clone().or_else(|| current(app, id));
                let deviates = i.recommended.is_some() && value.is_some() && value != i.recommended;
                deviates
                    || i.kind == ItemKind::Measure
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
        EditTarget::SaveAs(_) if text.trim().is_empty() => vec![strings::SAVE_AS_MISSING.into()],
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
                step::set_filter(app, text);
            }
            app.ui.overlay = Some(Overlay::Editor(Box::new(editor)));
            None
        }
        Action::Cancel => {
            match editor.target {
                EditTarget::Filter => step::set_filter(app, String::new()),
                // Back to the choice it came from: the session is still not saved.
                EditTarget::SaveAs(leave) => app.ui.overlay = Some(Overlay::Unsaved(leave)),
                _ => {}
            }
            None
        }
        Action::NextField | Action::PrevField if editor.text() == editor.original => {
            if let Some(row) = step::next_input(app, action == Action::NextField) {
                open_row(app, &row);
            }
            None
        }
        Action::Submit | Action::NextField | Action::PrevField if editor.problems.is_empty() => {
            let text = editor.text();
            let target = editor.target.clone();
            match commit(app, &target, text) {
                Ok(effect) => {
                    // A field taken moves on: Enter and Tab to the next row, Shift-Tab back;
                    // Tab and Shift-Tab go on typing there when it is a field too.
                    let moves = matches!(target, EditTarget::Site(_) | EditTarget::Field { .. });
                    if moves && app.ui.overlay.is_none() {
                        let row = step::next_input(app, action != Action::PrevField);
                        if action != Action::Submit
                            && let Some(row) = row
                        {
                            open_row(app, &row);
                        }
                    }
                    effect
                }
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

/// Opens the editor of a text row (Tab from one field into the next).
fn open_row(app: &mut App, row: &crate::tui::rows::Row) {
    let Some(step) = app
        .step_index()
        .and_then(|i| app.wizard()?.steps.get(i).cloned())
    else {
        return;
    };
    if !crate::tui::rows::is_text(row, &step) {
        return;
    }
    match row {
        crate::tui::rows::Row::SiteText(f) => {
            let text = app
                .open
                .as_ref()
                .map(|o| o.session.site.get(*f))
                .unwrap_or_default();
            open(app, EditTarget::Site(*f), &text);
        }
        _ => {
            if let Some(item) = row.item(&step) {
                let id = item.id.clone();
                let text = current(app, &id).map(|v| v.to_string()).unwrap_or_default();
                open(app, EditTarget::Field { item: id }, &text);
            }
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
        EditTarget::Field { item } => {
            let value = Value::Text(text.trim().to_string());
            // A value other than the recommendation asks for its reason before it is taken.
            if super::answer::reason_wanted(app, item, &value) {
                let target = EditTarget::Reason {
                    item: item.clone(),
                    value: Some(value),
                };
                open(app, target, "");
                return Ok(None);
            }
            Change::Answer {
                item: item.clone(),
                value,
                reason: current_reason(app, item),
            }
        }
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
            step::set_filter(app, text);
            return Ok(None);
        }
        EditTarget::Folder => {
            // Shown, and written, in full: a relative folder is taken from where hardline runs.
            let folder = app.cwd.join(text.trim());
            app.ui.export.folder = folder.display().to_string();
            return Ok(None);
        }
        EditTarget::SaveAs(leave) => {
            return Ok(Some(Effect::SaveAs {
                path: text.trim().into(),
                leave: *leave,
            }));
        }
    };
    app.change(change).map_err(|e| e.to_string())
}

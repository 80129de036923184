//! Answering on the wizard screen: Enter, Space, left and right on the focused row, the picker it
//! opens, typing on a field, and the reason a deviation asks for before it is taken.

use super::edit::{self, EditTarget, current, current_reason};
use super::pick::{self, PickTarget, Picker};
use super::step::current_rows;
use super::{App, Effect};
use crate::catalog::{ItemKind, Value};
use crate::session::{Change, SiteField};
use crate::tui::rows::{self, Row, item_options, site_options};

/// The picker for the focused row, if it is a choice, a measure or a site fact with options.
pub fn picker_for_focus(app: &App, typed: &str) -> Option<Picker> {
    let rows = current_rows(app);
    let row = rows.get(app.ui.step.selected)?;
    let wizard = app.wizard()?;
    let step = &wizard.steps[app.step_index()?];
    match row {
        Row::SiteChoice(field) => {
            let site = &app.open.as_ref()?.session.site;
            let current = Some(site.get(*field)).filter(|v| !v.is_empty());
            Some(Picker::new(
                PickTarget::Site(*field),
                field.label().to_string(),
                site_options(wizard, *field)?,
                current,
                None,
                typed,
            ))
        }
        Row::Item(_) => {
            let item = row.item(step)?;
            if !matches!(item.kind, ItemKind::Choice | ItemKind::Measure) {
                return None;
            }
            let text = |v: &Value| v.as_text().map(str::to_string);
            Some(Picker::new(
                PickTarget::Item(item.id.clone()),
                item.label.clone(),
                item_options(item),
                current(app, &item.id).as_ref().and_then(text),
                item.recommended.as_ref().and_then(text),
                typed,
            ))
        }
        Row::SiteText(_) => None,
    }
}

/// Enter or Space on a row. `open` is false for Space: it toggles and cycles, opening nothing.
pub(super) fn activate(app: &mut App, open: bool) -> Option<Effect> {
    let rows = current_rows(app);
    let row = rows.get(app.ui.step.selected)?.clone();
    let wizard = app.wizard()?;
    let step = &wizard.steps[app.step_index()?];
    let item = row.item(step).cloned();
    match (&row, item.as_ref().map(|i| i.kind)) {
        (Row::SiteText(field), _) if open => {
            let text = app.open.as_ref()?.session.site.get(*field);
            edit::open(app, EditTarget::Site(*field), &text);
            None
        }
        (Row::SiteChoice(_), _) | (_, Some(ItemKind::Choice | ItemKind::Measure)) if open => {
            pick::open(app, "");
            None
        }
        (Row::SiteChoice(_), _) | (_, Some(ItemKind::Choice | ItemKind::Measure)) => cycle(app, 1),
        (_, Some(ItemKind::Toggle)) => cycle(app, 1),
        (_, Some(ItemKind::Field)) if open => {
            let id = item?.id;
            let text = current(app, &id).map(|v| v.to_string()).unwrap_or_default();
            edit::open(app, EditTarget::Field { item: id }, &text);
            None
        }
        (_, Some(ItemKind::PasswordCheck)) if open => {
            edit::open(app, EditTarget::Password { item: item?.id }, "");
            None
        }
        _ => None,
    }
}

/// Left or right on a choice, a measure or a site fact with options: the previous or next
/// option; on a toggle, the other state.
pub(super) fn cycle(app: &mut App, delta: isize) -> Option<Effect> {
    let rows = current_rows(app);
    let row = rows.get(app.ui.step.selected)?.clone();
    let wizard = app.wizard()?;
    let step = &wizard.steps[app.step_index()?];
    match &row {
        Row::SiteChoice(field) => {
            let options = site_options(wizard, *field).unwrap_or_default();
            let now = app.open.as_ref()?.session.site.get(*field);
            let next = step_option(&options, &now, delta)?;
            choose_for(app, &PickTarget::Site(*field), next)
        }
        Row::Item(_) => {
            let item = row.item(step)?.clone();
            match item.kind {
                ItemKind::Toggle => {
                    let on = current(app, &item.id)
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false);
                    answer(app, &item.id, Value::Bool(!on))
                }
                ItemKind::Choice | ItemKind::Measure => {
                    let now = current(app, &item.id)
                        .map(|v| v.to_string())
                        .unwrap_or_default();
                    let next = step_option(&item_options(&item), &now, delta)?;
                    choose_for(app, &PickTarget::Item(item.id), next)
                }
                _ => None,
            }
        }
        Row::SiteText(_) => None,
    }
}

/// The option `delta` places from `current` (the first or last when none is chosen).
fn step_option(options: &[(String, String)], current: &str, delta: isize) -> Option<String> {
    let len = options.len() as isize;
    if len == 0 {
        return None;
    }
    let next = match options.iter().position(|(id, _)| id == current) {
        Some(p) => (p as isize + delta).rem_euclid(len),
        None if delta < 0 => len - 1,
        None => 0,
    };
    options.get(next as usize).map(|(id, _)| id.clone())
}

/// Takes an option for a site fact or an item (a measure state or choice that needs a reason
/// asks for it first).
pub fn choose_for(app: &mut App, target: &PickTarget, option: String) -> Option<Effect> {
    match target {
        PickTarget::Site(field) => set_site(app, *field, option),
        PickTarget::Item(item) => answer(app, item, Value::Text(option)),
    }
}

fn set_site(app: &mut App, field: SiteField, value: String) -> Option<Effect> {
    app.change_or_say(Change::SetSite { field, value })
}

/// Whether `value` for `item` needs a reason that it does not have yet: a measure state that
/// asks for one, or any value other than the document's recommendation.
pub fn reason_wanted(app: &App, item: &str, value: &Value) -> bool {
    let Some((_, i)) = app.wizard().and_then(|w| w.item(item)) else {
        return false;
    };
    let state_needs = i.kind == ItemKind::Measure
        && i.measure_states()
            .iter()
            .any(|s| Some(s.id.as_str()) == value.as_text() && s.needs_reason);
    let deviates = i.recommended.as_ref().is_some_and(|r| r != value);
    (state_needs || deviates) && current_reason(app, item).trim().is_empty()
}

/// Answers an item; a deviation (or a state that needs one) asks for its reason first.
pub fn answer(app: &mut App, item: &str, value: Value) -> Option<Effect> {
    if reason_wanted(app, item, &value) {
        let target = EditTarget::Reason {
            item: item.to_string(),
            value: Some(value),
        };
        edit::open(app, target, "");
        return None;
    }
    let reason = current_reason(app, item);
    app.change_or_say(Change::Answer {
        item: item.to_string(),
        value,
        reason,
    })
}

/// A character typed on the wizard screen: on a field it starts editing (the text replaces the
/// value; Enter edits it instead); on a choice it opens the picker narrowed by it.
pub(super) fn typed(app: &mut App, c: char) -> Option<Effect> {
    let rows = current_rows(app);
    let row = rows.get(app.ui.step.selected)?.clone();
    let step = &app.wizard()?.steps[app.step_index()?];
    let text = c.to_string();
    if rows::is_text(&row, step) {
        let target = match &row {
            Row::SiteText(f) => EditTarget::Site(*f),
            _ => EditTarget::Field {
                item: row.item(step)?.id.clone(),
            },
        };
        edit::open(app, target, &text);
    } else if picker_for_focus(app, "").is_some() {
        pick::open(app, &text);
    }
    None
}

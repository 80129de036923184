//! The wizard screen: moving through items, answering, and Next/Back through the steps as the
//! state machine allows.

use super::edit::{self, EditTarget, current, current_reason};
use super::{App, Effect, Screen};
use crate::catalog::{ItemKind, Value};
use crate::session::{Change, ChangeError, SiteField, StepState};
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::rows::{Row, rows};
use crate::tui::strings;

/// The rows of the current step as they are drawn.
pub fn current_rows(app: &App) -> Vec<Row> {
    let (Some(open), Some(wizard), Some(index)) = (&app.open, app.wizard(), app.step_index())
    else {
        return Vec::new();
    };
    rows(wizard, &wizard.steps[index], &open.ev, &app.ui.filter)
}

/// Indices of the visible steps: the sidebar.
pub fn visible_steps(app: &App) -> Vec<usize> {
    app.open
        .as_ref()
        .map(|o| o.plan.visible_steps().to_vec())
        .unwrap_or_default()
}

/// The first sidebar line shown, keeping the current step in view.
pub fn sidebar_offset(position: usize, count: usize, height: usize) -> usize {
    let height = height.max(1);
    position
        .saturating_sub(height / 2)
        .min(count.saturating_sub(height))
}

pub fn list_height(app: &App) -> usize {
    let areas = layout::step(layout::chrome(app.ui.size).body);
    layout::item_pane(areas.items, app.ui.problems.len())
        .list
        .height as usize
}

/// Keeps the selection on a row and in view.
pub fn reveal(app: &mut App) {
    let len = current_rows(app).len();
    let height = list_height(app);
    app.ui.step.reveal(len, height);
}

/// After a change: the problems shown follow the answers, and the selection stays valid.
pub fn settle(app: &mut App) {
    if !app.ui.problems.is_empty() {
        app.ui.problems = step_problems(app);
    }
    reveal(app);
}

fn step_problems(app: &App) -> Vec<String> {
    let (Some(open), Some(wizard), Some(index)) = (&app.open, app.wizard(), app.step_index())
    else {
        return Vec::new();
    };
    open.session
        .step_problems(wizard, &open.ev, index)
        .into_iter()
        .map(|p| p.message)
        .collect()
}

/// Moves to step `index` (navigation, recorded as the session's cursor).
pub fn go(app: &mut App, index: usize) -> Option<Effect> {
    let step = app.wizard()?.steps.get(index)?.id.clone();
    let effect = app.change_or_say(Change::Enter { step });
    app.ui.screen = Screen::Step;
    app.ui.step = Default::default();
    app.ui.problems.clear();
    app.ui.filter.clear();
    reveal(app);
    effect
}

/// To the next visible step, or to the review after the last one.
pub fn advance(app: &mut App) -> Option<Effect> {
    let current = app.step_index()?;
    match visible_steps(app).into_iter().find(|i| *i > current) {
        Some(next) => go(app, next),
        None => {
            app.ui.screen = Screen::Review;
            app.ui.review = Default::default();
            None
        }
    }
}

/// Next: completes the step (unless it is settled) and moves on; when it cannot be completed,
/// says why under the items.
fn next(app: &mut App) -> Option<Effect> {
    let (open, wizard, index) = (app.open.as_ref()?, app.wizard()?, app.step_index()?);
    let state = open.session.step_state(wizard, &open.ev, index);
    let step = wizard.steps[index].id.clone();
    if matches!(state, StepState::Done | StepState::Skipped) {
        return advance(app);
    }
    match app.change(Change::Complete { step }) {
        Ok(_) => advance(app),
        Err(ChangeError::Incomplete { problems, .. }) => {
            app.ui.problems = problems;
            app.ui.message = Some(strings::CANNOT_LEAVE.into());
            reveal(app);
            None
        }
        Err(e) => {
            app.ui.message = Some(e.to_string());
            None
        }
    }
}

fn back(app: &mut App) -> Option<Effect> {
    let current = app.step_index()?;
    match visible_steps(app).into_iter().rev().find(|i| *i < current) {
        Some(previous) => go(app, previous),
        None => {
            app.ui.message = Some(strings::FIRST_STEP.into());
            None
        }
    }
}

/// Enter or Space on a row. `open_editors` is false for Space: it only toggles and chooses.
fn activate(app: &mut App, open_editors: bool) -> Option<Effect> {
    let rows = current_rows(app);
    let row = rows.get(app.ui.step.selected)?.clone();
    let wizard = app.wizard()?;
    let step = &wizard.steps[app.step_index()?];
    let site = &app.open.as_ref()?.session.site;
    match &row {
        Row::SiteText(field) if open_editors => {
            let text = site.get(*field);
            edit::open(app, EditTarget::Site(*field), &text);
            None
        }
        Row::SiteChoice(field) => {
            let next = next_option(
                &crate::tui::rows::site_options(wizard, *field).unwrap_or_default(),
                &site.get(*field),
            )?;
            set_site(app, *field, next)
        }
        Row::SiteOption(field, id) => set_site(app, *field, id.clone()),
        Row::Item(i) => {
            let item = step.items.get(*i)?;
            let id = item.id.clone();
            match item.kind {
                ItemKind::Toggle => {
                    let on = current(app, &id).and_then(|v| v.as_bool()).unwrap_or(false);
                    answer(app, &id, Value::Bool(!on))
                }
                ItemKind::Choice | ItemKind::Measure => {
                    let options = crate::tui::rows::item_options(item);
                    let now = current(app, &id).map(|v| v.to_string()).unwrap_or_default();
                    let next = next_option(&options, &now)?;
                    choose(app, &id, next)
                }
                ItemKind::Field if open_editors => {
                    let text = current(app, &id).map(|v| v.to_string()).unwrap_or_default();
                    edit::open(app, EditTarget::Field { item: id }, &text);
                    None
                }
                ItemKind::PasswordCheck if open_editors => {
                    edit::open(app, EditTarget::Password { item: id }, "");
                    None
                }
                _ => None,
            }
        }
        Row::Option(i, option) => {
            let id = step.items.get(*i)?.id.clone();
            choose(app, &id, option.clone())
        }
        Row::SiteText(_) => None,
    }
}

/// The option after `current` in the list (the first when none is chosen).
fn next_option(options: &[(String, String)], current: &str) -> Option<String> {
    let at = options.iter().position(|(id, _)| id == current);
    let next = at.map_or(0, |p| (p + 1) % options.len().max(1));
    options.get(next).map(|(id, _)| id.clone())
}

fn set_site(app: &mut App, field: SiteField, value: String) -> Option<Effect> {
    app.change_or_say(Change::SetSite { field, value })
}

fn answer(app: &mut App, item: &str, value: Value) -> Option<Effect> {
    let reason = current_reason(app, item);
    app.change_or_say(Change::Answer {
        item: item.to_string(),
        value,
        reason,
    })
}

/// Chooses an option or a measure state; a state that needs a reason asks for it first.
fn choose(app: &mut App, item: &str, option: String) -> Option<Effect> {
    let needs_reason = app
        .wizard()
        .and_then(|w| w.item(item))
        .is_some_and(|(_, i)| {
            i.kind == ItemKind::Measure
                && i.measure_states()
                    .iter()
                    .any(|s| s.id == option && s.needs_reason)
        });
    let value = Value::Text(option);
    if needs_reason && current_reason(app, item).trim().is_empty() {
        let target = EditTarget::Reason {
            item: item.to_string(),
            value: Some(value),
        };
        edit::open(app, target, "");
        return None;
    }
    answer(app, item, value)
}

fn reason(app: &mut App) -> Option<Effect> {
    let rows = current_rows(app);
    let step = &app.wizard()?.steps[app.step_index()?];
    let item = rows.get(app.ui.step.selected)?.item(step)?.id.clone();
    if current(app, &item).is_none() {
        app.ui.message = Some(strings::ANSWER_FIRST.into());
        return None;
    }
    let text = current_reason(app, &item);
    edit::open(app, EditTarget::Reason { item, value: None }, &text);
    None
}

/// Skips the step with a reason; on a skipped step, opens it again.
fn skip(app: &mut App) -> Option<Effect> {
    let index = app.step_index()?;
    let step = &app.wizard()?.steps[index];
    let state = app
        .open
        .as_ref()?
        .session
        .step_state(app.wizard()?, &app.open.as_ref()?.ev, index);
    if state == StepState::Skipped {
        let change = Change::Reopen {
            step: step.id.clone(),
        };
        let effect = app.change_or_say(change);
        if effect.is_some() {
            app.ui.message = Some(strings::REOPENED.into());
        }
        return effect;
    }
    if !step.skippable {
        app.ui.message = Some(ChangeError::NotSkippable(step.title.clone()).to_string());
        return None;
    }
    let target = EditTarget::Skip {
        step: step.id.clone(),
    };
    let text = app
        .open
        .as_ref()?
        .session
        .steps
        .get(&step.id)
        .map(|r| r.reason.clone())
        .unwrap_or_default();
    edit::open(app, target, &text);
    None
}

/// A click: a step in the sidebar opens it when it was started already; an item row is
/// selected, and a second click activates it.
fn click(app: &mut App, column: u16, row: u16) -> Option<Effect> {
    let areas = layout::step(layout::chrome(app.ui.size).body);
    let list = layout::item_pane(areas.items, app.ui.problems.len()).list;
    if layout::hit(layout::inner(areas.sidebar), column, row) {
        let steps = visible_steps(app);
        let position = steps.iter().position(|i| Some(*i) == app.step_index())?;
        let height = layout::inner(areas.sidebar).height as usize;
        let line = (row - layout::inner(areas.sidebar).y) as usize;
        let target = *steps.get(sidebar_offset(position, steps.len(), height) + line)?;
        return if may_open(app, target) {
            go(app, target)
        } else {
            app.ui.message = Some(strings::not_yet());
            None
        };
    }
    if layout::hit(list, column, row) {
        let index = app.ui.step.offset + (row - list.y) as usize;
        if index >= current_rows(app).len() {
            return None;
        }
        if index == app.ui.step.selected {
            return activate(app, true);
        }
        app.ui.step.selected = index;
        reveal(app);
    }
    None
}

/// A step may be opened directly once it was started, or when it is the first open one.
fn may_open(app: &App, index: usize) -> bool {
    let (Some(open), Some(wizard)) = (&app.open, app.wizard()) else {
        return false;
    };
    open.session.step_state(wizard, &open.ev, index) != StepState::Pending
        || open.session.first_open_step(wizard) == Some(index)
}

pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let len = current_rows(app).len();
    let height = list_height(app);
    let page = height.saturating_sub(1).max(1) as isize;
    let list = &mut app.ui.step;
    match action {
        Action::Up => list.move_by(-1, len, height),
        Action::Down => list.move_by(1, len, height),
        Action::PageUp => list.move_by(-page, len, height),
        Action::PageDown => list.move_by(page, len, height),
        Action::Home => list.move_by(-(len as isize), len, height),
        Action::End => list.move_by(len as isize, len, height),
        Action::ScrollUp { .. } => list.move_by(-3, len, height),
        Action::ScrollDown { .. } => list.move_by(3, len, height),
        Action::Activate => return activate(app, true),
        Action::Toggle => return activate(app, false),
        Action::Next => return next(app),
        Action::Back => return back(app),
        Action::Reason => return reason(app),
        Action::Skip => return skip(app),
        Action::AcceptRecommended => {
            let step = app.wizard()?.steps[app.step_index()?].id.clone();
            return app.change_or_say(Change::AcceptRecommended { step });
        }
        Action::Filter => {
            let text = app.ui.filter.clone();
            edit::open(app, EditTarget::Filter, &text);
        }
        Action::Review => {
            app.ui.screen = Screen::Review;
            app.ui.review = Default::default();
        }
        Action::Export => super::export::enter(app),
        Action::Click { column, row } => return click(app, column, row),
        _ => {}
    }
    None
}

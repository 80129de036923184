//! The wizard screen: moving through items, answering, and Next/Back through the steps as the
//! state machine allows.

use super::answer::{activate, cycle, typed};
use super::edit::{self, EditTarget, current, current_reason};
use super::{App, Effect, Screen};
use crate::session::{Change, ChangeError, StepState};
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::rows::{self, Row, rows};
use crate::tui::strings;
use crate::tui::view::rows::list_lines;
use crate::tui::wrap;

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

/// The sidebar: the visible steps around the current one, each with its whole title wrapped to
/// the pane (after a mark of two columns), and the first line shown, keeping the current step in
/// view. Only the steps the pane could show are wrapped: the lines are where they would be in
/// the list of every step.
pub fn sidebar(app: &App) -> (Vec<(usize, Vec<String>)>, usize) {
    let (Some(wizard), Some(open)) = (app.wizard(), &app.open) else {
        return (Vec::new(), 0);
    };
    let inner = layout::inner(crate::tui::view::step::areas(app).sidebar);
    let width = (inner.width as usize).saturating_sub(2);
    let wrapped = |i: usize| {
        let lines = wrap::text(&wizard.steps[i].title, Default::default(), width, 0);
        (
            i,
            lines
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<String>>(),
        )
    };
    let height = (inner.height as usize).max(1);
    let steps = open.plan.visible_steps();
    let current = app.step_index();
    let at = steps
        .iter()
        .position(|i| Some(*i) == current)
        .unwrap_or(steps.len());
    // A pane's height of lines before the current step and from it on, at most.
    let (mut before, mut before_lines) = (Vec::new(), 0);
    for &i in steps[..at].iter().rev() {
        if before_lines >= height {
            break;
        }
        let entry = wrapped(i);
        before_lines += entry.1.len();
        before.push(entry);
    }
    let (mut from, mut from_lines) = (Vec::new(), 0);
    for &i in &steps[at..] {
        if from_lines >= height {
            break;
        }
        let entry = wrapped(i);
        from_lines += entry.1.len();
        from.push(entry);
    }
    // The current step half-way down the pane, unless the list ends before the pane does.
    let above = before_lines.min(height / 2) as isize;
    let shown = (before_lines + from_lines).min(height) as isize;
    let start = (-above).min(from_lines as isize - shown);
    before.reverse();
    before.extend(from);
    (before, (before_lines as isize + start) as usize)
}

pub fn list_height(app: &App) -> usize {
    let areas = crate::tui::view::step::areas(app);
    let problems = crate::tui::view::rows::problem_lines(app).len();
    layout::item_pane(areas.items, problems).list.height as usize
}

/// Keeps the selection on a row and the whole of it in view; on the first row the step's
/// introduction shows above it when both fit.
pub fn reveal(app: &mut App) {
    let list = list_lines(app);
    let height = list_height(app).max(1);
    let ui = &mut app.ui.step;
    ui.selected = ui.selected.min(list.rows.len().saturating_sub(1));
    let Some(span) = list.rows.get(ui.selected) else {
        ui.offset = 0;
        return;
    };
    if ui.selected == 0 && span.end <= height {
        ui.offset = 0;
    } else if span.start < ui.offset {
        ui.offset = span.start;
    } else if span.end > ui.offset + height {
        ui.offset = (span.end - height).min(span.start);
    }
    ui.offset = ui.offset.min(list.lines.len().saturating_sub(height));
}

/// Moves the selection by `delta` rows and keeps it in view.
fn move_by(app: &mut App, delta: isize) {
    let last = current_rows(app).len().saturating_sub(1) as isize;
    let to = (app.ui.step.selected as isize + delta).clamp(0, last.max(0));
    app.ui.step.selected = to as usize;
    reveal(app);
}

/// How many rows from the selection fill about a screen: PageUp and PageDown move that far.
fn page_rows(app: &App, down: bool) -> isize {
    let list = list_lines(app);
    let height = list_height(app);
    let mut used = 0;
    let mut count = 0isize;
    let selected = app.ui.step.selected;
    let range: Box<dyn Iterator<Item = usize>> = if down {
        Box::new(selected + 1..list.rows.len())
    } else {
        Box::new((0..selected).rev())
    };
    for i in range {
        used += list.rows[i].len();
        if used > height.saturating_sub(1) && count > 0 {
            break;
        }
        count += 1;
    }
    count.max(1)
}

/// After a change: the problems shown follow the answers, and the selection stays valid.
pub fn settle(app: &mut App) {
    if !app.ui.problems.is_empty() {
        app.ui.problems = step_problems(app);
    }
    reveal(app);
}

/// Sets the filter, keeping the focus on the item it was on when that item is still shown.
pub fn set_filter(app: &mut App, text: String) {
    let focused = current_rows(app).get(app.ui.step.selected).cloned();
    app.ui.filter = text;
    let rows = current_rows(app);
    app.ui.step.selected = focused
        .and_then(|f| rows.iter().position(|r| *r == f))
        .unwrap_or(0);
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
            app.ui.message = Some(strings::cannot_leave(problems.len()));
            app.ui.problems = problems;
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
    let open = app.open.as_ref()?;
    let step = &app.wizard()?.steps[index];
    let state = open.session.step_state(app.wizard()?, &open.ev, index);
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
    let text = open
        .session
        .steps
        .get(&step.id)
        .map(|r| r.reason.clone())
        .unwrap_or_default();
    edit::open(app, target, &text);
    None
}

/// Takes the recommendations for the step, or with a filter for the items shown only.
fn accept_recommended(app: &mut App) -> Option<Effect> {
    let step = &app.wizard()?.steps[app.step_index()?];
    if app.ui.filter.trim().is_empty() {
        let step = step.id.clone();
        return app.change_or_say(Change::AcceptRecommended { step });
    }
    let items: Vec<String> = current_rows(app)
        .iter()
        .filter_map(|r| r.item(step).map(|i| i.id.clone()))
        .collect();
    app.change_or_say(Change::AcceptRecommendedFor { items })
}

/// Tab and Shift-Tab: the next or previous row that takes an answer.
pub fn next_input(app: &mut App, forward: bool) -> Option<Row> {
    let rows = current_rows(app);
    let step = &app.wizard()?.steps[app.step_index()?];
    let here = app.ui.step.selected;
    let found = if forward {
        (here + 1..rows.len()).find(|i| rows::is_input(&rows[*i], step))
    } else {
        (0..here).rev().find(|i| rows::is_input(&rows[*i], step))
    }?;
    app.ui.step.selected = found;
    reveal(app);
    Some(rows[found].clone())
}

/// A click: a step in the sidebar opens it when it was started already; an item row is
/// selected, and a second click activates it.
fn click(app: &mut App, column: u16, row: u16) -> Option<Effect> {
    let areas = crate::tui::view::step::areas(app);
    let problems = crate::tui::view::rows::problem_lines(app).len();
    let list = layout::item_pane(areas.items, problems).list;
    let sidebar_area = layout::inner(areas.sidebar);
    if layout::hit(sidebar_area, column, row) {
        let (entries, offset) = sidebar(app);
        let line = offset + (row - sidebar_area.y) as usize;
        let mut start = 0;
        let target = entries.iter().find_map(|(i, lines)| {
            start += lines.len();
            (line < start).then_some(*i)
        })?;
        return if may_open(app, target) {
            go(app, target)
        } else {
            app.ui.message = Some(strings::not_yet());
            None
        };
    }
    if layout::hit(list, column, row) {
        let line = app.ui.step.offset + (row - list.y) as usize;
        let index = list_lines(app)
            .rows
            .iter()
            .position(|r| r.contains(&line))?;
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
    match action {
        Action::Up => move_by(app, -1),
        Action::Down => move_by(app, 1),
        Action::PageUp => {
            let rows = page_rows(app, false);
            move_by(app, -rows);
        }
        Action::PageDown => {
            let rows = page_rows(app, true);
            move_by(app, rows);
        }
        Action::Home => move_by(app, isize::MIN / 2),
        Action::End => move_by(app, isize::MAX / 2),
        Action::ScrollUp { .. } => move_by(app, -3),
        Action::ScrollDown { .. } => move_by(app, 3),
        Action::Activate => return activate(app, true),
        Action::Toggle => return activate(app, false),
        Action::PrevOption => return cycle(app, -1),
        Action::NextOption => return cycle(app, 1),
        Action::NextField => {
            next_input(app, true);
        }
        Action::PrevField => {
            next_input(app, false);
        }
        Action::Type(key) => {
            if let ratatui::crossterm::event::KeyCode::Char(c) = key.code {
                return typed(app, c);
            }
        }
        Action::Next => return next(app),
        Action::Back => return back(app),
        Action::Reason => return reason(app),
        Action::Skip => return skip(app),
        Action::AcceptRecommended => return accept_recommended(app),
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

//! The start screen: a product to start a new session with, or a saved session to resume.

use super::{App, Effect, Question};
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::strings;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Product(String),
    /// Index in `ui.sessions`.
    Session(usize),
}

/// Products first, then saved sessions: the order of the selection.
pub fn entries(app: &App) -> Vec<Entry> {
    app.catalog
        .ids()
        .map(str::to_string)
        .map(Entry::Product)
        .chain((0..app.ui.sessions.len()).map(Entry::Session))
        .collect()
}

/// The most recent unfinished session (the list is newest first), by index in `ui.sessions`.
pub fn resume_candidate(app: &App) -> Option<usize> {
    app.ui
        .sessions
        .iter()
        .position(|s| s.error.is_none() && s.progress.is_some_and(|(done, all)| done < all))
}

/// The products pane and the sessions pane (both with borders).
pub fn areas(app: &App) -> (Rect, Rect) {
    let body = crate::tui::view::chrome(app, app.ui.size).body;
    let products = (app.catalog.len() as u16 + 2).min(body.height / 2);
    let [top, bottom] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(products),
        ratatui::layout::Constraint::Min(1),
    ])
    .areas(body);
    (top, bottom)
}

pub fn list_height(app: &App) -> usize {
    layout::inner(areas(app).1).height as usize
}

/// The session selected, if a session is.
fn selected_session(app: &App) -> Option<usize> {
    match entries(app).get(app.ui.start.selected)? {
        Entry::Session(i) => Some(*i),
        Entry::Product(_) => None,
    }
}

/// Where the sessions list starts showing, keeping the selected one in view.
pub fn session_offset(app: &App) -> usize {
    let height = list_height(app).max(1);
    let selected = selected_session(app).unwrap_or(0);
    selected.saturating_sub(height - 1)
}

fn activate(app: &mut App) -> Option<Effect> {
    match entries(app).get(app.ui.start.selected)? {
        Entry::Product(p) => Some(Effect::Create { product: p.clone() }),
        Entry::Session(i) => Some(Effect::Open(app.ui.sessions.get(*i)?.path.clone())),
    }
}

fn click(app: &mut App, column: u16, row: u16) -> Option<Effect> {
    let (products, sessions) = areas(app);
    let index = if layout::hit(layout::inner(products), column, row) {
        (row - layout::inner(products).y) as usize
    } else if layout::hit(layout::inner(sessions), column, row) {
        let line = (row - layout::inner(sessions).y) as usize;
        app.catalog.len() + session_offset(app) + line
    } else {
        return None;
    };
    if index >= entries(app).len() {
        return None;
    }
    if index == app.ui.start.selected {
        return activate(app);
    }
    app.ui.start.selected = index;
    None
}

pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let len = entries(app).len();
    // The selection moves over both panes; each pane scrolls on its own when drawn.
    let list = &mut app.ui.start;
    match action {
        Action::Up | Action::ScrollUp { .. } => list.move_by(-1, len, len),
        Action::Down | Action::ScrollDown { .. } => list.move_by(1, len, len),
        Action::PageUp | Action::Home => list.move_by(-(len as isize), len, len),
        Action::PageDown | Action::End => list.move_by(len as isize, len, len),
        Action::Activate => return activate(app),
        Action::Delete => match selected_session(app) {
            Some(i) => {
                let path = app.ui.sessions[i].path.clone();
                app.ask(Question::Delete(path));
            }
            None => app.ui.message = Some(strings::DELETE_WHAT.into()),
        },
        Action::Click { column, row } => return click(app, column, row),
        _ => {}
    }
    None
}

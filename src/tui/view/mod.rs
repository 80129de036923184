//! Drawing: `render(&App, &mut Frame)`. Views read the state and never change it.

mod dialog;
mod export;
mod review;
pub mod rows;
mod start;
pub mod step;

use super::app::{App, Overlay, SaveState, Screen};
use super::keymap::{Action, Mode};
use super::layout;
use super::strings;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if layout::too_small(area) {
        too_small(app, frame, area);
        return;
    }
    let chrome = chrome(app, area);
    header(app, frame, chrome.header);
    match app.ui.screen {
        Screen::Start => start::render(app, frame, chrome.body),
        Screen::Step => step::render(app, frame, chrome.body),
        Screen::Review => review::render(app, frame, chrome.body),
        Screen::Export => export::render(app, frame, chrome.body),
    }
    footer(app, frame, chrome.footer);
    match &app.ui.overlay {
        None => {}
        Some(Overlay::Help) => dialog::help(app, frame, chrome.body),
        Some(Overlay::Confirm(q)) => dialog::confirm(app, frame, chrome.body, q),
        Some(Overlay::Notice(text)) => dialog::notice(app, frame, chrome.body, text),
        Some(Overlay::Editor(e)) => dialog::editor(app, frame, chrome.body, e),
        Some(Overlay::Picker(p)) => {
            dialog::picker(app, frame, step::areas(app).items, p);
        }
        Some(Overlay::Unsaved(leave)) => dialog::unsaved(app, frame, chrome.body, *leave),
    }
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = strings::too_small(
        area.width,
        area.height,
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT,
    );
    let p = Paragraph::new(text)
        .style(app.theme.warn)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    let y = area.height.saturating_sub(2) / 2;
    let line = Rect {
        y: area.y + y,
        height: area.height - y,
        ..area
    };
    frame.render_widget(p, line);
}

fn header(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut left = vec![Span::styled(format!(" {} ", strings::APP), t.title)];
    let mut right: Vec<Span> = Vec::new();
    if let (Some(open), Some(wizard)) = (&app.open, app.wizard()) {
        let site = &open.session.site;
        left.push(Span::styled(format!("│ {} ", wizard.name), t.text));
        let who = [site.customer.as_str(), site.site.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" / ");
        if !who.is_empty() {
            left.push(Span::styled(format!("│ {who} "), t.hint));
        }
        let (done, total) = open.progress;
        right.push(Span::raw("  "));
        right.push(Span::styled(strings::progress(done, total), t.hint));
        right.push(Span::raw("  "));
        right.push(match &app.ui.saved {
            SaveState::Saved(time) => Span::styled(strings::saved(time), t.ok),
            SaveState::Failed(e) => Span::styled(strings::save_failed(e), t.error),
            SaveState::Clean => Span::styled(strings::UNSAVED, t.warn),
        });
        right.push(Span::raw(" "));
    }
    let right = Line::from(right);
    let right_width = (right.width() as u16).min(area.width);
    let left_area = Rect {
        width: area.width - right_width,
        ..area
    };
    frame.render_widget(Paragraph::new(Line::from(left)), left_area);
    frame.render_widget(Paragraph::new(right).alignment(Alignment::Right), area);
}

/// The message line's text, wrapped: up to three lines, so that it is read whole.
fn message_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    match &app.ui.message {
        Some(m) => {
            let mut lines = super::wrap::text(&format!(" {m}"), app.theme.warn, width as usize, 1);
            lines.truncate(3);
            lines
        }
        None => Vec::new(),
    }
}

/// Header, body and footer of `area`, the footer as tall as the message needs.
pub fn chrome(app: &App, area: Rect) -> layout::Chrome {
    layout::chrome(area, message_lines(app, area.width).len() as u16)
}

fn footer(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    if app.ui.message.is_some() {
        frame.render_widget(Paragraph::new(message_lines(app, area.width)), area);
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    for (action, key, label) in strings::footer_hints(app.mode()) {
        if !footer_applies(app, action) {
            continue;
        }
        spans.push(Span::styled(key, t.key));
        spans.push(Span::styled(format!(" {label}  "), t.hint));
    }
    let line = Line::from(spans);
    frame.render_widget(Paragraph::new(line), area);
}

/// Whether a footer key does something now: the lock-out confirmation only when the plan has
/// a warning, changing an option only on a row that has options.
fn footer_applies(app: &App, action: Action) -> bool {
    match action {
        Action::ConfirmLockout => app
            .open
            .as_ref()
            .is_some_and(|o| !o.plan.lockout.is_empty()),
        Action::NextOption => {
            let rows = super::app::step::current_rows(app);
            let step = app
                .step_index()
                .and_then(|i| app.wizard().map(|w| &w.steps[i]));
            match (rows.get(app.ui.step.selected), step) {
                (Some(row), Some(step)) => !super::rows::is_text(row, step),
                _ => false,
            }
        }
        _ => true,
    }
}

/// A bordered pane with a title.
fn pane<'a>(app: &App, title: impl Into<Line<'a>>) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(title.into().style(app.theme.title))
}

/// Clears a box and draws its frame: the background of dialogs.
fn popup<'a>(app: &App, frame: &mut Frame, area: Rect, title: impl Into<Line<'a>>) -> Rect {
    frame.render_widget(Clear, area);
    let block = pane(app, title).style(app.theme.text);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// The mode of the screen under any overlay: what the help describes.
fn screen_mode(app: &App) -> Mode {
    match app.ui.screen {
        Screen::Start => Mode::Start,
        Screen::Step => Mode::Step,
        Screen::Review => Mode::Review,
        Screen::Export => Mode::Export,
    }
}

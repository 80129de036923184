//! Overlays: the help, yes/no questions, messages and the text editor.

use super::{popup, screen_mode};
use crate::tui::app::{App, EditTarget, Editor, Leave, Question, SaveState};
use crate::tui::keymap::Mode;
use crate::tui::layout;
use crate::tui::strings;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Key hints of a mode as one line.
fn hints<'a>(app: &App, mode: Mode) -> Line<'a> {
    let mut spans = Vec::new();
    for (key, label) in strings::footer_hints(mode) {
        spans.push(Span::styled(key, app.theme.key));
        spans.push(Span::styled(format!(" {label}  "), app.theme.hint));
    }
    Line::from(spans)
}

pub fn help(app: &App, frame: &mut Frame, body: Rect) {
    let mode = screen_mode(app);
    let entries = strings::help_lines(mode);
    let key_width = entries
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(1);
    let label_width = entries
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(1);
    let column = key_width + 2 + label_width + 2;
    // Three lines below the keys: a gap, the mouse, the keys that close the help.
    let rows = (body.height as usize).saturating_sub(5).max(1);
    let columns = entries.len().div_ceil(rows).max(1);
    let rows = entries.len().div_ceil(columns);
    let width = (column * columns + 2).max(strings::HELP_MOUSE.chars().count() + 2) as u16;
    let area = layout::centered(body, width, rows as u16 + 5);
    let inner = popup(app, frame, area, format!(" {} ", strings::help_title(mode)));
    let mut lines: Vec<Line> = (0..rows)
        .map(|r| {
            let mut spans = Vec::new();
            for (keys, label) in entries.iter().skip(r).step_by(rows) {
                spans.push(Span::styled(format!("{keys:>key_width$}"), app.theme.key));
                spans.push(Span::styled(
                    format!("  {label:<label_width$}  "),
                    app.theme.text,
                ));
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(strings::HELP_MOUSE, app.theme.hint));
    lines.push(hints(app, Mode::Help));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn message(app: &App, frame: &mut Frame, body: Rect, title: &str, text: &str, mode: Mode) {
    let width = 64.min(body.width.saturating_sub(4));
    let text_lines: u16 = text
        .lines()
        .map(|l| (l.chars().count() as u16 / width.saturating_sub(2).max(1)) + 1)
        .sum();
    let area = layout::centered(body, width, text_lines + 4);
    let inner = popup(app, frame, area, format!(" {title} "));
    let mut lines: Vec<Line> = text
        .lines()
        .map(|l| Line::styled(l.to_string(), app.theme.text))
        .collect();
    lines.push(Line::default());
    lines.push(hints(app, mode));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

pub fn confirm(app: &App, frame: &mut Frame, body: Rect, q: &Question) {
    message(
        app,
        frame,
        body,
        "Confirm",
        &strings::question(q),
        Mode::Confirm,
    );
}

pub fn unsaved(app: &App, frame: &mut Frame, body: Rect, leave: Leave) {
    let error = match &app.ui.saved {
        SaveState::Failed(e) => e.as_str(),
        _ => "",
    };
    let mut text = strings::unsaved(error, leave);
    if let Some(m) = &app.ui.message {
        text = format!("{m}\n\n{text}");
    }
    message(app, frame, body, "Not saved", &text, Mode::Unsaved);
}

pub fn notice(app: &App, frame: &mut Frame, body: Rect, text: &str) {
    message(app, frame, body, "Message", text, Mode::Notice);
}

pub fn editor(app: &App, frame: &mut Frame, body: Rect, e: &Editor) {
    let text_lines = if e.multi_line { 6 } else { 1 };
    let width = (72.min(body.width.saturating_sub(4)) as usize)
        .saturating_sub(2)
        .max(1);
    let wrapped: usize = e
        .problems
        .iter()
        .map(|p| (p.chars().count() + 2).div_ceil(width))
        .sum();
    let problem_lines = wrapped.clamp(1, 8) as u16 + u16::from(e.multi_line);
    let area = layout::editor(body, text_lines, problem_lines);
    let inner = popup(
        app,
        frame,
        area,
        format!(" {} ", strings::editor_title(app, &e.target)),
    );
    let mode = if e.multi_line {
        Mode::EditMulti
    } else {
        Mode::Edit
    };
    let [text, problems, keys] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(problem_lines),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(&e.area, text);
    let t = &app.theme;
    let mut lines: Vec<Line> = e
        .problems
        .iter()
        .map(|p| Line::styled(format!("✗ {p}"), t.error))
        .collect();
    let plain = matches!(
        e.target,
        EditTarget::Filter | EditTarget::Folder | EditTarget::SaveAs(_)
    );
    if lines.is_empty() && !plain {
        let ok = match e.target {
            EditTarget::Password { .. } => strings::PASSES,
            _ => strings::VALID,
        };
        lines.push(Line::styled(format!("✓ {ok}"), t.ok));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), problems);
    frame.render_widget(Paragraph::new(hints(app, mode)), keys);
}

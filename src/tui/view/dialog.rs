//! Overlays: the help, yes/no questions, messages and the text editor.

use super::{popup, screen_mode};
use crate::tui::app::{
    App, EditTarget, Editor, Leave, Picker, Question, SaveState, editor_prompt, editor_title,
};
use crate::tui::keymap::Mode;
use crate::tui::layout;
use crate::tui::strings;
use crate::tui::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Key hints of a mode as one line.
fn hints<'a>(app: &App, mode: Mode) -> Line<'a> {
    let mut spans = Vec::new();
    for (_, key, label) in strings::footer_hints(mode) {
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
    let width = 72.min(body.width.saturating_sub(4));
    let mut lines = wrap::text(text, app.theme.text, width.saturating_sub(2) as usize, 0);
    lines.push(Line::default());
    lines.extend(wrap::spans(
        hints(app, mode).spans,
        width.saturating_sub(2) as usize,
        0,
    ));
    let area = layout::centered(body, width, lines.len() as u16 + 2);
    let inner = popup(app, frame, area, format!(" {title} "));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The picker, over the items pane so that the details beside or below it preview the option
/// it highlights. Long option labels wrap.
pub fn picker(app: &App, frame: &mut Frame, items: Rect, p: &Picker) {
    let t = &app.theme;
    let shown = p.shown();
    let width = items.width.saturating_sub(2).max(20);
    let text_width = width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut selected = 0..0;
    for (i, (id, label)) in shown.iter().enumerate() {
        let mark = if p.current.as_ref() == Some(id) {
            "(•)"
        } else {
            "( )"
        };
        let mut spans = vec![Span::styled(format!(" {mark} {label}"), t.text)];
        if p.recommended.as_ref() == Some(id) {
            spans.push(Span::styled(format!("  {}", strings::RECOMMENDED), t.hint));
        }
        let start = lines.len();
        for line in wrap::spans(spans, text_width, 5) {
            lines.push(if i == p.selected {
                line.patch_style(t.focus)
            } else {
                line
            });
        }
        if i == p.selected {
            selected = start..lines.len();
        }
    }
    if shown.is_empty() {
        lines.push(Line::styled(strings::NO_OPTION_MATCHES, t.hint));
    }
    let height = (lines.len() as u16 + 4).min(items.height);
    let area = Rect {
        x: items.x + 1,
        y: items.y + (items.height - height) / 2,
        width: width.min(items.width),
        height,
    };
    let title = if p.typed.is_empty() {
        strings::title_pick(&p.label)
    } else {
        format!("{}: \"{}\"", p.label, p.typed)
    };
    let inner = popup(app, frame, area, format!(" {title} "));
    let rows = (inner.height as usize).saturating_sub(2).max(1);
    let first = selected.end.saturating_sub(rows).min(selected.start);
    let mut lines: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
    lines.resize(rows, Line::default());
    lines.push(Line::default());
    lines.push(hints(app, Mode::Pick));
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn confirm(app: &App, frame: &mut Frame, body: Rect, q: &Question) {
    message(app, frame, body, "Confirm", &q.text(), Mode::Confirm);
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
    let prompt: Vec<Line> = editor_prompt(app, &e.target)
        .map(|p| wrap::text(&p, app.theme.hint, width, 0))
        .unwrap_or_default();
    let prompt_lines = prompt.len() as u16;
    let area = layout::editor(body, prompt_lines + text_lines, problem_lines);
    let inner = popup(app, frame, area, format!(" {} ", editor_title(&e.target)));
    let mode = if e.multi_line {
        Mode::EditMulti
    } else {
        Mode::Edit
    };
    let [prompt_area, text, problems, keys] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(prompt_lines),
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(problem_lines),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(prompt), prompt_area);
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

//! The review screen: every decision, deviations, what is missing, lock-out warnings.

use super::pane;
use crate::tui::app::review::Tone;
use crate::tui::app::{App, review};
use crate::tui::layout;
use crate::tui::strings;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The theme's style for a tone.
pub fn tone_style(app: &App, tone: Tone) -> Style {
    let t = &app.theme;
    match tone {
        Tone::Heading => t.title,
        Tone::Text => t.text,
        Tone::Hint => t.hint,
        Tone::Ok => t.ok,
        Tone::Warn => t.warn,
        Tone::Error => t.error,
        Tone::Deviation => t.deviation,
    }
}

pub fn render(app: &App, frame: &mut Frame, body: Rect) {
    frame.render_widget(pane(app, format!(" {} ", strings::REVIEW)), body);
    let inner = layout::inner(body);
    let lines: Vec<Line> = review::lines(app)
        .into_iter()
        .skip(app.ui.review.offset)
        .take(inner.height as usize)
        .map(|l| {
            let text = format!("{}{}", " ".repeat(l.indent as usize), l.text);
            Line::styled(text, tone_style(app, l.tone))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

//! The start screen: products for a new session, saved sessions to resume.

use super::pane;
use crate::tui::app::{App, start};
use crate::tui::layout;
use crate::tui::strings;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn render(app: &App, frame: &mut Frame, _body: Rect) {
    let t = &app.theme;
    let (products_area, sessions_area) = start::areas(app);
    let selected = app.ui.start.selected;
    let style = |index: usize, base| if index == selected { t.focus } else { base };
    let products: Vec<Line> = app
        .catalog
        .products()
        .enumerate()
        .map(|(i, w)| {
            let text = strings::product_line(&w.name, &w.vendor);
            Line::styled(format!("  {text}"), style(i, t.text))
        })
        .collect();
    frame.render_widget(
        pane(app, format!(" {} ", strings::NEW_SESSION)),
        products_area,
    );
    frame.render_widget(Paragraph::new(products), layout::inner(products_area));
    frame.render_widget(
        pane(app, format!(" {} ", strings::SAVED_SESSIONS)),
        sessions_area,
    );
    let inner = layout::inner(sessions_area);
    let first = app.catalog.len();
    let lines: Vec<Line> = if app.ui.sessions.is_empty() {
        vec![Line::styled(strings::NO_SESSIONS, t.hint)]
    } else {
        app.ui
            .sessions
            .iter()
            .enumerate()
            .skip(start::session_offset(app))
            .take(inner.height as usize)
            .map(|(i, s)| {
                let text = match &s.error {
                    Some(e) => strings::damaged(&s.id, e),
                    None => {
                        let product = app
                            .catalog
                            .wizard(&s.product)
                            .map_or(s.product.as_str(), |w| w.name.as_str());
                        let who = [s.customer.as_str(), s.site.as_str()]
                            .iter()
                            .filter(|x| !x.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" / ");
                        let progress = s
                            .progress
                            .map(|(d, n)| strings::progress(d, n))
                            .unwrap_or_default();
                        strings::session_line(
                            product,
                            &who,
                            &progress,
                            &strings::short_time(&s.updated),
                        )
                    }
                };
                let base = if s.error.is_some() { t.error } else { t.text };
                Line::styled(format!("  {text}"), style(first + i, base))
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

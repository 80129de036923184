//! The export screen: formats, folder, and what was written with sizes and SHA-256.

use super::pane;
use crate::export::misfit;
use crate::tui::app::{App, ExportRow, export};
use crate::tui::{strings, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let ui = &app.ui.export;
    frame.render_widget(pane(app, format!(" {} ", strings::EXPORT)), body);
    let areas = export::areas(app);
    let blockers = export::blockers(app);
    if !blockers.is_empty() {
        let mut lines = vec![Line::styled(strings::BLOCKED, t.error)];
        lines.extend(
            blockers
                .iter()
                .take(4)
                .map(|b| Line::styled(format!("  {b}"), t.error)),
        );
        frame.render_widget(Paragraph::new(lines), areas.blockers);
    }
    let plan = (app.open.as_ref().zip(app.wizard())).map(|(o, w)| o.full_plan(w));
    let lines: Vec<Line> = export::rows()
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let (text, base) = match row {
                ExportRow::Format(f) => {
                    let fits = plan.is_none_or(|p| misfit(p, f).is_none());
                    let mark = match (ui.formats.contains(&f), fits) {
                        (true, _) => "[x]",
                        (false, true) => "[ ]",
                        (false, false) => "[-]",
                    };
                    let files = f.files().join(", ");
                    let text = format!("  {mark} {:<8} {files}", f.id());
                    if fits {
                        (text, t.text)
                    } else {
                        (format!("{text}  ({})", strings::NOT_FOR_TARGET), t.hint)
                    }
                }
                ExportRow::Folder => {
                    let label = format!("  {}: ", strings::FOLDER);
                    let room = (areas.rows.width as usize).saturating_sub(label.width());
                    (format!("{label}{}", wrap::tail(&ui.folder, room)), t.text)
                }
                ExportRow::Write => (format!("  [ {} ]", strings::WRITE), t.text),
            };
            let style = if i == ui.list.selected { t.focus } else { base };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), areas.rows);
    let results: Vec<Line> = export::result_lines(app)
        .into_iter()
        .skip(ui.results_offset)
        .take(areas.results.height as usize)
        .map(|(tone, text)| Line::styled(text, super::review::tone_style(app, tone)))
        .collect();
    frame.render_widget(Paragraph::new(results), areas.results);
}

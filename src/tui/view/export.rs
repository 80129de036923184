//! The export screen: formats, folder, and what was written with sizes and SHA-256.

use super::pane;
use crate::tui::app::{App, ExportRow, export};
use crate::tui::layout;
use crate::tui::strings;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(app: &App, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let ui = &app.ui.export;
    frame.render_widget(pane(app, format!(" {} ", strings::EXPORT)), body);
    let inner = layout::inner(body);
    let blockers = export::blockers(app);
    if !blockers.is_empty() {
        let mut lines = vec![Line::styled(strings::BLOCKED, t.error)];
        lines.extend(
            blockers
                .iter()
                .take(4)
                .map(|b| Line::styled(format!("  {b}"), t.error)),
        );
        frame.render_widget(Paragraph::new(lines), inner);
    }
    let area = export::list_area(app);
    let mut lines: Vec<Line> = export::rows()
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let text = match row {
                ExportRow::Format(f) => {
                    let mark = if ui.formats.contains(&f) {
                        "[x]"
                    } else {
                        "[ ]"
                    };
                    format!("  {mark} {:<8} {}", f.id(), f.files().join(", "))
                }
                ExportRow::Folder => format!("  {}: {}", strings::FOLDER, ui.folder),
                ExportRow::Write => format!("  [ {} ]", strings::WRITE),
            };
            let style = if i == ui.list.selected {
                t.focus
            } else {
                t.text
            };
            Line::styled(text, style)
        })
        .collect();
    match &ui.written {
        None => {}
        Some(Err(e)) => {
            lines.push(Line::default());
            lines.push(Line::styled(
                format!("{} {e}", strings::EXPORT_FAILED),
                t.error,
            ));
        }
        Some(Ok(w)) => {
            lines.push(Line::default());
            lines.push(Line::styled(
                format!("{} {}", strings::WRITTEN, w.folder.display()),
                t.ok,
            ));
            for f in &w.files {
                lines.push(Line::styled(
                    format!("  {}", strings::written_file(&f.name, f.size, &f.sha256)),
                    t.text,
                ));
            }
            lines.push(Line::styled(strings::ORDER, t.title));
            for step in &w.order {
                for l in step.lines() {
                    lines.push(Line::styled(format!("  {l}"), t.text));
                }
            }
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

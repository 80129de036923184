//! The export screen: formats, output folder, writing the bundle, and what was written.

use super::edit::{self, EditTarget};
use super::review::Tone;
use super::{App, Effect, ListUi, Screen};
use crate::export::{Format, default_formats, misfit};
use crate::store::WrittenFile;
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::strings;
use ratatui::layout::{Constraint, Layout, Rect};
use std::path::PathBuf;

#[derive(Default)]
pub struct ExportUi {
    pub list: ListUi,
    /// The chosen formats; filled with the plan's defaults on first entry.
    pub formats: Vec<Format>,
    pub folder: String,
    /// What the last write did: the files, and README.txt's order of running them.
    pub written: Option<Result<Written, String>>,
    /// First line of the results shown.
    pub results_offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub folder: PathBuf,
    pub files: Vec<WrittenFile>,
    pub order: Vec<String>,
}

/// A row of the export screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportRow {
    Format(Format),
    Folder,
    Write,
}

pub fn rows() -> Vec<ExportRow> {
    Format::ALL
        .into_iter()
        .map(ExportRow::Format)
        .chain([ExportRow::Folder, ExportRow::Write])
        .collect()
}

/// Opens the export screen, with the plan's formats and a folder named after the session the
/// first time.
pub fn enter(app: &mut App) {
    let (Some(open), Some(wizard)) = (&app.open, app.wizard()) else {
        return;
    };
    if app.ui.export.folder.is_empty() {
        app.ui.export.formats = default_formats(open.full_plan(wizard));
        // In full, before anything is written: the folder is relative to where hardline runs.
        let folder = app.cwd.join(strings::default_folder(&open.session.id));
        app.ui.export.folder = folder.display().to_string();
    }
    app.ui.screen = Screen::Export;
}

/// Why the session cannot be exported yet, one line each.
pub fn blockers(app: &App) -> Vec<String> {
    let (Some(open), Some(wizard)) = (&app.open, app.wizard()) else {
        return Vec::new();
    };
    let mut out = open.session.export_blockers(wizard);
    if open.plan.lockout_blocks() {
        out.push(strings::lockout_unconfirmed());
    }
    out
}

/// The numbered steps of README.txt's "Order" section, continuation lines joined.
pub fn order_of(readme: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut inside = false;
    for line in readme.lines() {
        if line.trim() == "Order" {
            inside = true;
            continue;
        }
        if !inside || line.starts_with("---") {
            continue;
        }
        if line.trim().is_empty() {
            if !out.is_empty() {
                break;
            }
            continue;
        }
        let numbered = line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        match out.last_mut() {
            Some(last) if !numbered => {
                last.push('\n');
                last.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
    }
    out
}

fn write(app: &mut App) -> Option<Effect> {
    let blockers = blockers(app);
    if let Some(first) = blockers.first() {
        app.ui.message = Some(strings::cannot_export(first, blockers.len()));
        return None;
    }
    if app.ui.export.formats.is_empty() {
        app.ui.message = Some(strings::NO_FORMAT.into());
        return None;
    }
    Some(Effect::Export {
        folder: PathBuf::from(&app.ui.export.folder),
        formats: app.ui.export.formats.clone(),
        force: false,
    })
}

fn activate(app: &mut App) -> Option<Effect> {
    match rows().get(app.ui.export.list.selected)? {
        ExportRow::Format(f) => {
            let misfit =
                (app.open.as_ref().zip(app.wizard())).and_then(|(o, w)| misfit(o.full_plan(w), *f));
            let formats = &mut app.ui.export.formats;
            if let (Some(why), false) = (misfit, formats.contains(f)) {
                app.ui.message = Some(strings::option_refused(f.id(), &why));
                return None;
            }
            match formats.iter().position(|x| x == f) {
                Some(p) => {
                    formats.remove(p);
                }
                None => {
                    formats.push(*f);
                    formats.sort();
                }
            }
            None
        }
        ExportRow::Folder => {
            let text = app.ui.export.folder.clone();
            edit::open(app, EditTarget::Folder, &text);
            None
        }
        ExportRow::Write => write(app),
    }
}

/// The lines that say why export is blocked, the rows, and the results of the last write.
pub struct Areas {
    pub blockers: Rect,
    pub rows: Rect,
    pub results: Rect,
}

pub fn areas(app: &App) -> Areas {
    let body = layout::inner(crate::tui::view::chrome(app, app.ui.size).body);
    let blocked = blockers(app).len().min(4) as u16;
    let top = if blocked > 0 { blocked + 2 } else { 0 };
    let [blockers, rows, results] = Layout::vertical([
        Constraint::Length(top),
        Constraint::Length(rows().len() as u16 + 1),
        Constraint::Min(0),
    ])
    .areas(body);
    Areas {
        blockers,
        rows,
        results,
    }
}

/// What the last write did, line by line: each file with its size and SHA-256 (on a line of
/// its own when the screen is narrow), then the order to run them. Every line is wrapped to the
/// pane (a long folder path is shown whole), and scrolling counts the wrapped lines.
pub fn result_lines(app: &App) -> Vec<(Tone, String)> {
    let width = areas(app).results.width as usize;
    let wide = width >= 100;
    let mut out = Vec::new();
    match &app.ui.export.written {
        None => {}
        Some(Err(e)) => out.push((Tone::Error, format!("{} {e}", strings::EXPORT_FAILED))),
        Some(Ok(w)) => {
            out.push((
                Tone::Ok,
                format!("{} {}", strings::WRITTEN, w.folder.display()),
            ));
            out.extend(
                strings::run_where(&w.folder)
                    .into_iter()
                    .map(|l| (Tone::Hint, l)),
            );
            for f in &w.files {
                if wide {
                    let line = strings::written_file(&f.name, f.size, &f.sha256);
                    out.push((Tone::Text, format!("  {line}")));
                } else {
                    let line = strings::written_file(&f.name, f.size, "");
                    out.push((Tone::Text, format!("  {}", line.trim_end())));
                    out.push((Tone::Hint, format!("    sha256 {}", f.sha256)));
                }
            }
            out.push((Tone::Heading, strings::ORDER.to_string()));
            for step in &w.order {
                out.extend(step.lines().map(|l| (Tone::Text, format!("  {l}"))));
            }
        }
    }
    out.into_iter()
        .flat_map(|(tone, text)| {
            let indent = text.len() - text.trim_start().len() + 2;
            crate::tui::wrap::text(&text, Default::default(), width, indent)
                .into_iter()
                .map(move |line| (tone, line.to_string()))
        })
        .collect()
}

fn scroll_results(app: &mut App, delta: isize) {
    let len = result_lines(app).len();
    let height = areas(app).results.height as usize;
    let max = len.saturating_sub(height) as isize;
    let offset = app.ui.export.results_offset as isize + delta;
    app.ui.export.results_offset = offset.clamp(0, max.max(0)) as usize;
}

pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let len = rows().len();
    let page = areas(app).results.height.saturating_sub(1).max(1) as isize;
    let list = &mut app.ui.export.list;
    match action {
        Action::Up => list.move_by(-1, len, len),
        Action::Down => list.move_by(1, len, len),
        Action::Home => list.move_by(-(len as isize), len, len),
        Action::End => list.move_by(len as isize, len, len),
        Action::PageUp => scroll_results(app, -page),
        Action::PageDown => scroll_results(app, page),
        Action::ScrollUp { .. } => scroll_results(app, -3),
        Action::ScrollDown { .. } => scroll_results(app, 3),
        Action::Activate | Action::Toggle => return activate(app),
        Action::Write => return write(app),
        Action::Review => {
            app.ui.screen = Screen::Review;
            app.ui.review = Default::default();
        }
        Action::Back => app.ui.screen = Screen::Step,
        Action::ConfirmLockout => return super::review::confirm_lockout(app),
        Action::Click { column, row } => {
            let area = areas(app).rows;
            if layout::hit(area, column, row) {
                let index = (row - area.y) as usize;
                if index < len {
                    if index == app.ui.export.list.selected {
                        return activate(app);
                    }
                    app.ui.export.list.selected = index;
                }
            }
        }
        _ => {}
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn order_is_read_from_the_readme() {
        let readme = "title\n\nOrder\n-----\n1. Sign plan.md.\n2. Run:\n   harden.ps1\n\nUndo\n----\n1. rollback\n";
        assert_eq!(
            super::order_of(readme),
            vec!["1. Sign plan.md.", "2. Run:\n   harden.ps1"]
        );
    }
}

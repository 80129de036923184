//! The wizard screen: steps in a sidebar, the current step's items, and the details of the
//! focused one with a preview of what it generates.

use super::{pane, rows};
use crate::catalog::{Item, Step, Wizard};
use crate::plan::{Action, Operation, Origin};
use crate::session::{Session, StepState, describe};
use crate::tui::app::{App, OpenSession, step as step_app};
use crate::tui::layout;
use crate::tui::rows::Row;
use crate::tui::strings;
use crate::tui::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The panes at the current size, the details pane as tall as its text needs (see
/// [`layout::step`]).
pub fn areas(app: &App) -> layout::StepAreas {
    let body = crate::tui::view::chrome(app, app.ui.size).body;
    let width = layout::inner(layout::step(body, 0).details).width as usize;
    // While Next lists what keeps the step open, the details below give it their room.
    let wanted = if app.ui.problems.is_empty() {
        details_lines(app, width).1.len() as u16
    } else {
        0
    };
    layout::step(body, wanted)
}

pub fn render(app: &App, frame: &mut Frame, _body: Rect) {
    let (Some(open), Some(wizard), Some(index)) = (&app.open, app.wizard(), app.step_index())
    else {
        return;
    };
    let step = &wizard.steps[index];
    let areas = areas(app);
    sidebar(app, frame, areas.sidebar, open, index);
    items(app, frame, areas.items, step);
    details(app, frame, areas.details);
}

/// The items pane: the introduction and the rows, scrolled together, and the reasons the step
/// cannot be left.
fn items(app: &App, frame: &mut Frame, area: Rect, step: &Step) {
    let mut title = vec![Span::raw(format!(" {} ", step.title))];
    if !app.ui.filter.is_empty() {
        title.push(Span::styled(
            format!("[{}] ", strings::filter(&app.ui.filter)),
            app.theme.warn,
        ));
    }
    frame.render_widget(pane(app, Line::from(title)), area);
    let problems = rows::problem_lines(app);
    let inside = layout::item_pane(area, problems.len());
    let list = rows::list_lines(app);
    let selected = list.rows.get(app.ui.step.selected).cloned();
    let lines: Vec<Line> = list
        .lines
        .into_iter()
        .enumerate()
        .skip(app.ui.step.offset)
        .take(inside.list.height as usize)
        .map(|(i, line)| match &selected {
            Some(r) if r.contains(&i) => line.patch_style(app.theme.focus),
            _ => line,
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inside.list);
    frame.render_widget(Paragraph::new(problems), inside.problems);
}

fn sidebar(app: &App, frame: &mut Frame, area: Rect, open: &OpenSession, current: usize) {
    let t = &app.theme;
    let inner = layout::inner(area);
    let (entries, offset) = step_app::sidebar(app);
    let lines: Vec<Line> = entries
        .iter()
        .flat_map(|(i, title)| {
            let state = open.plan.state(*i);
            let (mark, style) = match state {
                _ if *i == current => ("▶", t.title),
                StepState::Done => ("✓", t.ok),
                StepState::NeedsReview => ("!", t.warn),
                StepState::Skipped => ("–", t.hint),
                StepState::InProgress => ("•", t.text),
                StepState::Pending | StepState::Hidden => (" ", t.hint),
            };
            title.iter().enumerate().map(move |(n, l)| {
                let lead = if n == 0 { mark } else { " " };
                Line::styled(format!("{lead} {l}"), style)
            })
        })
        .skip(offset)
        .take(inner.height as usize)
        .collect();
    frame.render_widget(pane(app, format!(" {} ", strings::STEPS)), area);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The details pane: what the focused row is about, what it generates (under the picker: what
/// the highlighted option would), and its source.
fn details(app: &App, frame: &mut Frame, area: Rect) {
    let inner = layout::inner(area);
    let (title, lines) = details_lines(app, inner.width as usize);
    frame.render_widget(pane(app, format!(" {title} ")), area);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The details pane's title and its text wrapped to `width`. A label too long for the title
/// opens the text instead; the preview comes before the source, so that a short pane shows what
/// matters first.
pub fn details_lines(app: &App, width: usize) -> (String, Vec<Line<'static>>) {
    let t = &app.theme;
    let (Some(open), Some(wizard), Some(index)) = (&app.open, app.wizard(), app.step_index())
    else {
        return (strings::DETAILS.to_string(), Vec::new());
    };
    let step = &wizard.steps[index];
    let rows = step_app::current_rows(app);
    let focused = rows.get(app.ui.step.selected);
    let mut lines: Vec<Line> = Vec::new();
    let label = match (
        focused.and_then(Row::site_field),
        focused.and_then(|r| r.item(step)),
    ) {
        (Some(f), _) => {
            lines.push(Line::styled(strings::site_help(f), t.text));
            lines.push(Line::styled(strings::SITE_SOURCE, t.hint));
            f.label().to_string()
        }
        (None, Some(item)) => {
            item_details(app, &mut lines, wizard, &open.session, item);
            item.label.clone()
        }
        (None, None) => {
            lines.push(Line::styled(step.intro.clone(), t.text));
            strings::DETAILS.to_string()
        }
    };
    let fits = label.chars().count() + 4 <= width;
    let mut out = Vec::new();
    if !fits {
        out.extend(wrap::text(&label, t.title, width, 0));
    }
    for line in lines {
        let indent = line.spans.first().map_or(0, |s| {
            s.content.len() - s.content.trim_start_matches(' ').len()
        });
        let spans: Vec<Span<'static>> = line
            .spans
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style.patch(line.style)))
            .collect();
        out.extend(wrap::spans(
            spans,
            width,
            indent + 2 * usize::from(indent > 0),
        ));
    }
    let title = if fits {
        label
    } else {
        strings::DETAILS.to_string()
    };
    (title, out)
}

fn item_details<'a>(
    app: &App,
    lines: &mut Vec<Line<'a>>,
    wizard: &Wizard,
    session: &Session,
    item: &Item,
) {
    let t = &app.theme;
    lines.push(Line::styled(item.rationale.clone(), t.text));
    if let Some(r) = &item.required {
        lines.push(Line::styled(strings::required(&describe(item, r)), t.warn));
    } else if let Some(r) = &app.recommendation(item) {
        lines.push(Line::styled(
            strings::recommended(&describe(item, r)),
            t.hint,
        ));
    }
    if let Some(a) = session.answer(&item.id).filter(|a| !a.reason.is_empty()) {
        lines.push(Line::styled(strings::your_reason(&a.reason), t.text));
    }
    if let Some(ours) = &item.ours {
        lines.push(Line::styled(strings::ours(ours), t.warn));
    }
    if let Some(policy) = &item.password {
        for rule in &policy.rules {
            lines.push(Line::styled(format!("• {}", rule.describe()), t.hint));
        }
    }
    let preview = app.ui.preview.as_ref().filter(|p| p.item == item.id);
    let ops: Vec<&Operation> = match preview {
        Some(p) => p.operations.iter().collect(),
        None => app
            .open
            .as_ref()
            .map(|o| o.plan.operations_of(wizard, &item.id).iter().collect())
            .unwrap_or_default(),
    };
    let heading = match preview {
        Some(p) if p.hypothetical => {
            let value = p
                .value
                .as_ref()
                .map(|v| describe(item, v))
                .unwrap_or_default();
            strings::would_generate(&value)
        }
        _ => strings::GENERATES.to_string(),
    };
    if ops.is_empty() {
        lines.push(Line::styled(
            format!("{heading} {}", strings::NOTHING),
            t.hint,
        ));
    } else {
        lines.push(Line::styled(heading, t.title));
        let open = app.open.as_ref();
        let target = session.site.target_os;
        for op in ops {
            for l in open.map(|o| operation_lines(o, op)).unwrap_or_default() {
                lines.push(Line::styled(format!("  {l}"), t.ok));
            }
            // Not the document's own on this system: say whose it is.
            let style = match op.origin {
                Origin::Document => continue,
                Origin::Translated { .. } => t.hint,
                Origin::Verify { .. } => t.warn,
            };
            lines.push(Line::styled(
                format!("    {}", op.origin.describe(target)),
                style,
            ));
        }
    }
    let document = if item.source.file == wizard.document.file {
        wizard.document.title.as_str()
    } else {
        item.source.file.as_str()
    };
    lines.push(Line::styled(
        strings::source(document, &item.source.section),
        t.hint,
    ));
    if !item.source.quote.is_empty() {
        lines.push(Line::styled(strings::quote(&item.source.quote), t.hint));
    }
}

/// An operation as it will be carried out: the PowerShell call on a server that takes
/// harden.ps1; the plain description elsewhere (older Windows, appliances, manual steps with
/// their menu path and value, gateway forwards).
fn operation_lines(open: &OpenSession, op: &Operation) -> Vec<String> {
    let powershell = open
        .session
        .site
        .target_os
        .is_some_and(|t| t.is_windows() && !t.is_legacy_windows());
    let on_server = !matches!(op.action, Action::Manual(_) | Action::PortForward(_));
    if !(powershell && on_server) {
        return vec![crate::export::summary(&op.action)];
    }
    // The call itself, without the run-time guard around it.
    crate::export::operation_call(op)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("if (") && *l != "}")
        .map(str::to_string)
        .collect()
}

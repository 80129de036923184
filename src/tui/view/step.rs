//! The wizard screen: steps in a sidebar, the current step's items, and the details of the
//! focused one with a preview of what it generates.

use super::pane;
use crate::catalog::{Item, ItemKind, Step, Value, Wizard};
use crate::plan::{Action, Operation};
use crate::session::{Session, Site, StepState, describe, value_error};
use crate::tui::app::{App, OpenSession, step as step_app};
use crate::tui::layout;
use crate::tui::rows::{Row, site_options};
use crate::tui::strings;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(app: &App, frame: &mut Frame, body: Rect) {
    let (Some(open), Some(wizard), Some(index)) = (&app.open, app.wizard(), app.step_index())
    else {
        return;
    };
    let session = &open.session;
    let step = &wizard.steps[index];
    let areas = layout::step(body);
    sidebar(app, frame, areas.sidebar, wizard, open, index);
    let rows = step_app::current_rows(app);
    let mut title = vec![Span::raw(format!(" {} ", step.title))];
    if !app.ui.filter.is_empty() {
        title.push(Span::styled(
            format!("[{}] ", strings::filter(&app.ui.filter)),
            app.theme.warn,
        ));
    }
    frame.render_widget(pane(app, Line::from(title)), areas.items);
    let inside = layout::item_pane(areas.items, app.ui.problems.len());
    frame.render_widget(
        Paragraph::new(Line::styled(step.intro.clone(), app.theme.hint)).wrap(Wrap { trim: true }),
        inside.intro,
    );
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(app.ui.step.offset)
        .take(inside.list.height as usize)
        .map(|(i, row)| {
            let line = row_line(app, wizard, step, session, row);
            if i == app.ui.step.selected {
                line.patch_style(app.theme.focus)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inside.list);
    let problems: Vec<Line> = app
        .ui
        .problems
        .iter()
        .map(|p| Line::styled(format!("✗ {p}"), app.theme.error))
        .collect();
    frame.render_widget(Paragraph::new(problems), inside.problems);
    let focused = rows.get(app.ui.step.selected);
    details(app, frame, areas.details, wizard, step, session, focused);
}

fn sidebar(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    wizard: &Wizard,
    open: &OpenSession,
    current: usize,
) {
    let t = &app.theme;
    let steps = step_app::visible_steps(app);
    let inner = layout::inner(area);
    let position = steps.iter().position(|i| *i == current).unwrap_or(0);
    let offset = step_app::sidebar_offset(position, steps.len(), inner.height as usize);
    let lines: Vec<Line> = steps
        .iter()
        .skip(offset)
        .take(inner.height as usize)
        .map(|i| {
            let state = open.plan.state(*i);
            let (mark, style) = match state {
                _ if *i == current => ("▶", t.title),
                StepState::Done => ("✓", t.ok),
                StepState::NeedsReview => ("!", t.warn),
                StepState::Skipped => ("–", t.hint),
                StepState::InProgress => ("•", t.text),
                StepState::Pending | StepState::Hidden => (" ", t.hint),
            };
            Line::styled(format!("{mark} {}", wizard.steps[*i].title), style)
        })
        .collect();
    frame.render_widget(pane(app, format!(" {} ", strings::STEPS)), area);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn radio(chosen: bool) -> &'static str {
    if chosen { "(•)" } else { "( )" }
}

/// One row as a line.
fn row_line<'a>(app: &App, wizard: &Wizard, step: &Step, session: &Session, row: &Row) -> Line<'a> {
    let t = &app.theme;
    let site = &session.site;
    match row {
        Row::SiteText(f) => {
            let value = site.get(*f);
            let mut spans = vec![Span::styled(format!("  {:<24}", f.label()), t.text)];
            if value.is_empty() {
                spans.push(Span::styled(strings::EMPTY, t.hint));
            } else {
                spans.push(Span::styled(value.clone(), t.text));
                if let Err(e) = Site::check(wizard, *f, &value) {
                    spans.push(Span::styled(format!("  ✗ {e}"), t.error));
                }
            }
            Line::from(spans)
        }
        Row::SiteChoice(f) => {
            let value = site.get(*f);
            let label = site_options(wizard, *f)
                .unwrap_or_default()
                .into_iter()
                .find(|(id, _)| *id == value)
                .map(|(_, l)| l);
            let shown = label.unwrap_or_else(|| strings::NOT_ANSWERED.to_string());
            Line::from(vec![
                Span::styled(format!("  {:<24}", f.label()), t.text),
                Span::styled(shown, t.hint),
            ])
        }
        Row::SiteOption(f, id) => {
            let label = site_options(wizard, *f)
                .unwrap_or_default()
                .into_iter()
                .find(|(o, _)| o == id)
                .map(|(_, l)| l)
                .unwrap_or_default();
            let chosen = site.get(*f) == *id;
            Line::styled(format!("      {} {label}", radio(chosen)), t.text)
        }
        Row::Item(i) => match step.items.get(*i) {
            Some(item) => item_line(app, session, item),
            None => Line::default(),
        },
        Row::Option(i, id) => {
            let Some(item) = step.items.get(*i) else {
                return Line::default();
            };
            let value = Value::Text(id.clone());
            let chosen = session.answer(&item.id).is_some_and(|a| a.value == value);
            let mut spans = vec![Span::styled(
                format!("      {} {}", radio(chosen), describe(item, &value)),
                t.text,
            )];
            if item.recommended.as_ref() == Some(&value) {
                spans.push(Span::styled(format!("  {}", strings::RECOMMENDED), t.hint));
            }
            Line::from(spans)
        }
    }
}

fn item_line<'a>(app: &App, session: &Session, item: &Item) -> Line<'a> {
    let t = &app.theme;
    let answer = session.answer(&item.id);
    let deviates = match (answer, &item.recommended) {
        (Some(a), Some(r)) => &a.value != r,
        _ => false,
    };
    let label_style = if deviates { t.deviation } else { t.text };
    let value_text = answer.map(|a| describe(item, &a.value));
    match item.kind {
        ItemKind::Toggle => {
            let mark = match answer.and_then(|a| a.value.as_bool()) {
                Some(true) => "[x]",
                Some(false) => "[ ]",
                None => "[·]",
            };
            Line::styled(format!("  {mark} {}", item.label), label_style)
        }
        ItemKind::Choice | ItemKind::Measure => Line::from(vec![
            Span::styled(format!("  {}: ", item.label), label_style),
            Span::styled(
                value_text.unwrap_or_else(|| strings::NOT_ANSWERED.into()),
                t.hint,
            ),
        ]),
        ItemKind::Field => {
            let value = value_text.unwrap_or_default();
            let mut spans = vec![Span::styled(format!("  {}: ", item.label), label_style)];
            if value.is_empty() {
                spans.push(Span::styled(strings::EMPTY, t.hint));
            } else {
                spans.push(Span::styled(value, t.text));
            }
            // A kept answer that no longer fits its field (the wizard changed) says why.
            if let Some(e) = answer.and_then(|a| value_error(item, &a.value)) {
                spans.push(Span::styled(format!("  ✗ {e}"), t.error));
            }
            Line::from(spans)
        }
        ItemKind::PasswordCheck => {
            let done = answer.is_some_and(|a| a.value == Value::Bool(true));
            let (mark, note) = if done {
                ("[x]", strings::password_state(true))
            } else {
                ("[ ]", strings::PASSWORD_ASK)
            };
            Line::from(vec![
                Span::styled(format!("  {mark} {}  ", item.label), label_style),
                Span::styled(note, t.hint),
            ])
        }
        ItemKind::Info => Line::styled(format!("  i {}", item.label), t.hint),
    }
}

#[allow(clippy::too_many_arguments)]
fn details(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    wizard: &Wizard,
    step: &Step,
    session: &Session,
    focused: Option<&Row>,
) {
    let t = &app.theme;
    let mut lines: Vec<Line> = Vec::new();
    // The pane is titled with what is focused; the preview comes before the source, so that a
    // short pane shows what matters first.
    let title = match (
        focused.and_then(Row::site_field),
        focused.and_then(|r| r.item(step)),
    ) {
        (Some(f), _) => {
            lines.push(Line::styled(strings::site_help(f), t.text));
            lines.push(Line::styled(strings::SITE_SOURCE, t.hint));
            f.label().to_string()
        }
        (None, Some(item)) => {
            item_details(app, &mut lines, wizard, session, item);
            item.label.clone()
        }
        (None, None) => {
            lines.push(Line::styled(step.intro.clone(), t.text));
            strings::DETAILS.to_string()
        }
    };
    frame.render_widget(pane(app, format!(" {title} ")), area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        layout::inner(area),
    );
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
    } else if let Some(r) = &item.recommended {
        lines.push(Line::styled(
            strings::recommended(&describe(item, r)),
            t.hint,
        ));
    }
    if let Some(a) = session.answer(&item.id).filter(|a| !a.reason.is_empty()) {
        lines.push(Line::styled(strings::your_reason(&a.reason), t.text));
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
        for op in ops {
            for l in open.map(|o| operation_lines(o, op)).unwrap_or_default() {
                lines.push(Line::styled(format!("  {l}"), t.ok));
            }
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

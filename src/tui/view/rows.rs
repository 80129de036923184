//! The items pane's content as wrapped lines: the step's introduction, then each row (label and
//! value wrap, never cut), and the reasons a step cannot be left. `update` measures the same
//! lines to scroll, so what is scrolled to is what is drawn.

use crate::catalog::{Item, ItemKind};
use crate::session::{CheckState, Session, Site, describe, value_error};
use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::rows::{Row, site_options};
use crate::tui::strings;
use crate::tui::wrap;
use ratatui::text::{Line, Span};

/// Continuation lines of a row start under its label.
const INDENT: usize = 6;

/// The list's lines and, per row, the range of lines it takes.
pub struct ListLines {
    pub lines: Vec<Line<'static>>,
    pub rows: Vec<std::ops::Range<usize>>,
}

/// The width of the item list at the current size.
pub fn list_width(app: &App) -> usize {
    let areas = crate::tui::view::step::areas(app);
    layout::inner(areas.items).width as usize
}

/// The introduction and every row of the current step, wrapped to the list's width.
pub fn list_lines(app: &App) -> ListLines {
    let width = list_width(app);
    let mut lines = Vec::new();
    let (Some(wizard), Some(index)) = (app.wizard(), app.step_index()) else {
        return ListLines {
            lines,
            rows: Vec::new(),
        };
    };
    let step = &wizard.steps[index];
    if !step.intro.is_empty() {
        lines.extend(wrap::text(&step.intro, app.theme.hint, width, 0));
        lines.push(Line::default());
    }
    let mut rows = Vec::new();
    for row in crate::tui::app::step::current_rows(app) {
        let start = lines.len();
        lines.extend(row_lines(app, &row, width));
        rows.push(start..lines.len());
    }
    ListLines { lines, rows }
}

/// Why the step cannot be left, wrapped.
pub fn problem_lines(app: &App) -> Vec<Line<'static>> {
    let width = list_width(app);
    app.ui
        .problems
        .iter()
        .flat_map(|p| wrap::text(&format!("✗ {p}"), app.theme.error, width, 2))
        .collect()
}

/// A choice's value, marked as one that left and right change.
fn choice_value(value: String) -> String {
    format!("◂ {value} ▸")
}

/// One row as wrapped lines.
pub fn row_lines(app: &App, row: &Row, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let (Some(open), Some(wizard), Some(index)) = (&app.open, app.wizard(), app.step_index())
    else {
        return Vec::new();
    };
    let session = &open.session;
    let site = &session.site;
    let spans = match row {
        Row::SiteText(f) => {
            let value = site.get(*f);
            let mut spans = vec![Span::styled(format!("  {}: ", f.label()), t.text)];
            if value.is_empty() {
                spans.push(Span::styled(strings::EMPTY, t.hint));
            } else {
                spans.push(Span::styled(value.clone(), t.text));
                if let Err(e) = Site::check(wizard, *f, &value) {
                    spans.push(Span::styled(format!("  ✗ {e}"), t.error));
                }
            }
            spans
        }
        Row::SiteChoice(f) => {
            let value = site.get(*f);
            let label = site_options(wizard, *f)
                .unwrap_or_default()
                .into_iter()
                .find(|(id, _)| *id == value)
                .map(|(_, l)| l);
            let (shown, style) = match label {
                Some(l) => (choice_value(l), t.text),
                None => (choice_value(strings::NOT_ANSWERED.into()), t.hint),
            };
            vec![
                Span::styled(format!("  {}: ", f.label()), t.text),
                Span::styled(shown, style),
            ]
        }
        Row::Item(i) => match wizard.steps[index].items.get(*i) {
            Some(item) => item_spans(app, session, item),
            None => Vec::new(),
        },
    };
    wrap::spans(spans, width, INDENT)
}

fn item_spans(app: &App, session: &Session, item: &Item) -> Vec<Span<'static>> {
    let t = &app.theme;
    let answer = session.answer(&item.id);
    let recommended = app.recommendation(item);
    let deviates = answer.is_some_and(|a| item.deviates(&a.value, recommended.as_ref()));
    let label_style = if deviates { t.deviation } else { t.text };
    let value_text = answer.map(|a| describe(item, &a.value));
    let mut spans = match item.kind {
        ItemKind::Toggle => {
            let mark = match answer.and_then(|a| a.value.as_bool()) {
                Some(true) => "[x]",
                Some(false) => "[ ]",
                None => "[·]",
            };
            vec![Span::styled(
                format!("  {mark} {}", item.label),
                label_style,
            )]
        }
        ItemKind::Choice | ItemKind::Measure => {
            let (value, style) = match value_text {
                Some(v) => (choice_value(v), t.text),
                None => (choice_value(strings::NOT_ANSWERED.into()), t.hint),
            };
            vec![
                Span::styled(format!("  {}: ", item.label), label_style),
                Span::styled(value, style),
            ]
        }
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
            spans
        }
        ItemKind::PasswordCheck => {
            let done = matches!(session.password_check(item), CheckState::Made(_));
            let (mark, note) = if done {
                ("[x]", strings::password_state(true))
            } else {
                ("[ ]", strings::PASSWORD_ASK)
            };
            vec![
                Span::styled(format!("  {mark} {}  ", item.label), label_style),
                Span::styled(note, t.hint),
            ]
        }
        ItemKind::Info => vec![Span::styled(format!("  i {}", item.label), t.hint)],
    };
    if deviates && let Some(r) = &recommended {
        spans.push(Span::styled(
            format!("  ({})", strings::deviation(&describe(item, r))),
            t.hint,
        ));
    }
    spans
}

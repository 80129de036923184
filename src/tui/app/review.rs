//! The review screen: every decision by step, deviations with their reasons, what is missing,
//! and the lock-out warnings with their confirmation.

use super::{App, Effect, Question, Screen};
use crate::catalog::{ItemKind, StepKind, TargetOs};
use crate::plan::{Operation, Origin, lockout_fingerprint};
use crate::session::Change;
use crate::session::SiteField;
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::rows::site_options;
use crate::tui::strings;

/// How a review line is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Heading,
    Text,
    Hint,
    Ok,
    Warn,
    Error,
    Deviation,
}

pub struct Line {
    pub indent: u16,
    pub tone: Tone,
    pub text: String,
}

fn line(indent: u16, tone: Tone, text: impl Into<String>) -> Line {
    Line {
        indent,
        tone,
        text: text.into(),
    }
}

/// The review, line by line, wrapped to the screen: lock-out warnings, what is missing (the
/// same list that refuses the export), the deviations with their reasons, then every decision
/// by step.
pub fn lines(app: &App) -> Vec<Line> {
    let (Some(open), Some(wizard)) = (&app.open, app.wizard()) else {
        return Vec::new();
    };
    let plan = open.full_plan(wizard);
    let mut out = Vec::new();
    if !plan.lockout.is_empty() {
        out.push(line(0, Tone::Warn, strings::LOCKOUT_HEADING));
        for w in &plan.lockout {
            out.push(line(2, Tone::Warn, &w.message));
        }
        out.push(if plan.lockout_confirmed {
            line(2, Tone::Ok, strings::LOCKOUT_CONFIRMED)
        } else {
            line(2, Tone::Error, strings::lockout_ask())
        });
        out.push(line(0, Tone::Text, ""));
    }
    if super::export::blockers(app).is_empty() {
        out.push(line(0, Tone::Ok, strings::NOTHING_MISSING));
    } else {
        out.push(line(0, Tone::Error, strings::MISSING_HEADING));
        let ev = &open.ev;
        for (index, step) in wizard.steps.iter().enumerate() {
            let state = open.session.step_state(wizard, ev, index);
            if state.is_settled() {
                continue;
            }
            out.push(line(2, Tone::Error, strings::step_open(&step.title, state)));
            for p in open.session.step_problems(wizard, ev, index) {
                out.push(line(4, Tone::Hint, p.message));
            }
        }
        if plan.lockout_blocks() {
            out.push(line(2, Tone::Error, strings::lockout_unconfirmed()));
        }
    }
    out.push(line(0, Tone::Text, ""));
    deviations(&mut out, plan);
    for step in &plan.steps {
        out.push(line(0, Tone::Text, ""));
        out.push(line(
            0,
            Tone::Heading,
            strings::review_step(&step.title, step.state, &step.reason),
        ));
        if step.kind == StepKind::Site {
            out.extend(site_lines(app));
        }
        for d in step.decisions.iter().filter(|d| d.kind != ItemKind::Info) {
            let value = if d.kind == ItemKind::PasswordCheck {
                let made = d.password_check.as_ref().is_some_and(|c| c.made);
                strings::password_state(made).to_string()
            } else if d.value.is_empty() && d.kind == ItemKind::Field {
                strings::LEFT_EMPTY.to_string()
            } else if d.value.is_empty() {
                strings::UNANSWERED.to_string()
            } else {
                d.value.clone()
            };
            let tone = if d.deviates {
                Tone::Deviation
            } else if d.value.is_empty() {
                Tone::Hint
            } else {
                Tone::Text
            };
            out.push(line(2, tone, format!("{}: {value}", d.label)));
            if d.deviates {
                let recommended = d.recommended.clone().unwrap_or_default();
                out.push(line(4, Tone::Deviation, strings::deviation(&recommended)));
            }
            for l in strings::reason_lines(&d.reason) {
                out.push(line(4, Tone::Hint, l));
            }
        }
        for (labels, note) in step.ours() {
            out.push(line(2, Tone::Hint, strings::ours_in(&labels, note)));
        }
        let operations = open.plan.operations_of_step(wizard, &step.id);
        out.extend(origin_lines(operations, plan.site.target_os));
    }
    wrapped(
        out,
        layout::inner(crate::tui::view::chrome(app, app.ui.size).body).width as usize,
    )
}

/// The deviations from the document first, each with its step, recommendation and reason.
fn deviations(out: &mut Vec<Line>, plan: &crate::plan::Plan) {
    let list: Vec<_> = plan
        .steps
        .iter()
        .flat_map(|s| s.decisions.iter().map(move |d| (s, d)))
        .filter(|(_, d)| d.deviates)
        .collect();
    if list.is_empty() {
        out.push(line(0, Tone::Ok, strings::NO_DEVIATIONS));
        return;
    }
    out.push(line(0, Tone::Deviation, strings::DEVIATIONS_HEADING));
    for (step, d) in list {
        out.push(line(
            2,
            Tone::Deviation,
            format!("{} › {}: {}", step.title, d.label, d.value),
        ));
        let recommended = d.recommended.clone().unwrap_or_default();
        out.push(line(4, Tone::Hint, strings::deviation(&recommended)));
        let reasons = strings::reason_lines(&d.reason);
        if reasons.is_empty() {
            out.push(line(4, Tone::Error, strings::NO_REASON));
        }
        for l in reasons {
            out.push(line(4, Tone::Hint, l));
        }
    }
}

/// Each line wrapped to `width` at its indent, continuation lines two columns further in.
fn wrapped(lines: Vec<Line>, width: usize) -> Vec<Line> {
    let mut out = Vec::new();
    for l in lines {
        let room = width.saturating_sub(l.indent as usize).max(10);
        let parts = crate::tui::wrap::text(&l.text, Default::default(), room, 2);
        for part in parts {
            out.push(Line {
                indent: l.indent,
                tone: l.tone,
                text: part.to_string(),
            });
        }
    }
    out
}

/// The step's operations that are not the document's own on this system, one line per origin.
fn origin_lines<'a>(
    operations: impl Iterator<Item = &'a Operation>,
    target: Option<TargetOs>,
) -> Vec<Line> {
    let mut origins: Vec<(&Origin, usize)> = Vec::new();
    for op in operations {
        if op.origin == Origin::Document {
            continue;
        }
        match origins.iter_mut().find(|(o, _)| **o == op.origin) {
            Some((_, n)) => *n += 1,
            None => origins.push((&op.origin, 1)),
        }
    }
    origins
        .into_iter()
        .map(|(origin, n)| {
            let tone = match origin {
                Origin::Verify { .. } => Tone::Warn,
                _ => Tone::Hint,
            };
            let text = strings::origin_count(n, &origin.describe(target));
            line(2, tone, text)
        })
        .collect()
}

/// The site facts, as the site step's first decisions.
fn site_lines(app: &App) -> Vec<Line> {
    let (Some(open), Some(wizard)) = (&app.open, app.wizard()) else {
        return Vec::new();
    };
    let site = &open.session.site;
    SiteField::ALL
        .into_iter()
        .filter(|f| *f != SiteField::Release || !wizard.releases.is_empty())
        .map(|f| {
            let raw = site.get(f);
            let value = site_options(wizard, f)
                .and_then(|o| o.into_iter().find(|(id, _)| *id == raw).map(|(_, l)| l))
                .unwrap_or(raw);
            if value.is_empty() {
                line(
                    2,
                    Tone::Hint,
                    format!("{}: {}", f.label(), strings::LEFT_EMPTY),
                )
            } else {
                line(2, Tone::Text, format!("{}: {value}", f.label()))
            }
        })
        .collect()
}

pub fn height(app: &App) -> usize {
    layout::inner(crate::tui::view::chrome(app, app.ui.size).body).height as usize
}

pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let len = lines(app).len();
    let height = height(app);
    let page = height.saturating_sub(1).max(1) as isize;
    // The review scrolls: the selection is the top line.
    let scroll = |app: &mut App, delta: isize| {
        let max = len.saturating_sub(height) as isize;
        let top = (app.ui.review.offset as isize + delta).clamp(0, max.max(0));
        app.ui.review.offset = top as usize;
    };
    match action {
        Action::Up | Action::ScrollUp { .. } => scroll(app, -1),
        Action::Down | Action::ScrollDown { .. } => scroll(app, 1),
        Action::PageUp => scroll(app, -page),
        Action::PageDown => scroll(app, page),
        Action::Home => scroll(app, -(len as isize)),
        Action::End => scroll(app, len as isize),
        Action::Back => app.ui.screen = Screen::Step,
        Action::Export => super::export::enter(app),
        Action::ConfirmLockout => return confirm_lockout(app),
        _ => {}
    }
    None
}

/// `c` on the review or the export screen: asks to confirm the lock-out warnings, or withdraws
/// a confirmation given.
pub fn confirm_lockout(app: &mut App) -> Option<Effect> {
    let plan = &app.open.as_ref()?.plan;
    if plan.lockout.is_empty() {
        app.ui.message = Some(strings::NO_LOCKOUT.into());
    } else if plan.lockout_confirmed {
        return app.change_or_say(Change::ConfirmLockout { fingerprint: None });
    } else {
        let fingerprint = lockout_fingerprint(&plan.lockout);
        app.ask(Question::ConfirmLockout(fingerprint));
    }
    None
}

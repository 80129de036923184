//! What rests on the document and what is ours, for plan.md and plan.html: the origin of each
//! operation (the document's own, translated by us, or to verify on this system), what in the
//! decisions is ours, and the appendix that walks the document section by section.

use super::quote::{html, md_code, md_text};
use crate::plan::{Operation, Origin, Plan, PlanStep};
use std::fmt::Write;

/// Our translation notes, numbered by first use (T1, T2, ...): many operations share one.
pub struct Translations<'a> {
    notes: Vec<&'a str>,
}

impl<'a> Translations<'a> {
    pub fn of(plan: &'a Plan) -> Translations<'a> {
        let mut notes: Vec<&str> = Vec::new();
        for op in &plan.operations {
            if let Origin::Translated { note } = &op.origin
                && !notes.contains(&note.as_str())
            {
                notes.push(note);
            }
        }
        Translations { notes }
    }

    /// The origin of an operation in a table cell.
    pub fn cell(&self, op: &Operation) -> String {
        match &op.origin {
            Origin::Translated { note } => {
                let n = self.notes.iter().position(|t| t == note).unwrap_or(0) + 1;
                format!("translated by us (T{n})")
            }
            other => other.short().to_string(),
        }
    }

    /// (label, note) of every translation.
    pub fn notes(&self) -> impl Iterator<Item = (String, &'a str)> + '_ {
        self.notes
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("T{}", i + 1), *n))
    }
}

/// The sentence on the operations to verify, if there are any.
pub fn verify_sentence(plan: &Plan) -> Option<String> {
    let to_verify: Vec<&Operation> = plan
        .operations
        .iter()
        .filter(|o| matches!(o.origin, Origin::Verify { .. }))
        .collect();
    let first = to_verify.first()?;
    let (count, check) = match to_verify.len() {
        1 => (
            "1 operation is".to_string(),
            "Check it on this system before it is run.",
        ),
        n => (
            format!("{n} operations are"),
            "Check them on this system before they are run.",
        ),
    };
    Some(format!(
        "{count} marked {}. {check}",
        first.origin.describe(plan.site.target_os)
    ))
}

const APPENDIX: &str = "The document, section by section";
const APPENDIX_INTRO: &str = "Each section of the source document as its heading stands in the document: \
    what it recommends (our summary), the steps and items that carry it with the decision taken on this \
    site, or why this wizard does not encode it.";

pub fn md_ours(out: &mut String, step: &PlanStep) {
    let list = step.ours();
    for (labels, note) in &list {
        let _ = writeln!(out, "- Ours in {}: {}", md_text(labels), md_text(note));
    }
    if !list.is_empty() {
        out.push('\n');
    }
}

pub fn md_origins(out: &mut String, plan: &Plan, translations: &Translations) {
    if let Some(s) = verify_sentence(plan) {
        let _ = writeln!(out, "{}\n", md_text(&s));
    }
    let notes: Vec<_> = translations.notes().collect();
    if notes.is_empty() {
        return;
    }
    out.push_str("Translations by us (the document predates this system or its own value is weaker than the system's default):\n\n");
    for (label, note) in notes {
        let _ = writeln!(out, "- {label}: {}", md_text(note));
    }
    out.push('\n');
}

pub fn md_document(out: &mut String, plan: &Plan) {
    if plan.sections.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {APPENDIX}\n\n{}\n", md_text(APPENDIX_INTRO));
    for s in &plan.sections {
        let _ = writeln!(out, "### {}\n", md_text(&s.heading));
        let _ = writeln!(
            out,
            "- The document recommends (our summary): {}",
            md_text(&s.recommends)
        );
        if let Some(note) = &s.note {
            let _ = writeln!(out, "- Note (ours): {}", md_text(note));
        }
        if let Some(reason) = &s.not_encoded {
            let _ = writeln!(out, "- Not encoded: {}", md_text(reason));
        }
        for c in &s.carried_by {
            let _ = write!(
                out,
                "- {} ({}): {}",
                md_text(&c.label),
                md_code(&c.id),
                md_text(&c.decision)
            );
            if !c.quote.is_empty() {
                let _ = write!(out, ". The document: \u{201c}{}\u{201d}", md_text(&c.quote));
            }
            out.push('\n');
        }
        out.push('\n');
    }
}

pub fn html_ours(out: &mut String, step: &PlanStep) {
    let list = step.ours();
    if list.is_empty() {
        return;
    }
    out.push_str("<ul class=\"ours\">\n");
    for (labels, note) in list {
        let _ = writeln!(out, "<li>Ours in {}: {}</li>", html(&labels), html(note));
    }
    out.push_str("</ul>\n");
}

pub fn html_origins(out: &mut String, plan: &Plan, translations: &Translations) {
    if let Some(s) = verify_sentence(plan) {
        let _ = writeln!(out, "<p class=\"warn\">{}</p>", html(&s));
    }
    let notes: Vec<_> = translations.notes().collect();
    if notes.is_empty() {
        return;
    }
    out.push_str("<p>Translations by us (the document predates this system or its own value is weaker than the system's default):</p>\n<dl>\n");
    for (label, note) in notes {
        let _ = writeln!(out, "<dt>{label}</dt><dd>{}</dd>", html(note));
    }
    out.push_str("</dl>\n");
}

pub fn html_document(out: &mut String, plan: &Plan) {
    if plan.sections.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h2>{APPENDIX}</h2>\n<p>{}</p>", html(APPENDIX_INTRO));
    for s in &plan.sections {
        let _ = writeln!(out, "<h3>{}</h3>\n<ul>", html(&s.heading));
        let _ = writeln!(
            out,
            "<li>The document recommends (our summary): {}</li>",
            html(&s.recommends)
        );
        if let Some(note) = &s.note {
            let _ = writeln!(out, "<li>Note (ours): {}</li>", html(note));
        }
        if let Some(reason) = &s.not_encoded {
            let _ = writeln!(out, "<li>Not encoded: {}</li>", html(reason));
        }
        for c in &s.carried_by {
            let _ = write!(
                out,
                "<li>{} (<code>{}</code>): {}",
                html(&c.label),
                html(&c.id),
                html(&c.decision)
            );
            if !c.quote.is_empty() {
                let _ = write!(out, ". The document: <q>{}</q>", html(&c.quote));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
}

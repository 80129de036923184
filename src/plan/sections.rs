//! The plan's appendix: the document, section by section, with what each section recommends,
//! the steps and items that carry it, and what was decided for them on this site.

use super::{Decision, PlanStep};
use crate::catalog::{Condition, ItemKind, TargetOs, Wizard};
use crate::session::StepState;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct DocumentSection {
    /// The heading as it stands in the document.
    pub heading: String,
    /// What the section recommends (our summary).
    pub recommends: String,
    /// Ours: a remark on the section.
    pub note: Option<String>,
    /// Why the wizard does not encode the section; None when it does.
    pub not_encoded: Option<String>,
    pub carried_by: Vec<Carrier>,
}

/// A step or item that rests on the section.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Carrier {
    /// Step or item id.
    pub id: String,
    pub label: String,
    /// What was decided, as the installer reads it.
    pub decision: String,
    /// The document's passage it rests on.
    pub quote: String,
}

pub fn report(
    wizard: &Wizard,
    target: Option<TargetOs>,
    steps: &[PlanStep],
) -> Vec<DocumentSection> {
    let document = &wizard.document;
    // Looked up once per step and item, not searched for each section.
    let mut shown_steps: HashMap<&str, &PlanStep> = HashMap::new();
    let mut decided_items: HashMap<(&str, &str), &Decision> = HashMap::new();
    for s in steps {
        shown_steps.entry(s.id.as_str()).or_insert(s);
        for d in &s.decisions {
            decided_items
                .entry((s.id.as_str(), d.item.as_str()))
                .or_insert(d);
        }
    }
    document
        .sections
        .iter()
        .map(|section| {
            let mut carried_by = Vec::new();
            for step in &wizard.steps {
                let shown = shown_steps.get(step.id.as_str()).copied();
                if step.source.section == section.heading {
                    carried_by.push(Carrier {
                        id: step.id.clone(),
                        label: format!("Step: {}", step.title),
                        quote: step.source.quote.clone(),
                        decision: match shown {
                            Some(s) if s.state == StepState::Skipped => {
                                format!("skipped: {}", s.reason)
                            }
                            Some(s) => s.state.label().to_string(),
                            None => not_asked([&step.when], target),
                        },
                    });
                }
                for item in step
                    .items
                    .iter()
                    .filter(|i| i.source.section == section.heading)
                {
                    let decided = shown.and_then(|s| {
                        decided_items
                            .get(&(s.id.as_str(), item.id.as_str()))
                            .copied()
                    });
                    let decision = match (shown, decided) {
                        (Some(s), Some(_)) if s.state == StepState::Skipped => {
                            format!("step skipped: {}", s.reason)
                        }
                        (_, Some(d)) => decided_text(d),
                        _ => not_asked([&step.when, &item.when], target),
                    };
                    carried_by.push(Carrier {
                        id: item.id.clone(),
                        label: item.label.clone(),
                        decision,
                        quote: item.source.quote.clone(),
                    });
                }
            }
            DocumentSection {
                heading: section.heading.clone(),
                recommends: section.recommends.clone(),
                note: section.note.clone(),
                not_encoded: document
                    .not_encoded
                    .iter()
                    .find(|n| n.section == section.heading)
                    .map(|n| n.reason.clone()),
                carried_by,
            }
        })
        .collect()
}

fn decided_text(d: &Decision) -> String {
    if d.kind == ItemKind::Info {
        return "shown to the installer".into();
    }
    if d.value.is_empty() {
        return "not answered".into();
    }
    if !d.deviates {
        return d.value.clone();
    }
    let recommended = d.recommended.as_deref().unwrap_or("");
    let reason = if d.reason.is_empty() {
        "no reason given"
    } else {
        &d.reason
    };
    format!(
        "{} (deviates from the document's {recommended}; reason: {reason})",
        d.value
    )
}

/// Why a step or item was not asked: not on this system, or its condition does not hold.
fn not_asked<const N: usize>(
    conditions: [&Option<Condition>; N],
    target: Option<TargetOs>,
) -> String {
    let off_system = target.filter(|t| {
        conditions
            .iter()
            .filter_map(|c| c.as_ref())
            .any(|c| excludes(c, *t))
    });
    match off_system {
        Some(t) => format!("not asked on {}", t.label()),
        None => "not asked: its condition does not hold for this site".into(),
    }
}

/// Whether the condition fails for every site on `target`, whatever the answers.
fn excludes(c: &Condition, target: TargetOs) -> bool {
    match c {
        Condition::TargetOs(list) => !list.contains(&target),
        Condition::All(all) => all.iter().any(|c| excludes(c, target)),
        Condition::Any(any) => !any.is_empty() && any.iter().all(|c| excludes(c, target)),
        _ => false,
    }
}

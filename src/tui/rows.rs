//! The rows of the wizard screen: one per site fact and per visible item (a choice is one row,
//! changed with left/right or its picker), the same list for drawing and for keys and clicks, so
//! what is shown is what is selected.

use crate::catalog::{Item, ItemKind, Step, StepKind, Wizard};
use crate::session::{Access, Evaluation, SiteField};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A site fact typed as text.
    SiteText(SiteField),
    /// A site fact chosen from a list.
    SiteChoice(SiteField),
    /// An item of the step, by index in `step.items`.
    Item(usize),
}

impl Row {
    /// The step item this row belongs to, if any.
    pub fn item<'w>(&self, step: &'w Step) -> Option<&'w Item> {
        match self {
            Row::Item(i) => step.items.get(*i),
            _ => None,
        }
    }

    pub fn site_field(&self) -> Option<SiteField> {
        match self {
            Row::SiteText(f) | Row::SiteChoice(f) => Some(*f),
            _ => None,
        }
    }
}

/// The options of a site fact chosen from a list, as (id, label).
pub fn site_options(wizard: &Wizard, field: SiteField) -> Option<Vec<(String, String)>> {
    match field {
        SiteField::TargetOs => Some(
            wizard
                .target_os
                .iter()
                .map(|t| (t.id().to_string(), t.label().to_string()))
                .collect(),
        ),
        SiteField::Release => Some(
            wizard
                .releases
                .iter()
                .map(|r| (r.clone(), r.clone()))
                .collect(),
        ),
        SiteField::Access => Some(
            Access::ALL
                .iter()
                .map(|a| {
                    (
                        a.id().to_string(),
                        super::strings::access_label(*a).to_string(),
                    )
                })
                .collect(),
        ),
        _ => None,
    }
}

/// The options of an item, as (id, label).
pub fn item_options(item: &Item) -> Vec<(String, String)> {
    match item.kind {
        ItemKind::Choice => item
            .options
            .iter()
            .map(|o| (o.id.clone(), o.label.clone()))
            .collect(),
        ItemKind::Measure => item
            .measure_states()
            .into_iter()
            .map(|s| (s.id, s.label))
            .collect(),
        _ => Vec::new(),
    }
}

/// The rows of a step for this evaluation, keeping only those matching `filter` (ignoring case;
/// a choice matches by its label or any of its options).
pub fn rows(wizard: &Wizard, step: &Step, ev: &Evaluation, filter: &str) -> Vec<Row> {
    let filter = filter.trim().to_lowercase();
    let matches = |label: &str, options: &[(String, String)]| {
        filter.is_empty()
            || label.to_lowercase().contains(&filter)
            || options
                .iter()
                .any(|(_, l)| l.to_lowercase().contains(&filter))
    };
    let mut out = Vec::new();
    if step.kind == StepKind::Site {
        for field in SiteField::ALL {
            if field == SiteField::Release && wizard.releases.is_empty() {
                continue;
            }
            let options = site_options(wizard, field);
            if matches(field.label(), options.as_deref().unwrap_or_default()) {
                out.push(match options {
                    Some(_) => Row::SiteChoice(field),
                    None => Row::SiteText(field),
                });
            }
        }
    }
    for (index, item) in step.items.iter().enumerate() {
        if ev.visible(&item.id) && matches(&item.label, &item_options(item)) {
            out.push(Row::Item(index));
        }
    }
    out
}

/// Whether a row takes typed text (a site fact or a field): typing on it starts editing.
pub fn is_text(row: &Row, step: &Step) -> bool {
    match row {
        Row::SiteText(_) => true,
        Row::Item(_) => row.item(step).is_some_and(|i| i.kind == ItemKind::Field),
        Row::SiteChoice(_) => false,
    }
}

/// Whether a row takes an answer at all (everything but information): Tab stops there.
pub fn is_input(row: &Row, step: &Step) -> bool {
    row.item(step).is_none_or(|i| i.kind != ItemKind::Info)
}

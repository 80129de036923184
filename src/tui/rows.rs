//! The rows of the wizard screen: one line each, the same list for drawing and for keys and
//! clicks, so what is shown is what is selected.

use crate::catalog::{Item, ItemKind, Step, StepKind, Wizard};
use crate::session::{Access, Evaluation, SiteField};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A site fact typed as text.
    SiteText(SiteField),
    /// A site fact chosen from a list: its heading, then one row per option.
    SiteChoice(SiteField),
    SiteOption(SiteField, String),
    /// An item of the step, by index in `step.items`.
    Item(usize),
    /// An option of a choice or a state of a measure: (item index, option id).
    Option(usize, String),
}

impl Row {
    /// The step item this row belongs to, if any.
    pub fn item<'w>(&self, step: &'w Step) -> Option<&'w Item> {
        match self {
            Row::Item(i) | Row::Option(i, _) => step.items.get(*i),
            _ => None,
        }
    }

    pub fn site_field(&self) -> Option<SiteField> {
        match self {
            Row::SiteText(f) | Row::SiteChoice(f) | Row::SiteOption(f, _) => Some(*f),
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
/// a heading stays when one of its options matches).
pub fn rows(wizard: &Wizard, step: &Step, ev: &Evaluation, filter: &str) -> Vec<Row> {
    let filter = filter.trim().to_lowercase();
    let matches = |text: &str| filter.is_empty() || text.to_lowercase().contains(&filter);
    let mut out = Vec::new();
    let mut group = |heading: Row, label: &str, options: Vec<(String, Row)>| {
        let shown: Vec<Row> = options
            .into_iter()
            .filter(|(l, _)| matches(label) || matches(l))
            .map(|(_, r)| r)
            .collect();
        if matches(label) || !shown.is_empty() {
            out.push(heading);
            out.extend(shown);
        }
    };
    if step.kind == StepKind::Site {
        for field in SiteField::ALL {
            if field == SiteField::Release && wizard.releases.is_empty() {
                continue;
            }
            match site_options(wizard, field) {
                Some(options) => group(
                    Row::SiteChoice(field),
                    field.label(),
                    options
                        .into_iter()
                        .map(|(id, label)| (label, Row::SiteOption(field, id)))
                        .collect(),
                ),
                None => group(Row::SiteText(field), field.label(), Vec::new()),
            }
        }
    }
    for (index, item) in step.items.iter().enumerate() {
        if !ev.visible(&item.id) {
            continue;
        }
        let options = item_options(item)
            .into_iter()
            .map(|(id, label)| (label, Row::Option(index, id)))
            .collect();
        group(Row::Item(index), &item.label, options);
    }
    out
}

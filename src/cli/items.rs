//! `hardline items`: what an answers file may say for a product, as text or JSON: the site facts,
//! releases and target systems, and every item with its kind, label, allowed values, default and
//! the condition that shows it.

use super::wizard;
use crate::catalog::{Catalog, Condition, Item, Value, Wizard};
use crate::session::SiteField;
use anyhow::Result;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Serialize)]
struct ProductItems<'a> {
    product: &'a str,
    name: &'a str,
    releases: &'a [String],
    target_os: Vec<&'static str>,
    site: Vec<&'static str>,
    steps: Vec<StepItems<'a>>,
}

#[derive(Serialize)]
struct StepItems<'a> {
    id: &'a str,
    title: &'a str,
    skippable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    shown_when: Option<String>,
    items: Vec<ItemLine<'a>>,
}

#[derive(Serialize)]
struct ItemLine<'a> {
    id: &'a str,
    kind: &'static str,
    label: &'a str,
    /// Option or state ids, for a choice or a measure.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    values: Vec<String>,
    allowed: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shown_when: Option<String>,
}

fn item_line(item: &Item) -> ItemLine<'_> {
    let values = match item.kind {
        crate::catalog::ItemKind::Choice => item.options.iter().map(|o| o.id.clone()).collect(),
        crate::catalog::ItemKind::Measure => {
            item.measure_states().into_iter().map(|s| s.id).collect()
        }
        _ => Vec::new(),
    };
    ItemLine {
        id: &item.id,
        kind: item.kind.id(),
        label: &item.label,
        values,
        allowed: item.allowed(),
        default: item.recommended.as_ref(),
        required: item.required.as_ref(),
        shown_when: item.when.as_ref().map(condition_text),
    }
}

fn describe(wizard: &Wizard) -> ProductItems<'_> {
    ProductItems {
        product: &wizard.id,
        name: &wizard.name,
        releases: &wizard.releases,
        target_os: wizard.target_os.iter().map(|t| t.id()).collect(),
        site: SiteField::ALL
            .into_iter()
            .filter(|f| *f != SiteField::Release || !wizard.releases.is_empty())
            .map(|f| f.id())
            .collect(),
        steps: wizard
            .steps
            .iter()
            .map(|s| StepItems {
                id: &s.id,
                title: &s.title,
                skippable: s.skippable,
                shown_when: s.when.as_ref().map(condition_text),
                items: s.items.iter().map(item_line).collect(),
            })
            .collect(),
    }
}

/// A value as an answers file writes it: `true`, `"https"`.
fn json_value(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// A condition in words, with the ids an answers file uses.
pub fn condition_text(c: &Condition) -> String {
    let list = |cs: &[Condition], join: &str| {
        let parts: Vec<String> = cs
            .iter()
            .map(|c| match c {
                Condition::All(_) | Condition::Any(_) => format!("({})", condition_text(c)),
                _ => condition_text(c),
            })
            .collect();
        parts.join(join)
    };
    match c {
        Condition::Is { item, value } => format!("{item} = {}", json_value(value)),
        Condition::OneOf { item, values } => {
            let v: Vec<String> = values.iter().map(json_value).collect();
            format!("{item} is one of {}", v.join(", "))
        }
        Condition::ReleaseAtLeast(r) => format!("release {r} or later"),
        Condition::ReleaseBefore(r) => format!("release before {r}"),
        Condition::TargetOs(list) => {
            let ids: Vec<&str> = list.iter().map(|t| t.id()).collect();
            format!("target_os is one of {}", ids.join(", "))
        }
        Condition::All(cs) => list(cs, " and "),
        Condition::Any(cs) => list(cs, " or "),
        Condition::Not(c) => format!("not ({})", condition_text(c)),
    }
}

pub(super) fn items(catalog: &Catalog, product: &str, json: bool) -> Result<ExitCode> {
    let wizard = wizard(catalog, product)?;
    let d = describe(wizard);
    if json {
        say!("{}", serde_json::to_string_pretty(&d)?);
        return Ok(ExitCode::SUCCESS);
    }
    say!("{} ({})", d.name, d.product);
    say!("site facts: {}", d.site.join(", "));
    say!("target_os: {}", d.target_os.join(", "));
    if !d.releases.is_empty() {
        say!("release: {}", d.releases.join(", "));
    }
    for step in &d.steps {
        say!();
        let skip = if step.skippable {
            "may be skipped with a reason"
        } else {
            "may not be skipped"
        };
        say!("step {}: {} ({skip})", step.id, step.title);
        if let Some(w) = &step.shown_when {
            say!("  shown when {w}");
        }
        for i in &step.items {
            say!("  {} ({}): {}", i.id, i.kind, i.label);
            say!("    values: {}", i.allowed);
            if let Some(v) = i.default {
                say!("    default: {}", json_value(v));
            }
            if let Some(v) = i.required {
                say!("    required: {}", json_value(v));
            }
            if let Some(w) = &i.shown_when {
                say!("    shown when {w}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `hardline diff A B`: the decisions that differ between two sessions' plans.

use crate::plan::{Decision, Plan};
use crate::session::SiteField;
use serde::Serialize;
use std::fmt::Write;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DecisionDiff {
    /// Item id, or `site.<field>` for a site fact.
    pub item: String,
    pub label: String,
    pub step: String,
    /// The value in A; None where A does not show the item.
    pub a: Option<String>,
    pub b: Option<String>,
    pub a_reason: String,
    pub b_reason: String,
}

fn find<'a>(list: &[(&str, &'a Decision)], id: &str) -> Option<&'a Decision> {
    list.iter().find(|(_, d)| d.item == id).map(|(_, d)| *d)
}

fn decisions(plan: &Plan) -> Vec<(&str, &Decision)> {
    plan.steps
        .iter()
        .flat_map(|s| s.decisions.iter().map(move |d| (s.title.as_str(), d)))
        .collect()
}

/// Site facts, then every item shown in either plan, in A's order then B's.
pub fn diff_plans(a: &Plan, b: &Plan) -> Vec<DecisionDiff> {
    let mut out = Vec::new();
    for f in SiteField::ALL {
        let (va, vb) = (a.site.get(f), b.site.get(f));
        if va != vb {
            out.push(DecisionDiff {
                item: format!("site.{}", f.id()),
                label: f.label().to_string(),
                step: "Site".into(),
                a: Some(va),
                b: Some(vb),
                a_reason: String::new(),
                b_reason: String::new(),
            });
        }
    }
    let (da, db) = (decisions(a), decisions(b));
    let mut ids: Vec<(&str, &str)> = da.iter().map(|(s, d)| (*s, d.item.as_str())).collect();
    for (s, d) in &db {
        if !ids.iter().any(|(_, i)| *i == d.item) {
            ids.push((s, &d.item));
        }
    }
    for (step, id) in ids {
        let (x, y) = (find(&da, id), find(&db, id));
        let same =
            matches!((x, y), (Some(x), Some(y)) if x.value == y.value && x.reason == y.reason);
        if same {
            continue;
        }
        let label = x.or(y).map(|d| d.label.clone()).unwrap_or_default();
        out.push(DecisionDiff {
            item: id.to_string(),
            label,
            step: step.to_string(),
            a: x.map(|d| d.value.clone()),
            b: y.map(|d| d.value.clone()),
            a_reason: x.map(|d| d.reason.clone()).unwrap_or_default(),
            b_reason: y.map(|d| d.reason.clone()).unwrap_or_default(),
        });
    }
    out
}

/// One line per difference (and the reasons when they differ), for a terminal.
pub fn diff_text(diffs: &[DecisionDiff]) -> String {
    let mut out = String::new();
    let shown = |v: &Option<String>| match v {
        Some(v) if v.is_empty() => "(unanswered)".to_string(),
        Some(v) => v.clone(),
        None => "(not shown)".to_string(),
    };
    for d in diffs {
        let _ = writeln!(
            out,
            "{} [{}] {}: {} -> {}",
            super::quote::one_line(&d.step),
            d.item,
            super::quote::one_line(&d.label),
            super::quote::one_line(&shown(&d.a)),
            super::quote::one_line(&shown(&d.b))
        );
        if d.a_reason != d.b_reason {
            let _ = writeln!(
                out,
                "    reason: {} -> {}",
                super::quote::one_line(&d.a_reason),
                super::quote::one_line(&d.b_reason)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::every_action;

    #[test]
    fn finds_changed_values_reasons_and_site_facts() {
        let a = every_action("a");
        let mut b = every_action("a");
        assert!(diff_plans(&a, &b).is_empty());
        b.site.host = "pbx-02".into();
        b.steps[0].decisions[0].value = "off".into();
        b.steps[1].decisions.pop();
        let d = diff_plans(&a, &b);
        let ids: Vec<&str> = d.iter().map(|x| x.item.as_str()).collect();
        assert_eq!(ids, ["site.host", "item_0", "item_5"]);
        assert_eq!(d[2].b, None);
        let text = diff_text(&d);
        assert!(
            text.contains("[item_0] Label of item_0 a: on -> off"),
            "{text}"
        );
        assert!(text.contains("(not shown)"), "{text}");
    }
}

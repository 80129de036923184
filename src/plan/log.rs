//! The change log as it stands, for the page the customer signs: for each site fact, item and
//! step the installer set, who set it to its present value and when. Choices later undone or
//! changed again, undo and redo themselves and "needs review" marks stay in the full log (the
//! plan's `audit`, printed as an appendix).

use super::Plan;
use crate::session::SiteField;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub time: String,
    pub installer: String,
    /// What was set: a site fact's, an item's or a step's label.
    pub what: String,
    /// Its present value.
    pub value: String,
    pub reason: String,
}

/// What each target stands at now, as (what, value, reason): the site facts, the lock-out
/// confirmation, and every step and decision of the plan (the first of an id, in plan order),
/// looked up once for all the log's targets.
struct Present<'a> {
    plan: &'a Plan,
    shown: HashMap<&'a str, (String, String, String)>,
}

impl<'a> Present<'a> {
    fn new(plan: &'a Plan) -> Present<'a> {
        let mut shown = HashMap::new();
        for step in &plan.steps {
            shown.entry(step.id.as_str()).or_insert_with(|| {
                (
                    step.title.clone(),
                    step.state.label().to_string(),
                    step.reason.clone(),
                )
            });
            for d in &step.decisions {
                shown
                    .entry(d.item.as_str())
                    .or_insert_with(|| (d.label.clone(), d.value.clone(), d.reason.clone()));
            }
        }
        Present { plan, shown }
    }

    /// The present label, value and reason of an audit target; None when it no longer counts
    /// (a hidden item, a step no longer shown).
    fn get(&self, target: &str) -> Option<(String, String, String)> {
        if let Some(id) = target.strip_prefix("site.") {
            let field = SiteField::ALL.into_iter().find(|f| f.id() == id)?;
            return Some((
                field.label().to_string(),
                self.plan.site.get(field),
                String::new(),
            ));
        }
        if target == "plan" {
            let value = self
                .plan
                .lockout_confirmed
                .then(|| "confirmed".to_string())?;
            return Some(("Lock-out warnings".into(), value, String::new()));
        }
        self.shown.get(target).cloned()
    }
}

/// One line per target, in the order each was last set to its present value.
pub fn standing(plan: &Plan) -> Vec<Standing> {
    // Each target once, in the order the log first names it.
    let mut seen: HashSet<&str> = HashSet::new();
    let mut targets: Vec<&str> = Vec::new();
    for e in &plan.audit {
        if e.target != "session" && e.action != "needs review" && seen.insert(&e.target) {
            targets.push(&e.target);
        }
    }
    // The last entry that set each target to each value: a choice undone since does not count.
    let mut last_set: HashMap<(&str, &str), usize> = HashMap::new();
    for (at, e) in plan.audit.iter().enumerate() {
        if let Some(new) = e.new.as_deref() {
            last_set.insert((e.target.as_str(), new), at);
        }
    }
    let present = Present::new(plan);
    let mut out: Vec<(usize, Standing)> = Vec::new();
    for target in targets {
        let Some((what, value, reason)) = present.get(target) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let Some(&at) = last_set.get(&(target, value.as_str())) else {
            continue;
        };
        let entry = &plan.audit[at];
        out.push((
            at,
            Standing {
                time: entry.time.clone(),
                installer: entry.installer.clone(),
                what,
                value,
                reason,
            },
        ));
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::every_action;
    use crate::session::AuditEntry;

    fn entry(target: &str, action: &str, new: Option<&str>) -> AuditEntry {
        AuditEntry {
            time: "2026-11-25T09:00:00Z".into(),
            installer: "Ina".into(),
            action: action.into(),
            target: target.into(),
            old: None,
            new: new.map(str::to_string),
            reason: String::new(),
        }
    }

    #[test]
    fn a_choice_undone_and_the_undo_itself_are_left_out() {
        let mut plan = every_action("x");
        let value = plan.steps[0].decisions[0].value.clone();
        plan.audit = vec![
            entry("item_0", "answer", Some(&value)),
            entry("item_0", "answer", Some("a choice undone")),
            entry("session", "undo", None),
            entry("item_0", "needs review", None),
            entry("gone", "answer", Some("an item no longer shown")),
        ];
        let log = standing(&plan);
        assert_eq!(log.len(), 1, "{log:?}");
        assert_eq!(log[0].value, value);
        assert_eq!(log[0].what, plan.steps[0].decisions[0].label);
    }
}

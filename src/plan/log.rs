//! The change log as it stands, for the page the customer signs: for each site fact, item and
//! step the installer set, who set it to its present value and when. Choices later undone or
//! changed again, undo and redo themselves and "needs review" marks stay in the full log (the
//! plan's `audit`, printed as an appendix).

use super::Plan;
use crate::session::SiteField;

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

/// The present value, label and reason of an audit target; None when it no longer counts
/// (a hidden item, a step no longer shown).
fn present(plan: &Plan, target: &str) -> Option<(String, String, String)> {
    if let Some(id) = target.strip_prefix("site.") {
        let field = SiteField::ALL.into_iter().find(|f| f.id() == id)?;
        return Some((
            field.label().to_string(),
            plan.site.get(field),
            String::new(),
        ));
    }
    if target == "plan" {
        let value = plan.lockout_confirmed.then(|| "confirmed".to_string())?;
        return Some(("Lock-out warnings".into(), value, String::new()));
    }
    for step in &plan.steps {
        if step.id == target {
            let state = step.state.label().to_string();
            return Some((step.title.clone(), state, step.reason.clone()));
        }
        if let Some(d) = step.decisions.iter().find(|d| d.item == target) {
            return Some((d.label.clone(), d.value.clone(), d.reason.clone()));
        }
    }
    None
}

/// One line per target, in the order each was last set to its present value.
pub fn standing(plan: &Plan) -> Vec<Standing> {
    let mut targets: Vec<&str> = Vec::new();
    for e in &plan.audit {
        if e.target != "session" && e.action != "needs review" && !targets.contains(&&*e.target) {
            targets.push(&e.target);
        }
    }
    let mut out: Vec<(usize, Standing)> = Vec::new();
    for target in targets {
        let Some((what, value, reason)) = present(plan, target) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        // The last entry that set what stands now: a choice undone since does not count.
        let set = plan
            .audit
            .iter()
            .enumerate()
            .rev()
            .find(|(_, e)| e.target == target && e.new.as_deref() == Some(value.as_str()));
        let Some((at, entry)) = set else {
            continue;
        };
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

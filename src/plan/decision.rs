//! What the plan says about each visible item: the decision, whether it departs from the
//! document, its checklist row and, for a password check, whether the check was made.

use super::{ChecklistRow, Decision, PasswordCheckState};
use crate::catalog::{Item, ItemKind, Wizard};
use crate::session::{CheckState, Evaluation, Session, describe};

pub(super) fn decision(
    wizard: &Wizard,
    session: &Session,
    ev: &Evaluation,
    item: &Item,
) -> Decision {
    let answer = session.answer(&item.id);
    let recommended = session.recommendation(wizard, ev, item);
    let password_check = password_check(session, item);
    let value = match (&password_check, answer) {
        (Some(c), _) => c.describe(),
        (None, Some(a)) => describe(item, &a.value),
        (None, None) => String::new(),
    };
    let deviates = answer.is_some_and(|a| item.deviates(&a.value, recommended.as_ref()));
    let reason = answer.map(|a| a.reason.clone()).unwrap_or_default();
    let checklist = (item.kind == ItemKind::Measure).then(|| {
        let c = item.checklist.clone().unwrap_or_default();
        let fields = c.comments_from.iter().filter_map(|id| {
            let (_, field) = wizard.item(id)?;
            let v = describe(field, ev.values.get(id)?);
            (!v.trim().is_empty()).then(|| format!("{}: {v}", field.label))
        });
        let comments: Vec<String> = (!reason.is_empty())
            .then(|| reason.clone())
            .into_iter()
            .chain(fields)
            .collect();
        ChecklistRow {
            measure: item.label.clone(),
            decision: value.clone(),
            comments: comments.join("\n"),
            access_rights: c.access_rights,
            references: c.references,
        }
    });
    Decision {
        item: item.id.clone(),
        label: item.label.clone(),
        kind: item.kind,
        value,
        recommended: recommended.map(|r| describe(item, &r)),
        deviates,
        status: answer.map(|a| a.status),
        reason,
        rationale: item.rationale.clone(),
        source: item.source.clone(),
        ours: item.ours.clone(),
        checklist,
        password_check,
        run: None,
    }
}

/// Where a password check item stands: made (when, which rules), stale, or not made.
fn password_check(session: &Session, item: &Item) -> Option<PasswordCheckState> {
    let policy = item.password.as_ref()?;
    (item.kind == ItemKind::PasswordCheck).then(|| match session.password_check(item) {
        CheckState::Made(r) => PasswordCheckState {
            made: true,
            time: r.time.clone(),
            rules: r.rules.clone(),
            stale: false,
        },
        state => PasswordCheckState {
            made: false,
            time: String::new(),
            rules: policy.described(),
            stale: matches!(state, CheckState::Stale(_)),
        },
    })
}

/// The line of `Plan::open` for a password check nobody made.
pub(super) fn open_check(d: &Decision) -> Option<String> {
    let c = d.password_check.as_ref().filter(|c| !c.made)?;
    Some(format!(
        "'{}': the password check was not made{}; the password set must pass: {}",
        d.label,
        if c.stale {
            " (an earlier check was against rules that have changed)"
        } else {
            ""
        },
        c.rules.join("; ")
    ))
}

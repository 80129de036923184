//! The live plan against a full derivation, change by change.

use super::*;
use crate::catalog::ItemKind;
use crate::plan::derive;
use crate::session::testing::{NOW, changes, session, values, wizards};
use crate::session::{Change, value_error};

/// A plan kept current change by change is the plan derived from the start, after every
/// change, refused ones included.
#[test]
fn the_plan_kept_is_the_plan_derived() {
    for w in wizards() {
        let mut s = session(&w);
        let mut ev = s.evaluate(&w);
        let mut live = LivePlan::new(&w, &s, &ev, NOW);
        let mut operations_changed = 0;
        for (n, change) in changes(&w).into_iter().enumerate() {
            let now = format!("2026-11-25T10:{:02}:{:02}Z", n / 60 % 60, n % 60);
            let before = live.plan(&w, &s).operations;
            match s.apply_with(&w, &mut ev, change.clone(), &now) {
                Ok(outcome) => live.update(&w, &s, &ev, &outcome.changed, &now),
                // What a refused change wrote half-way is derived again from the start.
                Err(_) => live = LivePlan::new(&w, &s, &ev, &now),
            }
            let plan = live.plan(&w, &s);
            assert_eq!(plan, derive(&w, &s, &now), "{}: after {change:?}", w.id);
            assert_eq!(live.progress(), s.progress(&w));
            operations_changed += usize::from(plan.operations != before);
        }
        assert!(operations_changed > 10, "{}: {operations_changed}", w.id);
    }
}

/// What `operations_if` says an answer brings is what answering so brings: the operations
/// of the item in the plan derived after the change, on a copy of the session.
#[test]
fn operations_if_is_what_the_answer_brings() {
    let mut compared = 0;
    for w in wizards() {
        let mut walked = session(&w);
        for change in changes(&w).into_iter().take(12) {
            let _ = walked.apply(&w, change, NOW);
        }
        walked.walk(&w, true, NOW);
        let mut messy = session(&w);
        for change in changes(&w) {
            let _ = messy.apply(&w, change, NOW);
        }
        for s in [walked, messy] {
            let ev = s.evaluate(&w);
            // Only answers are previewed: a password check and an info item bring what they
            // bring without one.
            let answered = w
                .items()
                .map(|(_, i)| i)
                .filter(|i| !matches!(i.kind, ItemKind::Info | ItemKind::PasswordCheck));
            for item in answered {
                for value in values(item) {
                    // The preview works out only answers not given yet.
                    if s.answer(&item.id).is_some_and(|a| a.value == value) {
                        continue;
                    }
                    let note = "why";
                    let mut copy = s.clone();
                    let change = Change::Answer {
                        item: item.id.clone(),
                        value: value.clone(),
                        reason: note.into(),
                    };
                    let applied = copy.apply(&w, change, NOW).is_ok();
                    // The preview's rule for what the session would refuse.
                    let allowed = ev.visible(&item.id) && value_error(item, &value).is_none();
                    assert_eq!(applied, allowed, "{} = {value:?}", item.id);
                    if !allowed {
                        continue;
                    }
                    let expected: Vec<Operation> = derive(&w, &copy, NOW)
                        .operations
                        .into_iter()
                        .filter(|o| o.item == item.id)
                        .collect();
                    let live = LivePlan::new(&w, &s, &ev, NOW);
                    let found = operations_if(&live, &w, &s, &ev, &item.id, &value, note);
                    assert_eq!(found, expected, "{} = {value:?}", item.id);
                    compared += usize::from(!found.is_empty());
                }
            }
        }
    }
    assert!(compared > 100, "{compared}");
}

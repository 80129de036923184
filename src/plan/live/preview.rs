//! The preview's operations: what one answer would bring, worked out alone.

use super::LivePlan;
use crate::catalog::{Value, Wizard};
use crate::plan::derive::{Opened, item_plan};
use crate::plan::fill::Filler;
use crate::plan::{Operation, RunStatus};
use crate::session::{Evaluation, Session, StepState};

/// What choosing `value` for item `item` would bring, with `note` as the answer's reason: the
/// item's operations worked out alone (nothing else in the plan changes with its answer but
/// what its closes are kept against, which this leaves as it is).
pub fn operations_if(
    live: &LivePlan,
    wizard: &Wizard,
    session: &Session,
    ev: &Evaluation,
    item: &str,
    value: &Value,
    note: &str,
) -> Vec<Operation> {
    let Some((s, found)) = wizard.item(item) else {
        return Vec::new();
    };
    if matches!(
        session.step_state(wizard, ev, s),
        StepState::Hidden | StepState::Skipped
    ) {
        return Vec::new();
    }
    let filler = Filler {
        values: &ev.values,
        site: &session.site,
        answer: Some((&found.id, value)),
    };
    let step = &wizard.steps[s];
    let brought = item_plan(wizard, session, &filler, step, found, Some(value), note);
    // Its closes are kept against what the others open and what it would open itself.
    let opened = match brought.closes() {
        true => {
            let position = wizard.index().item(item).map(|at| at.position);
            let others = (live.items.iter().enumerate())
                .filter(|(p, _)| Some(*p) != position)
                .flat_map(|(_, i)| &i.operations);
            Opened::of(others.chain(&brought.operations))
        }
        false => Opened::default(),
    };
    brought
        .operations
        .into_iter()
        .filter_map(|op| opened.keep_open(op, &mut Vec::new()))
        .map(|mut op| {
            op.run = RunStatus::of(&op, &session.runs);
            op
        })
        .collect()
}

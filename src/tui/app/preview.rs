//! The live preview of the details pane: what the focused choice generates. Worked out when the
//! focus or the session changes, never per frame; a choice not yet made is previewed on a copy
//! of the session.

use super::edit::{current, current_reason};
use super::pick::PickTarget;
use super::{App, Overlay};
use crate::catalog::{ItemKind, Value};
use crate::plan::{Operation, derive};
use crate::session::Change;

#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub item: String,
    /// The value previewed; None for items whose operations do not depend on an answer.
    pub value: Option<Value>,
    /// The value is not the current answer: this is what choosing it would generate.
    pub hypothetical: bool,
    pub operations: Vec<Operation>,
    /// The session revision it was worked out for.
    revision: u64,
}

/// The item and value the focus stands for: the option the picker highlights, else the focused
/// row's answer (or its recommendation).
fn focused(app: &App) -> Option<(String, Option<Value>)> {
    if let Some(Overlay::Picker(p)) = &app.ui.overlay
        && let PickTarget::Item(item) = &p.target
    {
        return Some((item.clone(), p.highlighted().map(Value::Text)));
    }
    let rows = super::step::current_rows(app);
    let wizard = app.wizard()?;
    let step = &wizard.steps[app.step_index()?];
    let item = rows.get(app.ui.step.selected)?.item(step)?;
    let value = match item.kind {
        ItemKind::Info | ItemKind::PasswordCheck => None,
        _ => current(app, &item.id).or_else(|| app.recommendation(item)),
    };
    Some((item.id.clone(), value))
}

/// Brings the preview up to date with the focus and the session.
pub fn refresh(app: &mut App) {
    let Some((item, value)) = focused(app) else {
        app.ui.preview = None;
        return;
    };
    let Some(open) = &app.open else {
        return;
    };
    let revision = open.revision;
    let fresh = app
        .ui
        .preview
        .as_ref()
        .is_some_and(|p| p.item == item && p.value == value && p.revision == revision);
    if fresh {
        return;
    }
    let answered = current(app, &item);
    let hypothetical = value.is_some() && value != answered;
    let of_item = |ops: &[Operation]| -> Vec<Operation> {
        ops.iter().filter(|op| op.item == item).cloned().collect()
    };
    let operations = match (&value, app.wizard()) {
        (Some(v), Some(wizard)) if hypothetical => {
            let mut copy = open.session.clone();
            let reason = current_reason(app, &item);
            // A state that needs a reason gets a stand-in: the copy is thrown away.
            let reason = if reason.is_empty() {
                "preview".into()
            } else {
                reason
            };
            let change = Change::Answer {
                item: item.clone(),
                value: v.clone(),
                reason,
            };
            let now = open.plan.generated.clone();
            match copy.apply(wizard, change, &now) {
                Ok(_) => of_item(&derive(wizard, &copy, &now).operations),
                Err(_) => Vec::new(),
            }
        }
        _ => of_item(&open.plan.operations),
    };
    app.ui.preview = Some(Preview {
        item,
        value,
        hypothetical,
        operations,
        revision,
    });
}

//! The live preview of the details pane: what the focused choice generates. Worked out when the
//! focus or the session changes, never per frame; a choice not yet made is worked out for that
//! item alone (its answer changes none of its own inputs but itself).

use super::edit::{current, current_reason};
use super::pick::PickTarget;
use super::{App, Overlay};
use crate::catalog::{ItemKind, Value};
use crate::plan::{Operation, operations_if};
use crate::session::value_error;

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
    let operations = match (&value, app.wizard()) {
        (Some(v), Some(wizard)) if hypothetical => {
            let reason = current_reason(app, &item);
            // A state that needs a reason gets a stand-in: the preview only shows operations.
            let reason = if reason.is_empty() {
                "preview".into()
            } else {
                reason
            };
            // An answer the session would refuse brings nothing.
            let allowed = open.ev.visible(&item)
                && wizard
                    .item(&item)
                    .is_some_and(|(_, i)| value_error(i, v).is_none());
            if allowed {
                operations_if(
                    &open.plan,
                    wizard,
                    &open.session,
                    &open.ev,
                    &item,
                    v,
                    reason.trim(),
                )
            } else {
                Vec::new()
            }
        }
        (_, Some(wizard)) => open.plan.operations_of(wizard, &item).to_vec(),
        _ => Vec::new(),
    };
    app.ui.preview = Some(Preview {
        item,
        value,
        hypothetical,
        operations,
        revision,
    });
}

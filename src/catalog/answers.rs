//! What an item's answer brings (its operation templates), whether it departs from the
//! document, and the item data that ties an answer to earlier ones (recommendations that follow
//! them, contradictions between them).

use super::{Condition, Item, ItemKind, OpTemplate, Value};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A recommendation that depends on earlier answers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub when: Condition,
    pub value: Value,
}

/// Answers that contradict each other, and what the installer is told.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub when: Condition,
    /// What contradicts what, and how to resolve it.
    pub message: String,
}

impl Item {
    /// The operation templates an answer brings: a toggle's `ops` or `ops_off`, a choice's own
    /// and its option's, a measure's in an applying state plus its state's, a field's when it has
    /// a value (`ops_off` when it is left empty), a password check's and an info item's always.
    pub fn templates(&self, value: Option<&Value>) -> Vec<&OpTemplate> {
        let mut out: Vec<&OpTemplate> = Vec::new();
        match (self.kind, value) {
            (ItemKind::Info | ItemKind::PasswordCheck, _) => out.extend(&self.ops),
            (ItemKind::Field, Some(Value::Text(t))) if !t.trim().is_empty() => {
                out.extend(&self.ops)
            }
            (ItemKind::Field, None | Some(Value::Text(_))) if self.optional => {
                out.extend(&self.ops_off)
            }
            (_, None) => {}
            (ItemKind::Toggle, Some(Value::Bool(true))) => out.extend(&self.ops),
            (ItemKind::Toggle, Some(_)) => out.extend(&self.ops_off),
            (ItemKind::Choice, Some(Value::Text(t))) => {
                out.extend(&self.ops);
                out.extend(
                    self.options
                        .iter()
                        .filter(|o| &o.id == t)
                        .flat_map(|o| &o.ops),
                );
            }
            (ItemKind::Measure, Some(Value::Text(t))) => {
                if let Some(state) = self.measure_states().into_iter().find(|s| &s.id == t) {
                    if state.applies {
                        out.extend(&self.ops);
                    }
                    // The state's own operations live in `self.states` (the standard four have none).
                    out.extend(
                        self.states
                            .iter()
                            .filter(|s| &s.id == t)
                            .flat_map(|s| &s.ops),
                    );
                }
            }
            _ => {}
        }
        out
    }

    /// Whether `value` departs from the document: a measure only in a state that says so, any
    /// other item when it differs from the recommendation in force.
    pub fn deviates(&self, value: &Value, recommended: Option<&Value>) -> bool {
        match self.kind {
            ItemKind::Measure => self
                .measure_states()
                .iter()
                .any(|s| s.deviation && value.as_text() == Some(&s.id)),
            _ => recommended.is_some_and(|r| r != value),
        }
    }
}

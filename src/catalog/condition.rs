//! `when` conditions: visibility from earlier answers, the product release and the target OS.

use super::{TargetOs, Value};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// An item's answer equals a value: `{"is": {"item": "role_web", "value": true}}`.
    Is {
        item: String,
        value: Value,
    },
    /// An item's answer is one of several values.
    OneOf {
        item: String,
        values: Vec<Value>,
    },
    /// The site's release is this one or later (in the wizard's `releases` order).
    ReleaseAtLeast(String),
    /// The site's release is earlier than this one.
    ReleaseBefore(String),
    /// The site's target OS is one of these.
    TargetOs(Vec<TargetOs>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// What a condition may look at.
pub trait Facts {
    /// The effective answer of a visible item; `None` when unanswered or hidden.
    fn answer(&self, item: &str) -> Option<Value>;
    /// Rank of the site's release in the wizard's order, and of the named release.
    fn release_rank(&self) -> Option<usize>;
    fn rank_of(&self, release: &str) -> Option<usize>;
    fn target_os(&self) -> Option<TargetOs>;
}

impl Condition {
    pub fn holds(&self, facts: &dyn Facts) -> bool {
        match self {
            Condition::Is { item, value } => facts.answer(item).as_ref() == Some(value),
            Condition::OneOf { item, values } => {
                facts.answer(item).is_some_and(|a| values.contains(&a))
            }
            Condition::ReleaseAtLeast(r) => match (facts.release_rank(), facts.rank_of(r)) {
                (Some(site), Some(min)) => site >= min,
                _ => false,
            },
            Condition::ReleaseBefore(r) => match (facts.release_rank(), facts.rank_of(r)) {
                (Some(site), Some(max)) => site < max,
                _ => false,
            },
            Condition::TargetOs(list) => facts.target_os().is_some_and(|t| list.contains(&t)),
            Condition::All(c) => c.iter().all(|c| c.holds(facts)),
            Condition::Any(c) => c.iter().any(|c| c.holds(facts)),
            Condition::Not(c) => !c.holds(facts),
        }
    }

    /// Item ids this condition reads (for validation and invalidation).
    pub fn items(&self, out: &mut Vec<String>) {
        match self {
            Condition::Is { item, .. } | Condition::OneOf { item, .. } => out.push(item.clone()),
            Condition::All(c) | Condition::Any(c) => c.iter().for_each(|c| c.items(out)),
            Condition::Not(c) => c.items(out),
            Condition::ReleaseAtLeast(_) | Condition::ReleaseBefore(_) | Condition::TargetOs(_) => {
            }
        }
    }

    /// Releases this condition names.
    pub fn releases(&self, out: &mut Vec<String>) {
        match self {
            Condition::ReleaseAtLeast(r) | Condition::ReleaseBefore(r) => out.push(r.clone()),
            Condition::All(c) | Condition::Any(c) => c.iter().for_each(|c| c.releases(out)),
            Condition::Not(c) => c.releases(out),
            _ => {}
        }
    }

    /// Whether it depends on site facts (release or target OS).
    pub fn reads_site(&self) -> bool {
        match self {
            Condition::ReleaseAtLeast(_) | Condition::ReleaseBefore(_) | Condition::TargetOs(_) => {
                true
            }
            Condition::All(c) | Condition::Any(c) => c.iter().any(Condition::reads_site),
            Condition::Not(c) => c.reads_site(),
            Condition::Is { .. } | Condition::OneOf { .. } => false,
        }
    }
}

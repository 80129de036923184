//! Helpers of the per-product wizard tests: the shipped wizard, a plan for given answers, and
//! the operations and password policies to look at in it.
// Each test crate compiles this module and uses a part of it.
#![allow(dead_code)]

use crate::common::{NOW, walked};
use hardline::catalog::password::check;
use hardline::catalog::{PasswordPolicy, Wizard};
use hardline::plan::{Action, ManualStep, Plan, PortForward, derive};
use hardline::store;

/// The shipped (embedded) wizard of `product`.
pub fn shipped(product: &str) -> Wizard {
    let catalog = store::catalog(None).unwrap_or_else(|e| panic!("{e}"));
    catalog
        .wizard(product)
        .cloned()
        .unwrap_or_else(|| panic!("{product} is not shipped"))
}

/// The plan of a session walked to the end at `release` with `answers` (see `common::walked`).
pub fn plan(w: &Wizard, release: Option<&str>, answers: &[(&str, &str, &str)]) -> Plan {
    derive(w, &walked(w, release, answers), NOW)
}

/// The manual steps an item brought into the plan.
pub fn manual_steps<'a>(plan: &'a Plan, item: &'a str) -> impl Iterator<Item = &'a ManualStep> {
    plan.operations
        .iter()
        .filter(move |o| o.item == item)
        .filter_map(|o| match &o.action {
            Action::Manual(m) => Some(m),
            _ => None,
        })
}

/// Every gateway port forward of the plan.
pub fn forwards(plan: &Plan) -> Vec<&PortForward> {
    plan.operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::PortForward(p) => Some(p),
            _ => None,
        })
        .collect()
}

/// The password policy of a `password_check` item.
pub fn policy(w: &Wizard, item: &str) -> PasswordPolicy {
    let (_, it) = w.item(item).unwrap_or_else(|| panic!("no item {item}"));
    it.password
        .clone()
        .unwrap_or_else(|| panic!("{item} has no password policy"))
}

/// Whether a candidate passes every rule of the policy.
pub fn passes(p: &PasswordPolicy, candidate: &str) -> bool {
    check(p, candidate).is_empty()
}

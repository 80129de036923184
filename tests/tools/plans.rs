//! The plans the exporter tests check: each shipped product on its defaults and with every
//! option on, and the sample plan with every operation kind on a modern and a legacy target.

use hardline::catalog::{FieldType, ItemKind, TargetOs, Value, Wizard};
use hardline::export::sample;
use hardline::plan::{Plan, derive};
use hardline::session::{Change, Session};
use hardline::store;

pub use crate::common::NOW;

/// The value that turns the most on: toggles on, measures applied, the choice with most ops.
fn everything_on(item: &hardline::catalog::Item) -> Option<Value> {
    if let Some(r) = &item.required {
        return Some(r.clone());
    }
    match item.kind {
        ItemKind::Toggle => Some(Value::Bool(true)),
        ItemKind::Measure => item
            .measure_states()
            .into_iter()
            .find(|s| s.applies)
            .map(|s| Value::Text(s.id)),
        ItemKind::Field if item.recommended.is_none() && !item.optional => {
            let text = match item.field? {
                FieldType::Ipv4 => "198.51.100.7",
                FieldType::Cidr | FieldType::AddressList => "198.51.100.0/24",
                FieldType::Port => "8443",
                FieldType::PortRange => "50000-50100",
                FieldType::HostName => "xmpp.example.net",
                FieldType::Interface => "eth0",
                FieldType::Number => "5",
                FieldType::Text => "example",
            };
            Some(Value::Text(text.into()))
        }
        _ => None,
    }
}

/// The option of a choice that brings the most operations into the plan (it may be a later
/// field's operations that the option makes visible).
fn richest_option(wizard: &Wizard, s: &Session, item: &hardline::catalog::Item) -> Option<Value> {
    if let Some(r) = &item.required {
        return Some(r.clone());
    }
    item.options
        .iter()
        .map(|o| {
            let mut trial = s.clone();
            let value = Value::Text(o.id.clone());
            let change = Change::Answer {
                item: item.id.clone(),
                value: value.clone(),
                reason: "trial".into(),
            };
            let _ = trial.apply(wizard, change, NOW);
            fill(wizard, &mut trial);
            let _ = trial.walk(wizard, true, NOW);
            (derive(wizard, &trial, NOW).operations.len(), value)
        })
        .max_by_key(|(n, _)| *n)
        .map(|(_, v)| v)
}

/// Answers every visible unanswered toggle, measure and required field so as to turn it on.
fn fill(wizard: &Wizard, s: &mut Session) {
    for step in &wizard.steps {
        for item in &step.items {
            if s.answer(&item.id).is_some() || !s.evaluate(wizard).visible(&item.id) {
                continue;
            }
            if let Some(value) = everything_on(item) {
                let change = Change::Answer {
                    item: item.id.clone(),
                    value,
                    reason: "every option on".into(),
                };
                let _ = s.apply(wizard, change, NOW);
            }
        }
    }
}

fn session(wizard: &Wizard, os: TargetOs, all_on: bool) -> Session {
    let mut s = Session::new("s-test", &wizard.id, &wizard.fingerprint(), NOW);
    crate::common::site_with(
        wizard,
        &mut s,
        os.id(),
        if all_on { "rdp" } else { "console" },
    );
    if all_on {
        for step in &wizard.steps {
            for item in &step.items {
                let ev = s.evaluate(wizard);
                if !ev.visible(&item.id) {
                    continue;
                }
                let value = if item.kind == ItemKind::Choice {
                    richest_option(wizard, &s, item)
                } else {
                    everything_on(item)
                };
                if let Some(value) = value {
                    let reason = "every option on for the exporter tests".to_string();
                    // Values a condition or rule refuses keep the recommendation.
                    let _ = s.apply(
                        wizard,
                        Change::Answer {
                            item: item.id.clone(),
                            value,
                            reason,
                        },
                        NOW,
                    );
                }
            }
        }
    }
    let open = s.walk(wizard, true, NOW);
    assert!(open.is_empty(), "{} all_on={all_on}: {open:#?}", wizard.id);
    s
}

/// (name, plan) for every product's default session on each of its target systems, every
/// product with every option on, and the sample plan on 2019 and 2003.
pub fn all() -> Vec<(String, Plan)> {
    let catalog = store::catalog(None).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    for wizard in catalog.wizards() {
        for os in &wizard.target_os {
            let plan = derive(wizard, &session(wizard, *os, false), NOW);
            out.push((format!("{}-defaults-{}", wizard.id, os.id()), plan));
        }
        let plan = derive(wizard, &session(wizard, wizard.target_os[0], true), NOW);
        out.push((format!("{}-all-on", wizard.id), plan));
    }
    for os in [TargetOs::WindowsServer2019, TargetOs::WindowsServer2003] {
        let mut plan = sample::every_action("Müller & Söhne 'GmbH' \"x\"");
        plan.site.target_os = Some(os);
        out.push((format!("sample-{}", os.id()), plan));
    }
    out
}

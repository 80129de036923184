//! For the tests of what is kept current change by change (evaluation, undo, the live plan):
//! every kind of change, on every built-in wizard, in an order that reveals and hides items.

use super::{Change, Session, SiteField};
use crate::catalog::{ItemKind, Value, Wizard};

pub const NOW: &str = "2026-11-25T10:00:00Z";

/// The built-in wizards.
pub fn wizards() -> Vec<Wizard> {
    let catalog = crate::store::catalog(None).unwrap();
    catalog.wizards().cloned().collect()
}

/// A new session on `wizard`.
pub fn session(wizard: &Wizard) -> Session {
    Session::for_wizard(wizard, "t", NOW)
}

/// Changes of every kind, in an order that reveals and hides items and steps: site facts (the
/// release and the target system among them), every answer an item can take, recommendations,
/// completing and skipping steps, undo and redo, the lock-out confirmation. Some are refused
/// (an item hidden by then, a step not complete); that is part of it.
pub fn changes(wizard: &Wizard) -> Vec<Change> {
    let site = |field, value: &str| Change::SetSite {
        field,
        value: value.into(),
    };
    let first_release = wizard.releases.first().cloned().unwrap_or_default();
    let last_release = wizard.releases.last().cloned().unwrap_or_default();
    let mut out = vec![
        site(SiteField::Customer, "Example Customer"),
        site(SiteField::Site, "Head office"),
        site(SiteField::Installer, "J. Installer"),
        site(SiteField::Host, "pbx-01"),
        site(SiteField::Address, "192.0.2.10"),
        site(SiteField::Subnets, "10.0.0.0/24"),
        site(SiteField::Release, &last_release),
        site(SiteField::Access, "rdp"),
        site(SiteField::AccessFrom, "10.9.9.9"),
    ];
    for (i, step) in wizard.steps.iter().enumerate() {
        let id = step.id.clone();
        out.push(Change::Enter { step: id.clone() });
        out.push(Change::AcceptRecommended { step: id.clone() });
        for item in &step.items {
            for value in values(item) {
                out.push(Change::Answer {
                    item: item.id.clone(),
                    value,
                    reason: "a reason".into(),
                });
            }
            if let Some(v) = &item.recommended {
                out.push(Change::Answer {
                    item: item.id.clone(),
                    value: v.clone(),
                    reason: String::new(),
                });
            }
        }
        out.push(Change::Complete { step: id.clone() });
        if i % 3 == 2 {
            out.push(Change::Skip {
                step: id.clone(),
                reason: "done by the customer".into(),
            });
        }
        if i % 4 == 3 {
            out.extend([Change::Undo, Change::Undo, Change::Redo]);
        }
    }
    // Early answers changed late: later steps need review, items appear and go.
    for step in wizard.steps.iter().take(3) {
        for item in step.items.iter().filter(|i| i.kind == ItemKind::Toggle) {
            out.push(Change::Answer {
                item: item.id.clone(),
                value: Value::Bool(item.recommended != Some(Value::Bool(true))),
                reason: String::new(),
            });
        }
    }
    out.extend([
        site(SiteField::Release, &first_release),
        site(SiteField::Subnets, "10.1.0.0/24"),
        Change::ConfirmLockout {
            fingerprint: Some("f".into()),
        },
    ]);
    for t in wizard.target_os.iter().rev() {
        out.push(site(SiteField::TargetOs, t.id()));
    }
    out.extend([Change::Undo, Change::Undo, Change::Undo, Change::Redo]);
    out.push(Change::Reopen {
        step: wizard.steps[1].id.clone(),
    });
    out.extend(std::iter::repeat_n(Change::Undo, 8));
    out.push(Change::ConfirmLockout { fingerprint: None });
    out
}

/// Every answer an item can take.
pub fn values(item: &crate::catalog::Item) -> Vec<Value> {
    match item.kind {
        ItemKind::Toggle | ItemKind::PasswordCheck => vec![Value::Bool(true), Value::Bool(false)],
        ItemKind::Choice => item
            .options
            .iter()
            .map(|o| Value::Text(o.id.clone()))
            .collect(),
        ItemKind::Measure => item
            .measure_states()
            .into_iter()
            .map(|s| Value::Text(s.id))
            .collect(),
        ItemKind::Field => vec![Value::Text(String::new()), Value::Text("443".into())],
        ItemKind::Info => Vec::new(),
    }
}

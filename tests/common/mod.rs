//! Helpers shared by the wizard tests: a complete site, answers, and the plan they give.
// Each test crate compiles this module and uses a part of it.
#![allow(dead_code)]

use hardline::catalog::{Value, Wizard};
use hardline::plan::{Action, Plan};
use hardline::session::{Change, ChangeError, Session, SiteField};
use hardline::store;

pub const NOW: &str = "2026-11-25T10:00:00Z";

/// A site that completes the site step of `wizard`.
pub fn site_for(wizard: &Wizard, session: &mut Session) {
    let release = wizard.releases.last().cloned().unwrap_or_default();
    let os = wizard.target_os[0].id().to_string();
    for (f, v) in [
        (SiteField::Customer, "Example Customer"),
        (SiteField::Site, "Head office"),
        (SiteField::Installer, "J. Installer"),
        (SiteField::Host, "pbx-01"),
        (SiteField::Address, "192.0.2.10"),
        (SiteField::Subnets, "10.0.0.0/24, 192.0.2.0/24"),
        (SiteField::TargetOs, os.as_str()),
        (SiteField::Release, release.as_str()),
        (SiteField::Access, "console"),
    ] {
        if f == SiteField::Release && wizard.releases.is_empty() {
            continue;
        }
        let change = Change::SetSite {
            field: f,
            value: v.to_string(),
        };
        session
            .apply(wizard, change, NOW)
            .unwrap_or_else(|e| panic!("{f:?}: {e}"));
    }
}

/// The shipped wizard `id`.
pub fn wizard(id: &str) -> Wizard {
    let catalog = store::catalog(None).unwrap_or_else(|e| panic!("{e}"));
    catalog
        .wizard(id)
        .cloned()
        .unwrap_or_else(|| panic!("no wizard {id}"))
}

/// A new session of `wizard` with the standard site.
pub fn session(wizard: &Wizard) -> Session {
    let mut s = Session::new("t", &wizard.id, &wizard.fingerprint(), NOW);
    site_for(wizard, &mut s);
    s
}

/// Answers one item.
pub fn answer(
    wizard: &Wizard,
    s: &mut Session,
    item: &str,
    value: Value,
) -> Result<(), ChangeError> {
    let change = Change::Answer {
        item: item.to_string(),
        value,
        reason: String::new(),
    };
    s.apply(wizard, change, NOW).map(|_| ())
}

pub fn on(item: &str) -> (&str, Value) {
    (item, Value::Bool(true))
}

pub fn text<'a>(item: &'a str, v: &str) -> (&'a str, Value) {
    (item, Value::Text(v.to_string()))
}

/// Answers `answers` in order, walks the rest on the recommendations to the end and derives
/// the plan. Panics when the walk leaves a step open.
pub fn plan_with(wizard: &Wizard, answers: &[(&str, Value)]) -> Plan {
    let mut s = session(wizard);
    for (item, value) in answers {
        answer(wizard, &mut s, item, value.clone()).unwrap_or_else(|e| panic!("{item}: {e}"));
    }
    let open = s.walk(wizard, true, NOW);
    assert!(open.is_empty(), "{open:#?}");
    hardline::plan::derive(wizard, &s, NOW)
}

/// The firewall rules of a plan as (name, protocol, ports, direction) text, for lookups.
pub fn rules(plan: &Plan) -> Vec<&hardline::plan::FirewallRule> {
    plan.operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::FirewallRule(r) => Some(r),
            _ => None,
        })
        .collect()
}

/// Whether the plan opens `port` over `protocol` ("TCP" / "UDP").
pub fn opens(plan: &Plan, protocol: &str, port: u16) -> bool {
    rules(plan)
        .iter()
        .any(|r| r.protocol.name() == protocol && r.ports.contains(port))
}

/// Every step and item cites the wizard's own document and a section of it, and the steps
/// follow the Security Configuration Wizard's order of kinds.
pub fn assert_cites_document_in_scw_order(wizard: &Wizard) {
    let file = &wizard.document.file;
    for step in &wizard.steps {
        assert_eq!(&step.source.file, file, "step {}", step.id);
        assert!(!step.source.section.trim().is_empty(), "step {}", step.id);
        for item in &step.items {
            assert_eq!(&item.source.file, file, "item {}", item.id);
            assert!(!item.source.section.trim().is_empty(), "item {}", item.id);
            assert!(
                item.rationale.len() > 20,
                "item {} explains too little",
                item.id
            );
        }
    }
    let kinds: Vec<_> = wizard.steps.iter().map(|s| s.kind).collect();
    assert!(kinds.is_sorted(), "steps out of SCW order: {kinds:?}");
}

/// The rule that opens `port` over `protocol` in `direction`, if any.
pub fn rule_for<'a>(
    plan: &'a Plan,
    protocol: &str,
    port: u16,
    direction: hardline::catalog::FirewallDirection,
) -> Option<&'a hardline::plan::FirewallRule> {
    rules(plan).into_iter().find(|r| {
        r.protocol.name() == protocol && r.ports.contains(port) && r.direction == direction
    })
}

/// The manual steps of a plan.
pub fn manual_steps(plan: &Plan) -> Vec<&hardline::plan::ManualStep> {
    plan.operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::Manual(m) => Some(m),
            _ => None,
        })
        .collect()
}

/// The service changes of a plan, by service name.
pub fn services(plan: &Plan) -> Vec<&hardline::plan::ServiceChange> {
    plan.operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::Service(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// The password policy of a `password_check` item.
pub fn password_policy(wizard: &Wizard, item: &str) -> hardline::catalog::PasswordPolicy {
    let (_, it) = wizard
        .item(item)
        .unwrap_or_else(|| panic!("no item {item}"));
    it.password
        .clone()
        .unwrap_or_else(|| panic!("{item} has no password policy"))
}

/// A session walked on the recommendations after `answers`; returns what keeps steps open.
pub fn open_after(wizard: &Wizard, answers: &[(&str, Value)]) -> Vec<String> {
    let mut s = session(wizard);
    for (item, value) in answers {
        answer(wizard, &mut s, item, value.clone()).unwrap_or_else(|e| panic!("{item}: {e}"));
    }
    s.walk(wizard, true, NOW)
}

/// `item` (a toggle on) and `item=value` answers, space-separated, in order.
pub fn parse_answers(list: &str) -> Vec<(&str, Value)> {
    list.split_whitespace()
        .map(|a| match a.split_once('=') {
            Some((item, v)) => (item, Value::Text(v.to_string())),
            None => (a, Value::Bool(true)),
        })
        .collect()
}

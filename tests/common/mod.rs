//! Helpers shared by the wizard tests: a complete site, a session walked to the end, and
//! lookups in the plan it gives.
// Each test crate compiles this module and uses a part of it.
#![allow(dead_code)]

use hardline::catalog::{FirewallDirection, PasswordPolicy, Value, Wizard};
use hardline::plan::{Action, FirewallRule, ManualStep, Plan, ServiceChange};
use hardline::session::{Change, Session, SiteField};
use hardline::store;

pub const NOW: &str = "2026-11-25T10:00:00Z";

/// A site that completes the site step of `wizard`: its first target system, console access.
pub fn site_for(wizard: &Wizard, session: &mut Session) {
    site_with(wizard, session, wizard.target_os[0].id(), "console");
}

/// A complete site on target system `os`, reached by `access` (from 10.9.9.9 unless console).
pub fn site_with(wizard: &Wizard, session: &mut Session, os: &str, access: &str) {
    for (field, value) in site_facts(wizard, os, access) {
        let change = Change::SetSite { field, value };
        session
            .apply(wizard, change, NOW)
            .unwrap_or_else(|e| panic!("{}: {field:?}: {e}", wizard.id));
    }
}

/// The facts of that site, each with its value, in the order a person fills them in.
pub fn site_facts(wizard: &Wizard, os: &str, access: &str) -> Vec<(SiteField, String)> {
    let release = wizard.releases.last().cloned().unwrap_or_default();
    [
        (SiteField::Customer, "Example Customer"),
        (SiteField::Site, "Head office"),
        (SiteField::Installer, "J. Installer"),
        (SiteField::Host, "pbx-01"),
        (SiteField::Address, "192.0.2.10"),
        (SiteField::Subnets, "10.0.0.0/24, 192.0.2.0/24"),
        (SiteField::TargetOs, os),
        (SiteField::Release, release.as_str()),
        (SiteField::Access, access),
        (SiteField::AccessFrom, "10.9.9.9"),
    ]
    .into_iter()
    .filter(|(f, _)| match f {
        SiteField::Release => !wizard.releases.is_empty(),
        SiteField::Access | SiteField::AccessFrom => access != "console",
        _ => true,
    })
    .map(|(f, v)| (f, v.to_string()))
    .collect()
}

/// An answer as a test writes it: "true" and "false" are a toggle's value, anything else text.
pub fn value(text: &str) -> Value {
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        t => Value::Text(t.to_string()),
    }
}

/// A session on `wizard` at `release` (the last one when None), with `answers` (item, value,
/// reason) given in order and every other visible item on its recommendation, walked to the end.
pub fn walked(wizard: &Wizard, release: Option<&str>, answers: &[(&str, &str, &str)]) -> Session {
    let mut s = answered(wizard, release, answers);
    let open = s.walk(wizard, true, NOW);
    assert!(open.is_empty(), "{} at {release:?}: {open:#?}", wizard.id);
    s
}

/// A session on `wizard` at `release` with `answers` given in order, not walked.
pub fn answered(wizard: &Wizard, release: Option<&str>, answers: &[(&str, &str, &str)]) -> Session {
    let mut s = Session::new("t", &wizard.id, &wizard.fingerprint(), NOW);
    site_for(wizard, &mut s);
    if let Some(r) = release {
        let change = Change::SetSite {
            field: SiteField::Release,
            value: r.to_string(),
        };
        s.apply(wizard, change, NOW)
            .unwrap_or_else(|e| panic!("release {r}: {e}"));
    }
    for (item, v, reason) in answers {
        let change = Change::Answer {
            item: item.to_string(),
            value: value(v),
            reason: reason.to_string(),
        };
        s.apply(wizard, change, NOW)
            .unwrap_or_else(|e| panic!("{item} = {v}: {e}"));
    }
    s
}

/// `item` (a toggle on) and `item=value` answers, space-separated, in order, as `walked` takes
/// them.
pub fn parse_answers(list: &str) -> Vec<(&str, &str, &str)> {
    list.split_whitespace()
        .map(|a| match a.split_once('=') {
            Some((item, v)) => (item, v, ""),
            None => (a, "true", ""),
        })
        .collect()
}

/// The shipped wizard `id`.
pub fn wizard(id: &str) -> Wizard {
    let catalog = store::catalog(None).unwrap_or_else(|e| panic!("{e}"));
    let found = catalog.wizard(id).cloned();
    found.unwrap_or_else(|| panic!("no wizard {id}"))
}

/// The plan of `wizard` after `answers` (see [`parse_answers`]) and the recommendations.
pub fn plan_of(wizard: &Wizard, answers: &str) -> Plan {
    let s = walked(wizard, None, &parse_answers(answers));
    hardline::plan::derive(wizard, &s, NOW)
}

/// What keeps steps open after `answers` and the recommendations.
pub fn open_after(wizard: &Wizard, answers: &str) -> Vec<String> {
    let mut s = answered(wizard, None, &parse_answers(answers));
    s.walk(wizard, true, NOW)
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

/// The firewall rules of a plan.
pub fn rules(plan: &Plan) -> Vec<&FirewallRule> {
    let ops = plan.operations.iter();
    ops.filter_map(|o| match &o.action {
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

/// The rule that opens `port` over `protocol` in `direction`, if any.
pub fn rule_for<'a>(
    plan: &'a Plan,
    protocol: &str,
    port: u16,
    direction: FirewallDirection,
) -> Option<&'a FirewallRule> {
    rules(plan).into_iter().find(|r| {
        r.protocol.name() == protocol && r.ports.contains(port) && r.direction == direction
    })
}

/// The manual steps of a plan.
pub fn manual_steps(plan: &Plan) -> Vec<&ManualStep> {
    let ops = plan.operations.iter();
    ops.filter_map(|o| match &o.action {
        Action::Manual(m) => Some(m),
        _ => None,
    })
    .collect()
}

/// The service changes of a plan.
pub fn services(plan: &Plan) -> Vec<&ServiceChange> {
    let ops = plan.operations.iter();
    ops.filter_map(|o| match &o.action {
        Action::Service(s) => Some(s),
        _ => None,
    })
    .collect()
}

/// The password policy of a `password_check` item.
pub fn password_policy(wizard: &Wizard, item: &str) -> PasswordPolicy {
    let (_, it) = wizard
        .item(item)
        .unwrap_or_else(|| panic!("no item {item}"));
    let policy = it.password.clone();
    policy.unwrap_or_else(|| panic!("{item} has no password policy"))
}

/// Runs the real binary headless, with its sessions in `data`.
pub fn hardline(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_hardline"))
        .args(args)
        .env("HARDLINE_DATA_DIR", data)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// `hardline new --product PRODUCT --answers FILE --defaults [--session SESSION]`, with
/// `answers` (JSON text) written to `file` first; what it did, success or not.
pub fn run_new_from_answers(
    data: &std::path::Path,
    product: &str,
    (file, answers): (&std::path::Path, &str),
    session: Option<&std::path::Path>,
) -> std::process::Output {
    std::fs::write(file, answers).unwrap();
    let mut args = vec![
        "new",
        "--product",
        product,
        "--answers",
        file.to_str().unwrap(),
        "--defaults",
    ];
    if let Some(s) = session {
        args.extend(["--session", s.to_str().unwrap()]);
    }
    hardline(data, &args)
}

/// Everything a run printed, stdout then stderr.
pub fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A session like [`answered`] whose site names no allowed subnets.
pub fn answered_without_subnets(wizard: &Wizard, answers: &str) -> Session {
    let mut s = answered(wizard, None, &[]);
    let change = Change::SetSite {
        field: SiteField::Subnets,
        value: String::new(),
    };
    s.apply(wizard, change, NOW)
        .unwrap_or_else(|e| panic!("subnets: {e}"));
    for (item, v, reason) in parse_answers(answers) {
        let change = Change::Answer {
            item: item.to_string(),
            value: value(v),
            reason: reason.to_string(),
        };
        s.apply(wizard, change, NOW)
            .unwrap_or_else(|e| panic!("{item} = {v}: {e}"));
    }
    s
}

/// Checks `candidate` for the password check `item`; the session's error as text.
pub fn check_password(
    wizard: &Wizard,
    s: &mut Session,
    item: &str,
    candidate: &str,
) -> Result<(), String> {
    let change = Change::CheckPassword {
        item: item.into(),
        candidate: hardline::catalog::Secret::new(candidate),
    };
    s.apply(wizard, change, NOW)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `hardline new --defaults` from an answers file, saved as `<name>.json` in `data`; its path.
pub fn new_from_answers(
    data: &std::path::Path,
    name: &str,
    product: &str,
    answers: &str,
) -> String {
    let file = data.join(format!("{name}-answers.json"));
    let session = data.join(format!("{name}.json"));
    let o = run_new_from_answers(data, product, (&file, answers), Some(&session));
    assert!(o.status.success(), "{}", text(&o));
    session.display().to_string()
}

/// The names SHA256SUMS in `bundle` lists, each file checked against its SHA-256 there.
pub fn checked_sums(bundle: &std::path::Path) -> Vec<String> {
    use sha2::{Digest, Sha256};
    let sums = std::fs::read_to_string(bundle.join("SHA256SUMS")).unwrap();
    sums.lines()
        .map(|line| {
            let (sum, name) = line.split_once("  ").unwrap();
            let data = std::fs::read(bundle.join(name)).unwrap();
            let actual: String = Sha256::digest(&data)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(sum, actual, "{name}");
            name.to_string()
        })
        .collect()
}

//! Guidance for an older system is never applied blindly to a newer one. For each Windows
//! product on every target it offers (on the defaults, on every option of every choice, and with
//! every toggle turned the other way): no value weaker than the system's own default; no
//! Security Configuration Wizard step where there is none; no Windows 2003 screen, account,
//! service table or IIS 6 setting on a newer system unless it is marked translated or verify.

mod common;

use common::{NOW, site_with, wizard};
use hardline::catalog::{
    ItemKind, TargetOs, Value, Wizard, weaker_account_policy, weaker_registry,
};
use hardline::plan::{Action, Operation, Origin, Plan, RegistryData, derive};
use hardline::session::{Change, Session};

/// A session on `os`, every visible item on its recommendation, walked to the end.
fn walked_on(w: &Wizard, os: TargetOs) -> Session {
    let mut s = Session::new("t", &w.id, &w.fingerprint(), NOW);
    site_with(w, &mut s, os.id(), "console");
    let open = s.walk(w, true, NOW);
    assert!(open.is_empty(), "{} on {}: {open:?}", w.id, os.id());
    s
}

/// The plan after `answers` on top of the walked session (an answer a rule refuses, such as
/// another value than a required one, is left out).
fn with_answers(w: &Wizard, base: &Session, answers: &[(String, Value)]) -> Plan {
    let mut s = base.clone();
    for (item, value) in answers {
        let change = Change::Answer {
            item: item.clone(),
            value: value.clone(),
            reason: "every answer is tried".into(),
        };
        let _ = s.apply(w, change, NOW);
    }
    derive(w, &s, NOW)
}

fn plan_on(w: &Wizard, os: TargetOs, answers: &[(String, Value)]) -> Plan {
    with_answers(w, &walked_on(w, os), answers)
}

/// The plans to check on `os`: the defaults, each option of each choice, every toggle flipped.
fn plans(w: &Wizard, os: TargetOs) -> Vec<(String, Plan)> {
    let base = walked_on(w, os);
    let mut out = vec![("defaults".to_string(), derive(w, &base, NOW))];
    let mut flipped = Vec::new();
    for (_, item) in w.items() {
        match item.kind {
            ItemKind::Choice => {
                for o in &item.options {
                    let answer = [(item.id.clone(), Value::Text(o.id.clone()))];
                    out.push((
                        format!("{}={}", item.id, o.id),
                        with_answers(w, &base, &answer),
                    ));
                }
            }
            ItemKind::Toggle => {
                let on = item.recommended == Some(Value::Bool(true));
                flipped.push((item.id.clone(), Value::Bool(!on)));
            }
            _ => {}
        }
    }
    out.push((
        "every toggle flipped".into(),
        with_answers(w, &base, &flipped),
    ));
    out
}

/// The operation's text a person reads: menu paths, service names, extension names.
fn text(op: &Operation) -> String {
    match &op.action {
        Action::Manual(m) => format!(
            "{} | {} | {} | {}",
            m.path,
            m.setting,
            m.value,
            m.note.clone().unwrap_or_default()
        ),
        Action::Service(s) => format!("{} {}", s.name, s.display),
        Action::IisExtension { name, .. } | Action::IisRemoveVirtualDirectory { name } => {
            name.clone()
        }
        _ => String::new(),
    }
}

/// The values an operation sets that are weaker than `os`'s own defaults.
fn weaker_in(op: &Operation, os: TargetOs) -> Vec<hardline::catalog::Weaker> {
    match &op.action {
        Action::Registry(r) => match r.data {
            RegistryData::Dword(d) => weaker_registry(&r.key, &r.value, d, os)
                .into_iter()
                .collect(),
            RegistryData::String(_) => Vec::new(),
        },
        Action::AccountPolicy(p) => weaker_account_policy(
            &[
                ("min_length", p.min_length),
                ("max_age_days", p.max_age_days),
                ("history", p.history),
                ("complexity", p.complexity.map(u32::from)),
            ],
            os,
        ),
        _ => Vec::new(),
    }
}

/// What only Windows Server 2003 (with IIS 6) has.
const WINDOWS_2003_ONLY: &[&str] = &[
    "My Network Places",
    "Add or Remove Programs",
    "Add/Remove Windows Components",
    "Directory Security",
    "IUSR_",
    "msscw",
    "Internet Data Connector",
    "*.dll",
    "*.exe",
];

/// The service changes of the document's Windows 2003 table.
const SCW_2003_TABLE: &[&str] = &[
    "ALG",
    "AppMgmt",
    "Browser",
    "Dfs",
    "NtFrs",
    "PolicyAgent",
    "MSSQLServerADHelper",
    "Netlogon",
    "BITS",
];

/// Every problem of the product's plans on every target it offers.
fn problems(product: &str) -> Vec<String> {
    let w = wizard(product);
    assert!(
        !w.document.written_for.is_empty(),
        "{product}: document.written_for is empty"
    );
    // Each problem once, with the first case that shows it.
    let mut found: std::collections::BTreeMap<String, String> = Default::default();
    for os in w.target_os.clone() {
        let documented = w.document.written_for.contains(&os);
        for (case, plan) in plans(&w, os) {
            let mut put = |op: &Operation, what: String| {
                let key = format!("{product} on {}: {}: {what}", os.id(), op.id);
                found.entry(key).or_insert_with(|| case.clone());
            };
            for op in &plan.operations {
                let marked = op.origin != Origin::Document;
                let weaker = weaker_in(op, os);
                for w in weaker {
                    put(op, w.to_string());
                }
                if let Action::Manual(m) = &op.action
                    && m.path.starts_with("SCW")
                {
                    if !os.has_security_configuration_wizard() {
                        put(
                            op,
                            format!("a Security Configuration Wizard step: {}", m.path),
                        );
                    } else if !documented && !marked {
                        put(
                            op,
                            format!("an SCW step shown as the document's own: {}", m.path),
                        );
                    }
                }
                if os == TargetOs::WindowsServer2003 || marked {
                    continue;
                }
                let t = text(op);
                for marker in WINDOWS_2003_ONLY {
                    if t.contains(marker) {
                        put(
                            op,
                            format!("Windows 2003 only ({marker}) as the document's own: {t}"),
                        );
                    }
                }
                if os >= TargetOs::WindowsServer2008R2 && t.contains("Terminal Services") {
                    put(
                        op,
                        format!("Terminal Services is Remote Desktop Services here: {t}"),
                    );
                }
                match &op.action {
                    Action::Service(s) if SCW_2003_TABLE.contains(&s.name.as_str()) => {
                        put(op, format!("the Windows 2003 service table: {}", s.name))
                    }
                    Action::IisRemoveVirtualDirectory { name } => {
                        put(op, format!("IIS 6's legacy virtual directory {name}"))
                    }
                    _ => {}
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(problem, case)| format!("{problem} (first in: {case})"))
        .collect()
}

/// Operations that depend on the system and stand untranslated on one the document predates:
/// the check above accepts them only with their origin marked.
fn unmarked_on_newer(product: &str) -> Vec<String> {
    let w = wizard(product);
    let mut out = Vec::new();
    for os in w
        .target_os
        .iter()
        .filter(|t| !w.document.written_for.contains(t))
    {
        let plan = plan_on(&w, *os, &[]);
        for op in &plan.operations {
            let dependent = matches!(
                op.action,
                Action::Registry(_)
                    | Action::Audit(_)
                    | Action::IisExtension { .. }
                    | Action::IisRemoveVirtualDirectory { .. }
                    | Action::IisDenyAnonymousWrite { .. }
                    | Action::IisRequireSsl { .. }
            );
            if dependent && op.origin == Origin::Document {
                out.push(format!("{product} on {}: {}", os.id(), op.id));
            }
        }
    }
    out
}

fn assert_clean(product: &str) {
    let mut found = problems(product);
    found.extend(unmarked_on_newer(product));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn avaya_on_every_target_it_offers() {
    assert_clean("avaya-ipoffice");
}

#[test]
fn nec_ma4000_on_every_target_it_offers() {
    assert_clean("nec-ma4000");
}

#[test]
fn nec_ow5000_on_every_target_it_offers() {
    assert_clean("nec-ow5000");
}

/// Nothing weaker than the system's own default, in any wizard, on any of its targets, on the
/// defaults, every choice option and every toggle flipped (validate checks the templates; this
/// checks the plans they become).
#[test]
fn no_wizard_sets_a_value_weaker_than_the_systems_default() {
    let catalog = hardline::store::catalog(None).unwrap();
    let mut found = Vec::new();
    for w in catalog.wizards() {
        for os in &w.target_os {
            for (case, plan) in plans(w, *os) {
                for op in &plan.operations {
                    let weak = match &op.action {
                        Action::Registry(r) => match r.data {
                            RegistryData::Dword(d) => weaker_registry(&r.key, &r.value, d, *os),
                            RegistryData::String(_) => None,
                        },
                        _ => None,
                    };
                    found
                        .extend(weak.map(|w| format!("{} ({case}): {}: {w}", plan.product, op.id)));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The issue's own case: Avaya on Windows Server 2019 with the defaults.
#[test]
fn avaya_on_2019_keeps_the_systems_defaults_and_its_services() {
    let w = wizard("avaya-ipoffice");
    let plan = plan_on(&w, TargetOs::WindowsServer2019, &[]);
    let lm: Vec<(u32, &Origin)> = plan
        .operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::Registry(r) if r.value == "LmCompatibilityLevel" => match r.data {
                RegistryData::Dword(d) => Some((d, &o.origin)),
                RegistryData::String(_) => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(lm.len(), 1);
    assert_eq!(lm[0].0, 3, "the 2019 default, not the document's level 1");
    assert!(
        matches!(lm[0].1, Origin::Translated { note } if note.contains("below this system's own default"))
    );
    for op in &plan.operations {
        if let Action::Service(s) = &op.action {
            assert!(
                ![
                    "Netlogon",
                    "PolicyAgent",
                    "Browser",
                    "Dfs",
                    "NtFrs",
                    "AppMgmt",
                    "ALG"
                ]
                .contains(&s.name.as_str()),
                "{} disables {}",
                op.id,
                s.name
            );
        }
        if let Action::Manual(m) = &op.action {
            assert!(
                !m.path.contains("SCW") && !m.path.contains("My Network Places"),
                "{m:?}"
            );
        }
    }
    // The firewall check points at the 2008-and-later console, as our translation.
    let check = plan
        .operations
        .iter()
        .find(|o| o.item == "verify_exceptions")
        .unwrap();
    assert!(matches!(&check.action, Action::Manual(m) if m.path.starts_with("wf.msc")));
    assert!(matches!(check.origin, Origin::Translated { .. }));
    // IIS: the Internet Data Connector has no IIS 7 equivalent we vouch for: verify.
    let idc = plan
        .operations
        .iter()
        .find(|o| o.item == "iis_ext_idc")
        .unwrap();
    assert!(
        matches!(idc.origin, Origin::Verify { ref written_for } if written_for == &[TargetOs::WindowsServer2003])
    );
}

/// On Windows Server 2003 the same wizard is the document's own, SCW and all.
#[test]
fn avaya_on_2003_is_the_documents_own_but_for_the_lan_manager_level() {
    let w = wizard("avaya-ipoffice");
    let plan = plan_on(&w, TargetOs::WindowsServer2003, &[]);
    let translated: Vec<&str> = plan
        .operations
        .iter()
        .filter(|o| o.origin != Origin::Document)
        .map(|o| o.item.as_str())
        .collect();
    assert_eq!(translated, ["outbound_auth"]);
    assert!(
        plan.of(|a| matches!(a, Action::Manual(m) if m.path.starts_with("SCW")))
            .count()
            > 20
    );
}

/// The mechanism's own checks fail when the guard is taken away: a wizard whose only operation
/// is the document's LAN Manager level on every system.
#[test]
fn the_checks_catch_a_2003_value_on_2019() {
    let mut w = wizard("avaya-ipoffice");
    let (si, _) = w.item("outbound_auth").unwrap();
    let item = w.steps[si]
        .items
        .iter_mut()
        .find(|i| i.id == "outbound_auth")
        .unwrap();
    item.options[0].ops = vec![hardline::catalog::OpTemplate::Registry {
        key: "SYSTEM\\CurrentControlSet\\Control\\Lsa".into(),
        value: "LmCompatibilityLevel".into(),
        data: hardline::catalog::RegistryData::Dword(1),
    }];
    let problems = hardline::catalog::validate(&w);
    assert!(
        problems
            .iter()
            .any(|(_, m)| m.contains("LmCompatibilityLevel to 1")
                && m.contains("Windows Server 2019 (default 3)")),
        "{problems:?}"
    );
    let plan = plan_on(&w, TargetOs::WindowsServer2019, &[]);
    let op = plan
        .operations
        .iter()
        .find(|o| o.item == "outbound_auth")
        .unwrap();
    // Outside any for_systems, a registry value on a system the document predates: verify.
    assert!(matches!(op.origin, Origin::Verify { .. }));
    let weak = weaker_registry(
        "SYSTEM\\CurrentControlSet\\Control\\Lsa",
        "LmCompatibilityLevel",
        1,
        TargetOs::WindowsServer2019,
    );
    assert_eq!(weak.map(|w| w.default), Some(3));
}

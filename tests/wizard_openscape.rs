//! The OpenScape Business wizard against its checklist (002_20b177a054cbb245.txt): every measure
//! with its states, access rights and references reaches the plan's checklist, the customer's
//! comment travels as the reason, and the network sides become gateway rules.

mod common;
mod plans;

use hardline::catalog::{ItemKind, Wizard};
use hardline::plan::{ChecklistRow, Plan, RemoteScope};
use plans::{forwards, manual_steps, passes, plan, policy, shipped};

fn openscape() -> Wizard {
    shipped("openscape-business")
}

/// One checklist line of the document.
struct Measure {
    item: &'static str,
    /// The "Measure" / table title.
    label: &'static str,
    /// "Executed" states as printed, with whether the measure is carried out in it.
    states: &'static [(&'static str, &'static str, bool)],
    access_rights: &'static str,
    references: &'static str,
    /// Answers a state needs besides the measure (fields it reveals).
    extra: &'static [(&'static str, &'static str, &'static str)],
    /// The manual step the measure yields when executed: (path, setting, value).
    step: Option<(&'static str, &'static str, &'static str)>,
}

const YES_NO: &[(&str, &str, bool)] = &[("yes", "Yes", true), ("no", "No", false)];

const CHECKLIST: &[Measure] = &[
    Measure {
        item: "samba_share",
        label: "Deactivate SAMBA share",
        states: YES_NO,
        access_rights: "Expert",
        references: "[1] at Telephony > Security > SAMBA Share",
        extra: &[],
        step: Some((
            "OpenScape Business Assistant > Telephony > Security > SAMBA Share",
            "SAMBA Share (file service)",
            "deactivated",
        )),
    },
    Measure {
        item: "xmpp_secure",
        label: "Secure XMPP communication",
        states: &[
            ("yes", "Yes", true),
            ("no", "No", false),
            ("xmpp_not_active", "XMPP not active", false),
        ],
        access_rights: "End user instructions",
        references: "---",
        extra: &[("xmpp_external_server", "xmpp.partner.example", "")],
        step: Some((
            "End user instructions",
            "External XMPP servers",
            "use only an external XMPP server which supports secure communication",
        )),
    },
    Measure {
        item: "smtp_ssl",
        label: "SMTP Interface secured",
        states: &[
            ("yes", "Yes", true),
            ("no", "No", false),
            ("deactivated", "Deactivated", false),
        ],
        access_rights: "Expert",
        references: "[1]",
        extra: &[],
        step: Some((
            "OpenScape Business Assistant > UC Suite > OpenScape Business > Contact Center",
            "Inbound e-mail services: Use SSL",
            "selected",
        )),
    },
    Measure {
        item: "ldap_external",
        label: "Protect access to external LDAP Server",
        states: YES_NO,
        access_rights: "End User Information, Configuration: Expert",
        references: "[1]",
        extra: &[],
        step: Some((
            "OpenScape Business Assistant > Expert mode > UC Suite > LDAP connector",
            "LDAP password",
            "a strong password that passes its password check in this plan (the password is never recorded)",
        )),
    },
    Measure {
        item: "ods_password",
        label: "Protect internal LDAP server access",
        states: YES_NO,
        access_rights: "Expert",
        references: "[1], Password policy see 10.1",
        extra: &[],
        step: Some((
            "OpenScape Business Assistant > Open Directory Service",
            "Password of the integrated LDAP server",
            "a strong password that passes its password check in this plan (the password is never recorded)",
        )),
    },
    Measure {
        item: "csta_access",
        label: "Disable or limit CSTA access",
        states: YES_NO,
        access_rights: "Expert",
        references: "[1]",
        extra: &[],
        // The measure's step comes from the choice it reveals (see csta tests).
        step: None,
    },
];

fn row<'a>(plan: &'a Plan, item: &str) -> &'a ChecklistRow {
    plan.steps
        .iter()
        .flat_map(|s| &s.decisions)
        .find(|d| d.item == item)
        .and_then(|d| d.checklist.as_ref())
        .unwrap_or_else(|| panic!("{item} has no checklist row"))
}

#[test]
fn every_measure_of_the_checklist_is_in_the_wizard() {
    let w = openscape();
    let measures: Vec<&str> = w
        .items()
        .filter(|(_, i)| i.kind == ItemKind::Measure)
        .map(|(_, i)| i.id.as_str())
        .collect();
    let expected: Vec<&str> = CHECKLIST.iter().map(|m| m.item).collect();
    assert_eq!(measures, expected);
    for m in CHECKLIST {
        let (_, item) = w.item(m.item).expect("measure");
        assert_eq!(item.label, m.label);
        let states: Vec<(&str, &str, bool, bool)> = item
            .states
            .iter()
            .map(|s| (s.id.as_str(), s.label.as_str(), s.applies, s.needs_reason))
            .collect();
        let doc: Vec<(&str, &str, bool, bool)> = m
            .states
            .iter()
            .map(|(id, label, applies)| (*id, *label, *applies, *id == "no"))
            .collect();
        assert_eq!(states, doc, "{}", m.item);
    }
}

#[test]
fn every_state_reaches_the_plan_checklist_with_the_comment() {
    let w = openscape();
    for m in CHECKLIST {
        for (state, label, applies) in m.states {
            let comment = format!("customer comment for {} {state}", m.item);
            let mut answers = vec![(m.item, *state, comment.as_str())];
            let reveals = *state == "yes" || *state == "no";
            if reveals {
                answers.extend(m.extra.iter().copied());
            }
            let plan = plan(&w, None, &answers);
            let r = row(&plan, m.item);
            // The comment column also carries the fields the measure asks for.
            let mut comments = comment.clone();
            match (m.item, *state) {
                ("xmpp_secure", "yes" | "no") => {
                    comments.push_str("\nUsed external XMPP Server: xmpp.partner.example")
                }
                ("csta_access", "yes") => {
                    comments.push_str("\nCSTA access: Block CSTA access (not needed)")
                }
                _ => {}
            }
            assert_eq!(
                (r.measure.as_str(), r.decision.as_str(), r.comments.as_str()),
                (m.label, *label, comments.as_str()),
                "{} {state}",
                m.item
            );
            assert_eq!(
                (r.access_rights.as_str(), r.references.as_str()),
                (m.access_rights, m.references)
            );
            if let Some((path, setting, value)) = m.step {
                let has = manual_steps(&plan, m.item)
                    .any(|s| s.path == path && s.setting == setting && s.value == value);
                assert_eq!(has, *applies, "{} {state}: manual step", m.item);
            }
        }
    }
}

#[test]
fn a_no_needs_a_reason() {
    let w = openscape();
    let mut s = hardline::session::Session::new("t", &w.id, &w.fingerprint(), common::NOW);
    common::site_for(&w, &mut s);
    let answer = hardline::session::Change::Answer {
        item: "samba_share".into(),
        value: common::value("no"),
        reason: String::new(),
    };
    s.apply(&w, answer, common::NOW)
        .unwrap_or_else(|e| panic!("{e}"));
    let open = s.walk(&w, true, common::NOW);
    assert!(
        open.iter().any(|o| o.contains("needs a reason")),
        "{open:#?}"
    );
}

#[test]
fn the_external_xmpp_server_is_recorded() {
    let w = openscape();
    let plan = plan(
        &w,
        None,
        &[
            ("xmpp_secure", "yes", ""),
            ("xmpp_external_server", "xmpp.partner.example", ""),
        ],
    );
    let d = plan
        .steps
        .iter()
        .flat_map(|s| &s.decisions)
        .find(|d| d.item == "xmpp_external_server")
        .expect("decision");
    assert_eq!(d.label, "Used external XMPP Server");
    assert_eq!(d.value, "xmpp.partner.example");
    // XMPP not active: nothing to record, no forward.
    let idle = plan_defaults(&w);
    assert!(
        idle.steps
            .iter()
            .flat_map(|s| &s.decisions)
            .all(|d| d.item != "xmpp_external_server")
    );
    assert!(forwards(&idle).is_empty());
}

fn plan_defaults(w: &Wizard) -> Plan {
    plan(w, None, &[])
}

#[test]
fn xmpp_over_wan_forwards_5269_from_the_partners_only() {
    let w = openscape();
    let plan = plan(
        &w,
        None,
        &[
            ("xmpp_secure", "yes", ""),
            ("xmpp_external_server", "xmpp.partner.example", ""),
            ("xmpp_wan", "true", ""),
            ("xmpp_wan_sources", "198.51.100.7, 203.0.113.0/28", ""),
            ("xmpp_gateway_address", "198.51.100.1", ""),
            ("xmpp_gateway_interface", "eth0", ""),
        ],
    );
    let fwd = forwards(&plan);
    assert_eq!(fwd.len(), 1);
    assert_eq!((fwd[0].public_port, fwd[0].target_port), (5269, 5269));
    assert_eq!(
        (
            fwd[0].public_address.as_str(),
            fwd[0].wan_interface.as_str()
        ),
        ("198.51.100.1", "eth0")
    );
    // The 443/10443 rule is OXO's document, not this one's; nothing is masqueraded by default.
    assert!(fwd[0].never_forwarded.is_empty());
    assert!(!fwd[0].masquerade);
    assert_eq!(fwd[0].target_address, "192.0.2.10");
    assert_eq!(
        fwd[0].sources,
        RemoteScope::Addresses(vec!["198.51.100.7".into(), "203.0.113.0/28".into()])
    );
}

#[test]
fn csta_is_blocked_by_default_or_limited_to_named_servers() {
    let w = openscape();
    let path = "OpenScape Business Assistant > Application firewall (document section 3.2.2)";
    let blocked = plan_defaults(&w);
    let steps: Vec<_> = manual_steps(&blocked, "csta_scope").collect();
    assert_eq!(steps.len(), 1);
    assert_eq!(
        (
            steps[0].path.as_str(),
            steps[0].setting.as_str(),
            steps[0].value.as_str()
        ),
        (path, "CSTA access", "blocked")
    );
    let limited = plan(
        &w,
        None,
        &[
            ("csta_access", "yes", ""),
            ("csta_scope", "limit", ""),
            ("csta_servers", "10.0.0.20, 10.0.0.21", ""),
        ],
    );
    assert_eq!(manual_steps(&limited, "csta_scope").count(), 0);
    let steps: Vec<_> = manual_steps(&limited, "csta_servers").collect();
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].path, path);
    assert_eq!(steps[0].value, "allowed only from 10.0.0.20, 10.0.0.21");
    // Not executed: no CSTA step at all.
    let open = plan(
        &w,
        None,
        &[("csta_access", "no", "CTI server changes weekly")],
    );
    assert_eq!(manual_steps(&open, "csta_scope").count(), 0);
}

#[test]
fn ldap_port_389_stays_in_the_lan() {
    let plan = plan_defaults(&openscape());
    assert!(manual_steps(&plan, "ods_password").any(|m| m.setting
        == "TCP port 389 (integrated LDAP server)"
        && m.value == "open in the LAN for the directory clients; not forwarded from the Internet"));
}

#[test]
fn ldap_and_sql_passwords_must_be_strong() {
    let w = openscape();
    for item in [
        "ldap_external_password_check",
        "ods_password_check",
        "ods_sql_password_check",
    ] {
        let p = policy(&w, item);
        assert!(passes(&p, "Dir-Srv7q"), "{item}");
        for weak in [
            "Dir7q",
            "directory",
            "Directory",
            "Aaa1111bb",
            "Xbcde-9q",
            "",
        ] {
            assert!(!passes(&p, weak), "{item}: {weak:?} passes");
        }
    }
    // The SQL check appears only when ODS reads external SQL servers.
    let ev = common::walked(&w, None, &[]).evaluate(&w);
    assert!(ev.visible("ods_password_check") && !ev.visible("ods_sql_password_check"));
    let ev = common::walked(&w, None, &[("ods_external_sql", "true", "")]).evaluate(&w);
    assert!(ev.visible("ods_sql_password_check"));
}

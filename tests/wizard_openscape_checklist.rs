//! The OpenScape Business checklist (002_20b177a054cbb245.txt) as the plan renders it: a decision
//! is never an execution, the document's own measure is never a deviation, a state that claims
//! something about the system ("XMPP not active", "Deactivated") brings the step that verifies or
//! does it, and the fields the checklist asks for reach its comments column.

mod common;
mod plans;

use hardline::catalog::Wizard;
use hardline::export::{Format, bundle};
use hardline::plan::{Decision, Plan};
use plans::{manual_steps, plan, shipped};

fn openscape() -> Wizard {
    shipped("openscape-business")
}

fn decision<'a>(plan: &'a Plan, item: &str) -> &'a Decision {
    plan.steps
        .iter()
        .flat_map(|s| &s.decisions)
        .find(|d| d.item == item)
        .unwrap_or_else(|| panic!("no decision for {item}"))
}

/// checklist.csv of a plan, split into records (no field of these plans holds a comma or quote).
fn checklist(plan: &Plan) -> Vec<Vec<String>> {
    let text = bundle(plan, &[Format::Csv])
        .into_iter()
        .find(|(name, _)| name == "checklist.csv")
        .map(|(_, t)| t)
        .unwrap_or_default();
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn with_the_defaults_nothing_is_said_to_be_executed() {
    let plan = plan(&openscape(), None, &[]);
    let records = checklist(&plan);
    let header = &records[0];
    let executed = header
        .iter()
        .position(|h| h == "Executed")
        .expect("Executed column");
    let decided = header
        .iter()
        .position(|h| h == "Decision")
        .expect("Decision column");
    assert!(records.len() > 5, "{records:?}");
    for r in &records[1..] {
        assert_eq!(r[executed], "", "{r:?}: executed before anything ran");
        assert!(!r[decided].is_empty(), "{r:?}");
    }
    for d in plan.steps.iter().flat_map(|s| &s.decisions) {
        if let Some(row) = &d.checklist {
            assert_eq!(row.decision, d.value, "{}", d.item);
        }
    }
}

#[test]
fn xmpp_not_active_is_verified_not_assumed() {
    let w = openscape();
    let idle = plan(&w, None, &[]);
    assert_eq!(decision(&idle, "xmpp_secure").value, "XMPP not active");
    let steps: Vec<_> = manual_steps(&idle, "xmpp_secure").collect();
    assert_eq!(steps.len(), 1, "{steps:#?}");
    assert!(
        steps[0]
            .value
            .starts_with("not active: verified that no external XMPP server")
    );
    // SMTP "Deactivated" is a step too.
    let off = plan(&w, None, &[("smtp_ssl", "deactivated", "")]);
    let steps: Vec<_> = manual_steps(&off, "smtp_ssl").collect();
    assert_eq!(steps.len(), 1);
    assert!(steps[0].value.starts_with("deactivated"));
}

#[test]
fn the_documents_own_measure_is_no_deviation_and_a_no_is() {
    let w = openscape();
    let secure = plan(
        &w,
        None,
        &[
            ("xmpp_secure", "yes", ""),
            ("xmpp_external_server", "xmpp.partner.example", ""),
        ],
    );
    let d = decision(&secure, "xmpp_secure");
    assert!(
        !d.deviates,
        "choosing the document's measure is listed as a deviation"
    );
    // The external server reaches the checklist's comments column.
    let row = d.checklist.as_ref().unwrap();
    assert_eq!(
        row.comments,
        "Used external XMPP Server: xmpp.partner.example"
    );
    let records = checklist(&secure);
    let comments = records[0]
        .iter()
        .position(|h| h == "Customer Comments and Reasons")
        .unwrap();
    assert!(
        records
            .iter()
            .any(|r| r[comments] == "Used external XMPP Server: xmpp.partner.example"),
        "{records:?}"
    );
    for (item, reason) in [
        ("samba_share", "backups go to the share"),
        ("xmpp_secure", "the partner does not encrypt"),
        ("smtp_ssl", "the mail server has no SSL"),
        ("ldap_external", "the directory is read-only"),
        ("ods_password", "ODS is not used"),
        ("csta_access", "the CTI servers change weekly"),
    ] {
        let mut answers = vec![(item, "no", reason)];
        if item == "xmpp_secure" {
            answers.push(("xmpp_external_server", "xmpp.partner.example", ""));
        }
        let p = plan(&w, None, &answers);
        let d = decision(&p, item);
        assert!(d.deviates && d.reason == reason, "{item}");
    }
    // "XMPP not active" and "Deactivated" are no deviations either.
    let p = plan(&w, None, &[("smtp_ssl", "deactivated", "")]);
    assert!(!decision(&p, "smtp_ssl").deviates);
}

#[test]
fn the_csta_choice_reaches_the_comments() {
    let w = openscape();
    let limited = plan(
        &w,
        None,
        &[
            ("csta_access", "yes", ""),
            ("csta_scope", "limit", ""),
            ("csta_servers", "10.0.0.20", ""),
        ],
    );
    let row = decision(&limited, "csta_access").checklist.clone().unwrap();
    assert_eq!(
        row.comments,
        "CSTA access: Limit CSTA access to specific servers\nServers allowed to use CSTA: 10.0.0.20"
    );
}

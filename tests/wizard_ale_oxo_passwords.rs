//! OXO (003_225642892781deb0.txt) sections 2.2, 3 and 4.12: the default management passwords are
//! changed at every release, every password check is recorded when it is made (and only then),
//! obvious passwords are refused at every release, and remote access agrees with the Network IP
//! services of R10.2 and later.

mod ale_oxo_facts;
mod common;
mod plans;

use ale_oxo_facts::REMOTE_HTTPS;
use common::{NOW, answered, walked};
use hardline::catalog::password::{Secret, check_for};
use hardline::catalog::{ItemKind, Value, Wizard};
use hardline::export::{Format, bundle};
use hardline::plan::{Plan, derive};
use hardline::session::{AnswerStatus, Change, CheckState, Session};
use plans::{manual_steps, shipped};

fn oxo() -> Wizard {
    shipped("ale-oxo")
}

const LATER: &str = "2026-11-26T08:30:00Z";

/// The management password checks (every level) shown at `release`.
fn management_checks(w: &Wizard, s: &Session) -> Vec<String> {
    let ev = s.evaluate(w);
    w.items()
        .filter(|(step, i)| {
            step.id == "system_passwords" && i.kind == ItemKind::PasswordCheck && ev.visible(&i.id)
        })
        .map(|(_, i)| i.id.clone())
        .collect()
}

fn check(
    s: &mut Session,
    w: &Wizard,
    item: &str,
    candidate: &str,
    now: &str,
) -> Result<(), String> {
    let change = Change::CheckPassword {
        item: item.into(),
        candidate: Secret::new(candidate),
    };
    s.apply(w, change, now)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// plan.md of a plan.
fn plan_md(plan: &Plan) -> String {
    bundle(plan, &[Format::Md])
        .into_iter()
        .find(|(name, _)| name == "plan.md")
        .map(|(_, text)| text)
        .unwrap_or_default()
}

fn decision<'a>(plan: &'a Plan, item: &str) -> &'a hardline::plan::Decision {
    plan.steps
        .iter()
        .flat_map(|s| &s.decisions)
        .find(|d| d.item == item)
        .unwrap_or_else(|| panic!("no decision for {item}"))
}

#[test]
fn the_default_management_passwords_are_changed_at_every_release() {
    let w = oxo();
    let levels = [
        (
            "change_default_installer_password",
            "OMC Expert",
            "Installer password",
        ),
        (
            "change_default_administrator_password",
            "OMC EasyPlus",
            "Administrator password",
        ),
        (
            "change_default_operator_password",
            "OMC Easy",
            "Operator password",
        ),
        (
            "change_download_password",
            "OMC Expert",
            "Software download session password",
        ),
    ];
    for release in &w.releases {
        let plan = plans::plan(&w, Some(release), &[]);
        for (item, path, setting) in levels {
            let steps: Vec<_> = manual_steps(&plan, item).collect();
            assert_eq!(steps.len(), 1, "{item} at {release}");
            assert_eq!(
                (steps[0].path.as_str(), steps[0].setting.as_str()),
                (path, setting)
            );
            assert!(
                steps[0].value.starts_with("changed from the default"),
                "{release}"
            );
        }
    }
    // Before R10.1 the system lets a default stand: keeping it is a deviation, not a contradiction.
    let kept = walked(
        &w,
        Some("R10.0"),
        &[("change_default_operator_password", "false", "x")],
    );
    assert!(decision(&derive(&w, &kept, NOW), "change_default_operator_password").deviates);
    // From R10.1 OMC does not accept it: the step cannot be completed.
    for release in ["R10.1", "R10.3"] {
        let mut s = answered(
            &w,
            Some(release),
            &[("change_default_installer_password", "false", "")],
        );
        let open = s.walk(&w, true, NOW);
        assert!(
            open.iter()
                .any(|o| o.contains("cannot stay at its default")),
            "{release}: {open:#?}"
        );
    }
    // The download password is not named by the R10.1 rule: a deviation only.
    walked(
        &w,
        Some("R10.3"),
        &[("change_download_password", "false", "kept on purpose")],
    );
}

#[test]
fn obvious_passwords_are_refused_at_every_release() {
    let w = oxo();
    for release in &w.releases {
        let s = walked(&w, Some(release), &[]);
        let checks = management_checks(&w, &s);
        assert!(checks.len() >= 4, "{release}: {checks:?}");
        for item in checks {
            let (_, it) = w.item(&item).unwrap();
            let policy = it.password.as_ref().unwrap();
            // The customer's and the site's names come from the site facts.
            for weak in [
                "1",
                "123",
                "admin",
                "password",
                "Passw0rd",
                "Example1",
                "Customer9",
                "HeadOffice1",
            ] {
                let failed = check_for(policy, weak, &s.site.names());
                assert!(!failed.is_empty(), "{item} at {release}: {weak:?} passes");
            }
            assert!(
                check_for(policy, "Kq7vTmw4", &s.site.names()).is_empty(),
                "{item} at {release}"
            );
            assert!(
                it.ours.is_some(),
                "{item}: the baseline is not marked as ours"
            );
        }
    }
}

#[test]
fn a_made_check_is_recorded_with_its_time_and_rules_never_the_password() {
    let w = oxo();
    let mut s = walked(&w, Some("R10.3"), &[]);
    let item = "installer_password_check";
    let err = check(&mut s, &w, item, "admin2024!", LATER).unwrap_err();
    assert!(err.contains("does not pass"), "{err}");
    assert!(s.answer(item).is_none(), "a failed check left an answer");
    check(&mut s, &w, item, "Kq7vTmw4", LATER).unwrap();
    let a = s.answer(item).unwrap();
    assert_eq!(
        (a.value.clone(), a.status),
        (Value::Bool(true), AnswerStatus::Answered)
    );
    let record = a.check.clone().unwrap();
    let (_, it) = w.item(item).unwrap();
    assert_eq!(record.time, LATER);
    assert_eq!(record.rules, it.password.as_ref().unwrap().described());
    assert!(matches!(s.password_check(it), CheckState::Made(_)));
    let json = s.to_json();
    assert!(
        !json.contains("Kq7vTmw4") && !json.contains("admin2024"),
        "the password was kept"
    );
    let entry = s.audit.iter().rev().find(|e| e.target == item).unwrap();
    assert_eq!(entry.action, "password check");
    assert!(!format!("{entry:?}").contains("Kq7vTmw4"));

    let plan = derive(&w, &s, LATER);
    let d = decision(&plan, item);
    let state = d.password_check.clone().unwrap();
    assert!(state.made && state.time == LATER && state.rules == record.rules);
    assert_eq!(d.value, format!("made and passed on {LATER}"));
    assert!(plan.open.iter().all(|o| !o.contains(&d.label)));
    let md = plan_md(&plan);
    assert!(md.contains(&format!("made and passed on {LATER}")), "{md}");
}

#[test]
fn defaults_make_no_check_and_the_plan_says_so() {
    let w = oxo();
    for release in ["R9.0", "R10.3"] {
        let s = walked(&w, Some(release), &[]);
        let plan = derive(&w, &s, NOW);
        let checks = management_checks(&w, &s);
        for item in &checks {
            let d = decision(&plan, item);
            assert_eq!(d.value, "not made", "{item}");
            assert!(!d.password_check.as_ref().unwrap().made);
            assert!(
                plan.open
                    .iter()
                    .any(|o| o.contains(&d.label) && o.contains("not made")),
                "{item} not listed as open: {:#?}",
                plan.open
            );
        }
        let md = plan_md(&plan);
        assert!(md.contains("## Checks not made"), "{release}");
        assert!(
            !md.contains("made and passed"),
            "{release}: a check is claimed"
        );
        // The export is not blocked: the checks are listed as open.
        assert!(s.export_blockers(&w).is_empty(), "{release}");
    }
}

#[test]
fn an_answer_cannot_tick_a_check() {
    let w = oxo();
    let mut s = walked(&w, Some("R10.3"), &[]);
    for change in [
        Change::Answer {
            item: "operator_password_check".into(),
            value: Value::Bool(true),
            reason: String::new(),
        },
        Change::Import {
            item: "operator_password_check".into(),
            value: Value::Bool(true),
            note: "found".into(),
        },
    ] {
        let err = s.apply(&w, change, NOW).unwrap_err().to_string();
        assert!(err.contains("is a password check"), "{err}");
    }
    assert!(s.answer("operator_password_check").is_none());
    // Once made, a reason may be added without losing the record.
    check(&mut s, &w, "operator_password_check", "Kq7vTmw4", LATER).unwrap();
    let change = Change::Answer {
        item: "operator_password_check".into(),
        value: Value::Bool(true),
        reason: "set by the customer's administrator".into(),
    };
    s.apply(&w, change, LATER).unwrap();
    let a = s.answer("operator_password_check").unwrap();
    assert!(a.check.is_some() && a.reason.starts_with("set by"));
}

#[test]
fn a_check_against_rules_that_changed_counts_as_not_made() {
    let w = oxo();
    let mut s = walked(&w, Some("R10.3"), &[]);
    check(&mut s, &w, "operator_password_check", "Kq7vTmw4", LATER).unwrap();
    let mut stricter = w.clone();
    for step in &mut stricter.steps {
        for item in &mut step.items {
            if item.id == "operator_password_check"
                && let Some(p) = item.password.as_mut()
            {
                p.rules.push(hardline::catalog::PasswordRule::MinLength(8));
            }
        }
    }
    let plan = derive(&stricter, &s, LATER);
    let d = decision(&plan, "operator_password_check");
    assert!(d.password_check.as_ref().unwrap().stale);
    assert!(d.value.starts_with("not made"));
    assert!(
        plan.open
            .iter()
            .any(|o| o.contains("rules that have changed"))
    );
}

/// The step problems of `step` after `answers` at R10.3, with the rest recommended.
fn problems(w: &Wizard, answers: &[(&str, &str, &str)], step: &str) -> Vec<String> {
    let mut s = answered(w, Some("R10.3"), answers);
    s.walk(w, true, NOW);
    let ev = s.evaluate(w);
    let index = w.step_index(step).unwrap();
    s.step_problems(w, &ev, index)
        .into_iter()
        .map(|p| p.message)
        .collect()
}

#[test]
fn remote_access_and_the_network_ip_services_agree() {
    let w = oxo();
    // The recommendation follows the remote access step: the forward is usable.
    let s = walked(&w, Some("R10.3"), &REMOTE_HTTPS);
    let plan = derive(&w, &s, NOW);
    let wan: Vec<_> = manual_steps(&plan, "user_services_wan").collect();
    assert_eq!(wan.len(), 1);
    assert_eq!(wan[0].value, "enabled");
    assert!(!decision(&plan, "user_services_wan").deviates);
    assert_eq!(
        manual_steps(&plan, "management_services_wan")
            .next()
            .unwrap()
            .value,
        "disabled"
    );
    // Without remote access, the default stays off.
    let idle = derive(&w, &walked(&w, Some("R10.3"), &[]), NOW);
    assert_eq!(
        manual_steps(&idle, "user_services_wan")
            .next()
            .unwrap()
            .value,
        "disabled"
    );

    // Contradicting answers are a problem on the step, with the reason.
    let mut off = REMOTE_HTTPS.to_vec();
    off.push(("user_services_wan", "false", ""));
    let p = problems(&w, &off, "network_services");
    assert!(
        p.iter()
            .any(|m| m.contains("'Allow User Application Services from WAN' is off")),
        "{p:#?}"
    );
    let mut s = answered(&w, Some("R10.3"), &off);
    let open = s.walk(&w, true, NOW);
    assert!(
        open.iter()
            .any(|o| o.contains("not allowed from WAN (4.12)")),
        "{open:#?}"
    );
    assert!(!s.is_complete(&w));

    // Remote management needs Management Services from WAN: recommended, and required to agree.
    let mut mgmt = REMOTE_HTTPS.to_vec();
    mgmt.push(("remote_management", "true", ""));
    let plan = derive(&w, &walked(&w, Some("R10.3"), &mgmt), NOW);
    assert_eq!(
        manual_steps(&plan, "management_services_wan")
            .next()
            .unwrap()
            .value,
        "enabled"
    );
    mgmt.push(("management_services_wan", "false", ""));
    let p = problems(&w, &mgmt, "network_services");
    assert!(
        p.iter()
            .any(|m| m.contains("remote management would not work")),
        "{p:#?}"
    );

    // Remote access for nothing is refused too.
    let mut none = REMOTE_HTTPS.to_vec();
    none.push(("remote_user_applications", "false", ""));
    let p = problems(&w, &none, "remote_access");
    assert!(
        p.iter()
            .any(|m| m.contains("neither the end user applications")),
        "{p:#?}"
    );
}

#[test]
fn ext_lnk_clsd_closed_contradicts_remote_user_applications() {
    let w = oxo();
    let mut a = REMOTE_HTTPS.to_vec();
    a.push(("ext_lnk_clsd", "closed", ""));
    let mut s = answered(&w, Some("R9.2"), &a);
    let open = s.walk(&w, true, NOW);
    assert!(
        open.iter().any(|o| o.contains("ExtLnkClsd 01 forbids")),
        "{open:#?}"
    );
    // Without remote user applications, closing is the installer's choice.
    walked(&w, Some("R9.2"), &[("ext_lnk_clsd", "closed", "")]);
}

//! The OXO wizard against its document (003_225642892781deb0.txt): every noteworthy address,
//! feature right and option reaches the plan as the exact OMC step, each only in the releases the
//! summary tables give it, remote access follows the release, and the password rules hold.

mod ale_oxo_facts;
mod common;
mod plans;

use ale_oxo_facts::{FEATURE_RIGHTS, Fact, LAST, NOTEWORTHY, OPTIONS, REMOTE_HTTPS};
use common::{NOW, walked};
use hardline::catalog::Wizard;
use hardline::plan::{ManualStep, Plan, RemoteScope, derive};
use hardline::session::{Change, ChangeError};
use plans::{forwards, manual_steps, passes, policy, shipped};

fn oxo() -> Wizard {
    shipped("ale-oxo")
}

fn plan(w: &Wizard, release: &str, answers: &[(&str, &str, &str)]) -> Plan {
    plans::plan(w, Some(release), answers)
}

fn assert_fact(w: &Wizard, f: &Fact) {
    let plan = plan(w, f.release, f.answers);
    let found: Vec<&ManualStep> = manual_steps(&plan, f.item).collect();
    assert!(
        found
            .iter()
            .any(|m| m.path == f.path && m.setting == f.setting && m.value == f.value),
        "{} at {}: no manual step {} / {} = {}; found {found:#?}",
        f.item,
        f.release,
        f.path,
        f.setting,
        f.value
    );
}

#[test]
fn every_noteworthy_address_reaches_the_plan() {
    let w = oxo();
    NOTEWORTHY.iter().for_each(|f| assert_fact(&w, f));
}

#[test]
fn every_feature_right_reaches_the_plan() {
    let w = oxo();
    FEATURE_RIGHTS.iter().for_each(|f| assert_fact(&w, f));
}

#[test]
fn every_other_option_reaches_the_plan() {
    let w = oxo();
    OPTIONS.iter().for_each(|f| assert_fact(&w, f));
    // 6-digit user passwords exist from R8.2; R8.1 has no such step.
    let six = plan(&w, "R8.2", &[]);
    assert!(manual_steps(&six, "user_pin_length").any(|m| m.value == "6 digits"));
    assert_eq!(
        manual_steps(&plan(&w, "R8.1", &[]), "user_pin_length").count(),
        0
    );
}

/// Releases in which each release-gated item is shown, from the summary tables (5.1.1, 5.1.2,
/// 5.2) and the section titles (4.3 - 4.13).
#[test]
fn options_follow_the_summary_tables() {
    let w = oxo();
    let from = |first: &str| -> Vec<&str> {
        let at = w
            .releases
            .iter()
            .position(|r| r == first)
            .expect("known release");
        w.releases[at..].iter().map(String::as_str).collect()
    };
    let all: Vec<&str> = w.releases.iter().map(String::as_str).collect();
    let before =
        |first: &str| -> Vec<&str> { all.iter().copied().take_while(|r| *r != first).collect() };
    let but_r70: Vec<&str> = all.iter().copied().filter(|r| *r != "R7.0").collect();
    let expected: Vec<(&str, Vec<&str>)> = vec![
        ("per_ass_alwd", all.clone()),
        ("vmu_max_try", all.clone()),
        ("account_code_guest", all.clone()),
        ("remote_customization", but_r70),
        ("div_rem_cust", from("R7.1")),
        (
            "call_corres",
            vec![
                "R5.1", "R6.1", "R7.1", "R8.2", "R9.0", "R9.1", "R9.2", "R10.0",
            ],
        ),
        (
            "ext_lnk_clsd",
            vec!["R8.2", "R9.0", "R9.1", "R9.2", "R10.0", "R10.1"],
        ),
        ("external_csta", from("R8.2")),
        ("wan_api_access", from("R8.2")),
        ("user_pin_length", from("R8.2")),
        ("installer_password_check", from("R9.1")),
        ("auto_pwd_chk", from("R9.1")),
        ("installer_password_legacy_check", before("R9.1")),
        ("administrator_password_legacy_check", before("R9.1")),
        ("download_password_legacy_check", before("R9.1")),
        ("operator_password_legacy_check", before("R10.0")),
        ("operator_password_check", from("R10.0")),
        ("certificates", from("R10.0")),
        ("callback_in_vm_consultation", from("R10.1")),
        ("management_services_wan", from("R10.2")),
        ("user_services_wan", from("R10.2")),
        ("user_services_lan", from("R10.2")),
        ("access_control_code", from("R10.3")),
        ("access_control_code_personal", from("R10.3")),
        ("vm_consultation", from("R10.3")),
        ("rm_ac_gen_mbx", from("R10.3")),
        ("user_password_not_system_checked", vec!["R3.1", "R7.0"]),
    ];
    let evaluations: Vec<_> = all
        .iter()
        .map(|r| walked(&w, Some(r), &[]).evaluate(&w))
        .collect();
    for (item, releases) in expected {
        let shown: Vec<&str> = all
            .iter()
            .zip(&evaluations)
            .filter(|(_, ev)| ev.visible(item))
            .map(|(r, _)| *r)
            .collect();
        assert_eq!(shown, releases, "{item}");
    }
}

#[test]
fn releases_are_the_documents_in_order() {
    assert_eq!(
        oxo().releases,
        [
            "R3.1",
            "R4.1",
            "R5.1",
            "R6.1",
            "R7.0",
            "R7.1",
            "R8.0",
            "R8.1",
            "R8.2",
            "R9.0",
            "R9.1",
            "R9.2",
            "R10.0",
            "R10.1",
            "R10.2",
            "R10.3",
            "OXO Connect R2.0"
        ]
    );
}

#[test]
fn r81_gets_a_vpn_and_never_a_50443_forward() {
    let w = oxo();
    let mut s = walked(&w, Some("R8.1"), &[("remote_access_needed", "true", "")]);
    let ev = s.evaluate(&w);
    for hidden in [
        "wan_access_method",
        "wan_public_port",
        "ext_https_po",
        "forward_only_50443",
    ] {
        assert!(!ev.visible(hidden), "{hidden} is shown on R8.1");
    }
    let change = Change::Answer {
        item: "wan_public_port".into(),
        value: common::value("443"),
        reason: String::new(),
    };
    assert!(matches!(
        s.apply(&w, change, NOW),
        Err(ChangeError::Hidden(_))
    ));
    let plan = derive(&w, &s, NOW);
    assert!(forwards(&plan).is_empty(), "R8.1 plan forwards a port");
    let vpn: Vec<&ManualStep> = manual_steps(&plan, "vpn_remote_access").collect();
    assert_eq!(vpn.len(), 1);
    assert_eq!(
        vpn[0].value,
        "through a VPN connection only; no port forwarding to the system"
    );
}

#[test]
fn from_r82_the_public_port_goes_to_50443_only() {
    let w = oxo();
    let standard = plan(&w, "R8.2", &REMOTE_HTTPS);
    let fwd = forwards(&standard);
    assert_eq!(fwd.len(), 1);
    assert_eq!((fwd[0].public_port, fwd[0].target_port), (443, 50443));
    assert_eq!(fwd[0].target_address, "192.0.2.10");
    assert_eq!(
        (
            fwd[0].public_address.as_str(),
            fwd[0].wan_interface.as_str()
        ),
        ("198.51.100.1", "eth0")
    );
    assert_eq!(fwd[0].never_forwarded, [443, 10443]);
    assert!(!fwd[0].masquerade, "the gateway's own NAT is the default");
    assert_eq!(
        fwd[0].sources,
        RemoteScope::Addresses(vec!["0.0.0.0/0".into()])
    );
    // On the standard port nothing has to be told to the applications.
    assert_eq!(manual_steps(&standard, "ext_https_po").count(), 0);

    let with = |port: &'static str| -> Vec<(&str, &str, &str)> {
        let mut a = REMOTE_HTTPS.to_vec();
        a.push(("wan_public_port", port, ""));
        a.push(("wan_sources", "203.0.113.0/24", ""));
        a
    };
    for release in ["R8.2", "R9.0", "R10.0", "R10.3", LAST] {
        let other = plan(&w, release, &with("33443"));
        let fwd = forwards(&other);
        assert_eq!(fwd.len(), 1, "{release}");
        assert_eq!(
            (fwd[0].public_port, fwd[0].target_port),
            (33443, 50443),
            "{release}"
        );
        assert_eq!(
            fwd[0].sources,
            RemoteScope::Addresses(vec!["203.0.113.0/24".into()])
        );
    }
}

#[test]
fn ext_https_po_is_the_public_port_in_hex() {
    let w = oxo();
    for (port, hex) in [("33443", "82 A3"), ("8443", "20 FB"), ("50443", "C5 0B")] {
        let mut answers = REMOTE_HTTPS.to_vec();
        answers.push(("wan_public_port", port, ""));
        answers.push(("remote_management", "true", ""));
        let plan = plan(&w, "R10.3", &answers);
        let ext: Vec<&ManualStep> = manual_steps(&plan, "ext_https_po").collect();
        assert_eq!(ext.len(), 1, "{port}");
        assert_eq!(
            (ext[0].setting.as_str(), ext[0].value.as_str()),
            ("ExtHttpsPo", hex)
        );
        for app in [
            "pimphony_port",
            "my_ic_web_port",
            "omc_port",
            "web_based_tool_port",
        ] {
            assert!(
                manual_steps(&plan, app).any(|m| m.value.contains(port)),
                "{app} does not name port {port}"
            );
        }
    }
    // Without remote management the management applications are not told a public port.
    let mut answers = REMOTE_HTTPS.to_vec();
    answers.push(("wan_public_port", "33443", ""));
    let plan = plan(&w, "R10.3", &answers);
    assert_eq!(manual_steps(&plan, "pimphony_port").count(), 1);
    assert_eq!(manual_steps(&plan, "omc_port").count(), 0);
    assert_eq!(manual_steps(&plan, "web_based_tool_port").count(), 0);
}

#[test]
fn r103_sees_the_access_control_code_items() {
    let w = oxo();
    let items = ["access_control_code", "access_control_code_personal"];
    let s = walked(&w, Some("R10.3"), &[]);
    let ev = s.evaluate(&w);
    assert!(items.iter().all(|i| ev.visible(i)));
    // The generated code is kept by default: no personal code to check.
    assert!(!ev.visible("access_control_code_check"));
    let plan = derive(&w, &s, NOW);
    assert_eq!(manual_steps(&plan, "access_control_code").count(), 1);
    let personal = walked(
        &w,
        Some("R10.3"),
        &[("access_control_code_personal", "true", "")],
    );
    assert!(personal.evaluate(&w).visible("access_control_code_check"));
    let ev = walked(&w, Some("R10.2"), &[]).evaluate(&w);
    assert!(items.iter().all(|i| !ev.visible(i)));
}

#[test]
fn voice_mail_consultation_follows_the_summary_table() {
    let w = oxo();
    // (option, Mailbox consultation from any phone, Mailbox remote consultation, local, remote)
    let table = [
        (
            "any_phone_and_remote",
            "enabled",
            "enabled (for the users who need it)",
            "Yes",
            "Yes",
        ),
        ("any_phone_only", "enabled", "disabled", "Yes", "No"),
        (
            "remote_only",
            "disabled",
            "enabled (for the users who need it)",
            "No",
            "Yes",
        ),
        ("own_phone_only", "disabled", "disabled", "No", "No"),
    ];
    let (_, item) = w.item("vm_consultation").expect("vm_consultation");
    for (option, any_phone, remote, local_vm, remote_vm) in table {
        let plan = plan(&w, "R10.3", &[("vm_consultation", option, "")]);
        let got: Vec<(&str, &str)> = manual_steps(&plan, "vm_consultation")
            .map(|m| (m.setting.as_str(), m.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Mailbox consultation from any phone", any_phone),
                ("Mailbox remote consultation", remote)
            ]
        );
        let help = item
            .options
            .iter()
            .find(|o| o.id == option)
            .and_then(|o| o.help.clone());
        let help = help.unwrap_or_default();
        assert!(
            help.contains(&format!("Local access to VM: {local_vm}.")),
            "{option}"
        );
        assert!(
            help.contains(&format!("Remote access to VM: {remote_vm}.")),
            "{option}"
        );
    }
}

#[test]
fn user_passwords_are_4_or_6_digits_and_not_easy() {
    let w = oxo();
    let four = policy(&w, "user_password_4_check");
    assert!(passes(&four, "7392"));
    for easy in ["1234", "0000", "4321", "7 92", "73921", "73a2", ""] {
        assert!(!passes(&four, easy), "{easy:?} passes");
    }
    let six = policy(&w, "user_password_6_check");
    assert!(passes(&six, "190375"));
    for easy in ["123456", "000000", "7392", "19037a"] {
        assert!(!passes(&six, easy), "{easy:?} passes");
    }
    // Before R8.2 only 4 digits exist; from R8.2 the 6-digit check follows the choice.
    let ev = walked(&w, Some("R8.1"), &[]).evaluate(&w);
    assert!(ev.visible("user_password_4_check") && !ev.visible("user_password_6_check"));
    let ev = walked(&w, Some("R8.2"), &[]).evaluate(&w);
    assert!(!ev.visible("user_password_4_check") && ev.visible("user_password_6_check"));
    let ev = walked(&w, Some("R8.2"), &[("user_pin_length", "four", "")]).evaluate(&w);
    assert!(ev.visible("user_password_4_check") && !ev.visible("user_password_6_check"));
}

#[test]
fn management_passwords_follow_the_r91_syntax() {
    let w = oxo();
    for item in [
        "installer_password_check",
        "administrator_password_check",
        "download_password_check",
    ] {
        let p = policy(&w, item);
        assert!(passes(&p, "Tr9mPx4k"), "{item}");
        for bad in [
            "tr9mpx4k",
            "TR9MPX4K",
            "TrumPxek",
            "Tr9mPx4",
            "Tr9mPx4k7",
            "Tr9mPx4!",
            "Abcd1234",
            "Xaaaa9bc",
        ] {
            assert!(!passes(&p, bad), "{item}: {bad} passes");
        }
    }
}

#[test]
fn operator_password_follows_the_r100_syntax() {
    let p = policy(&oxo(), "operator_password_check");
    // The document's own valid example passes the system's syntax; only our everyday-word rule
    // (2.2: "never choose a word from everyday language") refuses it.
    assert_eq!(
        hardline::catalog::password::check(&p, "Hello123"),
        [hardline::catalog::PasswordRule::NotCommon.describe()]
    );
    assert!(passes(&p, "Kqz9Tmw4"));
    for rejected in [
        "HelloYou", "11111111", "aaaaaaaa", "12345678", "abcdefgh", "Hello12!", "Hello1",
    ] {
        assert!(!passes(&p, rejected), "{rejected} passes");
    }
}

#[test]
fn access_control_code_is_digits_and_never_empty() {
    let p = policy(&oxo(), "access_control_code_check");
    // The code the document shows in its screenshot.
    assert!(passes(&p, "682415"));
    assert!(passes(&p, "6824159073518264"));
    for rejected in [
        "",
        "68241",
        "68241a",
        "68241590735182640",
        "123456",
        "111682",
    ] {
        assert!(!passes(&p, rejected), "{rejected:?} passes");
    }
}

//! NEC MA4000 (000_690a3013b37f8bb7.txt) where the document restricts or where a row is easy to
//! misread: "Limit access to the MA4000 Web Server to a specific set of authorized IP Addresses"
//! (an empty list never becomes any address), notes 1 and 2 of table 2-1 (the external
//! firewall's), the FTP data row (a source port), the default administrator ("Rename and/or
//! Remove privileges") and the password checks (sa, NEC CAS administrator).

mod common;

use common::*;
use hardline::catalog::FirewallDirection;
use hardline::plan::{Action, RemoteScope, derive};

const ID: &str = "nec-ma4000";

#[test]
fn an_empty_address_list_never_becomes_any() {
    let w = wizard(ID);
    // No authorized addresses and no site subnets: the web rules cannot be limited.
    let mut s = answered_without_subnets(&w, "");
    let open = s.walk(&w, true, NOW);
    assert!(
        open.iter().any(
            |o| o.contains("'Client PCs to MA4000: HTTPS (TCP 443)': no address")
                && o.contains("'web_clients' is empty")
                && o.contains("an empty list never means any address")
        ),
        "{open:#?}"
    );
    assert!(!s.is_complete(&w));
    // The plan of such a session leaves the rules out: it never opens them to any address.
    let plan = derive(&w, &s, NOW);
    for r in rules(&plan) {
        assert_ne!(
            r.remote,
            RemoteScope::Any,
            "{} is open to any address",
            r.name
        );
    }
    assert!(
        plan.notes
            .iter()
            .any(|n| n.starts_with("port_https-1 left out")),
        "{:#?}",
        plan.notes
    );
    // The IP-PBX rules widen no more: they need the PBX subnets or the site's.
    let mut s = answered_without_subnets(&w, "feature_snmp feature_authorizer");
    s.walk(&w, true, NOW);
    let ev = s.evaluate(&w);
    let ports = w.step_index("ports").unwrap();
    let problems: Vec<String> = s
        .step_problems(&w, &ev, ports)
        .into_iter()
        .map(|p| p.message)
        .collect();
    for row in ["SNMP traps (UDP 162)", "OAI / Authorizer (TCP 60030)"] {
        assert!(
            problems
                .iter()
                .any(|p| p.contains(row) && p.contains("'pbx_subnets' is empty")),
            "{row}: {problems:#?}"
        );
    }
    let mut s = answered_without_subnets(
        &w,
        "feature_snmp feature_authorizer pbx_subnets=10.2.0.0/24",
    );
    s.walk(&w, true, NOW);
    let ev = s.evaluate(&w);
    let problems: Vec<String> = s
        .step_problems(&w, &ev, ports)
        .into_iter()
        .map(|p| p.message)
        .collect();
    assert!(
        problems.iter().all(|p| !p.contains("SNMP traps")),
        "{problems:#?}"
    );
    let traps = rule_for(&derive(&w, &s, NOW), "UDP", 162, FirewallDirection::Inbound)
        .cloned()
        .unwrap();
    assert_eq!(
        traps.remote,
        RemoteScope::Addresses(vec!["10.2.0.0/24".into()])
    );
    // Named authorized addresses narrow the web rules; any address only as an explicit 0.0.0.0/0.
    let named = plan_of(&w, "web_clients=10.1.1.0/24");
    for port in [80, 443] {
        let r = rule_for(&named, "TCP", port, FirewallDirection::Inbound).unwrap();
        assert_eq!(r.remote, RemoteScope::Addresses(vec!["10.1.1.0/24".into()]));
    }
    let any = plan_of(&w, "web_clients=0.0.0.0/0");
    let r = rule_for(&any, "TCP", 443, FirewallDirection::Inbound).unwrap();
    assert_eq!(r.remote, RemoteScope::Addresses(vec!["0.0.0.0/0".into()]));
}

#[test]
fn notes_1_and_2_are_about_the_external_firewall() {
    let w = wizard(ID);
    let perimeter = |plan: &hardline::plan::Plan, port: &str| {
        manual_steps(plan)
            .into_iter()
            .filter(|m| {
                m.path == "External firewall in front of the MA4000 server"
                    && m.setting.starts_with(port)
            })
            .count()
    };
    // Alarm clients inside: the server's rule, from the client PCs; nothing at the perimeter.
    let inside = plan_of(&w, "feature_alarm_clients web_clients=10.1.1.0/24");
    let r = rule_for(&inside, "TCP", 2006, FirewallDirection::Inbound).expect("host rule 2006");
    assert_eq!(r.remote, RemoteScope::Addresses(vec!["10.1.1.0/24".into()]));
    assert_eq!(perimeter(&inside, "TCP 2006"), 0);
    // Outside: the external firewall lets 2006 through as well.
    let outside = plan_of(&w, "feature_alarm_clients feature_alarm_clients_outside");
    assert!(opens(&outside, "TCP", 2006));
    assert_eq!(perimeter(&outside, "TCP 2006"), 1);
    // The command line: the host rule with the Telnet Engine, the perimeter only from outside.
    let cli = plan_of(&w, "feature_cli");
    assert!(opens(&cli, "TCP", 23));
    assert_eq!(perimeter(&cli, "TCP 23"), 0);
    let cli_out = plan_of(&w, "feature_cli feature_cli_outside");
    assert_eq!(perimeter(&cli_out, "TCP 23"), 1);
}

#[test]
fn the_ftp_data_row_is_the_pbx_source_port() {
    let w = wizard(ID);
    let plan = plan_of(&w, "");
    // FTP control goes to the IP-PBX; TCP 20 is where the IP-PBX sends data from.
    assert!(rule_for(&plan, "TCP", 21, FirewallDirection::Outbound).is_some());
    assert!(
        !opens(&plan, "TCP", 20),
        "a rule opens the IP-PBX's source port"
    );
    assert!(
        manual_steps(&plan)
            .iter()
            .any(|m| m.setting == "StatefulFtp" && m.value.starts_with("Enable")),
        "the FTP data connections are not provided for"
    );
    // Without IP-PBX FTP, neither.
    let off = plan_of(&w, "feature_pbx_ftp=false");
    assert!(
        !manual_steps(&off)
            .iter()
            .any(|m| m.setting == "StatefulFtp")
    );
}

#[test]
fn the_default_administrator_is_renamed_or_loses_its_privileges() {
    let w = wizard(ID);
    let renamed = |plan: &hardline::plan::Plan| {
        plan.operations
            .iter()
            .any(|o| matches!(&o.action, Action::LocalAccount { rid: 500, .. }))
    };
    let privileges = |plan: &hardline::plan::Plan| {
        manual_steps(plan)
            .iter()
            .filter(|m| m.setting == "Privileges of the built-in Administrator")
            .count()
    };
    let empty = plan_of(&w, "");
    assert!(!renamed(&empty));
    assert_eq!(
        privileges(&empty),
        1,
        "left empty, the field produced nothing"
    );
    let named = plan_of(&w, "admin_new_name=hl-admin");
    assert!(renamed(&named));
    assert_eq!(privileges(&named), 0);
}

#[test]
fn the_sa_and_nec_cas_password_checks_are_recorded_only_when_made() {
    let w = wizard(ID);
    let mut s = walked(&w, None, &[]);
    let plan = derive(&w, &s, NOW);
    for label in [
        "SQL Server sa password",
        "Check the new password of the NEC CAS default administrator",
    ] {
        assert!(
            plan.open.iter().any(|o| o.contains(label)),
            "{label}: {:#?}",
            plan.open
        );
    }
    for weak in [
        "",
        "abc12",
        "password1",
        "Admin2024!",
        "Example1!",
        "pbx-01-db",
    ] {
        assert!(
            check_password(&w, &mut s, "sa_password", weak).is_err(),
            "{weak:?} passes"
        );
    }
    assert!(s.answer("sa_password").is_none());
    check_password(&w, &mut s, "sa_password", "7zq!Tmwv").unwrap();
    check_password(&w, &mut s, "cas_admin_password_check", "Vq8#rLmn2").unwrap();
    let plan = derive(&w, &s, NOW);
    assert!(plan.open.is_empty(), "{:#?}", plan.open);
    let d = plan
        .steps
        .iter()
        .flat_map(|st| &st.decisions)
        .find(|d| d.item == "sa_password")
        .unwrap();
    assert_eq!(d.value, format!("made and passed on {NOW}"));
    assert!(!s.to_json().contains("7zq!Tmwv"));
}

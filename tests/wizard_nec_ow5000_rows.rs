//! NEC OW5000 (001_084e71ea307e769e.txt): rows of the firewall table that give a source port,
//! not a listening port, are read in their direction; the SQL Express note; the default
//! administrator ("Rename or remove privileges"); the sa password check; and no rule is opened
//! to any address because a list is empty.

mod common;

use common::*;
use hardline::catalog::FirewallDirection;
use hardline::plan::{RemoteScope, derive};

const ID: &str = "nec-ow5000";

#[test]
fn source_ports_are_never_opened_as_listening_ports() {
    let w = wizard(ID);
    let plan = plan_of(&w, "module_ua5200");
    // PS1000 API sends from 5062-5066 to the Access Server's 6060: only 6060 is opened.
    for port in 5062..=5066 {
        assert!(
            !opens(&plan, "UDP", port),
            "PS1000 source port {port} is opened"
        );
    }
    assert!(rule_for(&plan, "UDP", 6060, FirewallDirection::Inbound).is_some());
    // InfoAPI's 5061 and the Access Server's 6060 towards PresenceGateway are source ports too.
    assert!(!opens(&plan, "UDP", 5061));
    assert!(rule_for(&plan, "UDP", 6061, FirewallDirection::Inbound).is_some());
    // Guest Link's 4048 is UA5200's source port: a step for the firewall towards the PMS, no
    // rule matching 4048 as a destination.
    assert!(
        !opens(&plan, "TCP", 4048),
        "4048 is opened as a destination port"
    );
    let guest: Vec<_> = manual_steps(&plan)
        .into_iter()
        .filter(|m| m.setting == "Guest Link low priority guest messages")
        .collect();
    assert_eq!(guest.len(), 1);
    assert!(guest[0].value.contains("from UA5200's source port 4048"));
    // 4049 is a destination port of the PMS: the outbound rule stays.
    assert!(rule_for(&plan, "TCP", 4049, FirewallDirection::Outbound).is_some());
    // The MC550 ports of the source-port column are the MC550 Server's own listening ports.
    let mc = plan_of(&w, "module_mc550 mc550_remote_logs");
    for port in [49232, 49235, 60051, 80] {
        let r = rule_for(&mc, "TCP", port, FirewallDirection::Inbound).expect("MC550 rule");
        assert!(
            !r.description.contains("MC550 Server to MC550 Server"),
            "{}",
            r.description
        );
    }
}

#[test]
fn the_sql_express_port_is_fixed_as_the_note_says() {
    let w = wizard(ID);
    let plan = plan_of(&w, "sql_instance=express");
    assert!(rule_for(&plan, "TCP", 1433, FirewallDirection::Inbound).is_some());
    assert!(manual_steps(&plan).iter().any(|m| m.value == "1433"));
    // A dynamic port contradicts the rule that opens one port.
    let open = open_after(&w, "sql_instance=express sql_express_static_port=false");
    assert!(
        open.iter().any(|o| o.contains("keeps a dynamic port")),
        "{open:#?}"
    );
}

#[test]
fn the_default_administrator_is_renamed_or_loses_its_privileges() {
    let w = wizard(ID);
    let privileges = |plan: &hardline::plan::Plan| {
        manual_steps(plan)
            .iter()
            .filter(|m| m.setting == "Privileges of the built-in Administrator")
            .count()
    };
    assert_eq!(privileges(&plan_of(&w, "")), 1);
    assert_eq!(privileges(&plan_of(&w, "admin_new_name=ow-admin")), 0);
}

#[test]
fn the_sa_check_is_recorded_only_when_made() {
    let w = wizard(ID);
    let mut s = walked(&w, None, &[]);
    let plan = derive(&w, &s, NOW);
    assert!(
        plan.open
            .iter()
            .any(|o| o.contains("SQL Server sa password")),
        "{:#?}",
        plan.open
    );
    for weak in [
        "Ow5000db1!",
        "ow5000db1!",
        "Password1",
        "Customer!2",
        "short1!",
    ] {
        assert!(
            check_password(&w, &mut s, "sa_password", weak).is_err(),
            "{weak:?} passes"
        );
    }
    check_password(&w, &mut s, "sa_password", "Tq7!vXrmz").unwrap();
    let plan = derive(&w, &s, NOW);
    assert!(plan.open.is_empty(), "{:#?}", plan.open);
}

#[test]
fn no_rule_is_opened_to_any_address_for_want_of_subnets() {
    let w = wizard(ID);
    let mut s = answered_without_subnets(&w, "");
    let open = s.walk(&w, true, NOW);
    assert!(
        open.iter()
            .any(|o| o.contains("an empty list never means any address")),
        "{open:#?}"
    );
    let plan = derive(&w, &s, NOW);
    assert!(rules(&plan).iter().all(|r| r.remote != RemoteScope::Any));
    // An explicit 0.0.0.0/0 is what "any address" takes.
    let mut s = answered(&w, None, &[]);
    let change = hardline::session::Change::SetSite {
        field: hardline::session::SiteField::Subnets,
        value: "0.0.0.0/0".into(),
    };
    s.apply(&w, change, NOW).unwrap();
    assert!(s.walk(&w, true, NOW).is_empty());
    let r = rule_for(
        &derive(&w, &s, NOW),
        "TCP",
        5690,
        FirewallDirection::Inbound,
    )
    .cloned();
    assert_eq!(
        r.unwrap().remote,
        RemoteScope::Addresses(vec!["0.0.0.0/0".into()])
    );
}

//! The NEC OW5000 wizard against its document (seeds/001_084e71ea307e769e.txt): the whole
//! firewall table by module with its remarks, the services not to enable, RestrictAnonymous,
//! the SQL settings and the sa rule.

mod common;

use common::*;
use hardline::catalog::{FirewallDirection, ServiceStartup, Value, password};
use hardline::plan::{Action, RegistryData, RemoteScope};

const ID: &str = "nec-ow5000";

const IN: FirewallDirection = FirewallDirection::Inbound;
const OUT: FirewallDirection = FirewallDirection::Outbound;

const LOGV: &str = "module_log_viewer";
const DBT: &str = "module_db_tool";
const AS: &str = "module_access_server";
const UA: &str = "module_ua5200";
const UC: &str = "module_uc700";
const MC: &str = "module_mc550";
const MA: &str = "module_ma4000";
const TP: &str = "module_third_party";

/// The firewall table, one line per row and protocol: the answers that bring the row (the
/// module, and the remark's condition), source -> destination, protocol, port, direction on
/// the OW5000 server.
#[rustfmt::skip] // a table reads best one row per line
const TABLE: &[(&str, &str, &str, u16, FirewallDirection)] = &[
    ("client_logging=port_445", "All Modules -> OAI Monitor", "TCP", 445, IN),
    ("", "All Modules -> OAI Monitor", "TCP", 5690, IN),
    ("", "All Modules -> SQL Server (default instance)", "TCP", 1433, IN),
    ("sql_instance=express", "All Modules -> SQL Server (Express)", "TCP", 1044, IN),
    ("", "All Modules -> SQL Server Browser", "TCP", 1434, IN),
    ("", "All Modules -> SQL Server Browser", "UDP", 1434, IN),
    ("", "PBX -> Access Server", "UDP", 111, IN),
    ("license_market=us_au_eu", "OaiMonitor -> License Manager Client", "TCP", 49300, OUT),
    ("", "Access Server -> Access Server (same OW5000)", "UDP", 6060, IN),
    ("", "Access Server -> Access Server (Federation)", "TCP", 6060, IN),
    ("", "Access Server -> AMS", "TCP", 5425, IN),
    ("", "Access Server -> PBX", "UDP", 62000, OUT),
    ("", "Access Server (6060) -> PresenceGateway", "UDP", 6061, IN),
    ("", "Call Notification API -> Java OAI Server", "TCP", 44000, IN),
    ("", "ICA -> Java OAI Server", "TCP", 44099, IN),
    ("", "ICA -> PBX", "TCP", 60030, OUT),
    ("", "PS1000 API (5062-5066) -> Access Server", "UDP", 5064, IN),
    ("", "MS OCS/LCS -> Remote Call Control", "TCP", 5060, IN),
    ("", "TelEventNotification -> ICA", "TCP", 5242, IN),
    ("", "VCM Web Service -> TelEventNotification", "TCP", 5676, IN),
    ("", "Sentinel -> SMTP email Server", "TCP", 25, OUT),
    ("", "Sentinel -> SMTP email Server", "UDP", 25, OUT),
    ("", "Sentinel -> SMTP email Server Secure", "TCP", 465, OUT),
    ("", "Sentinel -> SMTP email submission", "TCP", 587, OUT),
    ("", "Short Text Messaging", "TCP", 5677, IN),
    ("", "E-OSN Server", "TCP", 8732, IN),
    (LOGV, "Log Viewer -> OAI Monitor", "TCP", 5690, IN),
    (DBT, "DB Tool -> SQL Server (default instance)", "TCP", 1433, IN),
    ("module_db_tool sql_instance=express", "DB Tool -> SQL Server (Express)", "TCP", 1044, IN),
    (DBT, "DB Tool -> SQL Server Browser", "UDP", 1434, IN),
    (AS, "Access Server -> Access Server (Federation)", "TCP", 6060, IN),
    (AS, "Access Server -> PBX", "UDP", 62000, OUT),
    (AS, "Access Server (6060) -> PresenceGateway", "UDP", 6061, IN),
    (UA, "UA5200 Client -> UA5200 Server", "TCP", 5678, IN),
    (UA, "UA5200 Server -> PBX", "TCP", 60030, OUT),
    (UA, "UA5200 Client -> SNPP Provider", "TCP", 444, IN),
    (UA, "UA5200 Client -> SNPP Provider", "UDP", 444, IN),
    (UA, "Guest Link low priority (source 4048) -> Agilysys PMS", "TCP", 4048, OUT),
    (UA, "Guest Link high priority -> Agilysys PMS", "TCP", 4049, OUT),
    (UA, "UA5200 Client -> GuestLink upload request port", "TCP", 5998, IN),
    (UC, "UC700 Client -> AMS", "TCP", 5425, IN),
    (UC, "UC700 Client -> UC700 Conference Server", "TCP", 8731, IN),
    (UC, "UC700 Client -> UC700 Server", "TCP", 8080, IN),
    (UC, "CallServer", "TCP", 5681, IN),
    (UC, "CallServer", "UDP", 5683, IN),
    (UC, "CallServer", "UDP", 8080, IN),
    (UC, "OWAgentService -> ACD", "TCP", 60030, OUT),
    ("module_mc550 mc550_remote_logs", "MC550 Server (remote log viewing)", "TCP", 49233, IN),
    (MC, "MC550 Server (MC550ServiceAPI server)", "TCP", 49235, IN),
    (MC, "MC550 Server (Stats)", "TCP", 60051, IN),
    (MC, "MC550 Server -> PBX", "TCP", 60030, OUT),
    (MC, "MC550 Web App (IIS web site)", "TCP", 80, IN),
    (MA, "MA4000 -> DBSync", "TCP", 9657, IN),
    (TP, "3rd Party Application -> Call Notifications API", "TCP", 8081, IN),
    (TP, "3rd Party Application -> Call Notifications API", "TCP", 9020, IN),
    (TP, "3rd Party Application -> InfoAPI", "TCP", 8080, IN),
    (TP, "3rd Party Application -> PS1000 API", "UDP", 8080, IN),
    (TP, "3rd Party Application -> SIP/SIMPLE (Access Server)", "UDP", 6060, IN),
];

/// Rows of a module and how many rules they make, to catch a row left out of the wizard.
const RULES_PER_MODULE: &[(&str, &str, usize)] = &[
    ("", "plat-", 37),
    (LOGV, "logv-", 1),
    (DBT, "dbtool-", 3),
    (AS, "as-", 5),
    (UA, "ua-", 11),
    (UC, "uc-", 14),
    ("module_mc550 mc550_remote_logs", "mc-", 6),
    (MA, "ma4k-", 1),
    (TP, "3p-", 5),
];

/// The services the document says not to enable (short names, KB832017).
const NOT_TO_ENABLE: [&str; 5] = ["WINS", "DHCPServer", "MSFTPSVC", "FTPSVC", "SMTPSVC"];

const EXAMPLE_SA_PASSWORD: &str = "Ow5000db1!";

fn plan_of(list: &str) -> hardline::plan::Plan {
    plan_with(&wizard(ID), &parse_answers(list))
}

#[test]
fn cites_its_document_in_scw_order() {
    let w = wizard(ID);
    assert_eq!(w.document.file, "001_084e71ea307e769e.txt");
    assert_eq!(w.rule_prefix, "OW5000");
    assert_eq!(w.target_os[0].id(), "windows-server-2008");
    assert_cites_document_in_scw_order(&w);
}

#[test]
fn every_row_of_the_firewall_table_is_opened_with_its_module() {
    for (answers, what, protocol, port, direction) in TABLE {
        let plan = plan_of(answers);
        let rule = rule_for(&plan, protocol, *port, *direction);
        assert!(rule.is_some(), "{what}: no {direction:?} {protocol} {port}");
    }
}

#[test]
fn each_module_brings_all_its_rows_and_only_with_the_module() {
    let defaults = plan_of("");
    for (answers, prefix, count) in RULES_PER_MODULE {
        let name = format!("HL-OW5000-{prefix}");
        let plan = plan_of(answers);
        let n = rules(&plan)
            .iter()
            .filter(|r| r.name.starts_with(&name))
            .count();
        // The platform's remark rows (445, Express port) stay closed on defaults.
        let expected = if answers.is_empty() {
            count - 2
        } else {
            *count
        };
        assert_eq!(n, expected, "{prefix} rules with {answers:?}");
        if !answers.is_empty() {
            let off = rules(&defaults)
                .iter()
                .filter(|r| r.name.starts_with(&name))
                .count();
            assert_eq!(off, 0, "{prefix} rules without the module");
        }
    }
}

#[test]
fn port_ranges_stay_ranges() {
    let plan = plan_of("module_mc550 mc550_remote_logs");
    for (a, b) in [(44000, 44099), (49232, 49234), (5062, 5066)] {
        let found = rules(&plan).iter().any(|r| r.ports.0.contains(&(a, b)));
        assert!(found, "range {a}-{b} missing");
    }
}

#[test]
fn remarks_are_conditions() {
    let defaults = plan_of("");
    // Port 445 only for client logging; the FQDN alternative is a manual step instead.
    assert!(!opens(&defaults, "TCP", 445));
    assert!(
        manual_steps(&defaults)
            .iter()
            .any(|m| m.value.contains("fully qualified"))
    );
    // SQL Express: its dynamic port instead of 1433, fixed by hand in Configuration Manager.
    let express = plan_of("sql_instance=express sql_express_port=1500");
    assert!(opens(&express, "TCP", 1500) && !opens(&express, "TCP", 1433));
    assert!(manual_steps(&express).iter().any(|m| m.value == "1500"));
    // The licence port only in the US, Australia and Europe.
    assert!(rule_for(&defaults, "TCP", 49300, OUT).is_some());
    assert!(!opens(&plan_of("license_market=other"), "TCP", 49300));
    // MC550 remote log viewing.
    assert!(!opens(&plan_of("module_mc550"), "TCP", 49232));
    // The configured Access Server listen port replaces 6060.
    let moved = plan_of("access_server_port=7060 module_third_party");
    assert!(opens(&moved, "UDP", 7060) && !opens(&moved, "UDP", 6060));
    // The IIS web site on another port than 80.
    let web = plan_of("module_mc550 fw_mc_mc550_self_80=8088");
    assert!(opens(&web, "TCP", 8088));
    // The Wake-Up Viewer, listed under UC700, opens for UA5200 as well.
    let wake = plan_of(UA);
    assert!(
        rules(&wake)
            .iter()
            .any(|r| r.name == "HL-OW5000-uc-wake-ams-5425")
    );
}

#[test]
fn pbx_rows_go_to_the_pbxs() {
    let plan = plan_of("pbx_subnets=172.16.9.0/24");
    let to_pbx = rule_for(&plan, "TCP", 60030, OUT).expect("OAI to PBX");
    assert_eq!(
        to_pbx.remote,
        RemoteScope::Addresses(vec!["172.16.9.0/24".into()])
    );
    let from_pbx = rule_for(&plan, "UDP", 111, IN).expect("PBX to Access Server");
    assert_eq!(from_pbx.remote, to_pbx.remote);
}

#[test]
fn services_not_to_enable_are_disabled() {
    let plan = plan_of("");
    let changes = services(&plan);
    for name in NOT_TO_ENABLE {
        let s = changes.iter().find(|s| s.name == name);
        assert!(
            s.is_some_and(|s| s.startup == ServiceStartup::Disabled && s.stop),
            "{name}"
        );
    }
    let update = changes.iter().find(|s| s.name == "wuauserv");
    assert!(update.is_some_and(|s| s.startup == ServiceStartup::Automatic));
}

#[test]
fn administration_restricts_anonymous_and_updates() {
    let plan = plan_of("");
    let registry: Vec<_> = plan
        .operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::Registry(r) => Some(r),
            _ => None,
        })
        .collect();
    let anon = registry.iter().find(|r| r.value == "RestrictAnonymous");
    assert!(anon.is_some_and(|r| r.key == "SYSTEM\\CurrentControlSet\\Control\\Lsa"));
    assert!(anon.is_some_and(|r| r.data == RegistryData::Dword(2)));
    let au = registry.iter().find(|r| r.value == "AUOptions");
    assert!(
        au.is_some_and(|r| r.data == RegistryData::Dword(3)),
        "download, install by hand"
    );
    let has = |pred: &dyn Fn(&Action) -> bool| plan.operations.iter().any(|o| pred(&o.action));
    assert!(has(
        &|a| matches!(a, Action::AccountPolicy(p) if p.complexity == Some(true))
    ));
    assert!(has(&|a| matches!(a, Action::LocalAccount { rid: 501, .. })));
    let open = open_after(&wizard(ID), &[on("domain_controller")]);
    assert!(
        open.iter().any(|e| e.contains("domain controller")),
        "{open:#?}"
    );
}

#[test]
fn sql_settings() {
    let plan = plan_of("");
    let statements: Vec<&str> = plan
        .operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::Sql { statement, .. } => Some(statement.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        statements
            .iter()
            .any(|s| s.contains("DROP LOGIN [BUILTIN\\Administrators]"))
    );
    assert!(
        statements
            .iter()
            .any(|s| s.contains("PWDCOMPARE('', password_hash) = 1"))
    );
    let steps = manual_steps(&plan);
    let find = |needle: &str| steps.iter().any(|m| m.value.contains(needle));
    assert!(
        find("SQL Server and Windows Authentication mode"),
        "mixed mode"
    );
    assert!(
        find("other than the system volume"),
        "data and logs on their own volume"
    );
    assert!(steps.iter().any(|m| m.setting.contains("Sample databases")));
    // Mixed mode is required: the database step cannot be done without it.
    let open = open_after(&wizard(ID), &[("mixed_mode", Value::Bool(false))]);
    assert!(open.iter().any(|e| e.contains("mandatory")), "{open:#?}");
}

#[test]
fn sa_password_rule() {
    let policy = password_policy(&wizard(ID), "sa_password");
    assert!(
        password::check(&policy, "")
            .iter()
            .any(|e| e.contains("blank"))
    );
    assert!(
        !password::check(&policy, "abcde1!").is_empty(),
        "seven characters"
    );
    assert!(
        !password::check(&policy, "abcdefghij").is_empty(),
        "no number or special"
    );
    assert!(password::check(&policy, "abcdefg1").is_empty());
    assert!(password::check(&policy, "abcdefg#").is_empty());
    // The guide's example passes every other rule, and is still refused, in any case.
    assert_eq!(password::check(&policy, EXAMPLE_SA_PASSWORD).len(), 1);
    assert!(!password::check(&policy, &EXAMPLE_SA_PASSWORD.to_lowercase()).is_empty());
}

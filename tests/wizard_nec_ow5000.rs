//! The NEC OW5000 wizard against its document (seeds/001_084e71ea307e769e.txt): the whole
//! firewall table by module with its remarks, the services not to enable, RestrictAnonymous,
//! the SQL settings and the sa rule.

mod common;

use common::*;
use hardline::catalog::{FirewallDirection, ServiceStartup, password};
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

const EXPRESS: &str = "sql_instance=express";
const MC_LOGS: &str = "module_mc550 mc550_remote_logs";

/// The firewall table, one line per rule (a TCP/UDP row is two): the answers that bring the
/// row (its module, and the condition of its remark), the rule, protocol, port (the first of a
/// range) and direction on the OW5000 server. The Express instance is fixed to 1433 (the note
/// below the table). Rows that give only a source port open nothing here (see
/// wizard_nec_ow5000_rows.rs).
#[rustfmt::skip] // a table reads best one row per line
const TABLE: &[(&str, &str, &str, u16, FirewallDirection)] = &[
    ("client_logging=port_445", "plat-all-oai-445", "TCP", 445, IN),
    ("", "plat-all-oai-5690", "TCP", 5690, IN),
    ("", "plat-all-sql-1433", "TCP", 1433, IN),
    (EXPRESS, "plat-all-sql-1044", "TCP", 1433, IN),
    ("", "plat-all-sql-1434-tcp", "TCP", 1434, IN),
    ("", "plat-all-sql-1434-udp", "UDP", 1434, IN),
    ("", "plat-pbx-access-111", "UDP", 111, IN),
    ("", "plat-oaimonitor-license-49300", "TCP", 49300, OUT),
    ("", "plat-access-access-6060", "UDP", 6060, IN),
    ("", "plat-access-access-6060-federation", "TCP", 6060, IN),
    ("", "plat-access-ams-5425", "TCP", 5425, IN),
    ("", "plat-access-pbx-62000", "UDP", 62000, OUT),
    ("", "plat-access-presencegate-6061", "UDP", 6061, IN),
    ("", "plat-call-java-44000-44099", "TCP", 44000, IN),
    ("", "plat-ica-ams-5425", "TCP", 5425, IN),
    ("", "plat-ica-java-44000-44099", "TCP", 44000, IN),
    ("", "plat-ica-pbx-60030", "TCP", 60030, OUT),
    ("", "plat-infoapi-access-6060", "UDP", 6060, IN),
    ("", "plat-java-pbx-60030", "TCP", 60030, OUT),
    ("", "plat-lsi-application-5425", "TCP", 5425, IN),
    ("", "plat-lsi-pbx-60030", "TCP", 60030, OUT),
    ("", "plat-msocs-remote-5060", "TCP", 5060, IN),
    ("", "plat-ps1000-access-6060", "UDP", 6060, IN),
    ("", "plat-presencegate-ams-5425", "TCP", 5425, IN),
    ("", "plat-televentnoti-ams-5425", "TCP", 5425, IN),
    ("", "plat-televentnoti-ica-5242", "TCP", 5242, IN),
    ("", "plat-televentnoti-java-44000-44099", "TCP", 44000, IN),
    ("", "plat-vcm-televentnoti-5676", "TCP", 5676, IN),
    ("", "plat-sentinel-smtp-25-tcp", "TCP", 25, OUT),
    ("", "plat-sentinel-smtp-25-udp", "UDP", 25, OUT),
    ("", "plat-sentinel-smtp-465", "TCP", 465, OUT),
    ("", "plat-sentinel-smtp-587", "TCP", 587, OUT),
    ("", "plat-sentinel-ams-5425", "TCP", 5425, IN),
    ("", "plat-emergency-ams-5425", "TCP", 5425, IN),
    ("", "plat-any-short-5677", "TCP", 5677, IN),
    ("", "plat-any-eosn-8732", "TCP", 8732, IN),
    (LOGV, "logv-log-oai-5690", "TCP", 5690, IN),
    (DBT, "dbtool-dbtool-sql-1433", "TCP", 1433, IN),
    ("module_db_tool sql_instance=express", "dbtool-dbtool-sql-dynamic", "TCP", 1433, IN),
    (DBT, "dbtool-dbtool-sql-1434-tcp", "TCP", 1434, IN),
    (DBT, "dbtool-dbtool-sql-1434-udp", "UDP", 1434, IN),
    (AS, "as-access-access-6060", "UDP", 6060, IN),
    (AS, "as-access-access-6060-federation", "TCP", 6060, IN),
    (AS, "as-access-ams-5425", "TCP", 5425, IN),
    (AS, "as-access-pbx-62000", "UDP", 62000, OUT),
    (AS, "as-access-presencegate-6061", "UDP", 6061, IN),
    (UA, "ua-ua5200-ua5200-5678", "TCP", 5678, IN),
    (UA, "ua-ua5200-ams-5425", "TCP", 5425, IN),
    (UA, "ua-ua5200-pbx-60030", "TCP", 60030, OUT),
    (UA, "ua-ua5200-snpp-444-tcp", "TCP", 444, IN),
    (UA, "ua-ua5200-snpp-444-udp", "UDP", 444, IN),
    (UA, "ua-patientlink-java-44000-44099", "TCP", 44000, IN),
    (UA, "ua-wake-ams-5425", "TCP", 5425, IN),
    (UA, "ua-wake-pbx-60030", "TCP", 60030, OUT),
    (UA, "ua-guest-agilysys-4049", "TCP", 4049, OUT),
    (UA, "ua-ua5200-guestlink-5998", "TCP", 5998, IN),
    (UC, "uc-wake-ams-5425", "TCP", 5425, IN),
    (UC, "uc-uc700-ams-5425", "TCP", 5425, IN),
    (UC, "uc-uc700-uc700-8731", "TCP", 8731, IN),
    (UC, "uc-uc700-uc700-8080", "TCP", 8080, IN),
    (UC, "uc-uc700-ams-5425-conference", "TCP", 5425, IN),
    (UC, "uc-uc700-java-44000-44099", "TCP", 44000, IN),
    (UC, "uc-uc700-ica-5242", "TCP", 5242, IN),
    (UC, "uc-uc700-java-44000-44099-server", "TCP", 44000, IN),
    (UC, "uc-uc700-televentnoti-5676", "TCP", 5676, IN),
    (UC, "uc-any-callserver-5681", "TCP", 5681, IN),
    (UC, "uc-any-callserver-5683", "UDP", 5683, IN),
    (UC, "uc-any-callserver-8080", "UDP", 8080, IN),
    (UC, "uc-uc700-owagentservi-8080", "TCP", 8080, IN),
    (UC, "uc-owagentservi-acd-60030", "TCP", 60030, OUT),
    (MC_LOGS, "mc-mc550-self-49232-49234", "TCP", 49232, IN),
    (MC, "mc-mc550-self-49235", "TCP", 49235, IN),
    (MC, "mc-mc550-self-60051", "TCP", 60051, IN),
    (MC, "mc-mc550-pbx-60030", "TCP", 60030, OUT),
    (MC, "mc-mc550-mc550-49235", "TCP", 49235, IN),
    (MC, "mc-mc550-self-80", "TCP", 80, IN),
    (MA, "ma4k-ma4000-dbsync-9657", "TCP", 9657, IN),
    (TP, "3p-3rd-call-8081", "TCP", 8081, IN),
    (TP, "3p-3rd-call-9020", "TCP", 9020, IN),
    (TP, "3p-3rd-infoapi-8080", "TCP", 8080, IN),
    (TP, "3p-3rd-ps1000-8080", "UDP", 8080, IN),
    (TP, "3p-3rd-sip-6060", "UDP", 6060, IN),
];

/// Rows of a module and how many rules they make, to catch a row left out of the wizard.
const RULES_PER_MODULE: &[(&str, &str, usize)] = &[
    ("", "plat-", 36),
    (LOGV, "logv-", 1),
    (DBT, "dbtool-", 3),
    (AS, "as-", 5),
    (UA, "ua-", 10),
    (UC, "uc-", 14),
    (MC_LOGS, "mc-", 6),
    (MA, "ma4k-", 1),
    (TP, "3p-", 5),
];

/// The services the document says not to enable (short names, KB832017).
const NOT_TO_ENABLE: [&str; 5] = ["WINS", "DHCPServer", "MSFTPSVC", "FTPSVC", "SMTPSVC"];

const EXAMPLE_SA_PASSWORD: &str = "Ow5000db1!";

fn plan(answers: &str) -> hardline::plan::Plan {
    plan_of(&wizard(ID), answers)
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
    for (answers, name, protocol, port, direction) in TABLE {
        let plan = plan(answers);
        let name = format!("HL-OW5000-{name}");
        let found = rules(&plan).into_iter().find(|r| r.name == name);
        let rule = found.unwrap_or_else(|| panic!("no rule {name} with {answers:?}"));
        assert_eq!(rule.protocol.name(), *protocol, "{name}");
        assert!(
            rule.ports.contains(*port),
            "{name}: {} lacks {port}",
            rule.ports
        );
        assert_eq!(rule.direction, *direction, "{name}");
    }
}

#[test]
fn each_module_brings_all_its_rows_and_only_with_the_module() {
    let defaults = plan("");
    for (answers, prefix, count) in RULES_PER_MODULE {
        let name = format!("HL-OW5000-{prefix}");
        let plan = plan(answers);
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
fn no_operation_is_left_out_for_want_of_a_value() {
    let all = "module_log_viewer module_db_tool module_access_server module_ua5200 module_uc700 \
        module_mc550 mc550_remote_logs module_ma4000 module_third_party sql_instance=express";
    for answers in ["", all] {
        let plan = plan(answers);
        assert!(plan.notes.is_empty(), "{:#?}", plan.notes);
    }
}

#[test]
fn port_ranges_stay_ranges() {
    let plan = plan("module_mc550 mc550_remote_logs");
    for (a, b) in [(44000, 44099), (49232, 49234)] {
        let found = rules(&plan).iter().any(|r| r.ports.0.contains(&(a, b)));
        assert!(found, "range {a}-{b} missing");
    }
}

#[test]
fn remarks_are_conditions() {
    let defaults = plan("");
    // Port 445 only for client logging; the FQDN alternative is a manual step instead.
    assert!(!opens(&defaults, "TCP", 445));
    assert!(
        manual_steps(&defaults)
            .iter()
            .any(|m| m.value.contains("fully qualified"))
    );
    // SQL Express: its dynamic port instead of 1433, fixed by hand in Configuration Manager.
    let express = plan("sql_instance=express sql_express_port=1500");
    assert!(opens(&express, "TCP", 1500) && !opens(&express, "TCP", 1433));
    assert!(manual_steps(&express).iter().any(|m| m.value == "1500"));
    // The licence port only in the US, Australia and Europe.
    assert!(rule_for(&defaults, "TCP", 49300, OUT).is_some());
    assert!(!opens(&plan("license_market=other"), "TCP", 49300));
    // MC550 remote log viewing.
    assert!(!opens(&plan("module_mc550"), "TCP", 49232));
    // The configured Access Server listen port replaces 6060.
    let moved = plan("access_server_port=7060 module_third_party");
    assert!(opens(&moved, "UDP", 7060) && !opens(&moved, "UDP", 6060));
    // The IIS web site on another port than 80.
    let web = plan("module_mc550 fw_mc_mc550_self_80=8088");
    assert!(opens(&web, "TCP", 8088));
    // The Wake-Up Viewer, listed under UC700, opens for UA5200 as well.
    let wake = plan(UA);
    assert!(
        rules(&wake)
            .iter()
            .any(|r| r.name == "HL-OW5000-uc-wake-ams-5425")
    );
}

#[test]
fn pbx_rows_go_to_the_pbxs() {
    let plan = plan("pbx_subnets=172.16.9.0/24");
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
    let plan = plan("");
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
    let plan = plan("");
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
    let open = open_after(&wizard(ID), "domain_controller");
    assert!(
        open.iter().any(|e| e.contains("domain controller")),
        "{open:#?}"
    );
}

#[test]
fn sql_settings() {
    let plan = plan("");
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
    let open = open_after(&wizard(ID), "mixed_mode=false");
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

//! The NEC MA4000 wizard against its document (seeds/000_690a3013b37f8bb7.txt): every row of
//! table 2-1, the 14 services, the NEC CAS lockout keys, the SQL script folders, the sa rule.

mod common;

use common::*;
use hardline::catalog::{FirewallDirection, ServiceStartup, Value, password};
use hardline::plan::{Action, RemoteScope};
use hardline::session::Change;

const ID: &str = "nec-ma4000";

const IN: FirewallDirection = FirewallDirection::Inbound;
const OUT: FirewallDirection = FirewallDirection::Outbound;

/// Table 2-1, one line per row: use, protocol, port, direction on the MA4000 server, and the
/// answers that make the site use it (`item` for a toggle on, `item=value` otherwise). The FTP
/// data row gives the IP-PBX's source port and opens nothing (see wizard_nec_ma4000_rows.rs).
#[rustfmt::skip] // a table reads best one row per line
const TABLE_2_1: &[(&str, &str, u16, FirewallDirection, &str)] = &[
    ("HTTP to MA4000", "TCP", 80, IN, ""),
    ("HTTPS to MA4000", "TCP", 443, IN, ""),
    ("Alarm Client to Arena (Note 1)", "TCP", 2006, IN, "feature_alarm_clients"),
    ("Telnet CLI (Note 2)", "TCP", 23, IN, "feature_cli"),
    ("Business Integration Service", "TCP", 19116, IN, "feature_business_integration"),
    ("Business Integration Service", "TCP", 19117, IN, "feature_business_integration"),
    ("Business Integration Service", "TCP", 19119, IN, "feature_business_integration"),
    ("License Management", "TCP", 49300, OUT, ""),
    ("Database Access (Note 3)", "TCP", 1433, OUT, "sql_remote sql_server_address=10.0.0.50"),
    ("FTP control for backup / upgrade", "TCP", 21, OUT, ""),
    ("SSH proxy", "TCP", 22, OUT, ""),
    ("NEC SV8100 Connector Service", "TCP", 8000, OUT, "feature_sv8100"),
    ("IMAT interface", "TCP", 60000, OUT, ""),
    ("OAI / Authorizer to IP-PBX", "TCP", 60030, OUT, "feature_authorizer"),
    ("OAI / Authorizer from IP-PBX", "TCP", 60030, IN, "feature_authorizer"),
    ("SNMP traps", "UDP", 162, IN, "feature_snmp"),
    ("IMAT proxy interface (Note 4)", "TCP", 1025, IN, "feature_imat_proxy"),
    ("AD64 / IM-16LX / UM4730", "TCP", 2005, OUT, "feature_voicemail vm_ad64"),
    ("AD120 / UM8500 DCOM (Note 5)", "TCP", 135, OUT, AD120),
    ("AD120 / UM8500 DCOM range (Note 5)", "TCP", 5010, OUT, AD120),
    ("AVST CallXpress", "TCP", 5321, OUT, "feature_voicemail vm_avst"),
    ("LDAP", "TCP", 389, OUT, "feature_ldap ldap_server=10.0.0.60 port_ldap"),
    ("LDAPS", "TCP", 636, OUT, "feature_ldap ldap_server=10.0.0.60"),
    ("SMTP", "TCP", 25, OUT, "feature_email_alarms smtp_server=10.0.0.25"),
    ("Database change notifications", "TCP", 80, OUT, "feature_registered_apps"),
    ("HTTP web services", "TCP", 80, IN, "feature_registered_apps"),
    ("HTTPS web services", "TCP", 443, IN, "feature_registered_apps"),
];

const AD120: &str = "feature_voicemail vm_ad120 port_vm_ad120_dcom=5000-5020";

/// The 14 services of "MA4000 Services": name, required, and the feature that needs it.
const SERVICES: &[(&str, Option<&str>)] = &[
    ("NEC MA4000 Alarm Engine", None),
    ("NEC MA4000 Arena", None),
    ("NEC MA4000 Authorizer", Some("feature_authorizer")),
    (
        "NEC MA4000 Business Integration",
        Some("feature_business_integration"),
    ),
    ("NEC MA4000 Database Change Notification", None),
    ("NEC MA4000 LDAP Engine", Some("feature_ldap")),
    ("NEC MA4000 License Service", None),
    (
        "NEC MA4000 Lock Manager Engine",
        Some("feature_lock_manager"),
    ),
    ("NEC MA4000 Telnet Engine", Some("feature_cli")),
    ("NEC MA4000 Traffic Engine", Some("feature_traffic")),
    ("NEC MA4000 Voice Mail Engine", Some("feature_voicemail")),
    ("NEC MA4000 Voice Server Engine", None),
    ("NEC MA4000 Voice Server Maintenance Engine", None),
    ("NEC MA4000 WMI Event Engine", Some("feature_snmp")),
];

const SCRIPT_FOLDERS: [&str; 2] = [
    "C:\\Program Files\\NEC\\Agile\\Setup\\Src\\Data",
    "C:\\Program Files\\NEC\\NECCAS\\Setup\\src\\Data",
];

const PRIVATE_CONFIG: &str = "C:\\Program Files\\NEC\\NECCAS\\private.config";

fn plan(answers: &str) -> hardline::plan::Plan {
    plan_of(&wizard(ID), answers)
}

#[test]
fn cites_its_document_in_scw_order() {
    let w = wizard(ID);
    assert_eq!(w.document.file, "000_690a3013b37f8bb7.txt");
    assert_eq!(w.rule_prefix, "MA4000");
    assert_cites_document_in_scw_order(&w);
}

#[test]
fn every_row_of_table_2_1_is_opened_when_the_site_uses_it() {
    for (what, protocol, port, direction, answers) in TABLE_2_1 {
        let plan = plan(answers);
        let rule = rule_for(&plan, protocol, *port, *direction);
        let all = rules(&plan);
        assert!(
            rule.is_some(),
            "{what}: no {direction:?} {protocol} {port} in {all:#?}"
        );
        assert!(
            rule.is_some_and(|r| r.name.starts_with("HL-MA4000-")),
            "{what}"
        );
    }
}

#[test]
fn no_operation_is_left_out_for_want_of_a_value() {
    let all = "feature_alarm_clients_outside feature_cli feature_cli_outside \
        feature_business_integration feature_registered_apps feature_authorizer feature_ldap \
        ldap_server=10.0.0.60 feature_lock_manager feature_traffic feature_snmp feature_voicemail \
        vm_ad64 vm_ad120 vm_avst feature_sv8100 feature_imat_proxy feature_email_alarms \
        smtp_server=10.0.0.25 port_vm_ad120_dcom=5000-5020";
    for answers in ["", all] {
        let plan = plan(answers);
        assert!(plan.notes.is_empty(), "{:#?}", plan.notes);
    }
}

#[test]
fn notes_are_conditions() {
    let defaults = plan("");
    // Telnet only while the CLI is used; Note 2 (outside the firewall) is the external
    // firewall's, see wizard_nec_ma4000_rows.rs.
    assert!(!opens(&defaults, "TCP", 23));
    assert!(opens(&plan("feature_cli"), "TCP", 23));
    // The alarm client port only while alarm clients are used (Note 1: the external firewall's).
    assert!(!opens(&defaults, "TCP", 2006));
    // Note 3: no database rule while SQL Server is local; the chosen port and server otherwise.
    assert!(rule_for(&defaults, "TCP", 1433, OUT).is_none());
    let remote_sql = plan("sql_remote sql_server_address=10.0.0.50 sql_port=1500");
    let sql = rule_for(&remote_sql, "TCP", 1500, OUT).expect("database rule");
    assert_eq!(sql.remote, RemoteScope::Addresses(vec!["10.0.0.50".into()]));
    // LDAPS is the document's recommendation; plain LDAP stays closed by default.
    let ldap = plan("feature_ldap ldap_server=10.0.0.60");
    assert!(opens(&ldap, "TCP", 636) && !opens(&ldap, "TCP", 389));
    // Features the site does not use open nothing.
    for (proto, port) in [("TCP", 19116), ("TCP", 8000), ("UDP", 162), ("TCP", 2005)] {
        assert!(
            !opens(&defaults, proto, port),
            "{proto} {port} open by default"
        );
    }
    for (proto, port) in [("TCP", 5321), ("TCP", 25), ("TCP", 60030), ("TCP", 135)] {
        assert!(
            !opens(&defaults, proto, port),
            "{proto} {port} open by default"
        );
    }
}

#[test]
fn pbx_rows_are_limited_to_the_pbx_subnets_when_named() {
    let site_subnets = vec!["10.0.0.0/24".to_string(), "192.0.2.0/24".to_string()];
    let oai = |plan: &hardline::plan::Plan| rule_for(plan, "TCP", 60030, IN).cloned();
    let site_only = oai(&plan("feature_authorizer")).expect("oai rule");
    assert_eq!(site_only.remote, RemoteScope::Addresses(site_subnets));
    let named = oai(&plan("pbx_subnets=172.16.5.0/24 feature_authorizer")).expect("oai");
    assert_eq!(
        named.remote,
        RemoteScope::Addresses(vec!["172.16.5.0/24".into()])
    );
    let web = plan("web_clients=10.0.0.7,10.0.0.8");
    let https = rule_for(&web, "TCP", 443, IN).expect("https rule");
    let clients = vec!["10.0.0.7".to_string(), "10.0.0.8".to_string()];
    assert_eq!(https.remote, RemoteScope::Addresses(clients));
}

#[test]
fn the_fourteen_services_start_only_when_needed() {
    assert_eq!(SERVICES.len(), 14);
    let startup = |plan: &hardline::plan::Plan, name: &str| {
        services(plan)
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.startup)
    };
    let defaults = plan("");
    for (name, feature) in SERVICES {
        let expected = match feature {
            None => ServiceStartup::Automatic,
            Some(_) => ServiceStartup::Disabled,
        };
        assert_eq!(
            startup(&defaults, name),
            Some(expected),
            "{name} on defaults"
        );
    }
    let features: Vec<&str> = SERVICES.iter().filter_map(|(_, f)| *f).collect();
    let everything = plan(&(features.join(" ") + " ldap_server=10.0.0.60"));
    for (name, _) in SERVICES {
        let got = startup(&everything, name);
        assert_eq!(
            got,
            Some(ServiceStartup::Automatic),
            "{name} with its feature"
        );
    }
    // A required service cannot be switched off.
    let open = open_after(&wizard(ID), "svc_arena=false");
    assert!(open.iter().any(|e| e.contains("mandatory")), "{open:#?}");
    for name in ["WINS", "DHCPServer"] {
        assert_eq!(
            startup(&defaults, name),
            Some(ServiceStartup::Disabled),
            "{name}"
        );
    }
}

#[test]
fn isolation_netbios_accounts_and_iis() {
    let open = open_after(&wizard(ID), "domain_controller");
    assert!(
        open.iter().any(|e| e.contains("domain controller")),
        "{open:#?}"
    );
    let plan = plan("");
    let has = |pred: &dyn Fn(&Action) -> bool| plan.operations.iter().any(|o| pred(&o.action));
    assert!(has(&|a| *a == Action::NetBios { enabled: false }));
    assert!(has(
        &|a| matches!(a, Action::IisRequireSsl { site, .. } if site == "Default Web Site")
    ));
    assert!(has(&|a| matches!(a, Action::LocalAccount { rid: 501, .. })));
    assert!(has(&|a| matches!(
        a,
        Action::RemoteDesktop { enabled: false, .. }
    )));
}

#[test]
fn sql_script_folders_are_backed_up_then_deleted() {
    // Step 2 and 4: the numeric folders go to a secure location, the originals are deleted, and
    // the Data folder stays. A copy on the same server is not a secure location: the plan asks
    // for it by hand instead of a script's local backup.
    let steps = |plan: &hardline::plan::Plan| -> Vec<(String, String, String)> {
        manual_steps(plan)
            .into_iter()
            .filter(|m| m.setting.starts_with("The numeric folders"))
            .map(|m| (m.path.clone(), m.setting.clone(), m.value.clone()))
            .collect()
    };
    let defaults = plan("");
    let found = steps(&defaults);
    let paths: Vec<&str> = found.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(paths, SCRIPT_FOLDERS);
    for (_, setting, value) in &found {
        assert_eq!(
            setting,
            "The numeric folders (for example, 1.0, 1.1, and 2.0)"
        );
        assert!(
            value.contains("secure location off this server")
                && value.contains("the Data folder itself stays")
        );
    }
    assert!(
        !defaults
            .operations
            .iter()
            .any(|o| matches!(o.action, Action::DeleteWithBackup { .. })),
        "a script deletes the Data folder"
    );
    let moved = steps(&plan("nec_folder=D:\\NEC"));
    assert_eq!(moved[0].0, "D:\\NEC\\Agile\\Setup\\Src\\Data");
}

#[test]
fn nec_cas_lockout_keys_carry_the_installers_values() {
    let find = |plan: &hardline::plan::Plan, key: &str| {
        let steps = manual_steps(plan);
        let step = steps
            .iter()
            .find(|m| m.setting == key && m.path == PRIVATE_CONFIG);
        step.map(|m| m.value.clone())
    };
    let defaults = plan("");
    assert_eq!(
        find(&defaults, "MaxAllowedLoginFailureCount").as_deref(),
        Some("3")
    );
    assert_eq!(
        find(&defaults, "UserLockoutTimeout").as_deref(),
        Some("900")
    );
    let chosen = plan("cas_auth=internal cas_max_login_failures=5 cas_lockout_seconds=1800");
    assert_eq!(
        find(&chosen, "MaxAllowedLoginFailureCount").as_deref(),
        Some("5")
    );
    assert_eq!(find(&chosen, "UserLockoutTimeout").as_deref(), Some("1800"));
    // The keys only apply to internal database authentication.
    let ldap = plan("cas_auth=ldap");
    assert_eq!(find(&ldap, "MaxAllowedLoginFailureCount"), None);
    // A lockout count is a number.
    let w = wizard(ID);
    let mut s = answered(&w, None, &[("cas_auth", "internal", "")]);
    let change = Change::Answer {
        item: "cas_max_login_failures".into(),
        value: Value::Text("three".into()),
        reason: String::new(),
    };
    let err = s.apply(&w, change, NOW);
    assert!(err.is_err_and(|e| e.to_string().contains("not a whole number")));
}

#[test]
fn imat_proxy_ports_must_be_unique() {
    let w = wizard(ID);
    let open = open_after(
        &w,
        "feature_imat_proxy imat_proxy_port_1=1025 imat_proxy_port_2=1025",
    );
    assert!(
        open.iter()
            .any(|e| e.contains("must differ from 'imat_proxy_port_1'")),
        "{open:#?}"
    );
    let clash = "feature_imat_proxy feature_ssh_proxy ssh_tunnel_port=1025 imat_proxy_port_1=1025";
    let open = open_after(&w, clash);
    assert!(
        open.iter()
            .any(|e| e.contains("must differ from 'ssh_tunnel_port'")),
        "{open:#?}"
    );
    let distinct = "feature_imat_proxy imat_proxy_port_1=1025 imat_proxy_port_2=1026";
    assert!(open_after(&w, distinct).is_empty());
    let plan = plan(distinct);
    assert!(opens(&plan, "TCP", 1025) && opens(&plan, "TCP", 1026));
    let steps = manual_steps(&plan);
    let proxy = steps
        .iter()
        .find(|m| m.setting == "Act as a IP-PBX proxy server");
    assert!(
        proxy.is_some_and(|m| m.value == "on, Port 1025"),
        "{steps:#?}"
    );
}

#[test]
fn sa_password_rule() {
    let policy = password_policy(&wizard(ID), "sa_password");
    assert!(
        password::check(&policy, "")
            .iter()
            .any(|e| e.contains("blank"))
    );
    assert!(!password::check(&policy, "abc1").is_empty(), "too short");
    assert!(
        !password::check(&policy, "abcdefgh").is_empty(),
        "no number or special"
    );
    assert!(password::check(&policy, "abcde1").is_empty());
    assert!(password::check(&policy, "abcde!").is_empty());
    let plan = plan("");
    let blank_check = plan.operations.iter().any(|o| {
        matches!(&o.action, Action::Sql { statement, .. } if statement.contains("PWDCOMPARE('', password_hash)"))
    });
    assert!(blank_check);
}

#[test]
fn alarm_email_needs_the_smtp_server() {
    let plan = plan("feature_email_alarms smtp_server=10.0.0.25");
    let smtp = rule_for(&plan, "TCP", 25, OUT).expect("smtp rule");
    assert_eq!(
        smtp.remote,
        RemoteScope::Addresses(vec!["10.0.0.25".into()])
    );
    assert!(manual_steps(&plan).iter().any(|m| m.value == "10.0.0.25"));
    let open = open_after(&wizard(ID), "feature_email_alarms");
    assert!(open.iter().any(|e| e.contains("SMTP")), "{open:#?}");
}

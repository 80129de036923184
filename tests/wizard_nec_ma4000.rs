//! The NEC MA4000 wizard against its document (seeds/000_690a3013b37f8bb7.txt): every row of
//! table 2-1, the 14 services, the NEC CAS lockout keys, the SQL script folders, the sa rule.

mod common;

use common::*;
use hardline::catalog::{FirewallDirection, ServiceStartup, Value, password};
use hardline::plan::{Action, RemoteScope};

const ID: &str = "nec-ma4000";

/// One row of table 2-1: the answers that make the site use it, and what it opens.
struct Row {
    what: &'static str,
    answers: &'static [(&'static str, &'static str)],
    protocol: &'static str,
    port: u16,
    direction: FirewallDirection,
}

const IN: FirewallDirection = FirewallDirection::Inbound;
const OUT: FirewallDirection = FirewallDirection::Outbound;

const TABLE_2_1: &[Row] = &[
    Row {
        what: "HTTP to MA4000",
        answers: &[],
        protocol: "TCP",
        port: 80,
        direction: IN,
    },
    Row {
        what: "HTTPS to MA4000",
        answers: &[],
        protocol: "TCP",
        port: 443,
        direction: IN,
    },
    Row {
        what: "Alarm Client to Arena (Note 1)",
        answers: &[("feature_alarm_clients_outside", "true")],
        protocol: "TCP",
        port: 2006,
        direction: IN,
    },
    Row {
        what: "Telnet CLI (Note 2)",
        answers: &[("feature_cli", "true"), ("feature_cli_outside", "true")],
        protocol: "TCP",
        port: 23,
        direction: IN,
    },
    Row {
        what: "Business Integration Service",
        answers: &[("feature_business_integration", "true")],
        protocol: "TCP",
        port: 19116,
        direction: IN,
    },
    Row {
        what: "Business Integration Service",
        answers: &[("feature_business_integration", "true")],
        protocol: "TCP",
        port: 19117,
        direction: IN,
    },
    Row {
        what: "Business Integration Service",
        answers: &[("feature_business_integration", "true")],
        protocol: "TCP",
        port: 19119,
        direction: IN,
    },
    Row {
        what: "License Management",
        answers: &[],
        protocol: "TCP",
        port: 49300,
        direction: OUT,
    },
    Row {
        what: "Database Access (Note 3)",
        answers: &[("sql_remote", "true"), ("sql_server_address", "10.0.0.50")],
        protocol: "TCP",
        port: 1433,
        direction: OUT,
    },
    Row {
        what: "FTP data for backup / upgrade",
        answers: &[],
        protocol: "TCP",
        port: 20,
        direction: OUT,
    },
    Row {
        what: "FTP control for backup / upgrade",
        answers: &[],
        protocol: "TCP",
        port: 21,
        direction: OUT,
    },
    Row {
        what: "SSH proxy",
        answers: &[],
        protocol: "TCP",
        port: 22,
        direction: OUT,
    },
    Row {
        what: "NEC SV8100 Connector Service",
        answers: &[("feature_sv8100", "true")],
        protocol: "TCP",
        port: 8000,
        direction: OUT,
    },
    Row {
        what: "IMAT interface",
        answers: &[],
        protocol: "TCP",
        port: 60000,
        direction: OUT,
    },
    Row {
        what: "OAI / Authorizer to IP-PBX",
        answers: &[("feature_authorizer", "true")],
        protocol: "TCP",
        port: 60030,
        direction: OUT,
    },
    Row {
        what: "OAI / Authorizer from IP-PBX",
        answers: &[("feature_authorizer", "true")],
        protocol: "TCP",
        port: 60030,
        direction: IN,
    },
    Row {
        what: "SNMP traps",
        answers: &[("feature_snmp", "true")],
        protocol: "UDP",
        port: 162,
        direction: IN,
    },
    Row {
        what: "IMAT proxy interface (Note 4)",
        answers: &[("feature_imat_proxy", "true")],
        protocol: "TCP",
        port: 1025,
        direction: IN,
    },
    Row {
        what: "AD64 / IM-16LX / UM4730",
        answers: &[("feature_voicemail", "true"), ("vm_ad64", "true")],
        protocol: "TCP",
        port: 2005,
        direction: OUT,
    },
    Row {
        what: "AD120 / UM8500 over DCOM (Note 5)",
        answers: &[
            ("feature_voicemail", "true"),
            ("vm_ad120", "true"),
            ("port_vm_ad120_dcom", "5000-5020"),
        ],
        protocol: "TCP",
        port: 135,
        direction: OUT,
    },
    Row {
        what: "AD120 / UM8500 DCOM range (Note 5)",
        answers: &[
            ("feature_voicemail", "true"),
            ("vm_ad120", "true"),
            ("port_vm_ad120_dcom", "5000-5020"),
        ],
        protocol: "TCP",
        port: 5010,
        direction: OUT,
    },
    Row {
        what: "AVST CallXpress",
        answers: &[("feature_voicemail", "true"), ("vm_avst", "true")],
        protocol: "TCP",
        port: 5321,
        direction: OUT,
    },
    Row {
        what: "LDAP",
        answers: &[
            ("feature_ldap", "true"),
            ("ldap_server", "10.0.0.60"),
            ("port_ldap", "true"),
        ],
        protocol: "TCP",
        port: 389,
        direction: OUT,
    },
    Row {
        what: "LDAPS",
        answers: &[("feature_ldap", "true"), ("ldap_server", "10.0.0.60")],
        protocol: "TCP",
        port: 636,
        direction: OUT,
    },
    Row {
        what: "SMTP",
        answers: &[
            ("feature_email_alarms", "true"),
            ("smtp_server", "10.0.0.25"),
        ],
        protocol: "TCP",
        port: 25,
        direction: OUT,
    },
    Row {
        what: "Database change notifications",
        answers: &[("feature_registered_apps", "true")],
        protocol: "TCP",
        port: 80,
        direction: OUT,
    },
    Row {
        what: "HTTP web services",
        answers: &[("feature_registered_apps", "true")],
        protocol: "TCP",
        port: 80,
        direction: IN,
    },
    Row {
        what: "HTTPS web services",
        answers: &[("feature_registered_apps", "true")],
        protocol: "TCP",
        port: 443,
        direction: IN,
    },
];

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

fn value(v: &str) -> Value {
    match v {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        t => Value::Text(t.to_string()),
    }
}

fn answers(list: &[(&str, &str)]) -> Vec<(String, Value)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), value(v)))
        .collect()
}

fn plan_of(list: &[(&str, &str)]) -> hardline::plan::Plan {
    let owned = answers(list);
    let borrowed: Vec<(&str, Value)> = owned.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    plan_with(&wizard(ID), &borrowed)
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
    for row in TABLE_2_1 {
        let plan = plan_of(row.answers);
        let rule = rule_for(&plan, row.protocol, row.port, row.direction);
        assert!(
            rule.is_some(),
            "{}: no {:?} {} {} rule in {:#?}",
            row.what,
            row.direction,
            row.protocol,
            row.port,
            rules(&plan)
        );
        assert!(
            rule.is_some_and(|r| r.name.starts_with("HL-MA4000-")),
            "{}",
            row.what
        );
    }
}

#[test]
fn notes_are_conditions() {
    let defaults = plan_of(&[]);
    // Note 2: Telnet only when the CLI is needed from outside the firewall.
    assert!(!opens(&defaults, "TCP", 23));
    assert!(!opens(&plan_of(&[("feature_cli", "true")]), "TCP", 23));
    assert!(opens(
        &plan_of(&[("feature_cli", "true"), ("feature_cli_outside", "true")]),
        "TCP",
        23
    ));
    // Note 1: the alarm client port only for alarm clients outside the firewall.
    assert!(!opens(&defaults, "TCP", 2006));
    // Note 3: no database rule while SQL Server is local.
    assert!(rule_for(&defaults, "TCP", 1433, OUT).is_none());
    let remote_sql = plan_of(&[
        ("sql_remote", "true"),
        ("sql_server_address", "10.0.0.50"),
        ("sql_port", "1500"),
    ]);
    let sql = rule_for(&remote_sql, "TCP", 1500, OUT).expect("database rule on the chosen port");
    assert_eq!(sql.remote, RemoteScope::Addresses(vec!["10.0.0.50".into()]));
    // LDAPS is the document's recommendation; plain LDAP stays closed by default.
    let ldap = plan_of(&[("feature_ldap", "true"), ("ldap_server", "10.0.0.60")]);
    assert!(opens(&ldap, "TCP", 636) && !opens(&ldap, "TCP", 389));
    // Features the site does not use open nothing.
    for (proto, port) in [
        ("TCP", 19116),
        ("TCP", 8000),
        ("UDP", 162),
        ("TCP", 2005),
        ("TCP", 5321),
        ("TCP", 25),
        ("TCP", 60030),
    ] {
        assert!(
            !opens(&defaults, proto, port),
            "{proto} {port} open by default"
        );
    }
}

#[test]
fn pbx_rows_are_limited_to_the_pbx_subnets_when_named() {
    let site_only = plan_of(&[("feature_authorizer", "true")]);
    let oai = rule_for(&site_only, "TCP", 60030, IN).expect("oai rule");
    assert_eq!(
        oai.remote,
        RemoteScope::Addresses(vec!["10.0.0.0/24".into(), "192.0.2.0/24".into()])
    );
    let named = plan_of(&[
        ("pbx_subnets", "172.16.5.0/24"),
        ("feature_authorizer", "true"),
    ]);
    let oai = rule_for(&named, "TCP", 60030, IN).expect("oai rule");
    assert_eq!(
        oai.remote,
        RemoteScope::Addresses(vec!["172.16.5.0/24".into()])
    );
    let web = plan_of(&[("web_clients", "10.0.0.7, 10.0.0.8")]);
    let https = rule_for(&web, "TCP", 443, IN).expect("https rule");
    assert_eq!(
        https.remote,
        RemoteScope::Addresses(vec!["10.0.0.7".into(), "10.0.0.8".into()])
    );
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
    let defaults = plan_of(&[]);
    for (name, feature) in SERVICES {
        let expected = if feature.is_none() {
            ServiceStartup::Automatic
        } else {
            ServiceStartup::Disabled
        };
        assert_eq!(
            startup(&defaults, name),
            Some(expected),
            "{name} on defaults"
        );
    }
    let mut all: Vec<(&str, &str)> = SERVICES
        .iter()
        .filter_map(|(_, f)| f.map(|f| (f, "true")))
        .collect();
    all.push(("ldap_server", "10.0.0.60"));
    let everything = plan_of(&all);
    for (name, _) in SERVICES {
        assert_eq!(
            startup(&everything, name),
            Some(ServiceStartup::Automatic),
            "{name} with its feature"
        );
    }
    // A required service cannot be switched off.
    let open = open_after(&wizard(ID), &[("svc_arena", Value::Bool(false))]);
    assert!(open.iter().any(|e| e.contains("mandatory")), "{open:#?}");
    // WINS and DHCP go.
    for name in ["WINS", "DHCPServer"] {
        assert_eq!(
            startup(&defaults, name),
            Some(ServiceStartup::Disabled),
            "{name}"
        );
    }
}

#[test]
fn isolation_netbios_and_iis() {
    let w = wizard(ID);
    let open = open_after(&w, &[on("domain_controller")]);
    assert!(
        open.iter().any(|e| e.contains("domain controller")),
        "{open:#?}"
    );
    let plan = plan_of(&[]);
    assert!(
        plan.operations
            .iter()
            .any(|o| o.action == Action::NetBios { enabled: false })
    );
    assert!(plan.operations.iter().any(|o| matches!(&o.action,
        Action::IisRequireSsl { site, .. } if site == "Default Web Site")));
    assert!(
        plan.operations
            .iter()
            .any(|o| matches!(&o.action, Action::LocalAccount { rid: 501, .. }))
    );
}

#[test]
fn sql_script_folders_are_backed_up_then_deleted() {
    let plan = plan_of(&[]);
    let deleted: Vec<&str> = plan
        .operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::DeleteWithBackup { path, .. } => Some(path.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(deleted, SCRIPT_FOLDERS);
    let moved = plan_of(&[("nec_folder", "D:\\NEC")]);
    assert!(moved.operations.iter().any(|o| matches!(&o.action,
        Action::DeleteWithBackup { path, .. } if path == "D:\\NEC\\Agile\\Setup\\Src\\Data")));
}

#[test]
fn nec_cas_lockout_keys_carry_the_installers_values() {
    let find = |plan: &hardline::plan::Plan, key: &str| {
        manual_steps(plan)
            .into_iter()
            .find(|m| m.setting == key && m.path == PRIVATE_CONFIG)
            .map(|m| m.value.clone())
    };
    let defaults = plan_of(&[]);
    assert_eq!(
        find(&defaults, "MaxAllowedLoginFailureCount").as_deref(),
        Some("3")
    );
    assert_eq!(
        find(&defaults, "UserLockoutTimeout").as_deref(),
        Some("900")
    );
    let chosen = plan_of(&[
        ("cas_auth", "internal"),
        ("cas_max_login_failures", "5"),
        ("cas_lockout_seconds", "1800"),
    ]);
    assert_eq!(
        find(&chosen, "MaxAllowedLoginFailureCount").as_deref(),
        Some("5")
    );
    assert_eq!(find(&chosen, "UserLockoutTimeout").as_deref(), Some("1800"));
    // The keys only apply to internal database authentication.
    let ldap = plan_of(&[("cas_auth", "ldap")]);
    assert_eq!(find(&ldap, "MaxAllowedLoginFailureCount"), None);
    // A lockout count is a number.
    let w = wizard(ID);
    let mut s = session(&w);
    answer(&w, &mut s, "cas_auth", Value::Text("internal".into())).expect("internal");
    let err = answer(
        &w,
        &mut s,
        "cas_max_login_failures",
        Value::Text("three".into()),
    );
    assert!(err.is_err_and(|e| e.to_string().contains("not a whole number")));
}

#[test]
fn imat_proxy_ports_must_be_unique() {
    let w = wizard(ID);
    let base = [on("feature_imat_proxy"), text("imat_proxy_port_1", "1025")];
    let same = [
        base[0].clone(),
        base[1].clone(),
        text("imat_proxy_port_2", "1025"),
    ];
    let open = open_after(&w, &same);
    assert!(
        open.iter()
            .any(|e| e.contains("must differ from 'imat_proxy_port_1'")),
        "{open:#?}"
    );
    let ssh_clash = [
        base[0].clone(),
        on("feature_ssh_proxy"),
        text("ssh_tunnel_port", "1025"),
        base[1].clone(),
    ];
    let open = open_after(&w, &ssh_clash);
    assert!(
        open.iter()
            .any(|e| e.contains("must differ from 'ssh_tunnel_port'")),
        "{open:#?}"
    );
    let distinct = [
        base[0].clone(),
        base[1].clone(),
        text("imat_proxy_port_2", "1026"),
    ];
    assert!(open_after(&w, &distinct).is_empty());
    let plan = plan_with(&w, &distinct);
    assert!(opens(&plan, "TCP", 1025) && opens(&plan, "TCP", 1026));
    assert!(
        manual_steps(&plan)
            .iter()
            .any(|m| m.setting == "Act as a IP-PBX proxy server" && m.value.contains("1026"))
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
}

#[test]
fn alarm_email_needs_the_smtp_server() {
    let plan = plan_of(&[
        ("feature_email_alarms", "true"),
        ("smtp_server", "10.0.0.25"),
    ]);
    let smtp = rule_for(&plan, "TCP", 25, OUT).expect("smtp rule");
    assert_eq!(
        smtp.remote,
        RemoteScope::Addresses(vec!["10.0.0.25".into()])
    );
    assert!(manual_steps(&plan).iter().any(|m| m.value == "10.0.0.25"));
    let open = open_after(&wizard(ID), &[on("feature_email_alarms")]);
    assert!(open.iter().any(|e| e.contains("SMTP")), "{open:#?}");
}

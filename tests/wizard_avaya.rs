//! The Avaya wizard against Tip 113 on Windows Server 2003, the system it was written for: every
//! page of the SCW walk-through is covered, and the document's lists (roles, client features,
//! services, ports, registry, audit table, IIS) come out in the plan. Newer systems:
//! `tests/target_systems.rs`.

use hardline::catalog::{AuditCategory, Protocol, Value};
use hardline::plan::{Action, Plan, RegistryData, derive};
use hardline::session::{Change, Session};
use hardline::store;

mod common;

use common::NOW;

fn plan_with(answers: &[(&str, Value)]) -> Plan {
    let catalog = store::catalog(None).unwrap();
    let w = catalog.wizard("avaya-ipoffice").unwrap();
    let mut s = Session::for_wizard(w, "t", NOW);
    common::site_for(w, &mut s);
    for (item, value) in answers {
        let change = Change::Answer {
            item: item.to_string(),
            value: value.clone(),
            reason: "site uses CCC".into(),
        };
        s.apply(w, change, NOW).unwrap();
    }
    assert!(s.walk(w, true, NOW).is_empty());
    derive(w, &s, NOW)
}

fn decision_labels(plan: &Plan, step: &str) -> Vec<String> {
    plan.steps
        .iter()
        .find(|s| s.id == step)
        .unwrap()
        .decisions
        .iter()
        .map(|d| d.label.clone())
        .collect()
}

#[test]
fn every_page_of_the_walk_through_is_covered_in_order() {
    let plan = plan_with(&[]);
    // Every heading of the document but the two it does not encode (introduction, contacts).
    let pages = [
        "Security Configuration Wizard Installation",
        "iguration Action",
        "Select Server",
        "Select Server Roles",
        "Select Client Features",
        "Select Administration and Other Options",
        "Select Additional Services",
        "Handling Unspecified Services",
        "Open Ports and Approve Applications",
        "Registry Settings",
        "Require SMB Security Signatures",
        "Outbound Authentication Methods",
        "System Audit Policy",
        "Select Web Service Extensions for Dynamic Content",
        "Select the Virtual Directories to Retain",
        "Pro event Anonymous Users from Accessing Content Files",
        "Security Policy File Name",
        "Apply Security Policy",
        "pplying Security Policy",
        "Enter Operator Name and Password",
        "Windows Firewall",
    ];
    let cited: Vec<&str> = plan
        .steps
        .iter()
        .flat_map(|s| {
            std::iter::once(s.source.section.as_str())
                .chain(s.decisions.iter().map(|d| d.source.section.as_str()))
        })
        .chain(plan.operations.iter().map(|o| o.source.section.as_str()))
        .collect();
    for page in pages {
        assert!(cited.contains(&page), "page '{page}' is not in the plan");
    }
    let ids: Vec<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "site",
            "roles",
            "client_features",
            "admin_options",
            "services",
            "unspecified_services",
            "ports",
            "registry",
            "audit",
            "iis",
            "apply"
        ]
    );
}

#[test]
fn roles_features_and_services_are_the_documents_lists() {
    let plan = plan_with(&[("role_sql_server", Value::Bool(true))]);
    let roles = decision_labels(&plan, "roles");
    for r in [
        "Application server",
        "DFS server",
        "File server",
        "Middle-tier application server (COM+/DTC)",
        "Print server",
        "Remote access/VPN server",
        "SQL Server 2000",
        "Telnet server",
        "Web server",
    ] {
        assert!(roles.contains(&r.to_string()), "role {r}");
    }
    let features = decision_labels(&plan, "client_features");
    for f in [
        "DHCP client",
        "DNS client",
        "DNS registration client",
        "Domain member",
        "FTP client (normal mode)",
        "Group Policy administrative client",
        "Microsoft networking client",
        "Remote access client",
        "SQL client",
        "WebDAV client",
        "WINS client",
    ] {
        assert!(features.contains(&f.to_string()), "feature {f}");
    }
    let services = decision_labels(&plan, "services");
    for s in [
        "CCC Delta Server",
        "CCC Reporting",
        "Key Server",
        "Machine Debug Manager",
        "McAfee Framework Service",
        "Network Associates McShield",
        "Network Associates Task Manager",
        "Office Source Engine",
        "Upload Manager",
        "VMProDBService",
        "Voicemail Pro Service",
    ] {
        assert!(services.contains(&s.to_string()), "service {s}");
    }
    // The confirmation page's start-up changes.
    let startups: Vec<(String, String)> = plan
        .of(|a| matches!(a, Action::Service(_)))
        .map(|o| match &o.action {
            Action::Service(s) => (s.name.clone(), s.startup.name().to_string()),
            _ => unreachable!(),
        })
        .collect();
    for (name, mode) in [
        ("ALG", "Disabled"),
        ("AppMgmt", "Disabled"),
        ("BITS", "Automatic"),
        ("Browser", "Disabled"),
        ("Dfs", "Disabled"),
        ("NtFrs", "Disabled"),
        ("PolicyAgent", "Disabled"),
        ("MSSQLServerADHelper", "Disabled"),
        ("Netlogon", "Disabled"),
    ] {
        assert!(
            startups.contains(&(name.to_string(), mode.to_string())),
            "{name} {mode} in {startups:?}"
        );
    }
}

#[test]
fn the_port_table_is_opened_and_1434_stays_blocked() {
    let plan = plan_with(&[("role_sql_server", Value::Bool(true))]);
    let rules: Vec<(Protocol, String, Vec<String>)> = plan
        .of(|a| matches!(a, Action::FirewallRule(_)))
        .map(|o| match &o.action {
            Action::FirewallRule(r) => (
                r.protocol,
                r.ports.to_string(),
                match &r.remote {
                    hardline::plan::RemoteScope::Addresses(a) => a.clone(),
                    other => panic!("{other:?}"),
                },
            ),
            _ => unreachable!(),
        })
        .collect();
    let table = [
        (80, Protocol::Tcp),
        (123, Protocol::Udp),
        (135, Protocol::Tcp),
        (137, Protocol::Udp),
        (137, Protocol::Tcp),
        (139, Protocol::Tcp),
        (443, Protocol::Tcp),
        (445, Protocol::Tcp),
        (1433, Protocol::Tcp),
        (3389, Protocol::Tcp),
    ];
    for (port, proto) in table {
        assert!(
            rules.iter().any(|(p, ports, remote)| *p == proto
                && *ports == port.to_string()
                && remote == &["10.0.0.0/24", "192.0.2.0/24"]),
            "{port}/{proto:?} not opened to the site subnet: {rules:?}"
        );
    }
    assert!(
        !rules.iter().any(|(_, ports, _)| ports == "1434"),
        "1434 is blocked in the document"
    );
    assert_eq!(rules.len(), table.len());
    // Manager and the Upgrade Wizard get program exceptions at the document's path.
    let programs: Vec<String> = plan
        .of(|a| matches!(a, Action::FirewallProgram(_)))
        .map(|o| match &o.action {
            Action::FirewallProgram(p) => p.program.clone(),
            _ => unreachable!(),
        })
        .collect();
    for exe in [
        "C:\\Program Files\\Avaya\\IP Office\\Manager\\Manager.exe",
        "C:\\Program Files\\Avaya\\IP Office\\Manager\\UpgradeWiz.exe",
    ] {
        assert!(programs.contains(&exe.to_string()), "{exe} in {programs:?}");
    }
}

#[test]
fn registry_and_the_audit_table() {
    let plan = plan_with(&[]);
    let registry: Vec<(String, String, u32)> = plan
        .of(|a| matches!(a, Action::Registry(_)))
        .map(|o| match &o.action {
            Action::Registry(r) => (
                r.key.clone(),
                r.value.clone(),
                match r.data {
                    RegistryData::Dword(d) => d,
                    RegistryData::String(_) => panic!(),
                },
            ),
            _ => unreachable!(),
        })
        .collect();
    let lms = "SYSTEM\\CurrentControlSet\\Services\\LanManServer\\Parameters".to_string();
    assert!(registry.contains(&(lms, "RequireSecuritySignature".into(), 1)));
    // The document's "all methods" is LM and NTLM (level 0 or 1), below Windows 2003's own
    // default: the plan keeps the default, 2.
    assert!(registry.contains(&(
        "SYSTEM\\CurrentControlSet\\Control\\Lsa".into(),
        "LmCompatibilityLevel".into(),
        2
    )));
    assert!(
        !registry.iter().any(|(_, v, _)| v == "LDAPServerIntegrity"),
        "left Not Defined"
    );
    // The document's audit table: everything success and failure, privilege use not audited.
    let audit: Vec<(AuditCategory, bool, bool)> = plan
        .of(|a| matches!(a, Action::Audit(_)))
        .map(|o| match &o.action {
            Action::Audit(a) => (a.category, a.success, a.failure),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(audit.len(), 9);
    for (category, success, failure) in audit {
        let expected = category != AuditCategory::PrivilegeUse;
        assert_eq!(
            (success, failure),
            (expected, expected),
            "{}",
            category.scw_name()
        );
    }
}

#[test]
fn iis_extensions_virtual_directories_and_anonymous_write() {
    let plan = plan_with(&[]);
    let mut extensions: Vec<(String, bool)> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    let mut deny_write = Vec::new();
    for op in &plan.operations {
        match &op.action {
            Action::IisExtension { name, allowed } => extensions.push((name.clone(), *allowed)),
            Action::IisRemoveVirtualDirectory { name } => removed.push(name.clone()),
            Action::IisDenyAnonymousWrite { path } => deny_write.push(path.clone()),
            _ => {}
        }
    }
    for (name, allowed) in [
        ("Active Server Pages", true),
        ("Internet Data Connector", true),
        ("Server Side Includes", true),
        ("WebDAV", false),
        ("*.dll", false),
        ("*.exe", false),
    ] {
        assert!(
            extensions.contains(&(name.to_string(), allowed)),
            "{name} {allowed} in {extensions:?}"
        );
    }
    removed.sort();
    assert_eq!(
        removed,
        ["IISAdmin", "IISHelp", "IISSamples", "MSADC", "Scripts"]
    );
    assert_eq!(deny_write, ["C:\\Inetpub\\wwwroot"]);
    // Without the web server role, no IIS operation at all.
    let plan = plan_with(&[("role_web_server", Value::Bool(false))]);
    assert!(
        plan.of(|a| matches!(
            a,
            Action::IisExtension { .. } | Action::IisRemoveVirtualDirectory { .. }
        ))
        .next()
        .is_none()
    );
}

#[test]
fn scw_manual_steps_name_the_host_and_the_mandatory_choice() {
    let plan = plan_with(&[]);
    let manual: Vec<(String, String)> = plan
        .of(|a| matches!(a, Action::Manual(_)))
        .map(|o| match &o.action {
            Action::Manual(m) => (m.path.clone(), m.value.clone()),
            _ => unreachable!(),
        })
        .collect();
    assert!(manual.contains(&("SCW > Select Server".into(), "pbx-01".into())));
    assert!(manual.contains(&(
        "SCW > Handling Unspecified Services".into(),
        "Do not change the startup mode of the service".into()
    )));
    assert!(manual.contains(&(
        "SCW > Security Policy File Name".into(),
        "C:\\WINDOWS\\security\\msscw\\Policies\\pbx-01.xml".into()
    )));
}

//! A plan with one operation of every kind, for tests and benchmarks of the exporters. The
//! installer-typed strings (site facts, reasons) are parameters, so property tests can put any
//! text there and check where it ends up.

use crate::catalog::{
    AccountAction, AuditCategory, Document, FirewallDirection, IisRequirement, ItemKind,
    NotEncoded, PortSpec, Protocol, Section, ServiceStartup, Source, StepKind, TargetOs,
};
use crate::plan::{
    AccountPolicy, Action, AuditSetting, Carrier, ChecklistRow, ClosePort, CloseProgram, Decision,
    DocumentSection, EffectiveAccess, FirewallProgram, FirewallRule, LockoutWarning, ManualStep,
    Operation, Origin, PasswordCheckState, Plan, PlanStep, PortForward, PortSide, RegistryData,
    RegistryValue, RemoteScope, RunStatus, ServiceChange,
};
use crate::session::{Access, AnswerStatus, AuditEntry, Site, StepState};

/// Every `Action` variant once, with `text` in every field an installer or a wizard can fill
/// (site facts, reasons, rename targets, descriptions, manual values).
pub fn every_action(text: &str) -> Plan {
    let source = Source {
        file: "004_ed1efdc5401a9d2b.txt".into(),
        section: "Security Configuration Wizard".into(),
        quote: format!("Select the ports to open {text}"),
    };
    let subnets = vec!["10.0.0.0/24".to_string(), "192.0.2.0/24".to_string()];
    let actions = vec![
        Action::FirewallRule(FirewallRule {
            name: "HL-IPO-voicemail".into(),
            description: format!("Voicemail Pro client {text}"),
            protocol: Protocol::Tcp,
            ports: PortSpec(vec![(50791, 50791), (44000, 44099)]),
            port_side: PortSide::Local,
            direction: FirewallDirection::Inbound,
            remote: RemoteScope::Addresses(subnets.clone()),
        }),
        Action::FirewallRule(FirewallRule {
            name: "HL-IPO-rdp".into(),
            description: "Remote Desktop from the management subnet".into(),
            protocol: Protocol::Tcp,
            ports: PortSpec(vec![(3389, 3389)]),
            port_side: PortSide::Local,
            direction: FirewallDirection::Inbound,
            remote: RemoteScope::Addresses(vec!["10.0.0.0/24".into()]),
        }),
        Action::FirewallRule(FirewallRule {
            name: "HL-IPO-syslog".into(),
            description: "Syslog to the collector".into(),
            protocol: Protocol::Udp,
            ports: PortSpec(vec![(514, 514)]),
            port_side: PortSide::Remote,
            direction: FirewallDirection::Outbound,
            remote: RemoteScope::LocalSubnet,
        }),
        Action::FirewallProgram(FirewallProgram {
            name: "HL-IPO-manager".into(),
            description: format!("IP Office Manager {text}"),
            program: "C:\\Program Files (x86)\\Avaya\\IP Office\\Manager\\Manager.exe".into(),
            remote: RemoteScope::Any,
        }),
        Action::Service(ServiceChange {
            name: "TlntSvr".into(),
            display: "Telnet".into(),
            startup: ServiceStartup::Disabled,
            stop: true,
        }),
        Action::Service(ServiceChange {
            name: "TermService".into(),
            display: "Remote Desktop Services".into(),
            startup: ServiceStartup::Disabled,
            stop: false,
        }),
        Action::Registry(RegistryValue {
            key: "SYSTEM\\CurrentControlSet\\Control\\Lsa".into(),
            value: "RestrictAnonymous".into(),
            data: RegistryData::Dword(2),
        }),
        Action::Registry(RegistryValue {
            key: "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon".into(),
            value: "LegalNoticeText".into(),
            data: RegistryData::String(format!("Authorised use only {text}")),
        }),
        Action::Audit(AuditSetting {
            category: AuditCategory::LogonLogoff,
            success: true,
            failure: true,
        }),
        Action::Audit(AuditSetting {
            category: AuditCategory::PrivilegeUse,
            success: false,
            failure: true,
        }),
        Action::IisExtension {
            name: "WebDAV".into(),
            allowed: false,
        },
        Action::IisRemoveVirtualDirectory {
            name: "IISSamples".into(),
        },
        Action::IisDenyAnonymousWrite {
            path: "C:\\inetpub\\wwwroot".into(),
        },
        Action::IisRequireSsl {
            site: "Default Web Site".into(),
            requirement: IisRequirement::Ssl128,
        },
        Action::AccountPolicy(AccountPolicy {
            min_length: Some(12),
            max_age_days: Some(90),
            min_age_days: Some(1),
            history: Some(24),
            complexity: Some(true),
            lockout_threshold: Some(5),
            lockout_minutes: Some(30),
        }),
        Action::LocalAccount {
            rid: 501,
            action: AccountAction::Disable,
        },
        Action::LocalAccount {
            rid: 500,
            action: AccountAction::Rename(format!("adm{text}")),
        },
        Action::NetBios { enabled: false },
        Action::RemoteDesktop {
            enabled: false,
            require_nla: true,
        },
        Action::Sql {
            description: format!("Disable the sa login {text}"),
            statement: "ALTER LOGIN [sa] DISABLE;".into(),
            undo: Some("ALTER LOGIN [sa] ENABLE;".into()),
            check: false,
        },
        Action::PortForward(PortForward {
            description: format!("OpenScape Business WebRTC {text}"),
            protocol: Protocol::Tcp,
            public_address: "198.51.100.1".into(),
            wan_interface: "eth0".into(),
            public_port: 33443,
            target_address: "192.0.2.10".into(),
            target_port: 50443,
            sources: RemoteScope::Addresses(vec!["203.0.113.0/24".into()]),
            never_forwarded: vec![443, 10443],
            masquerade: true,
        }),
        Action::DeleteWithBackup {
            path: "C:\\inetpub\\scripts\\samples".into(),
            description: format!("IIS sample scripts {text}"),
        },
        Action::Manual(ManualStep {
            path: "OMC > System Miscellaneous > Memory Read/Write > Misc. Labels".into(),
            setting: "ExtHttpsPo".into(),
            value: format!("82 A3 {text}"),
            note: Some(format!("Restart the web server {text}")),
        }),
        Action::ClosePort(ClosePort {
            description: format!("SQL Server Resolution Service {text}"),
            protocol: Protocol::Udp,
            ports: PortSpec(vec![(1434, 1434)]),
        }),
        Action::CloseProgram(CloseProgram {
            description: format!("Upgrade wizard {text}"),
            program: "C:\\Program Files (x86)\\Avaya\\IP Office\\Manager\\UpgradeWiz.exe".into(),
        }),
        Action::Sql {
            description: format!("list SQL logins with a blank password {text}"),
            statement: "SELECT name FROM sys.sql_logins WHERE PWDCOMPARE('', password_hash) = 1;"
                .into(),
            undo: None,
            check: true,
        },
    ];
    let operations: Vec<Operation> = actions
        .into_iter()
        .enumerate()
        .map(|(n, action)| {
            let item = format!("item_{n}");
            Operation {
                id: format!("{item}-1"),
                step: if n < 4 {
                    "ports".into()
                } else {
                    "services".into()
                },
                item,
                reason: format!("Why it matters {text}"),
                note: text.to_string(),
                source: source.clone(),
                // Every origin: the registry values translated, the audit settings to verify.
                origin: match n {
                    6 | 7 => Origin::Translated {
                        note: format!("the same value on Windows Server 2019 {text}"),
                    },
                    8 | 9 => Origin::Verify {
                        written_for: vec![TargetOs::WindowsServer2003],
                    },
                    _ => Origin::Document,
                },
                action,
                run: RunStatus::Planned,
            }
        })
        .collect();
    let decision = |item: &str, kind: ItemKind, value: &str, deviates: bool| Decision {
        item: item.into(),
        label: format!("Label of {item} {text}"),
        kind,
        value: value.into(),
        recommended: Some("Apply".into()),
        deviates,
        status: Some(AnswerStatus::Answered),
        reason: text.to_string(),
        rationale: format!("Rationale {text}"),
        source: source.clone(),
        ours: deviates.then(|| format!("the menu path {text}")),
        checklist: (kind == ItemKind::Measure).then(|| ChecklistRow {
            measure: format!("Measure {text}"),
            decision: value.into(),
            comments: text.to_string(),
            access_rights: "Expert".into(),
            references: "[1] Telephony > Security".into(),
        }),
        password_check: (kind == ItemKind::PasswordCheck).then(|| PasswordCheckState {
            made: false,
            time: String::new(),
            rules: vec![format!("at least 8 characters {text}")],
            stale: false,
        }),
        run: None,
    };
    let step = |id: &str, kind, state, decisions| PlanStep {
        id: id.into(),
        kind,
        title: format!("Step {id}"),
        state,
        reason: if state == StepState::Skipped {
            text.to_string()
        } else {
            String::new()
        },
        source: source.clone(),
        decisions,
    };
    Plan {
        product: "avaya-ipoffice".into(),
        product_name: "Avaya IP Office".into(),
        vendor: "Avaya".into(),
        document: Document {
            file: "004_ed1efdc5401a9d2b.txt".into(),
            title: "IP Office security guide".into(),
            written_for: vec![TargetOs::WindowsServer2003],
            sections: vec![
                Section {
                    heading: "Security Configuration Wizard".into(),
                    recommends: format!("Open only the ports the roles need {text}"),
                    note: None,
                },
                Section {
                    heading: "Issued by".into(),
                    recommends: "Contact details of Avaya support".into(),
                    note: Some(format!("Not a measure {text}")),
                },
            ],
            not_encoded: vec![NotEncoded {
                section: "Issued by".into(),
                reason: format!("Contact details, no measure {text}"),
            }],
        },
        session_id: "s-0001".into(),
        site: Site {
            customer: format!("Customer {text}"),
            site: format!("Site {text}"),
            installer: format!("Installer {text}"),
            host: "pbx-01".into(),
            address: "192.0.2.10".into(),
            subnets,
            target_os: Some(TargetOs::WindowsServer2019),
            release: "R11.1".into(),
            access: Access::Rdp,
            access_from: "10.0.5.7".into(),
        },
        generated: "2026-11-25T10:00:00Z".into(),
        rule_group: "hardline IPO".into(),
        fingerprint: "0123456789abcdef".into(),
        steps: vec![
            step(
                "ports",
                StepKind::Ports,
                StepState::Done,
                vec![
                    decision("item_0", ItemKind::Toggle, "on", false),
                    decision("item_1", ItemKind::Field, "10.0.0.0/24", true),
                    decision("item_6", ItemKind::PasswordCheck, "not made", false),
                ],
            ),
            step(
                "services",
                StepKind::Services,
                StepState::Done,
                vec![
                    decision("item_4", ItemKind::Measure, "Apply", false),
                    decision("item_5", ItemKind::Measure, "Deviate", true),
                ],
            ),
            step("database", StepKind::Database, StepState::Skipped, vec![]),
        ],
        effective_access: EffectiveAccess::of(&operations),
        sql_instance: "198.51.100.7".into(),
        operations,
        lockout: vec![
            LockoutWarning {
                operation: "item_1-1".into(),
                message: format!("rule HL-IPO-rdp limits port 3389 {text}"),
            },
            LockoutWarning {
                operation: "item_5-1".into(),
                message: "this plan disables the Remote Desktop service".into(),
            },
            LockoutWarning {
                operation: "item_18-1".into(),
                message: "this plan turns Remote Desktop off".into(),
            },
        ],
        lockout_confirmed: true,
        notes: vec![format!("item_x-1 left out: {text}")],
        open: vec![format!("'item_6': the password check was not made {text}")],
        audit: vec![AuditEntry {
            time: "2026-11-25T09:00:00Z".into(),
            installer: format!("Installer {text}"),
            action: "answer".into(),
            target: "item_5".into(),
            old: None,
            new: Some("Deviate".into()),
            reason: text.to_string(),
        }],
        sections: vec![
            DocumentSection {
                heading: "Security Configuration Wizard".into(),
                recommends: format!("Open only the ports the roles need {text}"),
                note: None,
                not_encoded: None,
                carried_by: vec![Carrier {
                    id: "item_0".into(),
                    label: format!("Label of item_0 {text}"),
                    decision: "on".into(),
                    quote: format!("Select the ports to open {text}"),
                }],
            },
            DocumentSection {
                heading: "Issued by".into(),
                recommends: "Contact details of Avaya support".into(),
                note: Some(format!("Not a measure {text}")),
                not_encoded: Some(format!("Contact details, no measure {text}")),
                carried_by: Vec::new(),
            },
        ],
    }
}

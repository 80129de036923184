//! The plan: a pure function of (wizard, session). Typed, ordered operations that the exporters
//! turn into scripts and documents; each knows its item, its reason and how it is undone.

mod derive;
mod fill;
mod live;
mod lockout;

pub use derive::{derive, lockout_fingerprint};
pub use fill::hex16;
pub use live::{LivePlan, operations_if};
pub use lockout::LockoutWarning;

use crate::catalog::{
    AccountAction, AuditCategory, Document, FirewallDirection, IisRequirement, ItemKind, PortSpec,
    Protocol, ServiceStartup, Source, StepKind,
};
use crate::session::{AnswerStatus, AuditEntry, Site, StepState};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Plan {
    pub product: String,
    pub product_name: String,
    pub vendor: String,
    pub document: Document,
    pub session_id: String,
    pub site: Site,
    /// When the plan was made (RFC 3339).
    pub generated: String,
    /// Windows Firewall rule group: `hardline <product>`.
    pub rule_group: String,
    /// Hash of the site and operations: scripts name it, so a run can be matched to its plan.
    pub fingerprint: String,
    pub steps: Vec<PlanStep>,
    pub operations: Vec<Operation>,
    pub lockout: Vec<LockoutWarning>,
    /// The installer confirmed these warnings in the session.
    pub lockout_confirmed: bool,
    /// Operations left out, and why (a placeholder with no value).
    pub notes: Vec<String>,
    pub audit: Vec<AuditEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct PlanStep {
    pub id: String,
    pub kind: StepKind,
    pub title: String,
    pub state: StepState,
    /// Why it was skipped.
    pub reason: String,
    pub source: Source,
    pub decisions: Vec<Decision>,
}

/// One visible item and what was decided for it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Decision {
    pub item: String,
    pub label: String,
    pub kind: ItemKind,
    /// The answer as the installer reads it; empty when unanswered.
    pub value: String,
    pub recommended: Option<String>,
    /// Differs from the document's recommendation.
    pub deviates: bool,
    pub status: Option<AnswerStatus>,
    pub reason: String,
    pub rationale: String,
    pub source: Source,
    /// For measures: the checklist columns.
    pub checklist: Option<ChecklistRow>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ChecklistRow {
    pub measure: String,
    /// The state's label as the document writes it ("Yes", "XMPP not active").
    pub executed: String,
    pub comments: String,
    pub access_rights: String,
    pub references: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Operation {
    /// Unique in the plan: `<item>-<n>`.
    pub id: String,
    pub item: String,
    pub step: String,
    /// Why: the item's rationale.
    pub reason: String,
    /// The installer's reason for the answer, if any.
    pub note: String,
    pub source: Source,
    pub action: Action,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    FirewallRule(FirewallRule),
    FirewallProgram(FirewallProgram),
    Service(ServiceChange),
    Registry(RegistryValue),
    Audit(AuditSetting),
    IisExtension {
        name: String,
        allowed: bool,
    },
    IisRemoveVirtualDirectory {
        name: String,
    },
    IisDenyAnonymousWrite {
        path: String,
    },
    IisRequireSsl {
        site: String,
        requirement: IisRequirement,
    },
    AccountPolicy(AccountPolicy),
    LocalAccount {
        rid: u32,
        action: AccountAction,
    },
    NetBios {
        enabled: bool,
    },
    RemoteDesktop {
        enabled: bool,
        require_nla: bool,
    },
    Sql {
        description: String,
        statement: String,
        undo: Option<String>,
    },
    PortForward(PortForward),
    DeleteWithBackup {
        path: String,
        description: String,
    },
    Manual(ManualStep),
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct FirewallRule {
    /// Unique rule name: `HL-<prefix>-<name>`.
    pub name: String,
    pub description: String,
    pub protocol: Protocol,
    pub ports: PortSpec,
    pub direction: FirewallDirection,
    pub remote: RemoteScope,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct FirewallProgram {
    pub name: String,
    pub description: String,
    pub program: String,
    pub remote: RemoteScope,
}

/// Who may connect.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RemoteScope {
    Any,
    LocalSubnet,
    /// IPv4 addresses and CIDR blocks.
    Addresses(Vec<String>),
}

impl RemoteScope {
    /// Who the scope admits, for people ("any address", "10.0.0.0/24, 192.0.2.5").
    pub fn describe(&self) -> String {
        match self {
            RemoteScope::Any => "any address".into(),
            RemoteScope::LocalSubnet => "the local subnet".into(),
            RemoteScope::Addresses(a) => a.join(", "),
        }
    }

    /// Whether `ip` may connect under this scope (local subnet counts as unknown: no).
    pub fn admits(&self, ip: &str) -> bool {
        match self {
            RemoteScope::Any => true,
            RemoteScope::LocalSubnet => false,
            RemoteScope::Addresses(list) => list.iter().any(|a| crate::catalog::address_in(a, ip)),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ServiceChange {
    pub name: String,
    pub display: String,
    pub startup: ServiceStartup,
    pub stop: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct RegistryValue {
    /// Below HKLM.
    pub key: String,
    pub value: String,
    pub data: RegistryData,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum RegistryData {
    Dword(u32),
    String(String),
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct AuditSetting {
    pub category: AuditCategory,
    pub success: bool,
    pub failure: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Default)]
pub struct AccountPolicy {
    pub min_length: Option<u32>,
    pub max_age_days: Option<u32>,
    pub min_age_days: Option<u32>,
    pub history: Option<u32>,
    pub complexity: Option<bool>,
    pub lockout_threshold: Option<u32>,
    pub lockout_minutes: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct PortForward {
    pub description: String,
    pub protocol: Protocol,
    pub public_port: u16,
    /// The appliance's address (the site's server address) and port.
    pub target_address: String,
    pub target_port: u16,
    pub sources: RemoteScope,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ManualStep {
    pub path: String,
    pub setting: String,
    pub value: String,
    pub note: Option<String>,
}

impl Action {
    /// How this operation is undone, for the plan and the rollback notes.
    pub fn undo(&self) -> String {
        match self {
            Action::FirewallRule(r) => format!("remove firewall rule {}", r.name),
            Action::FirewallProgram(p) => format!("remove firewall rule {}", p.name),
            Action::Service(s) => format!("restore the recorded start type of {}", s.name),
            Action::Registry(r) => {
                format!("restore the recorded value of HKLM\\{}\\{}", r.key, r.value)
            }
            Action::Audit(_) => "auditpol /restore from the backup".into(),
            Action::IisExtension { name, .. } => {
                format!("restore the recorded state of extension {name}")
            }
            Action::IisRemoveVirtualDirectory { name } => {
                format!("recreate virtual directory {name} from the backup")
            }
            Action::IisDenyAnonymousWrite { path } => format!("restore the saved ACL of {path}"),
            Action::IisRequireSsl { site, .. } => {
                format!("restore the recorded SSL flags of {site}")
            }
            Action::AccountPolicy(_) => "restore the recorded account policy".into(),
            Action::LocalAccount { rid, .. } => {
                format!("restore account RID {rid} (name and enabled state)")
            }
            Action::NetBios { .. } => "restore each adapter's recorded NetBIOS setting".into(),
            Action::RemoteDesktop { .. } => "restore the recorded Remote Desktop settings".into(),
            Action::Sql { undo: Some(u), .. } => format!("run: {u}"),
            Action::Sql { undo: None, .. } => {
                "no automatic undo: restore the database from backup".into()
            }
            Action::PortForward(_) => "delete the hardline tables from the gateway".into(),
            Action::DeleteWithBackup { path, .. } => {
                format!("copy {path} back from the backup folder")
            }
            Action::Manual(m) => format!("set '{}' back to its previous value by hand", m.setting),
        }
    }

    /// A short label of the kind of operation.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Action::FirewallRule(_) => "firewall rule",
            Action::FirewallProgram(_) => "firewall program exception",
            Action::Service(_) => "service",
            Action::Registry(_) => "registry value",
            Action::Audit(_) => "audit policy",
            Action::IisExtension { .. } => "IIS web service extension",
            Action::IisRemoveVirtualDirectory { .. } => "IIS virtual directory",
            Action::IisDenyAnonymousWrite { .. } => "IIS anonymous write",
            Action::IisRequireSsl { .. } => "IIS SSL",
            Action::AccountPolicy(_) => "account policy",
            Action::LocalAccount { .. } => "local account",
            Action::NetBios { .. } => "NetBIOS",
            Action::RemoteDesktop { .. } => "Remote Desktop",
            Action::Sql { .. } => "SQL",
            Action::PortForward(_) => "gateway port forward",
            Action::DeleteWithBackup { .. } => "file deletion with backup",
            Action::Manual(_) => "manual step",
        }
    }
}

impl Plan {
    /// Operations of one kind, e.g. `plan.of(|a| matches!(a, Action::Manual(_)))`.
    pub fn of(&self, pred: impl Fn(&Action) -> bool) -> impl Iterator<Item = &Operation> {
        self.operations.iter().filter(move |o| pred(&o.action))
    }

    /// Whether the plan may be exported: lock-out warnings need the installer's confirmation.
    pub fn lockout_blocks(&self) -> bool {
        !self.lockout.is_empty() && !self.lockout_confirmed
    }
}

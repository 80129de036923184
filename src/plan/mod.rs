//! The plan: a pure function of (wizard, session). Typed, ordered operations that the exporters
//! turn into scripts and documents; each knows its item, its reason and how it is undone.

mod access;
mod builtin;
mod decision;
mod derive;
mod fill;
mod instantiate;
mod live;
mod lockout;
mod log;
mod origin;
mod run;
mod sections;

pub use access::{EffectiveAccess, PortAccess, ProgramAccess, allowed_label};
pub use builtin::BuiltinGroup;
pub use derive::{derive, lockout_fingerprint, unscoped};
pub use fill::hex16;
pub use live::{LivePlan, operations_if};
pub use lockout::LockoutWarning;
pub use log::{Standing, standing};
pub use origin::Origin;
pub use run::RunStatus;
pub use sections::{Carrier, DocumentSection};

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
    /// Effective inbound access: who may reach each port and program the plan names, and so
    /// what becomes of the server's other allow rules for them (see [`EffectiveAccess`]).
    pub effective_access: EffectiveAccess,
    /// The SQL Server the SQL operations run against: `.` (this server), or the address the
    /// wizard's SQL Server field holds when the database is on another server.
    pub sql_instance: String,
    pub lockout: Vec<LockoutWarning>,
    /// The installer confirmed these warnings in the session.
    pub lockout_confirmed: bool,
    /// Operations left out, and why (a placeholder with no value).
    pub notes: Vec<String>,
    /// Checks the plan relies on that nobody made (password checks): listed, never claimed.
    pub open: Vec<String>,
    pub audit: Vec<AuditEntry>,
    /// The document, section by section: what it recommends, what carries it, what was decided.
    #[serde(default)]
    pub sections: Vec<DocumentSection>,
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
    /// What in the item is ours, not the document's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ours: Option<String>,
    /// For measures: the checklist columns.
    pub checklist: Option<ChecklistRow>,
    /// For password checks: whether the check was made, when, against which rules.
    pub password_check: Option<PasswordCheckState>,
    /// What the runs did with the item's operations; None when the answer brings none.
    pub run: Option<RunStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ChecklistRow {
    pub measure: String,
    /// The state chosen, labelled as the document writes it ("Yes", "XMPP not active"): a
    /// decision, never a statement that the measure was executed.
    pub decision: String,
    /// The installer's reason, then the values of the fields the measure asks for
    /// ("Used external XMPP Server: xmpp.example.com").
    pub comments: String,
    pub access_rights: String,
    pub references: String,
}

/// A password check in the plan: made (when, which rules) or not. The password never is.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct PasswordCheckState {
    /// A password was checked against the item's current rules and passed.
    pub made: bool,
    /// When it was made (RFC 3339); empty when it was not.
    pub time: String,
    /// The rules it passed, or, when not made, the rules it is to pass.
    pub rules: Vec<String>,
    /// A check was made against rules that have changed since: it counts as not made.
    pub stale: bool,
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
    /// The document's own (the default, left out of plan.json), translated by us to the site's
    /// system, or to verify there.
    #[serde(default, skip_serializing_if = "Origin::is_document")]
    pub origin: Origin,
    pub action: Action,
    /// Planned, or what the imported runs did with it.
    pub run: RunStatus,
}

impl Operation {
    /// A short hash of what the operation does: scripts write it into their result files, so a
    /// result counts only for the operation it was made for, not for a changed one of that id.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let text = serde_json::to_string(&self.action).unwrap_or_default();
        Sha256::digest(text.as_bytes())
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    FirewallRule(FirewallRule),
    FirewallProgram(FirewallProgram),
    /// A port the plan keeps closed: no inbound allow rule for it stays enabled.
    ClosePort(ClosePort),
    /// A program the plan keeps unreachable: no inbound allow rule for it stays enabled.
    CloseProgram(CloseProgram),
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
        /// A query that changes nothing: its rows are findings, run by -Audit too, and it is
        /// in place only when it returns none.
        check: bool,
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
    /// Which end of the connection `ports` names; follows the direction.
    pub port_side: PortSide,
    pub direction: FirewallDirection,
    pub remote: RemoteScope,
}

/// Which end of a connection a rule's ports are: the server's own port for a connection it
/// accepts (inbound), the destination's for one it opens (outbound: SQL 1433, LDAP, SMTP, the
/// PBX links), so `-LocalPort` / `localport=` or `-RemotePort` / `remoteport=`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PortSide {
    Local,
    Remote,
}

impl PortSide {
    pub fn of(direction: FirewallDirection) -> PortSide {
        match direction {
            FirewallDirection::Inbound => PortSide::Local,
            FirewallDirection::Outbound => PortSide::Remote,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ClosePort {
    /// What the ports were for (the description of the rule the installer turned off).
    pub description: String,
    pub protocol: Protocol,
    pub ports: PortSpec,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct CloseProgram {
    pub description: String,
    pub program: String,
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
    /// The IPv4 address of the gateway's WAN interface the forward listens on (validated).
    pub public_address: String,
    /// That WAN interface's name (validated: letters, digits, `.`, `-`, `_`).
    pub wan_interface: String,
    pub public_port: u16,
    /// The appliance's address (the site's server address) and port.
    pub target_address: String,
    pub target_port: u16,
    pub sources: RemoteScope,
    /// Ports of the appliance its document says are never reached from the Internet.
    pub never_forwarded: Vec<u16>,
    /// Masquerade the appliance's own connections leaving the WAN interface, where the gateway's
    /// own NAT rules leave them untranslated.
    pub masquerade: bool,
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
            Action::FirewallRule(r) if r.direction == FirewallDirection::Outbound => {
                format!("remove firewall rule {}", r.name)
            }
            Action::FirewallRule(FirewallRule { name, .. })
            | Action::FirewallProgram(FirewallProgram { name, .. }) => format!(
                "remove firewall rule {name}; put back the other allow rules it scoped or disabled"
            ),
            Action::ClosePort(_) | Action::CloseProgram(_) => {
                "enable again the rules it disabled".into()
            }
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
            Action::Sql { check: true, .. } => "nothing to undo: a check changes nothing".into(),
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
            Action::ClosePort(_) => "closed port",
            Action::CloseProgram(_) => "closed program",
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

impl PlanStep {
    /// What in the step's decisions is ours: (the labels of the items, the note they share).
    pub fn ours(&self) -> Vec<(String, &str)> {
        let mut out: Vec<(Vec<&str>, &str)> = Vec::new();
        for d in &self.decisions {
            let Some(note) = d.ours.as_deref() else {
                continue;
            };
            match out.iter_mut().find(|(_, n)| *n == note) {
                Some((labels, _)) => labels.push(&d.label),
                None => out.push((vec![&d.label], note)),
            }
        }
        out.into_iter()
            .map(|(labels, note)| (labels.join(", "), note))
            .collect()
    }
}

impl PasswordCheckState {
    /// The check as a decision reads: "made and passed on <time>" or "not made".
    pub fn describe(&self) -> String {
        match (self.made, self.stale) {
            (true, _) => format!("made and passed on {}", self.time),
            (false, true) => "not made (the rules changed since the last check)".into(),
            (false, false) => "not made".into(),
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

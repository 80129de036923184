//! Operation templates: what an item does when it is on. Strings may hold placeholders,
//! `{item_id}` (a field's value), `{site.host}` and the like, or `{item_id|hex16}`; the plan
//! fills them in (see `plan::fill`).

use super::TargetOs;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum OpTemplate {
    /// A Windows Firewall port rule.
    FirewallRule {
        /// Short unique name within the wizard, e.g. `http`; the rule is `<prefix>-<name>`.
        name: String,
        description: String,
        protocol: Protocol,
        /// `80`, `44000-44099`, `135,137` or a placeholder such as `{imat_port}`.
        ports: String,
        #[serde(default)]
        direction: FirewallDirection,
        #[serde(default)]
        remote: Remote,
    },
    /// A Windows Firewall program exception (Windows 2003's "Add Program").
    FirewallProgram {
        name: String,
        description: String,
        /// Full path of the executable.
        program: String,
        #[serde(default)]
        remote: Remote,
    },
    /// A Windows service's startup type; `stop` also stops it now.
    Service {
        /// Service short name (KB832017), e.g. `WINS`.
        name: String,
        display: String,
        startup: ServiceStartup,
        #[serde(default)]
        stop: bool,
    },
    /// A registry value under HKLM.
    Registry {
        /// Key below HKLM, e.g. `SYSTEM\CurrentControlSet\Control\Lsa`.
        key: String,
        value: String,
        data: RegistryData,
    },
    /// Audit policy for one category.
    Audit {
        category: AuditCategory,
        success: bool,
        failure: bool,
    },
    /// An IIS web service extension (IIS 6) / ISAPI-CGI restriction (IIS 7+).
    IisExtension { name: String, allowed: bool },
    /// Remove a legacy virtual directory of the default web site.
    IisRemoveVirtualDirectory { name: String },
    /// Deny anonymous users write access to the web content files.
    IisDenyAnonymousWrite { path: String },
    /// Require SSL on a web site.
    IisRequireSsl {
        site: String,
        requirement: IisRequirement,
    },
    /// Local password and lockout policy. Unset fields are left as they are.
    AccountPolicy {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_length: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_age_days: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_age_days: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        history: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        complexity: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lockout_threshold: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lockout_minutes: Option<u32>,
    },
    /// A built-in local account, found by RID (500 Administrator, 501 Guest).
    LocalAccount { rid: u32, action: AccountAction },
    /// NetBIOS over TCP/IP on every IP-enabled adapter.
    NetBios { enabled: bool },
    /// Remote Desktop on or off, and Network Level Authentication.
    RemoteDesktop {
        enabled: bool,
        #[serde(default)]
        require_nla: bool,
    },
    /// A T-SQL statement run with `sqlcmd` on the product's instance.
    Sql {
        description: String,
        statement: String,
        /// Statement that undoes it, when there is one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        undo: Option<String>,
    },
    /// Port forward on the Linux internet access device in front of an appliance.
    PortForward {
        description: String,
        protocol: Protocol,
        /// The IPv4 address of the gateway's WAN interface that receives the forward (a
        /// placeholder of an ipv4 field): the forward matches this address only.
        public_address: String,
        /// The name of that WAN interface (a placeholder of an interface field).
        wan_interface: String,
        /// Public port on the gateway (a placeholder of a port field, usually).
        public_port: String,
        /// The appliance's port behind it.
        target_port: String,
        #[serde(default)]
        remote: Remote,
        /// Ports of the appliance that its document says must never be reached from the
        /// Internet: the gateway drops them from the WAN whoever forwards or routes them.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        never_forwarded: Vec<u16>,
        /// Also masquerade the appliance's own connections leaving the WAN interface (for a
        /// gateway whose own rules do not translate them); replies to the forward need none.
        #[serde(default)]
        masquerade: bool,
    },
    /// Back up a file or folder, then delete it.
    DeleteWithBackup { path: String, description: String },
    /// Operations for some target systems only (see `catalog::systems`). Without a
    /// `translation` they are the document's own on a system it was written for and "verify"
    /// elsewhere; with one, they are our translation to those systems.
    ForSystems {
        systems: Vec<TargetOs>,
        /// Ours: the system's own equivalent of the document's measure, and why it holds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        translation: Option<String>,
        ops: Vec<OpTemplate>,
    },
    /// A setting made by hand in the product's own tool: exact menu path and value.
    Manual {
        /// Tool and menu path, e.g. `OMC > System Miscellaneous > Memory Read/Write > Misc. Labels`.
        path: String,
        /// Setting and value to enter.
        setting: String,
        value: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RegistryData {
    Dword(u32),
    String(String),
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    Tcp,
    Udp,
}

impl Protocol {
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FirewallDirection {
    #[default]
    Inbound,
    Outbound,
}

/// Who may reach a rule.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Remote {
    /// The site's client and management subnets (the document's "specific set of subnets");
    /// any address when the site names none.
    #[default]
    SiteSubnets,
    /// Any address.
    Any,
    /// The local subnet only.
    LocalSubnet,
    /// Addresses from a field (an ipv4, a cidr, or a comma-separated list of them).
    Field(String),
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStartup {
    Automatic,
    Manual,
    Disabled,
}

impl ServiceStartup {
    pub fn name(self) -> &'static str {
        match self {
            ServiceStartup::Automatic => "Automatic",
            ServiceStartup::Manual => "Manual",
            ServiceStartup::Disabled => "Disabled",
        }
    }
}

/// Audit categories (SCW names in the comments); exporters pass the GUID, never the localized name.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum AuditCategory {
    /// System Events.
    System,
    /// Logon Events.
    LogonLogoff,
    ObjectAccess,
    PrivilegeUse,
    /// Process Tracking.
    DetailedTracking,
    PolicyChange,
    AccountManagement,
    /// Directory Service Access.
    DsAccess,
    /// Account Logon Events.
    AccountLogon,
}

impl AuditCategory {
    pub const ALL: [AuditCategory; 9] = [
        AuditCategory::System,
        AuditCategory::LogonLogoff,
        AuditCategory::ObjectAccess,
        AuditCategory::PrivilegeUse,
        AuditCategory::DetailedTracking,
        AuditCategory::PolicyChange,
        AuditCategory::AccountManagement,
        AuditCategory::DsAccess,
        AuditCategory::AccountLogon,
    ];

    /// auditpol category GUID (FACTS.md section 3).
    pub fn guid(self) -> &'static str {
        match self {
            AuditCategory::System => "{69979848-797A-11D9-BED3-505054503030}",
            AuditCategory::LogonLogoff => "{69979849-797A-11D9-BED3-505054503030}",
            AuditCategory::ObjectAccess => "{6997984A-797A-11D9-BED3-505054503030}",
            AuditCategory::PrivilegeUse => "{6997984B-797A-11D9-BED3-505054503030}",
            AuditCategory::DetailedTracking => "{6997984C-797A-11D9-BED3-505054503030}",
            AuditCategory::PolicyChange => "{6997984D-797A-11D9-BED3-505054503030}",
            AuditCategory::AccountManagement => "{6997984E-797A-11D9-BED3-505054503030}",
            AuditCategory::DsAccess => "{6997984F-797A-11D9-BED3-505054503030}",
            AuditCategory::AccountLogon => "{69979850-797A-11D9-BED3-505054503030}",
        }
    }

    /// The name the Security Configuration Wizard (Windows 2003) shows.
    pub fn scw_name(self) -> &'static str {
        match self {
            AuditCategory::System => "System Events",
            AuditCategory::LogonLogoff => "Logon Events",
            AuditCategory::ObjectAccess => "Object Access",
            AuditCategory::PrivilegeUse => "Privilege Use",
            AuditCategory::DetailedTracking => "Process Tracking",
            AuditCategory::PolicyChange => "Policy Change",
            AuditCategory::AccountManagement => "Account Management",
            AuditCategory::DsAccess => "Directory Service Access",
            AuditCategory::AccountLogon => "Account Logon Events",
        }
    }

    /// secedit `[Event Audit]` key (Windows 2003).
    pub fn secedit_key(self) -> &'static str {
        match self {
            AuditCategory::System => "AuditSystemEvents",
            AuditCategory::LogonLogoff => "AuditLogonEvents",
            AuditCategory::ObjectAccess => "AuditObjectAccess",
            AuditCategory::PrivilegeUse => "AuditPrivilegeUse",
            AuditCategory::DetailedTracking => "AuditProcessTracking",
            AuditCategory::PolicyChange => "AuditPolicyChange",
            AuditCategory::AccountManagement => "AuditAccountManage",
            AuditCategory::DsAccess => "AuditDSAccess",
            AuditCategory::AccountLogon => "AuditAccountLogon",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AccountAction {
    Disable,
    /// Rename to the value (usually a field placeholder).
    Rename(String),
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum IisRequirement {
    Ssl,
    Ssl128,
}

impl OpTemplate {
    /// Every template string of the operation, with its field name, for validation.
    pub fn strings(&self) -> Vec<(&'static str, &str)> {
        match self {
            OpTemplate::FirewallRule {
                description, ports, ..
            } => {
                vec![("description", description), ("ports", ports)]
            }
            OpTemplate::FirewallProgram {
                description,
                program,
                ..
            } => {
                vec![("description", description), ("program", program)]
            }
            OpTemplate::Service { display, .. } => vec![("display", display)],
            OpTemplate::Registry { data, .. } => match data {
                RegistryData::String(s) => vec![("data", s)],
                RegistryData::Dword(_) => vec![],
            },
            OpTemplate::LocalAccount {
                action: AccountAction::Rename(n),
                ..
            } => vec![("action", n)],
            OpTemplate::Sql {
                description,
                statement,
                undo,
            } => {
                let mut v = vec![
                    ("description", description.as_str()),
                    ("statement", statement),
                ];
                v.extend(undo.as_deref().map(|u| ("undo", u)));
                v
            }
            OpTemplate::PortForward {
                description,
                public_address,
                wan_interface,
                public_port,
                target_port,
                ..
            } => vec![
                ("description", description),
                ("public_address", public_address),
                ("wan_interface", wan_interface),
                ("public_port", public_port),
                ("target_port", target_port),
            ],
            OpTemplate::DeleteWithBackup { path, description } => {
                vec![("path", path), ("description", description)]
            }
            OpTemplate::Manual {
                path,
                setting,
                value,
                note,
            } => {
                let mut v = vec![
                    ("path", path.as_str()),
                    ("setting", setting),
                    ("value", value),
                ];
                v.extend(note.as_deref().map(|n| ("note", n)));
                v
            }
            OpTemplate::IisDenyAnonymousWrite { path } => vec![("path", path)],
            OpTemplate::IisRequireSsl { site, .. } => vec![("site", site)],
            OpTemplate::IisExtension { name, .. }
            | OpTemplate::IisRemoveVirtualDirectory { name } => {
                vec![("name", name)]
            }
            // Its operations are visited one by one (`leaves`); the translation is plain text.
            OpTemplate::ForSystems { .. }
            | OpTemplate::LocalAccount { .. }
            | OpTemplate::Audit { .. }
            | OpTemplate::AccountPolicy { .. }
            | OpTemplate::NetBios { .. }
            | OpTemplate::RemoteDesktop { .. } => vec![],
        }
    }

    /// The remote scope, for rules that have one.
    pub fn remote(&self) -> Option<&Remote> {
        match self {
            OpTemplate::FirewallRule { remote, .. }
            | OpTemplate::FirewallProgram { remote, .. }
            | OpTemplate::PortForward { remote, .. } => Some(remote),
            _ => None,
        }
    }
}

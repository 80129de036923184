//! The rule groups Windows brings that open ports a plan may name: the paper names them, the
//! scripts find their rules (with every other matching rule) at run time.

use crate::catalog::Protocol;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Built-in Windows rule groups that open ports a plan may name.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum BuiltinGroup {
    RemoteDesktop,
    FileAndPrinterSharing,
    WorldWideWebServices,
}

impl BuiltinGroup {
    pub const ALL: [BuiltinGroup; 3] = [
        BuiltinGroup::RemoteDesktop,
        BuiltinGroup::FileAndPrinterSharing,
        BuiltinGroup::WorldWideWebServices,
    ];

    /// The group as an English Windows shows it.
    pub fn label(self) -> &'static str {
        match self {
            BuiltinGroup::RemoteDesktop => "Remote Desktop",
            BuiltinGroup::FileAndPrinterSharing => "File and Printer Sharing",
            BuiltinGroup::WorldWideWebServices => "World Wide Web Services (HTTP, HTTPS)",
        }
    }

    /// The group's locale-independent name, where Microsoft documents one: Remote Desktop's in
    /// the unattend reference (Networking-MPSSVC-Svc, FirewallGroups: "the Remote Desktop group
    /// corresponds to the ID @FirewallAPI.dll,-28752"); File and Printer Sharing's in the example
    /// of Disable-NetFirewallRule (windows-powershell-docs, NetSecurity). IIS's rules are known by
    /// their rule names only ([`BuiltinGroup::rule_names`]).
    pub fn group(self) -> Option<&'static str> {
        match self {
            BuiltinGroup::RemoteDesktop => Some("@FirewallAPI.dll,-28752"),
            BuiltinGroup::FileAndPrinterSharing => Some("@FirewallAPI.dll,-28502"),
            BuiltinGroup::WorldWideWebServices => None,
        }
    }

    /// The (unlocalized) names of its inbound rules that open a port of [`BuiltinGroup::ports`].
    pub fn rule_names(self) -> &'static [&'static str] {
        match self {
            BuiltinGroup::RemoteDesktop => &[
                "RemoteDesktop-UserMode-In-TCP",
                "RemoteDesktop-UserMode-In-UDP",
            ],
            BuiltinGroup::FileAndPrinterSharing => &[
                "FPS-SMB-In-TCP",
                "FPS-NB_Session-In-TCP",
                "FPS-NB_Name-In-UDP",
                "FPS-NB_Datagram-In-UDP",
                "FPS-RPCSS-In-TCP",
            ],
            BuiltinGroup::WorldWideWebServices => &[
                "IIS-WebServerRole-HTTP-In-TCP",
                "IIS-WebServerRole-HTTPS-In-TCP",
            ],
        }
    }

    /// The ports its inbound rules open.
    pub fn ports(self) -> &'static [(Protocol, u16)] {
        match self {
            BuiltinGroup::RemoteDesktop => &[(Protocol::Tcp, 3389), (Protocol::Udp, 3389)],
            BuiltinGroup::FileAndPrinterSharing => &[
                (Protocol::Tcp, 135),
                (Protocol::Udp, 137),
                (Protocol::Udp, 138),
                (Protocol::Tcp, 139),
                (Protocol::Tcp, 445),
            ],
            BuiltinGroup::WorldWideWebServices => &[(Protocol::Tcp, 80), (Protocol::Tcp, 443)],
        }
    }
}

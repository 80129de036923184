//! The operating systems a wizard targets.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Operating system of the server being hardened.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
// kebab-case alone would write `windows-server2003`: serde puts no dash before digits.
#[serde(rename_all = "kebab-case")]
pub enum TargetOs {
    #[serde(rename = "windows-server-2003")]
    WindowsServer2003,
    #[serde(rename = "windows-server-2008")]
    WindowsServer2008,
    #[serde(rename = "windows-server-2008-r2")]
    WindowsServer2008R2,
    #[serde(rename = "windows-server-2012-r2")]
    WindowsServer2012R2,
    #[serde(rename = "windows-server-2016")]
    WindowsServer2016,
    #[serde(rename = "windows-server-2019")]
    WindowsServer2019,
    #[serde(rename = "windows-server-2022")]
    WindowsServer2022,
    /// A telephony appliance (OXO, OpenScape Business) behind a Linux internet access device.
    Appliance,
}

impl TargetOs {
    pub const ALL: [TargetOs; 8] = [
        TargetOs::WindowsServer2003,
        TargetOs::WindowsServer2008,
        TargetOs::WindowsServer2008R2,
        TargetOs::WindowsServer2012R2,
        TargetOs::WindowsServer2016,
        TargetOs::WindowsServer2019,
        TargetOs::WindowsServer2022,
        TargetOs::Appliance,
    ];

    pub fn id(self) -> &'static str {
        match self {
            TargetOs::WindowsServer2003 => "windows-server-2003",
            TargetOs::WindowsServer2008 => "windows-server-2008",
            TargetOs::WindowsServer2008R2 => "windows-server-2008-r2",
            TargetOs::WindowsServer2012R2 => "windows-server-2012-r2",
            TargetOs::WindowsServer2016 => "windows-server-2016",
            TargetOs::WindowsServer2019 => "windows-server-2019",
            TargetOs::WindowsServer2022 => "windows-server-2022",
            TargetOs::Appliance => "appliance",
        }
    }

    pub fn from_id(id: &str) -> Option<TargetOs> {
        TargetOs::ALL.into_iter().find(|t| t.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            TargetOs::WindowsServer2003 => "Windows Server 2003",
            TargetOs::WindowsServer2008 => "Windows Server 2008",
            TargetOs::WindowsServer2008R2 => "Windows Server 2008 R2",
            TargetOs::WindowsServer2012R2 => "Windows Server 2012 R2",
            TargetOs::WindowsServer2016 => "Windows Server 2016",
            TargetOs::WindowsServer2019 => "Windows Server 2019",
            TargetOs::WindowsServer2022 => "Windows Server 2022",
            TargetOs::Appliance => "Appliance behind a Linux gateway",
        }
    }

    pub fn is_windows(self) -> bool {
        self != TargetOs::Appliance
    }

    /// The Security Configuration Wizard exists from Windows Server 2003 SP1 to 2012 R2;
    /// Windows Server 2016 removed it (FACTS.md, "Traps").
    pub fn has_security_configuration_wizard(self) -> bool {
        matches!(
            self,
            TargetOs::WindowsServer2003
                | TargetOs::WindowsServer2008
                | TargetOs::WindowsServer2008R2
                | TargetOs::WindowsServer2012R2
        )
    }

    /// Windows releases before PowerShell's NetSecurity module: served by `legacy.cmd`.
    pub fn is_legacy_windows(self) -> bool {
        matches!(
            self,
            TargetOs::WindowsServer2003
                | TargetOs::WindowsServer2008
                | TargetOs::WindowsServer2008R2
        )
    }
}

#[cfg(test)]
mod tests {
    use super::TargetOs;

    #[test]
    fn target_os_serde_names_are_the_ids() {
        for t in TargetOs::ALL {
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.id()));
            assert_eq!(serde_json::from_str::<TargetOs>(&json).unwrap(), t);
        }
    }
}

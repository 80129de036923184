//! Site facts: who, where, what system, and how the installer reaches it.

use crate::catalog::{FieldType, TargetOs, Wizard, validate_field};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Default)]
#[serde(default)]
pub struct Site {
    pub customer: String,
    pub site: String,
    pub installer: String,
    /// Host name of the server (or the appliance).
    pub host: String,
    /// The server's IPv4 address.
    pub address: String,
    /// Client and management subnets allowed to reach the server.
    pub subnets: Vec<String>,
    pub target_os: Option<TargetOs>,
    /// Product release, one of the wizard's releases (empty where it has none).
    pub release: String,
    /// How the installer reaches the server.
    pub access: Access,
    /// The address the installer connects from (RDP or SSH).
    pub access_from: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    #[default]
    Console,
    Rdp,
    Ssh,
}

impl Access {
    pub const ALL: [Access; 3] = [Access::Console, Access::Rdp, Access::Ssh];

    pub fn id(self) -> &'static str {
        match self {
            Access::Console => "console",
            Access::Rdp => "rdp",
            Access::Ssh => "ssh",
        }
    }

    pub fn from_id(id: &str) -> Option<Access> {
        Access::ALL.into_iter().find(|a| a.id() == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteField {
    Customer,
    Site,
    Installer,
    Host,
    Address,
    Subnets,
    TargetOs,
    Release,
    Access,
    AccessFrom,
}

impl SiteField {
    pub const ALL: [SiteField; 10] = [
        SiteField::Customer,
        SiteField::Site,
        SiteField::Installer,
        SiteField::Host,
        SiteField::Address,
        SiteField::Subnets,
        SiteField::TargetOs,
        SiteField::Release,
        SiteField::Access,
        SiteField::AccessFrom,
    ];

    pub fn id(self) -> &'static str {
        match self {
            SiteField::Customer => "customer",
            SiteField::Site => "site",
            SiteField::Installer => "installer",
            SiteField::Host => "host",
            SiteField::Address => "address",
            SiteField::Subnets => "subnets",
            SiteField::TargetOs => "target_os",
            SiteField::Release => "release",
            SiteField::Access => "access",
            SiteField::AccessFrom => "access_from",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SiteField::Customer => "Customer",
            SiteField::Site => "Site",
            SiteField::Installer => "Installer",
            SiteField::Host => "Host name",
            SiteField::Address => "Server address",
            SiteField::Subnets => "Allowed subnets",
            SiteField::TargetOs => "Target system",
            SiteField::Release => "Product release",
            SiteField::Access => "Installer reaches it by",
            SiteField::AccessFrom => "Installer's address",
        }
    }

    /// Whether a site step can be done without it.
    pub fn optional(self, access: Access) -> bool {
        match self {
            SiteField::Address | SiteField::Subnets => true,
            SiteField::AccessFrom => access == Access::Console,
            _ => false,
        }
    }
}

impl Site {
    /// The field's value as text (lists comma-separated).
    pub fn get(&self, f: SiteField) -> String {
        match f {
            SiteField::Customer => self.customer.clone(),
            SiteField::Site => self.site.clone(),
            SiteField::Installer => self.installer.clone(),
            SiteField::Host => self.host.clone(),
            SiteField::Address => self.address.clone(),
            SiteField::Subnets => self.subnets.join(", "),
            SiteField::TargetOs => self
                .target_os
                .map(|t| t.id().to_string())
                .unwrap_or_default(),
            SiteField::Release => self.release.clone(),
            SiteField::Access => self.access.id().to_string(),
            SiteField::AccessFrom => self.access_from.clone(),
        }
    }

    /// Checks a value for a field of this wizard's site; the error says what is wrong.
    pub fn check(wizard: &Wizard, f: SiteField, value: &str) -> Result<(), String> {
        let v = value.trim();
        let one_of = |list: Vec<String>| {
            if list.iter().any(|x| x == v) {
                Ok(())
            } else {
                Err(format!("'{v}' is not one of: {}", list.join(", ")))
            }
        };
        match f {
            SiteField::Customer | SiteField::Site | SiteField::Installer => {
                validate_field(FieldType::Text, v)
            }
            SiteField::Host => validate_field(FieldType::HostName, v),
            SiteField::Address | SiteField::AccessFrom if v.is_empty() => Ok(()),
            SiteField::Address | SiteField::AccessFrom => validate_field(FieldType::Ipv4, v),
            SiteField::Subnets if v.is_empty() => Ok(()),
            SiteField::Subnets => validate_field(FieldType::AddressList, v),
            SiteField::TargetOs => one_of(
                wizard
                    .target_os
                    .iter()
                    .map(|t| t.id().to_string())
                    .collect(),
            ),
            SiteField::Release if wizard.releases.is_empty() => Ok(()),
            SiteField::Release => one_of(wizard.releases.clone()),
            SiteField::Access => one_of(Access::ALL.iter().map(|a| a.id().to_string()).collect()),
        }
    }

    /// Sets a field from checked text.
    pub(crate) fn set(&mut self, f: SiteField, value: &str) {
        let v = value.trim().to_string();
        match f {
            SiteField::Customer => self.customer = v,
            SiteField::Site => self.site = v,
            SiteField::Installer => self.installer = v,
            SiteField::Host => self.host = v,
            SiteField::Address => self.address = v,
            SiteField::Subnets => {
                self.subnets = v
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            }
            SiteField::TargetOs => self.target_os = TargetOs::from_id(&v),
            SiteField::Release => self.release = v,
            SiteField::Access => self.access = Access::from_id(&v).unwrap_or_default(),
            SiteField::AccessFrom => self.access_from = v,
        }
    }

    /// What keeps the site facts from being complete, one line per field.
    pub fn problems(&self, wizard: &Wizard) -> Vec<(SiteField, String)> {
        SiteField::ALL
            .into_iter()
            .filter(|f| *f != SiteField::Release || !wizard.releases.is_empty())
            .filter_map(|f| {
                let v = self.get(f);
                if v.trim().is_empty() {
                    return (!f.optional(self.access))
                        .then(|| (f, format!("{} is missing", f.label())));
                }
                Site::check(wizard, f, &v)
                    .err()
                    .map(|e| (f, format!("{}: {e}", f.label())))
            })
            .collect()
    }
}

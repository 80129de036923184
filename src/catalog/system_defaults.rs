//! The target systems' own defaults for the values the wizards set, and which direction is
//! stronger. No operation may set a value weaker than the default of the system it runs on:
//! `validate` checks every operation on every system it can reach.

use super::{OpTemplate, RegistryData, TargetOs};

/// Which values of a setting are stronger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stronger {
    Higher,
    /// Lower is stronger, but 0 means "never" and is the weakest (password age).
    LowerNonZero,
}

/// What a default is the default of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// A DWORD below HKLM (key and value compared without case).
    Registry {
        key: &'static str,
        value: &'static str,
    },
    /// A field of `account_policy`.
    AccountPolicy(&'static str),
}

/// A system default with its source.
#[derive(Debug, Clone, Copy)]
pub struct SystemDefault {
    pub setting: Setting,
    pub stronger: Stronger,
    /// (first system it holds on, default value), in ascending order of systems.
    pub defaults: &'static [(TargetOs, u32)],
    pub source: &'static str,
}

const LSA: &str = "SYSTEM\\CurrentControlSet\\Control\\Lsa";
const SMB_SERVER: &str = "SYSTEM\\CurrentControlSet\\Services\\LanManServer\\Parameters";
const SMB_CLIENT: &str = "SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation\\Parameters";
const ALL: TargetOs = TargetOs::WindowsServer2003;

/// Member and stand-alone server defaults (a domain controller's are stronger still).
pub const SYSTEM_DEFAULTS: &[SystemDefault] = &[
    SystemDefault {
        setting: Setting::Registry {
            key: LSA,
            value: "LmCompatibilityLevel",
        },
        stronger: Stronger::Higher,
        defaults: &[(ALL, 2), (TargetOs::WindowsServer2008, 3)],
        source: "FACTS.md section 4 (2 on 2003, 3 on 2008 and later); Microsoft, \"Network \
                 security: LAN Manager authentication level\" (Send NTLMv2 responses only on \
                 Windows Server 2008 R2 and later)",
    },
    SystemDefault {
        setting: Setting::Registry {
            key: SMB_SERVER,
            value: "RequireSecuritySignature",
        },
        stronger: Stronger::Higher,
        defaults: &[(ALL, 0)],
        source: "Microsoft, \"Microsoft network server: Digitally sign communications \
                 (always)\": Disabled on member and stand-alone servers",
    },
    SystemDefault {
        setting: Setting::Registry {
            key: SMB_SERVER,
            value: "EnableSecuritySignature",
        },
        stronger: Stronger::Higher,
        defaults: &[(ALL, 0)],
        source: "Microsoft, \"Microsoft network server: Digitally sign communications (if \
                 client agrees)\": Disabled on member servers",
    },
    SystemDefault {
        setting: Setting::Registry {
            key: SMB_CLIENT,
            value: "RequireSecuritySignature",
        },
        stronger: Stronger::Higher,
        defaults: &[(ALL, 0)],
        source: "Microsoft, \"Microsoft network client: Digitally sign communications \
                 (always)\": Disabled",
    },
    SystemDefault {
        setting: Setting::Registry {
            key: SMB_CLIENT,
            value: "EnableSecuritySignature",
        },
        stronger: Stronger::Higher,
        defaults: &[(ALL, 1)],
        source: "Microsoft, \"Microsoft network client: Digitally sign communications (if \
                 server agrees)\": Enabled",
    },
    SystemDefault {
        setting: Setting::Registry {
            key: LSA,
            value: "RestrictAnonymous",
        },
        stronger: Stronger::Higher,
        defaults: &[(ALL, 0)],
        source: "FACTS.md section 4; Microsoft, \"Network access: Do not allow anonymous \
                 enumeration of SAM accounts and shares\": Disabled (0)",
    },
    SystemDefault {
        setting: Setting::Registry {
            key: LSA,
            value: "RestrictAnonymousSAM",
        },
        stronger: Stronger::Higher,
        defaults: &[(ALL, 1)],
        source: "FACTS.md section 4; Microsoft, \"Network access: Do not allow anonymous \
                 enumeration of SAM accounts\": Enabled (1)",
    },
    SystemDefault {
        setting: Setting::Registry {
            key: "SYSTEM\\CurrentControlSet\\Services\\NTDS\\Parameters",
            value: "LDAPServerIntegrity",
        },
        stronger: Stronger::Higher,
        defaults: &[(ALL, 1)],
        source: "FACTS.md section 4; Microsoft, \"Domain controller: LDAP server signing \
                 requirements\": None (1)",
    },
    SystemDefault {
        setting: Setting::Registry {
            key: "SYSTEM\\CurrentControlSet\\Services\\LDAP",
            value: "LDAPClientIntegrity",
        },
        stronger: Stronger::Higher,
        defaults: &[(ALL, 1)],
        source: "FACTS.md section 4; Microsoft, \"Network security: LDAP client signing \
                 requirements\": Negotiate signing (1)",
    },
    SystemDefault {
        setting: Setting::AccountPolicy("complexity"),
        stronger: Stronger::Higher,
        defaults: &[(ALL, 0)],
        source: "Microsoft, \"Password must meet complexity requirements\": Disabled on \
                 stand-alone servers",
    },
    SystemDefault {
        setting: Setting::AccountPolicy("min_length"),
        stronger: Stronger::Higher,
        defaults: &[(ALL, 0)],
        source: "Microsoft, \"Minimum password length\": 0 on stand-alone servers",
    },
    SystemDefault {
        setting: Setting::AccountPolicy("history"),
        stronger: Stronger::Higher,
        defaults: &[(ALL, 0)],
        source: "Microsoft, \"Enforce password history\": 0 on stand-alone servers",
    },
    SystemDefault {
        setting: Setting::AccountPolicy("max_age_days"),
        stronger: Stronger::LowerNonZero,
        defaults: &[(ALL, 42)],
        source: "Microsoft, \"Maximum password age\": 42 days",
    },
];

impl SystemDefault {
    /// The default on `system`; none on an appliance.
    pub fn on(&self, system: TargetOs) -> Option<u32> {
        if !system.is_windows() {
            return None;
        }
        self.defaults
            .iter()
            .rev()
            .find(|(from, _)| *from <= system)
            .map(|(_, d)| *d)
    }

    /// Whether `value` is weaker than `default`.
    pub fn weaker(&self, value: u32, default: u32) -> bool {
        match self.stronger {
            Stronger::Higher => value < default,
            Stronger::LowerNonZero => default != 0 && (value == 0 || value > default),
        }
    }

    /// The setting's name for people.
    pub fn label(&self) -> String {
        match self.setting {
            Setting::Registry { key, value } => format!("HKLM\\{key}\\{value}"),
            Setting::AccountPolicy(field) => format!("account policy {field}"),
        }
    }
}

/// A value weaker than the system's own default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weaker {
    pub setting: String,
    pub value: u32,
    pub default: u32,
    pub system: TargetOs,
    pub source: &'static str,
}

impl std::fmt::Display for Weaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "sets {} to {} on {}, weaker than that system's own default {} ({})",
            self.setting,
            self.value,
            self.system.label(),
            self.default,
            self.source
        )
    }
}

/// The values `op` sets that are weaker than `system`'s defaults.
pub fn weaker_than_default(op: &OpTemplate, system: TargetOs) -> Vec<Weaker> {
    match op {
        OpTemplate::Registry {
            key,
            value,
            data: RegistryData::Dword(d),
        } => weaker_registry(key, value, *d, system)
            .into_iter()
            .collect(),
        OpTemplate::AccountPolicy {
            min_length,
            max_age_days,
            history,
            complexity,
            ..
        } => weaker_account_policy(
            &[
                ("min_length", *min_length),
                ("max_age_days", *max_age_days),
                ("history", *history),
                ("complexity", complexity.map(u32::from)),
            ],
            system,
        ),
        _ => Vec::new(),
    }
}

/// A DWORD below HKLM that is weaker than `system`'s default, if the table knows the value.
pub fn weaker_registry(key: &str, value: &str, data: u32, system: TargetOs) -> Option<Weaker> {
    let setting = SYSTEM_DEFAULTS.iter().find_map(|sd| match sd.setting {
        Setting::Registry { key: k, value: v }
            if k.eq_ignore_ascii_case(key) && v.eq_ignore_ascii_case(value) =>
        {
            Some(sd.setting)
        }
        _ => None,
    })?;
    weaker(setting, data, system)
}

/// The account policy fields (name, value if set; complexity as 0 or 1) weaker than `system`'s
/// defaults.
pub fn weaker_account_policy(fields: &[(&str, Option<u32>)], system: TargetOs) -> Vec<Weaker> {
    fields
        .iter()
        .filter_map(|(field, v)| {
            let setting = SYSTEM_DEFAULTS.iter().find_map(|sd| match sd.setting {
                Setting::AccountPolicy(f) if f == *field => Some(sd.setting),
                _ => None,
            })?;
            weaker(setting, (*v)?, system)
        })
        .collect()
}

fn weaker(setting: Setting, value: u32, system: TargetOs) -> Option<Weaker> {
    let sd = SYSTEM_DEFAULTS.iter().find(|sd| sd.setting == setting)?;
    let default = sd.on(system)?;
    sd.weaker(value, default).then(|| Weaker {
        setting: sd.label(),
        value,
        default,
        system,
        source: sd.source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lm(level: u32) -> OpTemplate {
        OpTemplate::Registry {
            key: "SYSTEM\\CurrentControlSet\\Control\\LSA".into(),
            value: "lmcompatibilitylevel".into(),
            data: RegistryData::Dword(level),
        }
    }

    #[test]
    fn the_lan_manager_level_may_not_drop_below_the_systems_default() {
        use TargetOs::*;
        assert_eq!(weaker_than_default(&lm(2), WindowsServer2003), []);
        let w = weaker_than_default(&lm(1), WindowsServer2003);
        assert_eq!((w[0].value, w[0].default), (1, 2));
        assert_eq!(weaker_than_default(&lm(2), WindowsServer2008)[0].default, 3);
        assert_eq!(weaker_than_default(&lm(2), WindowsServer2019)[0].default, 3);
        assert_eq!(weaker_than_default(&lm(3), WindowsServer2022), []);
        assert_eq!(weaker_than_default(&lm(0), Appliance), []);
        assert!(w[0].to_string().contains("Windows Server 2003"), "{}", w[0]);
    }

    #[test]
    fn password_age_zero_means_never_and_is_weakest() {
        let policy = |days| OpTemplate::AccountPolicy {
            min_length: Some(8),
            max_age_days: Some(days),
            min_age_days: None,
            history: None,
            complexity: Some(false),
            lockout_threshold: None,
            lockout_minutes: None,
        };
        let t = TargetOs::WindowsServer2012R2;
        assert_eq!(weaker_than_default(&policy(30), t), []);
        assert_eq!(weaker_than_default(&policy(0), t)[0].value, 0);
        assert_eq!(weaker_than_default(&policy(90), t)[0].default, 42);
    }
}

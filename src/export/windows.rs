//! Windows settings shared by harden.ps1, legacy.cmd and the playbook.

use crate::plan::AccountPolicy;

/// The registry values behind Remote Desktop on or off (FACTS section 8), below HKLM.
pub(super) fn rdp_values(
    enabled: bool,
    require_nla: bool,
) -> Vec<(&'static str, &'static str, u32)> {
    let mut out = vec![(
        "SYSTEM\\CurrentControlSet\\Control\\Terminal Server",
        "fDenyTSConnections",
        u32::from(!enabled),
    )];
    if enabled && require_nla {
        out.push((
            "SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp",
            "UserAuthentication",
            1,
        ));
    }
    out
}

/// The secedit `[System Access]` keys of an account policy (FACTS section 5).
pub(super) fn secedit_settings(p: &AccountPolicy) -> Vec<(&'static str, u32)> {
    let mut out = Vec::new();
    let mut put = |k, v: Option<u32>| {
        if let Some(v) = v {
            out.push((k, v));
        }
    };
    put("MinimumPasswordLength", p.min_length);
    put("MaximumPasswordAge", p.max_age_days);
    put("MinimumPasswordAge", p.min_age_days);
    put("PasswordHistorySize", p.history);
    put("PasswordComplexity", p.complexity.map(u32::from));
    put("LockoutBadCount", p.lockout_threshold);
    put("LockoutDuration", p.lockout_minutes);
    // The reset window may not exceed the lockout duration: keep them equal.
    put("ResetLockoutCount", p.lockout_minutes);
    out
}

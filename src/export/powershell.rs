//! harden.ps1: Windows Server 2012 R2 and later (PowerShell 5.1). Audit (-Audit), dry run
//! (-WhatIf), backup before any change, idempotent, and the lock-out guard at run time.
//! The helper functions are PowerShell in `ps/harden_helpers.ps1`; this module writes one call
//! per operation, every value a single-quoted literal from [`quote`].

use super::quote::{comment, ps_array, ps_str};
use super::summary::summary;
use super::windows::{rdp_values, secedit_settings};
use crate::catalog::{AccountAction, FirewallDirection, IisRequirement, Protocol};
use crate::plan::{Action, FirewallRule, Operation, Plan, RegistryData, RemoteScope};
use std::fmt::Write;

const COMMON: &str = include_str!("ps/common.ps1");
const HELPERS: &str = include_str!("ps/harden_helpers.ps1");
/// IIS, account policy, accounts, NetBIOS, SQL, deletions, manual steps, the backup.
const HELPERS_WINDOWS: &str = include_str!("ps/harden_helpers_windows.ps1");

/// Ports whose restriction can shut the installer out: Remote Desktop and SSH.
const GUARDED_PORTS: [u16; 2] = [3389, 22];

/// The comment block that opens every generated PowerShell script.
pub(super) fn ps_header(plan: &Plan, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "#Requires -Version 5.1\n#Requires -RunAsAdministrator");
    let lines = [
        title.to_string(),
        format!("Product: {} ({})", plan.product_name, plan.vendor),
        format!("Customer: {}", plan.site.customer),
        format!("Site: {}", plan.site.site),
        format!("Host: {} {}", plan.site.host, plan.site.address),
        format!("Installer: {}", plan.site.installer),
        format!("Generated: {}", plan.generated),
        format!("Plan fingerprint: {}", plan.fingerprint),
        format!("Session: {}", plan.session_id),
    ];
    for l in lines {
        let _ = writeln!(out, "# {}", comment(&l));
    }
    out
}

/// `$ProductId`, `$Fingerprint` and `$RuleGroup`, shared by harden.ps1 and rollback.ps1.
pub(super) fn ps_constants(plan: &Plan) -> String {
    format!(
        "$ProductId = {}\n$Fingerprint = {}\n$RuleGroup = {}\n",
        ps_str(&plan.product),
        ps_str(&plan.fingerprint),
        ps_str(&plan.rule_group)
    )
}

pub fn harden_ps1(plan: &Plan) -> String {
    let mut out = ps_header(
        plan,
        "hardline harden.ps1: applies the plan; -Audit only reports",
    );
    out.push_str(
        "[CmdletBinding(SupportsShouldProcess = $true)]\n\
         param(\n    \
         # Change nothing; write each operation's current and desired state to -AuditFile.\n    \
         [switch]$Audit,\n    \
         [string]$AuditFile = (Join-Path -Path $PSScriptRoot -ChildPath 'audit-result.json'),\n    \
         # Apply operations that would shut out a connected RDP or SSH client.\n    \
         [switch]$Force,\n    \
         # Where the timestamped backup and log folders go.\n    \
         [string]$BackupRoot = $PSScriptRoot,\n    \
         [string]$SqlInstance = '.'\n)\n",
    );
    out.push_str(&ps_constants(plan));
    out.push_str(COMMON);
    out.push_str(HELPERS);
    out.push_str(HELPERS_WINDOWS);
    out.push_str("\ntry {\n");
    out.push_str(&backup_call(plan));
    for op in &plan.operations {
        out.push('\n');
        out.push_str(&operation(op));
    }
    out.push_str(FOOTER);
    out
}

const FOOTER: &str = r#"
    if ($Audit) {
        $report = [pscustomobject]@{ product = $ProductId; fingerprint = $Fingerprint; host = $env:COMPUTERNAME; time = (Get-Date).ToString('o'); operations = @($script:Results) }
        ConvertTo-Json -InputObject $report -Depth 5 | Set-Content -LiteralPath $AuditFile -Encoding UTF8
        Write-Host ('Audit written to {0}; nothing was changed.' -f $AuditFile)
    } elseif ($WhatIfPreference) {
        Write-Host 'Dry run: nothing was changed.'
    } elseif ($script:Changed -eq 0) {
        Write-Host 'Nothing to change: the server already matches the plan.'
    } else {
        Write-Host ('{0} changes made. Backup and log: {1}' -f $script:Changed, $LogDir)
    }
    if ($script:Skipped -gt 0) {
        Write-Warning ('{0} operations were refused by the lock-out guard (see above).' -f $script:Skipped)
    }
} finally {
    if (-not $WhatIfPreference) { Stop-Transcript | Out-Null }
}
"#;

/// The registry keys, services and IIS use of the plan, saved before anything changes.
fn backup_call(plan: &Plan) -> String {
    let mut keys: Vec<String> = Vec::new();
    let mut services: Vec<String> = Vec::new();
    let mut iis = false;
    for op in &plan.operations {
        match &op.action {
            Action::Registry(r) => keys.push(r.key.clone()),
            Action::RemoteDesktop { .. } => keys.extend(
                rdp_values(true, true)
                    .into_iter()
                    .map(|(k, _, _)| k.to_string()),
            ),
            Action::Service(s) => services.push(s.name.clone()),
            Action::IisExtension { .. }
            | Action::IisRemoveVirtualDirectory { .. }
            | Action::IisRequireSsl { .. } => iis = true,
            _ => {}
        }
    }
    keys.sort();
    keys.dedup();
    services.sort();
    services.dedup();
    format!(
        "    if ($Applying) {{\n        Save-Backup -RegistryKeys @({}) -Services @({}){}\n    }}\n",
        ps_array(&keys),
        ps_array(&services),
        if iis { " -Iis" } else { "" }
    )
}

fn registry_call(id: &str, key: &str, value: &str, data: &RegistryData) -> String {
    let (kind, data) = match data {
        RegistryData::Dword(d) => ("DWord", d.to_string()),
        RegistryData::String(s) => ("String", ps_str(s)),
    };
    format!(
        "Set-HlRegistry -Id {} -Key {} -Name {} -Type '{kind}' -Value {data}",
        ps_str(id),
        ps_str(key),
        ps_str(value)
    )
}

fn remote_addresses(scope: &RemoteScope) -> (String, Vec<String>) {
    match scope {
        RemoteScope::Any => ("'Any'".into(), Vec::new()),
        RemoteScope::LocalSubnet => ("'LocalSubnet'".into(), Vec::new()),
        RemoteScope::Addresses(a) => (format!("@({})", ps_array(a)), a.clone()),
    }
}

/// The ports of a rule that, restricted, could shut the installer out.
fn guarded_ports(r: &FirewallRule) -> Vec<u16> {
    if r.protocol != Protocol::Tcp
        || r.direction != FirewallDirection::Inbound
        || r.remote == RemoteScope::Any
    {
        return Vec::new();
    }
    GUARDED_PORTS
        .into_iter()
        .filter(|p| r.ports.contains(*p))
        .collect()
}

/// Wraps `body` in a run-time lock-out check when `condition` is given.
fn guarded(condition: Option<String>, body: String) -> String {
    match condition {
        Some(c) => format!("    if ({c}) {{\n        {body}\n    }}\n"),
        None => format!("    {body}\n"),
    }
}

fn rdp_guard(id: &str) -> Option<String> {
    Some(format!("Test-RdpGuard -Id {}", ps_str(id)))
}

fn operation(op: &Operation) -> String {
    let mut out = format!(
        "    # {} (item {}, step {}): {}\n    # Why: {}\n",
        comment(&op.id),
        comment(&op.item),
        comment(&op.step),
        comment(&summary(&op.action)),
        comment(&op.reason)
    );
    if !op.note.is_empty() {
        let _ = writeln!(out, "    # Installer's note: {}", comment(&op.note));
    }
    out.push_str(&operation_call(op));
    out
}

/// The PowerShell that carries out one operation (with its run-time guard), without the comment
/// block: also the TUI's preview of what a choice generates.
pub fn operation_call(op: &Operation) -> String {
    let id = ps_str(&op.id);
    match &op.action {
        Action::FirewallRule(r) => {
            let (remote, allowed) = remote_addresses(&r.remote);
            let ports = r.ports.parts();
            let guard_ports = guarded_ports(r);
            let call = format!(
                "Set-HlFirewallRule -Id {id} -Name {} -Description {} -Protocol '{}' -LocalPort @({}) -Direction '{}' -RemoteAddress {remote}{}",
                ps_str(&r.name),
                ps_str(&r.description),
                r.protocol.name(),
                ps_array(&ports),
                direction(r.direction),
                if guard_ports.contains(&3389) {
                    " -DisableBuiltInRdp"
                } else {
                    ""
                }
            );
            let condition = (!guard_ports.is_empty()).then(|| {
                guard_ports
                    .iter()
                    .map(|p| {
                        format!(
                            "(Test-PortGuard -Id {id} -Port {p} -Allowed @({}))",
                            ps_array(&allowed)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" -and ")
            });
            guarded(condition, call)
        }
        Action::FirewallProgram(p) => {
            let (remote, _) = remote_addresses(&p.remote);
            guarded(
                None,
                format!(
                    "Set-HlFirewallRule -Id {id} -Name {} -Description {} -Program {} -Direction 'Inbound' -RemoteAddress {remote}",
                    ps_str(&p.name),
                    ps_str(&p.description),
                    ps_str(&p.program)
                ),
            )
        }
        Action::Service(s) => {
            let call = format!(
                "Set-HlService -Id {id} -Name {} -StartupType '{}'{}",
                ps_str(&s.name),
                s.startup.name(),
                if s.stop { " -Stop" } else { "" }
            );
            let cuts_rdp = s.name.eq_ignore_ascii_case("TermService")
                && s.startup == crate::catalog::ServiceStartup::Disabled;
            guarded(cuts_rdp.then(|| rdp_guard(&op.id)).flatten(), call)
        }
        Action::Registry(r) => guarded(None, registry_call(&op.id, &r.key, &r.value, &r.data)),
        Action::RemoteDesktop {
            enabled,
            require_nla,
        } => {
            let calls: Vec<String> = rdp_values(*enabled, *require_nla)
                .into_iter()
                .map(|(k, v, d)| registry_call(&op.id, k, v, &RegistryData::Dword(d)))
                .collect();
            guarded(
                (!enabled).then(|| rdp_guard(&op.id)).flatten(),
                calls.join("\n        "),
            )
        }
        Action::Audit(a) => guarded(
            None,
            format!(
                "Set-HlAudit -Id {id} -Category '{}' -Label {} -Success ${} -Failure ${}",
                a.category.guid(),
                ps_str(a.category.scw_name()),
                a.success,
                a.failure
            ),
        ),
        Action::IisExtension { name, allowed } => guarded(
            None,
            format!(
                "Set-HlIisExtension -Id {id} -Name {} -Allowed ${allowed}",
                ps_str(name)
            ),
        ),
        Action::IisRemoveVirtualDirectory { name } => guarded(
            None,
            format!("Remove-HlVirtualDirectory -Id {id} -Name {}", ps_str(name)),
        ),
        Action::IisDenyAnonymousWrite { path } => guarded(
            None,
            format!("Set-HlAnonymousWriteDenied -Id {id} -Path {}", ps_str(path)),
        ),
        Action::IisRequireSsl { site, requirement } => guarded(
            None,
            format!(
                "Set-HlIisSsl -Id {id} -Site {} -Flags '{}'",
                ps_str(site),
                match requirement {
                    IisRequirement::Ssl => "Ssl",
                    IisRequirement::Ssl128 => "Ssl,Ssl128",
                }
            ),
        ),
        Action::AccountPolicy(p) => {
            let settings: Vec<String> = secedit_settings(p)
                .into_iter()
                .map(|(k, v)| format!("'{k}' = {v}"))
                .collect();
            guarded(
                None,
                format!(
                    "Set-HlAccountPolicy -Id {id} -Settings @{{ {} }}",
                    settings.join("; ")
                ),
            )
        }
        Action::LocalAccount { rid, action } => guarded(
            None,
            match action {
                AccountAction::Disable => {
                    format!("Set-HlLocalAccount -Id {id} -Rid {rid} -Disable")
                }
                AccountAction::Rename(n) => {
                    format!(
                        "Set-HlLocalAccount -Id {id} -Rid {rid} -NewName {}",
                        ps_str(n)
                    )
                }
            },
        ),
        Action::NetBios { enabled } => guarded(
            None,
            format!(
                "Set-HlNetBios -Id {id} -Option {}",
                if *enabled { 1 } else { 2 }
            ),
        ),
        Action::Sql {
            description,
            statement,
            ..
        } => guarded(
            None,
            format!(
                "Invoke-HlSql -Id {id} -Description {} -Statement {}",
                ps_str(description),
                ps_str(statement)
            ),
        ),
        Action::PortForward(_) => {
            "    # Done on the gateway (gateway.nft): nothing to change on this server.\n".into()
        }
        Action::DeleteWithBackup { path, .. } => guarded(
            None,
            format!("Remove-HlWithBackup -Id {id} -Path {}", ps_str(path)),
        ),
        Action::Manual(m) => guarded(
            None,
            format!(
                "Add-ManualStep -Id {id} -Text {}",
                ps_str(&format!("{} > {} = {}", m.path, m.setting, m.value))
            ),
        ),
    }
}

fn direction(d: FirewallDirection) -> &'static str {
    match d {
        FirewallDirection::Inbound => "Inbound",
        FirewallDirection::Outbound => "Outbound",
    }
}

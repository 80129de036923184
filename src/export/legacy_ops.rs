//! The operations of legacy.cmd, each for Windows Server 2003 (netsh firewall, secedit, IIS 6
//! scripts) and 2008 (netsh advfirewall, auditpol, appcmd), chosen at run time by `HL_OLD`.

use super::quote::{cmd_exact, cmd_safe, cmd_str};
use crate::catalog::{AccountAction, FirewallDirection, IisRequirement, Protocol, ServiceStartup};
use crate::plan::{Action, FirewallRule, Operation, RegistryData, RemoteScope};

pub(super) const APPCMD: &str = "\"%windir%\\system32\\inetsrv\\appcmd.exe\"";

/// Lines of the secedit template (`[System Access]`, and `[Event Audit]` for 2003).
#[derive(Default)]
pub(super) struct Secedit {
    pub system_access: Vec<String>,
    pub event_audit: Vec<String>,
}

/// `if "%HL_OLD%"=="1" (old) else (new)`, each side one or more lines.
fn by_version(old: &[String], new: &[String]) -> String {
    format!(
        "if \"%HL_OLD%\"==\"1\" (\n  {}\n) else (\n  {}\n)\n",
        old.join("\n  "),
        new.join("\n  ")
    )
}

fn fail(id: &str) -> String {
    format!("if errorlevel 1 call :fail {}", cmd_str(id))
}

/// Runs `body` only when the guard subroutine lets it (exit code 0).
fn guarded(guard: Option<String>, body: String) -> String {
    match guard {
        Some(g) => format!("{g}\nif not errorlevel 1 (\n{body})\n"),
        None => body,
    }
}

fn by_hand(id: &str, what: &str) -> String {
    format!("echo BY HAND {}: {}\n", cmd_safe(id), cmd_str(what))
}

/// `remoteip=` of netsh advfirewall, and `scope=` (with `addresses=`) of netsh firewall.
fn scopes(remote: &RemoteScope) -> (String, String) {
    match remote {
        RemoteScope::Any => ("any".into(), "scope=ALL".into()),
        RemoteScope::LocalSubnet => ("localsubnet".into(), "scope=SUBNET".into()),
        RemoteScope::Addresses(a) => {
            let list = cmd_safe(&a.join(","));
            (list.clone(), format!("scope=CUSTOM addresses={list}"))
        }
    }
}

pub(super) fn rule_guard(r: &FirewallRule, id: &str) -> Option<String> {
    let restricted = r.protocol == Protocol::Tcp
        && r.direction == FirewallDirection::Inbound
        && r.remote != RemoteScope::Any;
    let ports: Vec<String> = [3389u16, 22]
        .into_iter()
        .filter(|p| restricted && r.ports.contains(*p))
        .map(|p| format!("call :port_guard {} {p}", cmd_str(id)))
        .collect();
    (!ports.is_empty()).then(|| ports.join("\nif not errorlevel 1 "))
}

fn firewall_rule(op: &Operation, r: &FirewallRule) -> String {
    let name = cmd_str(&r.name);
    let (remoteip, scope) = scopes(&r.remote);
    let proto = r.protocol.name();
    let dir = match r.direction {
        FirewallDirection::Inbound => "in",
        FirewallDirection::Outbound => "out",
    };
    let old: Vec<String> = if r.direction == FirewallDirection::Outbound {
        vec![
            "echo The Windows Server 2003 firewall filters inbound traffic only: nothing to do."
                .into(),
        ]
    } else {
        r.ports
            .0
            .iter()
            .map(|(a, b)| {
                let entry = cmd_safe(&r.name);
                format!(
                    "for /L %%p in ({a},1,{b}) do netsh firewall add portopening protocol={proto} port=%%p name=\"{entry}-%%p\" mode=ENABLE {scope} profile=ALL >nul || call :fail {}",
                    cmd_str(&op.id)
                )
            })
            .collect()
    };
    let new = vec![
        format!("netsh advfirewall firewall delete rule name={name} >nul 2>&1"),
        format!(
            "netsh advfirewall firewall add rule name={name} dir={dir} action=allow protocol={proto} localport={} remoteip={remoteip} profile=any description={}",
            r.ports,
            cmd_str(&r.description)
        ),
        fail(&op.id),
    ];
    guarded(rule_guard(r, &op.id), by_version(&old, &new))
}

fn service(op: &Operation, name: &str, startup: ServiceStartup, stop: bool) -> String {
    let Some(quoted) = cmd_exact(name) else {
        return by_hand(&op.id, &format!("set service {name} to {}", startup.name()));
    };
    let start = match startup {
        ServiceStartup::Automatic => "auto",
        ServiceStartup::Manual => "demand",
        ServiceStartup::Disabled => "disabled",
    };
    // :service_key resolves a display name too; the block reads HL_SVC after that call ran.
    let mut body = format!(
        "call :service_key {quoted}\nif defined HL_SVC (\n  sc.exe config \"%HL_SVC%\" start= {start}\n  {}\n",
        fail(&op.id)
    );
    if stop {
        body.push_str("  sc.exe stop \"%HL_SVC%\" >nul 2>&1\n");
    }
    body.push_str(")\n");
    let cuts_rdp = name.eq_ignore_ascii_case("TermService") && startup == ServiceStartup::Disabled;
    guarded(
        cuts_rdp.then(|| format!("call :rdp_guard {}", cmd_str(&op.id))),
        body,
    )
}

pub(super) fn reg_add(id: &str, key: &str, value: &str, data: &RegistryData) -> String {
    let (Some(k), Some(v)) = (cmd_exact(&format!("HKLM\\{key}")), cmd_exact(value)) else {
        return by_hand(id, &format!("set HKLM\\{key}\\{value}"));
    };
    let (kind, d) = match data {
        RegistryData::Dword(n) => ("REG_DWORD", n.to_string()),
        RegistryData::String(s) => ("REG_SZ", cmd_str(s)),
    };
    format!(
        "reg add {k} /v {v} /t {kind} /d {d} /f >nul\n{}\n",
        fail(id)
    )
}

fn iis(op: &Operation) -> String {
    let id = &op.id;
    let exact = |s: &str| cmd_exact(s).filter(|_| !s.contains('\''));
    match &op.action {
        Action::IisExtension { name, allowed } => {
            let Some(n) = exact(name) else {
                return by_hand(id, &format!("IIS extension {name}"));
            };
            let (ext, flag) = if *allowed {
                ("/EnExt", "true")
            } else {
                ("/DisExt", "false")
            };
            let new = if name == "WebDAV" {
                format!(
                    "{APPCMD} set config /section:system.webServer/webdav/authoring /enabled:{flag} /commit:apphost"
                )
            } else {
                format!(
                    "{APPCMD} set config /section:isapiCgiRestriction \"/[description='{}'].allowed:{flag}\" /commit:apphost",
                    cmd_safe(name)
                )
            };
            by_version(
                &[
                    format!("cscript //nologo \"%SystemRoot%\\system32\\iisext.vbs\" {ext} {n}"),
                    fail(id),
                ],
                &[new, fail(id)],
            )
        }
        Action::IisRemoveVirtualDirectory { name } => {
            let Some(path) = exact(&format!("Default Web Site/{name}")) else {
                return by_hand(id, &format!("remove virtual directory {name}"));
            };
            by_version(
                &[format!(
                    "cscript //nologo \"%SystemRoot%\\system32\\iisvdir.vbs\" /delete {path} >nul"
                )],
                &[format!("{APPCMD} delete vdir {path} >nul")],
            )
        }
        Action::IisDenyAnonymousWrite { path } => {
            let p = cmd_str(path);
            by_version(
                &[
                    format!("icacls {p} /deny \"IUSR_%COMPUTERNAME%:(OI)(CI)W\" >nul"),
                    fail(id),
                ],
                &[
                    format!("icacls {p} /deny \"*S-1-5-17:(OI)(CI)W\" >nul"),
                    fail(id),
                ],
            )
        }
        Action::IisRequireSsl { site, requirement } => {
            let Some(s) = exact(site) else {
                return by_hand(id, &format!("require SSL on {site}"));
            };
            let (flags, ssl128) = match requirement {
                IisRequirement::Ssl => ("Ssl", "FALSE"),
                IisRequirement::Ssl128 => ("Ssl,Ssl128", "TRUE"),
            };
            let adsutil = "cscript //nologo \"%SystemDrive%\\Inetpub\\AdminScripts\\adsutil.vbs\" SET W3SVC/1/ROOT";
            let note = format!(
                "rem On IIS 6 this sets site W3SVC/1, the Default Web Site, for: {}\n",
                cmd_safe(site)
            );
            note + &by_version(
                &[
                    format!("{adsutil}/AccessSSL TRUE >nul"),
                    format!("{adsutil}/AccessSSL128 {ssl128} >nul"),
                    fail(id),
                ],
                &[
                    format!(
                        "{APPCMD} set config {s} /section:access /sslFlags:{flags} /commit:apphost"
                    ),
                    fail(id),
                ],
            )
        }
        _ => String::new(),
    }
}

/// One operation as cmd lines; secedit settings are collected for one template at the end.
pub(super) fn operation(op: &Operation, secedit: &mut Secedit) -> String {
    let id = &op.id;
    let head = format!(
        "rem {}: {}\nrem Why: {}\n",
        cmd_safe(id),
        cmd_safe(&super::summary(&op.action)),
        cmd_safe(&op.reason)
    );
    let body = match &op.action {
        Action::FirewallRule(r) => firewall_rule(op, r),
        Action::FirewallProgram(p) => {
            let (remoteip, scope) = scopes(&p.remote);
            by_version(
                &[
                    format!(
                        "netsh firewall add allowedprogram program={} name={} mode=ENABLE {scope} profile=ALL",
                        cmd_str(&p.program),
                        cmd_str(&p.name)
                    ),
                    fail(id),
                ],
                &[
                    format!(
                        "netsh advfirewall firewall delete rule name={} >nul 2>&1",
                        cmd_str(&p.name)
                    ),
                    format!(
                        "netsh advfirewall firewall add rule name={} dir=in action=allow program={} remoteip={remoteip} profile=any",
                        cmd_str(&p.name),
                        cmd_str(&p.program)
                    ),
                    fail(id),
                ],
            )
        }
        // The effective-access model (plan::Access) for netsh is the "windows" engineer's
        // rendering; until then legacy.cmd names the close as a step for the installer.
        Action::ClosePort(_) | Action::CloseProgram(_) => by_hand(id, &super::summary(&op.action)),
        Action::Service(s) => service(op, &s.name, s.startup, s.stop),
        Action::Registry(r) => reg_add(id, &r.key, &r.value, &r.data),
        Action::RemoteDesktop {
            enabled,
            require_nla,
        } => {
            let body: String = super::windows::rdp_values(*enabled, *require_nla)
                .into_iter()
                .map(|(k, v, d)| reg_add(id, k, v, &RegistryData::Dword(d)))
                .collect();
            guarded(
                (!enabled).then(|| format!("call :rdp_guard {}", cmd_str(id))),
                body,
            )
        }
        Action::Audit(a) => {
            secedit.event_audit.push(format!(
                "{} = {}",
                a.category.secedit_key(),
                u8::from(a.success) + 2 * u8::from(a.failure)
            ));
            let flag = |b: bool| if b { "enable" } else { "disable" };
            format!(
                "if \"%HL_OLD%\"==\"0\" (\n  auditpol /set /category:{} /success:{} /failure:{} >nul\n  {}\n)\n",
                a.category.guid(),
                flag(a.success),
                flag(a.failure),
                fail(id)
            )
        }
        Action::IisExtension { .. }
        | Action::IisRemoveVirtualDirectory { .. }
        | Action::IisDenyAnonymousWrite { .. }
        | Action::IisRequireSsl { .. } => iis(op),
        Action::AccountPolicy(p) => {
            secedit.system_access.extend(
                super::windows::secedit_settings(p)
                    .into_iter()
                    .map(|(k, v)| format!("{k} = {v}")),
            );
            "rem Set in the security policy section at the end.\n".into()
        }
        Action::LocalAccount { rid, action } => {
            let key = match (rid, action) {
                (500, AccountAction::Disable) => Some("EnableAdminAccount = 0".to_string()),
                (501, AccountAction::Disable) => Some("EnableGuestAccount = 0".to_string()),
                (500, AccountAction::Rename(n)) => {
                    Some(format!("NewAdministratorName = {}", cmd_str(n)))
                }
                (501, AccountAction::Rename(n)) => Some(format!("NewGuestName = {}", cmd_str(n))),
                _ => None,
            };
            match key {
                Some(k) => {
                    secedit.system_access.push(k);
                    "rem Set in the security policy section at the end.\n".into()
                }
                None => by_hand(id, &super::summary(&op.action)),
            }
        }
        Action::NetBios { enabled } => format!(
            "wmic nicconfig where IPEnabled=TRUE call SetTcpipNetbios {} >nul\n{}\n",
            if *enabled { 1 } else { 2 },
            fail(id)
        ),
        Action::Sql { statement, .. } => match cmd_exact(statement) {
            Some(s) => format!("sqlcmd -S . -E -b -Q {s}\n{}\n", fail(id)),
            None => by_hand(id, "run the SQL statement listed in plan.md with sqlcmd"),
        },
        Action::PortForward(_) => {
            "rem Done on the gateway (gateway.nft): nothing to change here.\n".into()
        }
        Action::DeleteWithBackup { path, .. } => {
            let p = cmd_str(path);
            let folder = cmd_safe(id);
            let copy = format!("\"%HL_BACKUP%\\files\\{folder}\"");
            let copy_all = format!("\"%HL_BACKUP%\\files\\{folder}\\*\"");
            format!(
                "if exist {dir} (\n  xcopy {p} {copy} /e /i /h /y >nul\n  if errorlevel 1 (call :fail {i}) else (\n    >>\"%HL_UNDO%\" echo xcopy {copy} {p} /e /i /h /y\n    rmdir /s /q {p}\n  )\n) else if exist {p} (\n  mkdir {copy} 2>nul\n  copy /y {p} {copy} >nul\n  if errorlevel 1 (call :fail {i}) else (\n    >>\"%HL_UNDO%\" echo copy /y {copy_all} {parent}\n    del /f /q {p}\n  )\n)\n",
                dir = cmd_str(&format!("{path}\\*")),
                i = cmd_str(id),
                parent = cmd_str(&parent(path)),
            )
        }
        Action::Manual(m) => by_hand(
            id,
            &format!(
                "{} / {} = {}",
                m.path.replace(" > ", " / "),
                m.setting,
                m.value
            ),
        ),
    };
    head + &body
}

/// The folder holding `path`.
pub(super) fn parent(path: &str) -> String {
    match path.rfind('\\') {
        Some(i) if i > 2 => path[..i].to_string(),
        Some(i) => path[..=i].to_string(),
        None => ".".into(),
    }
}

//! The operations of legacy.cmd, each for Windows Server 2003 (netsh firewall, secedit, IIS 6
//! scripts) and 2008 (netsh advfirewall, auditpol, appcmd), chosen at run time by `HL_OLD`.
//!
//! Each operation runs between `call :begin "<id>"` and `call :end`; its commands report with
//! `:applied`, `:same` (already in place), `:fail` or `:skip` (refused by a guard, or left to
//! the installer), so a failure is recorded and the run goes on.

use super::legacy_firewall::{close_port, close_program, firewall_program, firewall_rule};
use super::quote::{cmd_echo, cmd_exact, cmd_quoted, cmd_safe, cmd_str};
use crate::catalog::{AccountAction, IisRequirement, ServiceStartup};
use crate::plan::{Action, Operation, Plan, RegistryData};

pub(super) const APPCMD: &str = "\"%windir%\\system32\\inetsrv\\appcmd.exe\"";

/// What the operations leave for the later parts of legacy.cmd.
#[derive(Default)]
pub(super) struct Later {
    /// Lines of the secedit template: `[System Access]`, and `[Event Audit]` for 2003.
    pub system_access: Vec<String>,
    pub event_audit: Vec<String>,
    /// Bodies of guarded operations, each the subroutine `:hl_guarded_<n>` (from 1): a block is
    /// expanded when it is read, so a body that sets a variable and reads it cannot be one.
    pub guarded: Vec<String>,
    /// Undo statements of SQL operations, each run by `:hl_undo_sql_<n>` (from 1).
    pub sql_undo: Vec<String>,
}

impl Later {
    pub(super) fn guard(&mut self, guard: Option<String>, body: String) -> String {
        match guard {
            None => body,
            Some(g) => {
                self.guarded.push(body);
                format!(
                    "{g}\nif not errorlevel 1 call :hl_guarded_{}\n",
                    self.guarded.len()
                )
            }
        }
    }
}

/// The 2003 lines (`HL_OLD` 1) and the 2008 ones, each one or more. Two blocks, not `if ... (
/// ) else ( )`: Wine's cmd runs the `else` block too when the first one holds a `for`.
pub(super) fn by_version(old: &[String], new: &[String]) -> String {
    format!(
        "if \"%HL_OLD%\"==\"1\" (\n  {}\n)\nif \"%HL_OLD%\"==\"0\" (\n  {}\n)\n",
        old.join("\n  "),
        new.join("\n  ")
    )
}

/// Reports the command before it: failed (saying `what`) or applied.
pub(super) fn check(what: &str) -> String {
    format!(
        "if errorlevel 1 (call :fail {}) else call :applied",
        cmd_str(what)
    )
}

/// Text for an `echo` in a block or not: for people, parentheses escaped.
pub(super) fn say(text: &str) -> String {
    cmd_safe(text).replace('(', "^(").replace(')', "^)")
}

/// Leaves the operation to the installer, with what to do.
pub(super) fn by_hand(what: &str) -> Vec<String> {
    vec![
        format!("echo BY HAND %HL_OP%: {}", say(what)),
        "call :skip".into(),
    ]
}

/// The lines, each ended by a line break (made CRLF when the file is assembled).
pub(super) fn lines(v: Vec<String>) -> String {
    v.into_iter().map(|l| l + "\n").collect()
}

fn service(name: &str, startup: ServiceStartup, stop: bool, later: &mut Later) -> String {
    let Some(quoted) = cmd_exact(name) else {
        return lines(by_hand(&format!(
            "set service {name} to {}",
            startup.name()
        )));
    };
    let start = match startup {
        ServiceStartup::Automatic => "auto",
        ServiceStartup::Manual => "demand",
        ServiceStartup::Disabled => "disabled",
    };
    let stop = if stop { " stop" } else { "" };
    let body = format!("call :set_service {quoted} {start}{stop}\n");
    let cuts_rdp = name.eq_ignore_ascii_case("TermService") && startup == ServiceStartup::Disabled;
    later.guard(cuts_rdp.then(|| "call :rdp_guard".to_string()), body)
}

pub(super) fn reg_add(key: &str, value: &str, data: &RegistryData) -> String {
    let (Some(k), Some(v)) = (cmd_exact(&format!("HKLM\\{key}")), cmd_exact(value)) else {
        return lines(by_hand(&format!("set HKLM\\{key}\\{value}")));
    };
    match data {
        RegistryData::Dword(n) => format!("call :reg_dword {k} {v} {n}\n"),
        RegistryData::String(s) => match cmd_quoted(s) {
            Some(d) => format!(
                "reg add {k} /v {v} /t REG_SZ /d {d} /f >nul\n{}\n",
                check("reg add")
            ),
            None => lines(by_hand(&format!(
                "set HKLM\\{key}\\{value} to the text in plan.md (cmd cannot write it exactly)"
            ))),
        },
    }
}

fn iis(action: &Action) -> String {
    let exact = |s: &str| cmd_exact(s).filter(|_| !s.contains('\''));
    match action {
        Action::IisExtension { name, allowed } => {
            let Some(n) = exact(name) else {
                return lines(by_hand(&format!("IIS extension {name}")));
            };
            let (ext, flag) = if *allowed {
                ("/EnExt", "true")
            } else {
                ("/DisExt", "false")
            };
            let new = if name == "WebDAV" {
                format!(
                    "{APPCMD} set config /section:system.webServer/webdav/authoring /enabled:{flag} /commit:apphost >nul"
                )
            } else {
                format!(
                    "{APPCMD} set config /section:isapiCgiRestriction \"/[description='{}'].allowed:{flag}\" /commit:apphost >nul",
                    cmd_safe(name)
                )
            };
            by_version(
                &[
                    format!(
                        "cscript //nologo \"%SystemRoot%\\system32\\iisext.vbs\" {ext} {n} >nul"
                    ),
                    check("iisext.vbs"),
                ],
                &[new, check("appcmd set config")],
            )
        }
        Action::IisRemoveVirtualDirectory { name } => {
            let Some(path) = exact(&format!("Default Web Site/{name}")) else {
                return lines(by_hand(&format!("remove virtual directory {name}")));
            };
            by_version(
                &[
                    format!(
                        "cscript //nologo \"%SystemRoot%\\system32\\iisvdir.vbs\" /delete {path} >nul"
                    ),
                    check("iisvdir.vbs /delete"),
                ],
                &[
                    format!("{APPCMD} delete vdir {path} >nul"),
                    check("appcmd delete vdir"),
                ],
            )
        }
        Action::IisDenyAnonymousWrite { path } => {
            let Some(p) = cmd_quoted(path) else {
                return lines(by_hand(&format!(
                    "deny anonymous write on {path} (its path holds a character cmd cannot pass exactly)"
                )));
            };
            let no_icacls = by_hand(&format!(
                "deny write to the IUSR_ account of this computer on {path}: this server has no icacls.exe (Windows Server 2003 before SP2); the folder's Security tab does it"
            ));
            // No `else if`: Wine's cmd takes the `)` that ends such a chain for a command.
            format!(
                "if \"%HL_ICACLS%\"==\"0\" (\n  {}\n)\nif \"%HL_ICACLS%\"==\"1\" {}",
                no_icacls.join("\n  "),
                by_version(
                    &[
                        format!("icacls {p} /deny \"IUSR_%COMPUTERNAME%:(OI)(CI)W\" >nul"),
                        check("icacls /deny"),
                    ],
                    &[
                        format!("icacls {p} /deny \"*S-1-5-17:(OI)(CI)W\" >nul"),
                        check("icacls /deny"),
                    ],
                )
            )
        }
        Action::IisRequireSsl { site, requirement } => {
            let Some(s) = exact(site) else {
                return lines(by_hand(&format!("require SSL on {site}")));
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
                    check("adsutil.vbs AccessSSL"),
                    format!("{adsutil}/AccessSSL128 {ssl128} >nul"),
                    check("adsutil.vbs AccessSSL128"),
                ],
                &[
                    format!(
                        "{APPCMD} set config {s} /section:access /sslFlags:{flags} /commit:apphost >nul"
                    ),
                    check("appcmd set config"),
                ],
            )
        }
        _ => String::new(),
    }
}

fn sql(plan: &Plan, op: &Operation, later: &mut Later) -> String {
    let Action::Sql {
        statement,
        undo,
        check: check_only,
        ..
    } = &op.action
    else {
        return String::new();
    };
    let (Some(instance), Some(stmt)) = (cmd_exact(&plan.sql_instance), cmd_quoted(statement))
    else {
        return lines(by_hand(
            "run the SQL statement listed in plan.md with sqlcmd",
        ));
    };
    if *check_only {
        // The rows are the findings: written into the backup folder and shown; the check fails
        // when there is one.
        let found = format!("\"%HL_BACKUP%\\sql-{}.txt\"", cmd_safe(&op.id));
        let nocount = cmd_quoted(&format!("SET NOCOUNT ON; {statement}")).unwrap_or(stmt);
        return format!(
            "sqlcmd -S {instance} -E -b -h -1 -W -Q {nocount} >{found}\nif errorlevel 1 (call :fail \"sqlcmd\") else call :sql_findings {found}\n"
        );
    }
    let record = match undo.as_deref().and_then(cmd_quoted) {
        Some(u) => {
            later
                .sql_undo
                .push(format!("sqlcmd -S {instance} -E -b -Q {u}"));
            format!("\n  >>\"%HL_UNDO%\" echo sql^|{}", later.sql_undo.len())
        }
        None => String::new(),
    };
    format!(
        "sqlcmd -S {instance} -E -b -Q {stmt}\nif errorlevel 1 (call :fail \"sqlcmd\") else (\n  call :applied{record}\n)\n"
    )
}

/// Copies `path` (a folder or a file) into the backup, records it for the undo, then deletes it.
/// Each step is checked by what it left on the disk: cmd's own copy, del and rmdir do not all
/// set an exit code.
fn delete_with_backup(id: &str, path: &str) -> String {
    let name = path.rsplit('\\').next().unwrap_or(path);
    let folder = cmd_safe(id);
    let (Some(p), Some(all), Some(echoed), Some(copied)) = (
        cmd_quoted(path),
        cmd_quoted(&format!("{path}\\*")),
        cmd_echo(path),
        cmd_quoted(&format!("%HL_BACKUP%\\files\\{folder}\\{name}")),
    ) else {
        return lines(by_hand(&format!(
            "back up, then delete {path} (its path holds a character cmd cannot pass exactly)"
        )));
    };
    let copy = format!("\"%HL_BACKUP%\\files\\{folder}\"");
    // cmd_quoted wrote the backup folder's variable with its percent signs doubled.
    let copied = copied.replace("%%HL_BACKUP%%", "%HL_BACKUP%");
    format!(
        "set \"HL_KIND=none\"
if exist {all} set \"HL_KIND=dir\"
if \"%HL_KIND%\"==\"none\" if exist {p} set \"HL_KIND=file\"
if \"%HL_KIND%\"==\"none\" call :same
if \"%HL_KIND%\"==\"dir\" (
  xcopy {p} {copy} /e /i /h /y >nul
  if errorlevel 1 (call :fail \"copy into the backup\") else (
    >>\"%HL_UNDO%\" echo copyback^|{folder}^|{echoed}^|dir
    rmdir /s /q {p}
    if exist {p} (call :fail \"rmdir\") else call :applied
  )
)
if \"%HL_KIND%\"==\"file\" (
  mkdir {copy} 2>nul
  copy /y {p} {copy} >nul
  if not exist {copied} (call :fail \"copy into the backup\") else (
    >>\"%HL_UNDO%\" echo copyback^|{folder}^|{echoed}^|file
    del /f /q {p}
    if exist {p} (call :fail \"del\") else call :applied
  )
)
"
    )
}

fn account(rid: u32, action: &AccountAction, later: &mut Later) -> Option<String> {
    let line = match (rid, action) {
        (500, AccountAction::Disable) => "EnableAdminAccount = 0".to_string(),
        (501, AccountAction::Disable) => "EnableGuestAccount = 0".to_string(),
        (500 | 501, AccountAction::Rename(n)) => {
            // secedit reads the template in the ANSI code page, cmd writes it in the OEM one:
            // only ASCII reaches it unchanged.
            let key = if rid == 500 {
                "NewAdministratorName"
            } else {
                "NewGuestName"
            };
            format!("{key} = {}", cmd_quoted(n)?)
        }
        _ => return None,
    };
    later.system_access.push(line);
    Some("echo   Set with the security policy at the end.\n".into())
}

/// One operation as cmd lines; secedit settings and guarded bodies are collected in `later`.
pub(super) fn operation(plan: &Plan, op: &Operation, later: &mut Later) -> String {
    let id = &op.id;
    let head = format!(
        "rem {}: {}\nrem Why: {}\n",
        cmd_safe(id),
        cmd_safe(&super::summary(&op.action)),
        cmd_safe(&op.reason)
    );
    let body = match &op.action {
        Action::FirewallRule(r) => firewall_rule(r, later),
        Action::FirewallProgram(p) => firewall_program(p),
        Action::ClosePort(c) => close_port(c, later),
        Action::CloseProgram(c) => close_program(c),
        Action::Service(s) => service(&s.name, s.startup, s.stop, later),
        Action::Registry(r) => reg_add(&r.key, &r.value, &r.data),
        Action::RemoteDesktop {
            enabled,
            require_nla,
        } => {
            let body: String = super::windows::rdp_values(*enabled, *require_nla)
                .into_iter()
                .map(|(k, v, d)| reg_add(k, v, &RegistryData::Dword(d)))
                .collect();
            later.guard((!enabled).then(|| "call :rdp_guard".to_string()), body)
        }
        Action::Audit(a) => {
            later.event_audit.push(format!(
                "{} = {}",
                a.category.secedit_key(),
                u8::from(a.success) + 2 * u8::from(a.failure)
            ));
            let flag = |b: bool| if b { "enable" } else { "disable" };
            by_version(
                &["echo   Set with the security policy at the end.".into()],
                &[
                    format!(
                        "auditpol /set /category:{} /success:{} /failure:{} >nul",
                        a.category.guid(),
                        flag(a.success),
                        flag(a.failure)
                    ),
                    check("auditpol /set"),
                ],
            )
        }
        Action::IisExtension { .. }
        | Action::IisRemoveVirtualDirectory { .. }
        | Action::IisDenyAnonymousWrite { .. }
        | Action::IisRequireSsl { .. } => iis(&op.action),
        Action::AccountPolicy(p) => {
            later.system_access.extend(
                super::windows::secedit_settings(p)
                    .into_iter()
                    .map(|(k, v)| format!("{k} = {v}")),
            );
            "echo   Set with the security policy at the end.\n".into()
        }
        Action::LocalAccount { rid, action } => account(*rid, action, later)
            .unwrap_or_else(|| lines(by_hand(&super::summary(&op.action)))),
        Action::NetBios { enabled } => format!(
            "wmic nicconfig where IPEnabled=TRUE call SetTcpipNetbios {} >nul\n{}\n",
            if *enabled { 1 } else { 2 },
            check("wmic SetTcpipNetbios")
        ),
        Action::Sql { .. } => sql(plan, op, later),
        Action::PortForward(_) => {
            "echo   Done on the gateway (gateway.nft): nothing to change here.\n".into()
        }
        Action::DeleteWithBackup { path, .. } => delete_with_backup(id, path),
        Action::Manual(m) => lines(by_hand(&format!(
            "{} / {} = {}",
            m.path.replace(" > ", " / "),
            m.setting,
            m.value
        ))),
    };
    format!("{head}call :begin {}\n{body}call :end\n", cmd_str(id))
}

/// The folder holding `path`.
pub(super) fn parent(path: &str) -> String {
    match path.rfind('\\') {
        Some(i) if i > 2 => path[..i].to_string(),
        Some(i) => path[..=i].to_string(),
        None => ".".into(),
    }
}

//! legacy.cmd: Windows Server 2003 and 2008 (cmd.exe, no PowerShell). `legacy.cmd` applies,
//! `legacy.cmd force` also applies what the lock-out guard refuses, `legacy.cmd undo` restores
//! from the backup the first run made. Quoting rule: see `quote.rs` (cmd).

use super::legacy_ops::{APPCMD, Secedit, operation, parent};
use super::quote::{cmd_exact, cmd_safe, cmd_str};
use super::windows::rdp_values;
use crate::plan::{Action, Plan};
use std::fmt::Write;

pub fn legacy_cmd(plan: &Plan) -> String {
    let mut out = String::from("@echo off\n");
    for line in [
        "hardline legacy.cmd for Windows Server 2003 and 2008. Usage: legacy.cmd, legacy.cmd force, legacy.cmd undo".to_string(),
        format!("Product: {} ({})", plan.product_name, plan.vendor),
        format!("Customer: {}, site: {}", plan.site.customer, plan.site.site),
        format!("Host: {} {}", plan.site.host, plan.site.address),
        format!("Installer: {}, generated {}", plan.site.installer, plan.generated),
        format!("Plan fingerprint: {}", plan.fingerprint),
    ] {
        let _ = writeln!(out, "rem {}", cmd_safe(&line));
    }
    out.push_str(PRELUDE);
    out.push_str("call :backup\n\n");
    let mut secedit = Secedit::default();
    for op in &plan.operations {
        out.push_str(&operation(op, &mut secedit));
        out.push('\n');
    }
    out.push_str(&security_policy(&secedit));
    out.push_str(DONE);
    out.push_str(&backup(plan));
    out.push_str(&undo(plan));
    out.push_str(SUBROUTINES);
    out
}

const PRELUDE: &str = r#"setlocal EnableExtensions DisableDelayedExpansion
set "HL_BACKUP=%~dp0hardline-legacy-backup"
set "HL_UNDO=%HL_BACKUP%\undo.cmd"
set "HL_FAILED=0"
set "HL_SKIPPED=0"
set "HL_FORCE=0"
if /i "%~1"=="force" set "HL_FORCE=1"
net session >nul 2>&1
if errorlevel 1 (
  echo legacy.cmd must run as an administrator.
  exit /b 1
)
rem Windows Server 2003 is version 5.x: netsh firewall, secedit audit, IIS 6 scripts.
set "HL_OLD=0"
ver | find " 5." >nul
if not errorlevel 1 set "HL_OLD=1"
if /i "%~1"=="undo" goto :undo

"#;

const DONE: &str = r#"echo.
if not "%HL_SKIPPED%"=="0" echo %HL_SKIPPED% operations were refused by the lock-out guard: see above.
if not "%HL_FAILED%"=="0" (
  echo %HL_FAILED% operations failed: see above. Undo with: legacy.cmd undo
  exit /b 1
)
echo Done. The prior state is in %HL_BACKUP%. Undo with: legacy.cmd undo
exit /b 0

"#;

fn security_policy(s: &Secedit) -> String {
    if s.system_access.is_empty() && s.event_audit.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "rem Security policy: account policy, built-in accounts, and the audit policy on 2003.\n\
         set \"HL_INF=%HL_BACKUP%\\hardline-policy.inf\"\n\
         >\"%HL_INF%\" echo [Version]\n\
         >>\"%HL_INF%\" echo signature=\"$CHICAGO$\"\n\
         >>\"%HL_INF%\" echo Revision=1\n\
         >>\"%HL_INF%\" echo [System Access]\n",
    );
    for line in &s.system_access {
        let _ = writeln!(out, ">>\"%HL_INF%\" echo {line}");
    }
    if !s.event_audit.is_empty() {
        out.push_str("if \"%HL_OLD%\"==\"1\" (\n  >>\"%HL_INF%\" echo [Event Audit]\n");
        for line in &s.event_audit {
            let _ = writeln!(out, "  >>\"%HL_INF%\" echo {line}");
        }
        out.push_str(")\n");
    }
    out.push_str(
        "secedit /configure /db \"%HL_BACKUP%\\hardline.sdb\" /cfg \"%HL_INF%\" /areas SECURITYPOLICY /quiet\n\
         if errorlevel 1 call :fail \"security policy\"\n\n",
    );
    out
}

/// Registry keys the plan writes, below HKLM.
fn registry_keys(plan: &Plan) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for op in &plan.operations {
        match &op.action {
            Action::Registry(r) => out.push((r.key.clone(), r.value.clone())),
            Action::RemoteDesktop {
                enabled,
                require_nla,
            } => out.extend(
                rdp_values(*enabled, *require_nla)
                    .into_iter()
                    .map(|(k, v, _)| (k.to_string(), v.to_string())),
            ),
            Action::NetBios { .. } => out.push((
                "SYSTEM\\CurrentControlSet\\Services\\NetBT\\Parameters\\Interfaces".into(),
                String::new(),
            )),
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

fn backup(plan: &Plan) -> String {
    let mut out = String::from(
        ":backup\nif exist \"%HL_UNDO%\" (\n  echo Keeping the first backup in \"%HL_BACKUP%\"\n  exit /b 0\n)\n\
         mkdir \"%HL_BACKUP%\" 2>nul\n\
         >\"%HL_UNDO%\" echo @echo off\n\
         if \"%HL_OLD%\"==\"1\" (\n  netsh firewall show config >\"%HL_BACKUP%\\firewall.txt\"\n) else (\n  \
         netsh advfirewall export \"%HL_BACKUP%\\firewall.wfw\" >nul\n  \
         auditpol /backup /file:\"%HL_BACKUP%\\audit.csv\" >nul\n)\n\
         secedit /export /cfg \"%HL_BACKUP%\\security.inf\" /areas SECURITYPOLICY /quiet\n\
         if errorlevel 1 call :fail \"backup of the security policy\"\n",
    );
    let mut keys: Vec<&str> = Vec::new();
    for (key, value) in registry_keys(plan).iter() {
        let Some(k) = cmd_exact(&format!("HKLM\\{key}")) else {
            continue;
        };
        if !keys.contains(&key.as_str()) {
            keys.push(key);
            let _ = writeln!(
                out,
                "reg query {k} >nul 2>&1 && reg export {k} \"%HL_BACKUP%\\registry-{}.reg\" >nul",
                keys.len()
            );
        }
        if let Some(v) = cmd_exact(value).filter(|_| !value.is_empty()) {
            let _ = writeln!(
                out,
                "reg query {k} /v {v} >nul 2>&1 || >>\"%HL_UNDO%\" echo reg delete {k} /v {v} /f"
            );
        }
    }
    for op in &plan.operations {
        match &op.action {
            Action::Service(s) => {
                if let Some(n) = cmd_exact(&s.name) {
                    let _ = writeln!(out, "call :save_service {n}");
                }
            }
            Action::IisDenyAnonymousWrite { path } => {
                let _ = writeln!(
                    out,
                    "if exist {} icacls {} /save \"%HL_BACKUP%\\acl-{}.txt\" /t >nul",
                    cmd_str(path),
                    cmd_str(path),
                    cmd_safe(&op.id)
                );
            }
            _ => {}
        }
    }
    if has_iis(plan) {
        let _ = writeln!(
            out,
            "if \"%HL_OLD%\"==\"1\" (\n  cscript //nologo \"%SystemRoot%\\system32\\iisback.vbs\" /backup /b hardline-legacy /overwrite >nul\n) else (\n  if exist {APPCMD} {APPCMD} add backup \"hardline-legacy\" >nul\n)"
        );
    }
    out.push_str("exit /b 0\n\n");
    out
}

fn has_iis(plan: &Plan) -> bool {
    plan.of(|a| {
        matches!(
            a,
            Action::IisExtension { .. }
                | Action::IisRemoveVirtualDirectory { .. }
                | Action::IisRequireSsl { .. }
        )
    })
    .next()
    .is_some()
}

fn undo(plan: &Plan) -> String {
    let mut out = String::from(
        ":undo\nif not exist \"%HL_UNDO%\" (\n  echo No backup in \"%HL_BACKUP%\": nothing to undo.\n  exit /b 1\n)\n",
    );
    for op in &plan.operations {
        match &op.action {
            Action::FirewallRule(r) => {
                let proto = r.protocol.name();
                for (a, b) in &r.ports.0 {
                    let _ = writeln!(
                        out,
                        "if \"%HL_OLD%\"==\"1\" for /L %%p in ({a},1,{b}) do netsh firewall delete portopening protocol={proto} port=%%p >nul 2>&1"
                    );
                }
                let _ = writeln!(
                    out,
                    "if \"%HL_OLD%\"==\"0\" netsh advfirewall firewall delete rule name={} >nul 2>&1",
                    cmd_str(&r.name)
                );
            }
            Action::FirewallProgram(p) => {
                let _ = writeln!(
                    out,
                    "if \"%HL_OLD%\"==\"1\" (\n  netsh firewall delete allowedprogram program={} >nul 2>&1\n) else (\n  netsh advfirewall firewall delete rule name={} >nul 2>&1\n)",
                    cmd_str(&p.program),
                    cmd_str(&p.name)
                );
            }
            Action::IisDenyAnonymousWrite { path } => {
                let _ = writeln!(
                    out,
                    "if exist \"%HL_BACKUP%\\acl-{id}.txt\" icacls {} /restore \"%HL_BACKUP%\\acl-{id}.txt\" >nul",
                    cmd_str(&parent(path)),
                    id = cmd_safe(&op.id)
                );
            }
            _ => {}
        }
    }
    out.push_str(
        "if \"%HL_OLD%\"==\"0\" if exist \"%HL_BACKUP%\\audit.csv\" auditpol /restore /file:\"%HL_BACKUP%\\audit.csv\" >nul\n\
         for %%f in (\"%HL_BACKUP%\\registry-*.reg\") do reg import \"%%~f\" >nul\n\
         call \"%HL_UNDO%\"\n\
         secedit /configure /db \"%HL_BACKUP%\\undo.sdb\" /cfg \"%HL_BACKUP%\\security.inf\" /areas SECURITYPOLICY /quiet\n",
    );
    if has_iis(plan) {
        let _ = writeln!(
            out,
            "if \"%HL_OLD%\"==\"1\" (\n  cscript //nologo \"%SystemRoot%\\system32\\iisback.vbs\" /restore /b hardline-legacy >nul\n) else (\n  if exist {APPCMD} {APPCMD} restore backup \"hardline-legacy\" >nul\n)"
        );
    }
    out.push_str(
        "echo Undo finished. Services that legacy.cmd stopped must be started by hand.\nexit /b 0\n\n",
    );
    out
}

const SUBROUTINES: &str = r#":fail
echo FAILED: %~1
set /a HL_FAILED+=1
exit /b 0

:service_key
rem Sets HL_SVC to the service's key name: the name given, or the service whose display name it
rem is (some documents give only that); empty when there is no such service.
set "HL_SVC="
sc.exe query "%~1" >nul 2>&1
if not errorlevel 1 set "HL_SVC=%~1"
if defined HL_SVC exit /b 0
for /f "tokens=3" %%s in ('sc.exe getkeyname "%~1" ^| find "="') do set "HL_SVC=%%s"
exit /b 0

:save_service
call :service_key "%~1"
if not defined HL_SVC exit /b 0
set "HL_START="
for /f "tokens=3" %%s in ('sc.exe qc "%HL_SVC%" ^| find "START_TYPE"') do set "HL_START=%%s"
if "%HL_START%"=="" exit /b 0
if "%HL_START%"=="2" set "HL_START=auto"
if "%HL_START%"=="3" set "HL_START=demand"
if "%HL_START%"=="4" set "HL_START=disabled"
>>"%HL_UNDO%" echo sc.exe config "%HL_SVC%" start= %HL_START%
exit /b 0

:rdp_guard
rem Refuses to turn Remote Desktop off while it is in use, unless run as: legacy.cmd force
if "%HL_FORCE%"=="1" exit /b 0
set "HL_RDP=0"
if /i "%SESSIONNAME:~0,7%"=="RDP-Tcp" set "HL_RDP=1"
netstat -an | find ":3389 " | find "ESTABLISHED" >nul
if not errorlevel 1 set "HL_RDP=1"
if "%HL_RDP%"=="0" exit /b 0
echo REFUSED %~1: Remote Desktop is in use. Run "legacy.cmd force" to apply it anyway.
set /a HL_SKIPPED+=1
exit /b 1

:port_guard
rem Refuses a rule that restricts a port while a client is connected on it (cmd cannot match
rem addresses against subnets), unless run as: legacy.cmd force
if "%HL_FORCE%"=="1" exit /b 0
netstat -an | find ":%~2 " | find "ESTABLISHED" >nul
if errorlevel 1 exit /b 0
echo REFUSED %~1: a client is connected on port %~2 and this rule restricts who may connect. Check plan.md, then run "legacy.cmd force".
set /a HL_SKIPPED+=1
exit /b 1
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::every_action;

    #[test]
    fn lockout_operations_are_guarded_and_undo_restores() {
        let plan = every_action("x");
        let cmd = legacy_cmd(&plan);
        for w in &plan.lockout {
            let guarded = cmd.contains(&format!("call :rdp_guard \"{}\"", w.operation))
                || cmd.contains(&format!("call :port_guard \"{}\"", w.operation));
            assert!(guarded, "{} is not guarded", w.operation);
        }
        for needle in [
            ":undo",
            "reg import",
            "auditpol /restore",
            "netsh advfirewall firewall delete rule name=\"HL-IPO-rdp\"",
            "call \"%HL_UNDO%\"",
        ] {
            assert!(cmd.contains(needle), "legacy.cmd lacks {needle}");
        }
    }
}

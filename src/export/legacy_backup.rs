//! The backup legacy.cmd takes before it changes anything, and `legacy.cmd undo`.
//!
//! The backup goes into `hardline-legacy-backup\` beside the script: the firewall (2008: the
//! exported policy; 2003: each opening and exception of the plan, from the registry), the audit
//! policy, the security template, every registry key the plan writes, the start type of every
//! service it changes (delayed start included), the ACLs and the IIS configuration. What the
//! undo needs besides those files is kept in `undo-data.txt`, lines of `kind|...` read back with
//! `for /f`, whose variables cmd never expands again. That file appears only when the whole
//! backup was written: a run whose backup fails stops before the first change, and a later run
//! takes the backup again. A first complete backup is kept on reruns.

use super::legacy_access::{backup_2003, undo_2003};
use super::legacy_ops::{APPCMD, Later, parent};
use super::quote::{cmd_echo, cmd_exact, cmd_quoted, cmd_safe};
use crate::plan::{Action, Plan};
use std::fmt::Write;

/// Registry keys the plan writes, below HKLM, with the value names.
fn registry_keys(plan: &Plan) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for op in &plan.operations {
        match &op.action {
            Action::Registry(r) => out.push((r.key.clone(), r.value.clone())),
            Action::RemoteDesktop {
                enabled,
                require_nla,
            } => out.extend(
                super::windows::rdp_values(*enabled, *require_nla)
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

/// The paths of the plan's ACL changes that cmd can name exactly, with their operation id.
fn acl_paths(plan: &Plan) -> Vec<(String, String, String)> {
    plan.operations
        .iter()
        .filter_map(|op| match &op.action {
            Action::IisDenyAnonymousWrite { path } => Some((
                cmd_safe(&op.id),
                cmd_quoted(path)?,
                cmd_quoted(&parent(path))?,
            )),
            _ => None,
        })
        .collect()
}

const BACKUP_START: &str = r#":backup
if exist "%HL_UNDO%" (
  echo Keeping the first backup in "%HL_BACKUP%".
  exit /b 0
)
set "HL_BAD="
set "HL_NEW=%HL_BACKUP%\undo-data.new"
if not exist "%HL_BACKUP%\" mkdir "%HL_BACKUP%" 2>nul
rem What a backup that did not finish left: patterns unquoted, in the folder (Wine's cmd does
rem not expand a quoted one).
pushd "%HL_BACKUP%"
for %%f in (undo-data.new firewall.wfw audit.csv security.inf registry-*.reg acl-*.txt) do del /f /q "%%f" 2>nul
popd
>"%HL_NEW%" echo ;undo data of legacy.cmd, read by: legacy.cmd undo
if not exist "%HL_NEW%" set "HL_BAD=the folder cannot be written"
if defined HL_BAD goto :backup_failed
if "%HL_OLD%"=="0" (
  netsh advfirewall export "%HL_BACKUP%\firewall.wfw" >nul
  if errorlevel 1 set "HL_BAD=the firewall policy"
  auditpol /backup /file:"%HL_BACKUP%\audit.csv" >nul
  if errorlevel 1 set "HL_BAD=the audit policy"
)
secedit /export /cfg "%HL_BACKUP%\security.inf" /areas SECURITYPOLICY /quiet >nul
if errorlevel 1 set "HL_BAD=the security policy"
"#;

const BACKUP_END: &str = r#"if defined HL_BAD goto :backup_failed
rem Only now the backup is complete: a later run that finds it keeps it.
move /y "%HL_NEW%" "%HL_UNDO%" >nul
if not exist "%HL_UNDO%" set "HL_BAD=its undo data"
if defined HL_BAD goto :backup_failed
echo The prior state is saved in "%HL_BACKUP%".
exit /b 0

:backup_failed
echo Cannot write the backup in "%HL_BACKUP%": %HL_BAD%.
echo Nothing was changed. Run legacy.cmd from a folder this account can write to.
exit /b 1

"#;

pub(super) fn backup(plan: &Plan) -> String {
    let mut out = String::from(BACKUP_START);
    let mut keys: Vec<&str> = Vec::new();
    for (key, value) in registry_keys(plan).iter() {
        let full = format!("HKLM\\{key}");
        let (Some(k), Some(echoed)) = (cmd_exact(&full), cmd_echo(&full)) else {
            continue;
        };
        if !keys.contains(&key.as_str()) {
            keys.push(key);
            let _ = writeln!(
                out,
                "reg query {k} >nul 2>&1\nif errorlevel 1 (>>\"%HL_NEW%\" echo regkey^|{echoed}^|) else (\n  reg export {k} \"%HL_BACKUP%\\registry-{}.reg\" >nul\n  if errorlevel 1 set \"HL_BAD=registry key {}\"\n)",
                keys.len(),
                cmd_safe(key)
            );
        }
        if let (Some(v), Some(ev)) = (
            cmd_exact(value).filter(|_| !value.is_empty()),
            cmd_echo(value),
        ) {
            let _ = writeln!(
                out,
                "reg query {k} /v {v} >nul 2>&1\nif errorlevel 1 >>\"%HL_NEW%\" echo regdel^|{echoed}^|{ev}"
            );
        }
    }
    for op in &plan.operations {
        if let Action::Service(s) = &op.action
            && let Some(n) = cmd_exact(&s.name)
        {
            let _ = writeln!(
                out,
                "call :save_service {n}\nif errorlevel 1 set \"HL_BAD=the start type of service {}\"",
                cmd_safe(&s.name)
            );
        }
    }
    let firewall_2003 = backup_2003(plan);
    if !firewall_2003.is_empty() {
        out.push_str("if \"%HL_OLD%\"==\"1\" call :hl_backup_2003\n");
    }
    for (id, path, _) in acl_paths(plan) {
        let _ = writeln!(
            out,
            "if \"%HL_ICACLS%\"==\"1\" if exist {path} (\n  icacls {path} /save \"%HL_BACKUP%\\acl-{id}.txt\" /t >nul\n  if errorlevel 1 set \"HL_BAD=the access list of {id}\"\n)"
        );
    }
    if has_iis(plan) {
        let _ = writeln!(
            out,
            "if \"%HL_OLD%\"==\"1\" (\n  cscript //nologo \"%SystemRoot%\\system32\\iisback.vbs\" /backup /b hardline-legacy /overwrite >nul\n  if errorlevel 1 set \"HL_BAD=the IIS configuration\"\n)\nif \"%HL_OLD%\"==\"0\" if exist {APPCMD} (\n  {APPCMD} delete backup \"hardline-legacy\" >nul 2>&1\n  {APPCMD} add backup \"hardline-legacy\" >nul\n  if errorlevel 1 set \"HL_BAD=the IIS configuration\"\n)"
        );
    }
    out.push_str(BACKUP_END);
    if !firewall_2003.is_empty() {
        let _ = write!(out, ":hl_backup_2003\n{firewall_2003}exit /b 0\n\n");
    }
    out
}

const UNDO_START: &str = r#":undo
if not exist "%HL_UNDO%" (
  echo No backup in "%HL_BACKUP%": nothing to undo.
  exit /b 1
)
set "HL_UNDO_FAILED=0"
if "%HL_OLD%"=="0" (
  netsh advfirewall import "%HL_BACKUP%\firewall.wfw" >nul
  if errorlevel 1 (echo FAILED: the firewall policy & set /a HL_UNDO_FAILED+=1)
)
"#;

const UNDO_DATA: &str = r#"pushd "%HL_BACKUP%"
for %%f in (registry-*.reg) do (
  reg import "%%f" >nul 2>&1
  if errorlevel 1 (echo FAILED: registry %%f & set /a HL_UNDO_FAILED+=1)
)
popd
for /f "usebackq tokens=1-4 delims=|" %%a in ("%HL_UNDO%") do (
  if "%%a"=="regdel" (
    reg query "%%b" /v "%%c" >nul 2>&1
    if not errorlevel 1 (
      reg delete "%%b" /v "%%c" /f >nul
      if errorlevel 1 (echo FAILED: delete %%b %%c & set /a HL_UNDO_FAILED+=1)
    )
  )
  if "%%a"=="service" (
    sc.exe config "%%b" start= %%c >nul
    if errorlevel 1 (echo FAILED: start type of %%b & set /a HL_UNDO_FAILED+=1)
  )
  if "%%a|%%d"=="copyback|dir" (
    xcopy "%HL_BACKUP%\files\%%b" "%%c" /e /i /h /y >nul
    if errorlevel 1 (echo FAILED: copy back of %%c & set /a HL_UNDO_FAILED+=1)
  )
  if "%%a|%%d"=="copyback|file" (
    copy /y "%HL_BACKUP%\files\%%b\*" "%%~dpc" >nul
    if errorlevel 1 (echo FAILED: copy back of %%c & set /a HL_UNDO_FAILED+=1)
  )
  if "%%a"=="sql" call :hl_undo_sql_%%b
)
for /f "usebackq tokens=1-3 delims=|" %%a in ("%HL_UNDO%") do if "%%a"=="regkey" reg delete "%%b" /f >nul 2>&1
secedit /configure /db "%HL_BACKUP%\undo.sdb" /cfg "%HL_BACKUP%\security.inf" /areas SECURITYPOLICY /quiet >nul
if errorlevel 1 (echo FAILED: the security policy & set /a HL_UNDO_FAILED+=1)
"#;

const UNDO_END: &str = r#"rem The audit policy last: the security template above carries the old category settings, which
rem would overwrite the subcategories auditpol restores.
if "%HL_OLD%"=="0" (
  auditpol /restore /file:"%HL_BACKUP%\audit.csv" >nul
  if errorlevel 1 (echo FAILED: the audit policy & set /a HL_UNDO_FAILED+=1)
)
echo.
if not "%HL_UNDO_FAILED%"=="0" (
  echo Undo finished with %HL_UNDO_FAILED% failures: see above.
  exit /b 1
)
echo Undo finished. Services that legacy.cmd stopped must be started by hand.
exit /b 0

"#;

pub(super) fn undo(plan: &Plan, later: &Later) -> String {
    let mut out = String::from(UNDO_START);
    let (firewall_2003, restore_2003) = undo_2003(plan);
    out.push_str("if \"%HL_OLD%\"==\"1\" call :hl_undo_2003\n");
    out.push_str(UNDO_DATA);
    for (id, _, parent) in acl_paths(plan) {
        let _ = writeln!(
            out,
            "if exist \"%HL_BACKUP%\\acl-{id}.txt\" (\n  icacls {parent} /restore \"%HL_BACKUP%\\acl-{id}.txt\" >nul\n  if errorlevel 1 (echo FAILED: the access list of {id} & set /a HL_UNDO_FAILED+=1)\n)"
        );
    }
    if has_iis(plan) {
        let _ = writeln!(
            out,
            "if \"%HL_OLD%\"==\"1\" (\n  cscript //nologo \"%SystemRoot%\\system32\\iisback.vbs\" /restore /b hardline-legacy >nul\n  if errorlevel 1 (echo FAILED: the IIS configuration & set /a HL_UNDO_FAILED+=1)\n)\nif \"%HL_OLD%\"==\"0\" if exist {APPCMD} (\n  {APPCMD} restore backup \"hardline-legacy\" >nul\n  if errorlevel 1 (echo FAILED: the IIS configuration & set /a HL_UNDO_FAILED+=1)\n)"
        );
    }
    out.push_str(UNDO_END);
    let _ = write!(
        out,
        ":hl_undo_2003\n{firewall_2003}exit /b 0\n\n{restore_2003}"
    );
    for (n, statement) in later.sql_undo.iter().enumerate() {
        let _ = write!(
            out,
            ":hl_undo_sql_{}\n{statement}\nif errorlevel 1 (echo FAILED: the undo of SQL change {} & set /a HL_UNDO_FAILED+=1)\nexit /b 0\n\n",
            n + 1,
            n + 1
        );
    }
    out
}

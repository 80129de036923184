//! legacy.cmd: Windows Server 2003 and 2008 (cmd.exe, no PowerShell). `legacy.cmd` applies,
//! `legacy.cmd force` also applies what the lock-out guard refuses, `legacy.cmd undo` restores
//! from the backup the first run made. Quoting rules: see `quote.rs` (cmd).
//!
//! The run: the backup first (nothing is changed when any part of it cannot be written), then
//! each operation between `:begin` and `:end`, which count it as applied, already in place,
//! failed or skipped; a failure is shown and the run goes on; a summary at the end, and exit
//! code 1 when anything failed. Lines end in CR LF: cmd.exe finds `call` and `goto` labels by
//! scanning the file, which can fail with LF alone.

use super::legacy_access;
use super::legacy_backup::{backup, undo};
use super::legacy_ops::{Later, check, operation};
use super::quote::{cmd_safe, cmd_str};
use crate::plan::Plan;
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
    let mut later = Later::default();
    for op in &plan.operations {
        out.push_str(&operation(plan, op, &mut later));
        out.push('\n');
    }
    out.push_str(&legacy_access::operations(plan, &mut later));
    out.push_str(&security_policy(&later));
    out.push_str("goto :summary\n\n");
    out.push_str(SUMMARY);
    out.push_str(&backup(plan));
    out.push_str(&undo(plan, &later));
    for (n, body) in later.guarded.iter().enumerate() {
        let _ = write!(out, ":hl_guarded_{}\n{body}exit /b 0\n\n", n + 1);
    }
    out.push_str(SUBROUTINES);
    out.replace('\n', "\r\n")
}

const PRELUDE: &str = r#"setlocal EnableExtensions DisableDelayedExpansion
set "HL_BACKUP=%~dp0hardline-legacy-backup"
set "HL_UNDO=%HL_BACKUP%\undo-data.txt"
set "HL_APPLIED=0"
set "HL_INPLACE=0"
set "HL_FAILED=0"
set "HL_SKIPPED=0"
set "HL_FAILED_IDS="
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
rem icacls.exe comes with Windows Server 2003 SP2 and every later version.
set "HL_ICACLS=0"
if exist "%SystemRoot%\system32\icacls.exe" set "HL_ICACLS=1"
if /i "%~1"=="undo" goto :undo
call :backup
if errorlevel 1 exit /b 1

"#;

const SUMMARY: &str = r#":summary
echo.
echo Summary: %HL_APPLIED% applied, %HL_INPLACE% already in place, %HL_FAILED% failed, %HL_SKIPPED% skipped.
if not "%HL_SKIPPED%"=="0" echo Skipped: refused by the lock-out guard or left to the installer, see REFUSED and BY HAND above.
if "%HL_FAILED%"=="0" goto :summary_done
echo Failed:%HL_FAILED_IDS%
echo The prior state is in "%HL_BACKUP%". Undo with: legacy.cmd undo
exit /b 1
:summary_done
echo The prior state is in "%HL_BACKUP%". Undo with: legacy.cmd undo
exit /b 0

"#;

const SUBROUTINES: &str = include_str!("cmd/subroutines.cmd");

/// One secedit template for the account policy, the built-in accounts, and on 2003 the audit
/// policy; ASCII only (see `legacy_ops::account`), written by cmd in the OEM code page and read
/// by secedit in the ANSI one.
fn security_policy(later: &Later) -> String {
    if later.system_access.is_empty() && later.event_audit.is_empty() {
        return String::new();
    }
    let mut body = String::from(
        "set \"HL_INF=%HL_BACKUP%\\hardline-policy.inf\"\n\
         >\"%HL_INF%\" echo [Version]\n\
         >>\"%HL_INF%\" echo signature=\"$CHICAGO$\"\n\
         >>\"%HL_INF%\" echo Revision=1\n\
         >>\"%HL_INF%\" echo [System Access]\n",
    );
    for line in &later.system_access {
        let _ = writeln!(body, ">>\"%HL_INF%\" echo {line}");
    }
    if !later.event_audit.is_empty() {
        body.push_str("if \"%HL_OLD%\"==\"1\" (\n  >>\"%HL_INF%\" echo [Event Audit]\n");
        for line in &later.event_audit {
            let _ = writeln!(body, "  >>\"%HL_INF%\" echo {line}");
        }
        body.push_str(")\n");
    }
    let run = format!(
        "secedit /configure /db \"%HL_BACKUP%\\hardline.sdb\" /cfg \"%HL_INF%\" /areas SECURITYPOLICY /quiet >nul\n{}\n",
        check("secedit /configure")
    );
    // On 2008 the audit policy is auditpol's: without account settings there is nothing here.
    let run = if later.system_access.is_empty() {
        format!("if \"%HL_OLD%\"==\"1\" (\n{run})\n")
    } else {
        run
    };
    format!(
        "rem security-policy: account policy, built-in accounts, and the audit policy on 2003\ncall :begin {}\n{body}{run}call :end\n\n",
        cmd_str("security-policy")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::every_action;

    #[test]
    fn lockout_operations_are_guarded_and_undo_restores() {
        let plan = every_action("x");
        let cmd = legacy_cmd(&plan);
        for w in &plan.lockout {
            let at = cmd
                .find(&format!("call :begin \"{}\"", w.operation))
                .unwrap_or_else(|| panic!("{} is not in legacy.cmd", w.operation));
            let op = &cmd[at..at + cmd[at..].find("call :end").unwrap()];
            assert!(
                op.contains("call :rdp_guard") || op.contains("call :port_guard"),
                "{} is not guarded:\n{op}",
                w.operation
            );
        }
        for needle in [
            ":undo",
            "reg import",
            "auditpol /restore",
            "netsh advfirewall import",
            "if \"%%a\"==\"port\"",
        ] {
            assert!(cmd.contains(needle), "legacy.cmd lacks {needle}");
        }
    }

    #[test]
    fn every_line_ends_in_crlf() {
        let cmd = legacy_cmd(&every_action("x"));
        assert!(cmd.ends_with("\r\n"));
        for (n, line) in cmd.split_inclusive('\n').enumerate() {
            assert!(
                line.ends_with("\r\n"),
                "line {} ends in LF only: {line:?}",
                n + 1
            );
            assert!(
                !line[..line.len() - 2].contains('\r'),
                "line {}: {line:?}",
                n + 1
            );
        }
    }
}

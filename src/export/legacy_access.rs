//! The plan's effective inbound access in legacy.cmd (`plan.effective_access`, decided in
//! `plan::access`): besides the plan's own rules, no other enabled inbound allow rule may admit
//! more than the plan. What cmd can and cannot do about the other rules:
//! - Windows Server 2008: the built-in groups with a locale-independent name (Remote Desktop,
//!   File and Printer Sharing) are found with `netsh advfirewall firewall set rule
//!   group="@FirewallAPI.dll,-28752" dir=in protocol=TCP localport=3389` and disabled: the
//!   plan's own rule admits who may connect, so disabling the other one leaves exactly that.
//!   Every other rule can be found only by reading netsh's translated output: a BY HAND step
//!   names the port and the addresses it may admit.
//! - Windows Server 2003: the firewall keeps one opening per port and one exception per
//!   program, which the plan's own replaces (recorded first: see `backup_2003`); programs
//!   allowed through it admit the ports they listen on, and the Remote Desktop and File and
//!   Printer Sharing exceptions are kept apart from the openings: BY HAND.
//!
//! The undo of 2008 imports the whole firewall policy exported before the change; on 2003 each
//! opening and exception comes back as it was recorded (scope, mode and name), or is deleted when
//! there was none.

use super::legacy_firewall::port_guards;
use super::legacy_ops::{Later, by_hand, by_version, check};
use super::quote::{cmd_quoted, cmd_safe, cmd_str};
use crate::catalog::{PortSpec, Protocol};
use crate::plan::{BuiltinGroup, Plan, RemoteScope};
use crate::plan::{PortAccess, allowed_label};

/// The 2008 lines that disable the built-in rules of Windows for `ports` of `protocol`.
pub(super) fn disable_builtin(protocol: Protocol, ports: &PortSpec) -> Vec<String> {
    let mut out = Vec::new();
    for g in BuiltinGroup::ALL {
        let Some(group) = g.group() else {
            continue;
        };
        for &(p, port) in g.ports() {
            if p != protocol || !ports.contains(port) {
                continue;
            }
            out.push(format!(
                "netsh advfirewall firewall set rule group=\"{group}\" dir=in protocol={} localport={port} new enable=no >nul",
                p.name()
            ));
            out.push(check(&format!("disable the built-in {} rules", g.label())));
            out.push(format!(
                "echo   Disabled: the built-in {} rules for {} {port}.",
                cmd_safe(g.label()),
                p.name()
            ));
        }
    }
    if out.is_empty() {
        out.push("echo   No built-in rule of Windows opens these ports.".into());
        out.push("call :same".into());
    }
    out
}

fn span_ports(s: &PortAccess) -> PortSpec {
    PortSpec(vec![(s.from, s.to)])
}

/// Whether a span admits fewer than everybody: its other rules must be brought down to it.
fn restricted(s: &PortAccess) -> bool {
    !s.allowed.is_empty() && s.allowed != [RemoteScope::Any]
}

fn id_of(s: &PortAccess) -> String {
    let range = if s.from == s.to {
        s.from.to_string()
    } else {
        format!("{}-{}", s.from, s.to)
    };
    format!("access-{}-{range}", s.protocol.name().to_lowercase())
}

/// One operation per restricted span with a built-in group, then one for the rules cmd cannot
/// find; the closed spans are their `ClosePort` operations'.
pub(super) fn operations(plan: &Plan, later: &mut Later) -> String {
    let access = &plan.effective_access;
    let mut out = String::new();
    for span in access.ports.iter().filter(|s| restricted(s)) {
        let named: Vec<BuiltinGroup> = span
            .builtin
            .iter()
            .copied()
            .filter(|g| g.group().is_some())
            .collect();
        if named.is_empty() {
            continue;
        }
        let who = allowed_label(&span.allowed);
        let labels: Vec<&str> = named.iter().map(|g| g.label()).collect();
        let old = by_hand(&format!(
            "limit the {} exception (firewall.cpl, Exceptions, Edit, Change scope) to {who}, or turn it off: the plan's opening of {} admits who may connect",
            labels.join(" and "),
            span.label()
        ));
        let new = disable_builtin(span.protocol, &span_ports(span));
        let body = by_version(&old, &new);
        let id = id_of(span);
        out.push_str(&format!(
            "rem {id}: the built-in rules for {} admit no more than {}\ncall :begin {}\n{}call :end\n\n",
            span.label(),
            cmd_safe(&who),
            cmd_str(&id),
            later.guard(port_guards(span.protocol, &span_ports(span), false), body)
        ));
    }
    out.push_str(&other_rules(plan));
    out
}

/// The BY HAND step for the allow rules cmd cannot find, listing each port and program.
fn other_rules(plan: &Plan) -> String {
    let access = &plan.effective_access;
    let mut new: Vec<String> = Vec::new();
    let mut old: Vec<String> = Vec::new();
    for span in &access.ports {
        if !restricted(span) && !span.allowed.is_empty() {
            continue;
        }
        let verb = if span.allowed.is_empty() {
            "disable it".to_string()
        } else {
            format!("disable it or limit it to {}", allowed_label(&span.allowed))
        };
        let iis = span.builtin.contains(&BuiltinGroup::WorldWideWebServices);
        new.push(format!(
            "every other enabled inbound allow rule for {}{} (wf.msc): {verb}",
            span.label(),
            if iis {
                ", the built-in World Wide Web Services ones included"
            } else {
                ""
            }
        ));
    }
    for p in access
        .programs
        .iter()
        .filter(|p| p.allowed.is_empty() || p.allowed != [RemoteScope::Any])
    {
        let verb = if p.allowed.is_empty() {
            "disable it".to_string()
        } else {
            format!("disable it or limit it to {}", allowed_label(&p.allowed))
        };
        new.push(format!(
            "every other enabled inbound allow rule for program {} (wf.msc): {verb}",
            p.program
        ));
    }
    if new.is_empty() {
        return String::new();
    }
    if !access.ports.is_empty() {
        old.push(
            "programs allowed through the firewall admit every port they listen on (netsh firewall show allowedprogram): none may listen on a port of plan.md it should not admit"
                .into(),
        );
    }
    let step = |v: &[String]| -> Vec<String> {
        let mut lines: Vec<String> = v
            .iter()
            .flat_map(|t| by_hand(t).into_iter().take(1))
            .collect();
        lines.push(if v.is_empty() {
            "call :same".into()
        } else {
            "call :skip".into()
        });
        lines
    };
    format!(
        "rem other-rules: the allow rules legacy.cmd cannot find (netsh prints them translated)\ncall :begin \"other-rules\"\n{}call :end\n\n",
        by_version(&step(&old), &step(&new))
    )
}

/// The registry list of the 2003 firewall under `%%P` (DOMAIN or STANDARD).
fn list_2003(kind: &str) -> String {
    format!(
        "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\%%PProfile\\{kind}\\List"
    )
}

/// How `reg query` prints an exception of the 2003 firewall, split at colons, spaces and tabs:
/// the path, `REG_SZ`, then `<path>:<scope>:<mode>:<name>`. The field after the path's own
/// pieces is the scope, and `for /f` counts at most 31 of them: a program whose path has more
/// pieces cannot be recorded, and legacy.cmd leaves its exception to the installer on 2003.
pub(super) fn recordable_2003(program: &str) -> Option<(String, usize)> {
    let pieces = program
        .split([':', ' ', '\t'])
        .filter(|p| !p.is_empty())
        .count();
    let scope = 2 * pieces + 2;
    (scope + 2 <= 31).then_some(())?;
    Some((cmd_quoted(program)?, scope))
}

/// The programs of the plan that cmd can record, with their number in the undo data.
fn programs(plan: &Plan) -> Vec<(usize, String, usize)> {
    plan.effective_access
        .programs
        .iter()
        .filter_map(|p| recordable_2003(&p.program))
        .enumerate()
        .map(|(i, (q, scope))| (i + 1, q, scope))
        .collect()
}

/// Backup lines for 2003, the body of a subroutine (top-level lines: Wine's cmd loses a block that
/// holds a `for /f` over a command with parentheses): each port and program of the plan, as the
/// firewall has it now.
pub(super) fn backup_2003(plan: &Plan) -> String {
    let mut lines: Vec<String> = Vec::new();
    for span in &plan.effective_access.ports {
        lines.push(format!(
            "for /L %%p in ({},1,{}) do call :save_port_2003 {} %%p",
            span.from,
            span.to,
            span.protocol.name()
        ));
    }
    // One profile after the other, not in a loop: Wine's cmd runs no `for /f` inside another.
    for (n, program, scope) in programs(plan) {
        for profile in ["DOMAIN", "STANDARD"] {
            let list = list_2003("AuthorizedApplications").replace("%%P", profile);
            lines.push(format!(
                "set \"HL_SEEN=\"
for /f \"tokens={scope},{}* delims=\t: \" %%a in ('reg query \"{list}\" /v {program} 2^>nul ^| find \"REG_SZ\"') do (
  set \"HL_SEEN=1\"
  if /i \"%%b\"==\"Enabled\" >>\"%HL_NEW%\" echo program^|{n}^|{profile}^|%%a^|ENABLE^|%%c
  if /i not \"%%b\"==\"Enabled\" >>\"%HL_NEW%\" echo program^|{n}^|{profile}^|%%a^|DISABLE^|%%c
)
if not defined HL_SEEN >>\"%HL_NEW%\" echo program^|{n}^|{profile}^|-",
                scope + 1
            ));
        }
    }
    lines.into_iter().map(|l| l + "\n").collect()
}

/// A subroutine that puts one recorded opening or exception back, or deletes the one the plan
/// made where there was none. The caller passes the profile, the key of the line and the scope
/// (plain text); the name is read again from the undo data, inside one `for /f` whose variables
/// cmd never expands again, so that `%`, `^` and `&` in it come back as they were. Flat lines, no
/// `if ... else` around a `for` and no `do if ... (`: Wine's cmd loses such blocks.
fn restore(label: &str, kind: &str, what: &str, said: &str, key: &str, v: [&str; 3]) -> String {
    let [profile, mode, name] = v;
    format!(
        ":{label}
if \"%~2\"==\"-\" netsh firewall delete {kind} {what} profile=%~1 >nul 2>&1
if \"%~2\"==\"-\" exit /b 0
set \"HL_SCOPE=scope=CUSTOM addresses=%~2\"
if \"%~2\"==\"*\" set \"HL_SCOPE=scope=ALL\"
if /i \"%~2\"==\"LocalSubnet\" set \"HL_SCOPE=scope=SUBNET\"
for /f \"usebackq tokens=1-6* delims=|\" %%a in (\"%HL_UNDO%\") do (
  if \"{key}\"==\"%~3\" (
    netsh firewall set {kind} {what} profile={profile} name=\"{name}\" mode={mode} %HL_SCOPE% >nul 2>&1
    if errorlevel 1 netsh firewall add {kind} {what} profile={profile} name=\"{name}\" mode={mode} %HL_SCOPE% >nul
    if errorlevel 1 (echo FAILED: {said} in profile {profile} & set /a HL_UNDO_FAILED+=1)
  )
)
exit /b 0

"
    )
}

/// Undo lines for 2003, the body of a subroutine (as for `backup_2003`), then the subroutines it
/// calls: the recorded openings and exceptions back, the new ones deleted.
pub(super) fn undo_2003(plan: &Plan) -> (String, String) {
    let data = "\"%HL_UNDO%\"";
    // port|<profile>|<port>|<protocol>|<scope or ->|<mode>|<name>
    let mut calls = format!(
        "for /f \"usebackq tokens=1-5 delims=|\" %%a in ({data}) do if \"%%a\"==\"port\" call :hl_restore_port %%b \"%%e\" \"port|%%b|%%c|%%d\" %%c %%d\n"
    );
    let mut subs = restore(
        "hl_restore_port",
        "portopening",
        "protocol=%~5 port=%~4",
        "the opening of %~5 %~4",
        "%%a|%%b|%%c|%%d",
        ["%%b", "%%f", "%%g"],
    );
    // program|<n>|<profile>|<scope or ->|<mode>|<name>
    let programs = programs(plan);
    if !programs.is_empty() {
        calls.push_str(&format!(
            "for /f \"usebackq tokens=1-4 delims=|\" %%a in ({data}) do if \"%%a\"==\"program\" call :hl_restore_program_%%b %%c \"%%d\" \"program|%%b|%%c\"\n"
        ));
    }
    for (n, program, _) in programs {
        subs.push_str(&restore(
            &format!("hl_restore_program_{n}"),
            "allowedprogram",
            &format!("program={program}"),
            &format!("the exception of program {n} of plan.md"),
            "%%a|%%b|%%c",
            ["%%c", "%%e", "%%f"],
        ));
    }
    (calls, subs)
}

//! The firewall operations of legacy.cmd: a rule or a program allowed (`netsh firewall` on 2003,
//! `netsh advfirewall` on 2008), a port or a program kept closed, and the lock-out guards of
//! those that restrict Remote Desktop or SSH.

use super::legacy_ops::{Later, by_hand, by_version, check, lines};
use super::quote::{cmd_quoted, cmd_safe, cmd_str};
use crate::catalog::{FirewallDirection, Protocol};
use crate::plan::{FirewallProgram, FirewallRule, PortSide, RemoteScope};

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

/// The lock-out guards of a change that restricts inbound TCP `ports` (3389, 22), or `closes`
/// them.
pub(super) fn port_guards(
    protocol: Protocol,
    ports: &crate::catalog::PortSpec,
    closes: bool,
) -> Option<String> {
    if protocol != Protocol::Tcp {
        return None;
    }
    let mut guards: Vec<String> = Vec::new();
    if closes && ports.contains(3389) {
        guards.push("call :rdp_guard".into());
    }
    for p in [3389u16, 22] {
        if ports.contains(p) {
            guards.push(format!("call :port_guard {p}"));
        }
    }
    (!guards.is_empty()).then(|| guards.join("\nif not errorlevel 1 "))
}

fn rule_guard(r: &FirewallRule) -> Option<String> {
    let restricts = r.direction == FirewallDirection::Inbound && r.remote != RemoteScope::Any;
    restricts.then(|| port_guards(r.protocol, &r.ports, false))?
}

pub(super) fn firewall_rule(r: &FirewallRule, later: &mut Later) -> String {
    let name = cmd_str(&r.name);
    let (remoteip, scope) = scopes(&r.remote);
    let proto = r.protocol.name();
    let dir = match r.direction {
        FirewallDirection::Inbound => "in",
        FirewallDirection::Outbound => "out",
    };
    let old: Vec<String> = if r.direction == FirewallDirection::Outbound {
        vec![
            "echo   The Windows Server 2003 firewall filters inbound traffic only: nothing to do."
                .into(),
            "call :same".into(),
        ]
    } else {
        let entry = cmd_safe(&r.name);
        let mut v: Vec<String> = r
            .ports
            .0
            .iter()
            .map(|(a, b)| {
                let args = format!(
                    "protocol={proto} port=%%p name=\"{entry}-%%p\" mode=ENABLE {scope} profile=ALL"
                );
                format!(
                    "for /L %%p in ({a},1,{b}) do (\n    netsh firewall set portopening {args} >nul 2>&1\n    if errorlevel 1 netsh firewall add portopening {args} >nul\n    if errorlevel 1 call :fail \"netsh firewall portopening %%p\"\n  )"
                )
            })
            .collect();
        v.push("call :applied".into());
        v
    };
    let side = match r.port_side {
        PortSide::Local => "localport",
        PortSide::Remote => "remoteport",
    };
    let new = vec![
        format!("netsh advfirewall firewall delete rule name={name} >nul 2>&1"),
        format!(
            "netsh advfirewall firewall add rule name={name} dir={dir} action=allow protocol={proto} {side}={} remoteip={remoteip} profile=any description={} >nul",
            r.ports,
            cmd_str(&r.description)
        ),
        check("netsh advfirewall firewall add rule"),
    ];
    later.guard(rule_guard(r), by_version(&old, &new))
}

pub(super) fn firewall_program(p: &FirewallProgram) -> String {
    let Some(program) = cmd_quoted(&p.program) else {
        return lines(by_hand(&format!(
            "allow program {} from {} (its path holds a character cmd cannot pass exactly)",
            p.program,
            p.remote.describe()
        )));
    };
    let (remoteip, scope) = scopes(&p.remote);
    let name = cmd_str(&p.name);
    let args = format!("program={program} name={name} mode=ENABLE {scope} profile=ALL");
    let old = match super::legacy_access::recordable_2003(&p.program) {
        Some(_) => vec![
            format!("netsh firewall set allowedprogram {args} >nul 2>&1"),
            format!("if errorlevel 1 netsh firewall add allowedprogram {args} >nul"),
            check("netsh firewall allowedprogram"),
        ],
        None => by_hand(&format!(
            "allow program {} from {} (its path has too many parts for the backup to record its exception)",
            p.program,
            p.remote.describe()
        )),
    };
    by_version(
        &old,
        &[
            format!("netsh advfirewall firewall delete rule name={name} >nul 2>&1"),
            format!(
                "netsh advfirewall firewall add rule name={name} dir=in action=allow program={program} remoteip={remoteip} profile=any >nul"
            ),
            check("netsh advfirewall firewall add rule"),
        ],
    )
}

/// A port the plan keeps closed: on 2003 its openings are deleted (recorded by the backup); on
/// 2008 the built-in rules of Windows for it are disabled (see `legacy_access`).
pub(super) fn close_port(c: &crate::plan::ClosePort, later: &mut Later) -> String {
    let proto = c.protocol.name();
    let mut old: Vec<String> = c
        .ports
        .0
        .iter()
        .map(|(a, b)| format!("for /L %%p in ({a},1,{b}) do call :close_port_2003 {proto} %%p"))
        .collect();
    if old.is_empty() {
        old.push("call :same".into());
    }
    let new = super::legacy_access::disable_builtin(c.protocol, &c.ports);
    later.guard(
        port_guards(c.protocol, &c.ports, true),
        by_version(&old, &new),
    )
}

/// A program the plan keeps unreachable: on 2003 its exception is turned off in each profile; on
/// 2008 its rules cannot be found without reading netsh's translated output.
pub(super) fn close_program(c: &crate::plan::CloseProgram) -> String {
    let Some((program, _)) = super::legacy_access::recordable_2003(&c.program) else {
        return lines(by_hand(&format!(
            "turn off every inbound allow rule for program {} (legacy.cmd cannot pass or record its path exactly)",
            c.program
        )));
    };
    let list = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\%%PProfile\\AuthorizedApplications\\List";
    let old = format!(
        "for %%P in (DOMAIN STANDARD) do (
    reg query \"{list}\" /v {program} >nul 2>&1
    if errorlevel 1 (call :same) else (
      netsh firewall set allowedprogram program={program} mode=DISABLE profile=%%P >nul
      {c}
    )
  )",
        c = check("netsh firewall set allowedprogram")
    );
    let new = by_hand(&format!(
        "turn off every enabled inbound allow rule for program {} (wf.msc, Inbound Rules, filter by program)",
        c.program
    ));
    by_version(&[old], &new)
}

//! Effective inbound access: what the server admits on each port and program the plan names once
//! the scripts ran. Windows admits a packet when any enabled allow rule matches it, so adding our
//! scoped rule narrows nothing by itself: the plan also decides what becomes of every other
//! enabled inbound allow rule for the same traffic, ours excepted. The exporters render that
//! decision; none makes it.
//!
//! The decision, for every other enabled inbound allow rule that admits a port or program of this
//! table (found at run time, the built-in groups below included):
//! - its remote addresses are cut to the ones it shares with `allowed` for every port of the table
//!   it admits ("scoped"); a rule that admits only addresses within them is left as it is;
//! - a rule left with no address (always so for a closed port, `allowed` empty) is disabled;
//! - each change is recorded for the undo and listed in the run's output and result file.
//!
//! A rule matches a port when its protocol and local-port filters admit it, or, for a rule of a
//! program with any port, when that program is the one listening on the port at run time. A rule
//! matches a program when its program filter names the same executable.

use super::builtin::BuiltinGroup;
use super::{Action, Operation, RemoteScope};
use crate::catalog::{FirewallDirection, PortSpec, Protocol};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The plan's effective inbound access, by port span and by program.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct EffectiveAccess {
    pub ports: Vec<PortAccess>,
    pub programs: Vec<ProgramAccess>,
}

/// One span of ports of one protocol, and who may reach it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct PortAccess {
    pub protocol: Protocol,
    pub from: u16,
    pub to: u16,
    /// Who may connect once the plan is carried out; empty: nobody, the port is closed.
    pub allowed: Vec<RemoteScope>,
    /// The operations that open (or close) these ports.
    pub operations: Vec<String>,
    /// Rule groups of Windows known to open these ports on a stock server.
    pub builtin: Vec<BuiltinGroup>,
}

/// One program (its executable) and who may reach it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ProgramAccess {
    pub program: String,
    /// Empty: nobody, the program's rules are disabled.
    pub allowed: Vec<RemoteScope>,
    pub operations: Vec<String>,
}

/// Who may connect, as one list: `[Any]`, or the local subnet and/or addresses, each once.
pub fn union(scopes: &[&RemoteScope]) -> Vec<RemoteScope> {
    if scopes.iter().any(|s| **s == RemoteScope::Any) {
        return vec![RemoteScope::Any];
    }
    let mut out = Vec::new();
    if scopes.iter().any(|s| **s == RemoteScope::LocalSubnet) {
        out.push(RemoteScope::LocalSubnet);
    }
    let mut addresses: Vec<String> = scopes
        .iter()
        .filter_map(|s| match s {
            RemoteScope::Addresses(a) => Some(a.iter().cloned()),
            _ => None,
        })
        .flatten()
        .collect();
    addresses.sort();
    addresses.dedup();
    if !addresses.is_empty() {
        out.push(RemoteScope::Addresses(addresses));
    }
    out
}

/// Who a list of scopes admits, for people; "nobody" for none.
pub fn allowed_label(allowed: &[RemoteScope]) -> String {
    if allowed.is_empty() {
        return "nobody (closed)".into();
    }
    allowed
        .iter()
        .map(RemoteScope::describe)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `ip` may connect under the list (the local subnet counts as unknown: no).
pub fn admits(allowed: &[RemoteScope], ip: &str) -> bool {
    allowed.iter().any(|s| s.admits(ip))
}

/// The ports of `spec` that `open` does not contain, as spans.
pub fn without(spec: &PortSpec, open: &[(u16, u16)]) -> PortSpec {
    let mut out = Vec::new();
    for &(a, b) in &spec.0 {
        let mut start = u32::from(a);
        let end = u32::from(b);
        let mut cuts: Vec<(u32, u32)> = open
            .iter()
            .map(|&(x, y)| (u32::from(x), u32::from(y)))
            .filter(|&(x, y)| y >= start && x <= end)
            .collect();
        cuts.sort();
        for (x, y) in cuts {
            if x > start {
                out.push((start as u16, (x - 1) as u16));
            }
            start = start.max(y + 1);
        }
        if start <= end {
            out.push((start as u16, end as u16));
        }
    }
    PortSpec(out)
}

/// What one operation contributes to the table.
enum Entry<'a> {
    Port(Protocol, &'a PortSpec, Option<&'a RemoteScope>),
    Program(&'a str, Option<&'a RemoteScope>),
}

fn entry(action: &Action) -> Option<Entry<'_>> {
    match action {
        Action::FirewallRule(r) if r.direction == FirewallDirection::Inbound => {
            Some(Entry::Port(r.protocol, &r.ports, Some(&r.remote)))
        }
        Action::FirewallProgram(p) => Some(Entry::Program(&p.program, Some(&p.remote))),
        Action::ClosePort(c) => Some(Entry::Port(c.protocol, &c.ports, None)),
        Action::CloseProgram(c) => Some(Entry::Program(&c.program, None)),
        _ => None,
    }
}

impl EffectiveAccess {
    /// The table of a plan's operations: every inbound rule opens its ports to its scope, every
    /// close names ports or a program nobody may reach unless another operation opens them.
    pub fn of(ops: &[Operation]) -> EffectiveAccess {
        table(ops)
    }
}

fn table(ops: &[Operation]) -> EffectiveAccess {
    let mut access = EffectiveAccess::default();
    for protocol in [Protocol::Tcp, Protocol::Udp] {
        access.ports.extend(port_spans(ops, protocol));
    }
    // Each program once (named as it is first written, compared without case), in the order
    // of the lower-case names, with the operations that name it in their order.
    let mut programs: BTreeMap<String, ProgramAccess> = BTreeMap::new();
    let mut scopes: BTreeMap<String, Vec<&RemoteScope>> = BTreeMap::new();
    for op in ops {
        let Some(Entry::Program(p, scope)) = entry(&op.action) else {
            continue;
        };
        let key = p.to_lowercase();
        let program = programs
            .entry(key.clone())
            .or_insert_with(|| ProgramAccess {
                program: p.to_string(),
                allowed: Vec::new(),
                operations: Vec::new(),
            });
        if p.eq_ignore_ascii_case(&program.program) {
            program.operations.push(op.id.clone());
            scopes.entry(key).or_default().extend(scope);
        }
    }
    for (key, mut program) in programs {
        program.allowed = union(scopes.get(&key).map_or(&[], Vec::as_slice));
        access.programs.push(program);
    }
    access
}

/// Who may reach `port` of `protocol` once the plan is carried out: what the table's span that
/// holds it says (nobody when an operation closes it and none opens it), worked out without the
/// table.
pub fn allowed_at<'a>(
    ops: impl IntoIterator<Item = &'a Operation>,
    protocol: Protocol,
    port: u16,
) -> Vec<RemoteScope> {
    let scopes: Vec<&RemoteScope> = ops
        .into_iter()
        .filter_map(|o| match entry(&o.action) {
            Some(Entry::Port(p, spec, scope)) if p == protocol && spec.contains(port) => scope,
            _ => None,
        })
        .collect();
    union(&scopes)
}

/// The spans of one protocol where the set of operations naming the port is the same.
fn port_spans(ops: &[Operation], protocol: Protocol) -> Vec<PortAccess> {
    let named: Vec<(&Operation, &PortSpec, Option<&RemoteScope>)> = ops
        .iter()
        .filter_map(|o| match entry(&o.action) {
            Some(Entry::Port(p, spec, scope)) if p == protocol => Some((o, spec, scope)),
            _ => None,
        })
        .collect();
    // Every port where the set of operations can change: each span's start and the one past its end.
    let mut edges: Vec<u32> = named
        .iter()
        .flat_map(|(_, spec, _)| spec.0.iter())
        .flat_map(|&(a, b)| [u32::from(a), u32::from(b) + 1])
        .collect();
    edges.sort_unstable();
    edges.dedup();
    // Walked once from the lowest port up: the spans that begin and end at each edge move
    // their operation in or out of the ones naming the ports from there.
    let mut begins: Vec<(u32, usize)> = Vec::new();
    let mut ends: Vec<(u32, usize)> = Vec::new();
    for (i, (_, spec, _)) in named.iter().enumerate() {
        for &(a, b) in &spec.0 {
            begins.push((u32::from(a), i));
            ends.push((u32::from(b) + 1, i));
        }
    }
    begins.sort_unstable();
    ends.sort_unstable();
    let (mut begun, mut ended) = (0, 0);
    // By operation (in their order): how many of its spans hold the current port.
    let mut naming: BTreeMap<usize, isize> = BTreeMap::new();
    let mut out: Vec<PortAccess> = Vec::new();
    for pair in edges.windows(2) {
        let (from, to) = (pair[0] as u16, (pair[1] - 1) as u16);
        while let Some(&(_, i)) = begins.get(begun).filter(|(at, _)| *at <= pair[0]) {
            *naming.entry(i).or_default() += 1;
            begun += 1;
        }
        while let Some(&(_, i)) = ends.get(ended).filter(|(at, _)| *at <= pair[0]) {
            *naming.entry(i).or_default() -= 1;
            ended += 1;
        }
        naming.retain(|_, n| *n != 0);
        let here: Vec<_> = naming
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(i, _)| &named[*i])
            .collect();
        if here.is_empty() {
            continue;
        }
        let scopes: Vec<&RemoteScope> = here.iter().filter_map(|(_, _, s)| *s).collect();
        let operations: Vec<String> = here.iter().map(|(o, _, _)| o.id.clone()).collect();
        let allowed = union(&scopes);
        if let Some(last) = out.last_mut()
            && u32::from(last.to) + 1 == u32::from(from)
            && last.allowed == allowed
            && last.operations == operations
        {
            last.to = to;
            continue;
        }
        out.push(PortAccess {
            protocol,
            from,
            to,
            allowed,
            operations,
            builtin: Vec::new(),
        });
    }
    for span in &mut out {
        span.builtin = BuiltinGroup::ALL
            .into_iter()
            .filter(|g| {
                g.ports()
                    .iter()
                    .any(|&(p, port)| p == protocol && (span.from..=span.to).contains(&port))
            })
            .collect();
    }
    out
}

impl EffectiveAccess {
    /// The span of `protocol` that holds `port`, if the plan names it.
    pub fn port(&self, protocol: Protocol, port: u16) -> Option<&PortAccess> {
        self.ports
            .iter()
            .find(|s| s.protocol == protocol && (s.from..=s.to).contains(&port))
    }

    /// The spans an operation names.
    pub fn of_operation<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a PortAccess> + 'a {
        self.ports
            .iter()
            .filter(move |s| s.operations.iter().any(|o| o == id))
    }

    /// The program entry an operation names.
    pub fn program_of(&self, id: &str) -> Option<&ProgramAccess> {
        self.programs
            .iter()
            .find(|p| p.operations.iter().any(|o| o == id))
    }

    /// The built-in groups the spans of an operation touch, each once.
    pub fn builtin_of(&self, id: &str) -> Vec<BuiltinGroup> {
        let mut out: Vec<BuiltinGroup> = Vec::new();
        for g in self.of_operation(id).flat_map(|s| s.builtin.iter()) {
            if !out.contains(g) {
                out.push(*g);
            }
        }
        out
    }
}

impl PortAccess {
    /// `TCP 3389`, `TCP 44000-44099`.
    pub fn label(&self) -> String {
        if self.from == self.to {
            format!("{} {}", self.protocol.name(), self.from)
        } else {
            format!("{} {}-{}", self.protocol.name(), self.from, self.to)
        }
    }
}

#[cfg(test)]
mod tests;

//! gateway.nft: the rules for the Linux internet access device in front of OXO and OpenScape
//! Business. That device is shared (a DMZ, a VPN, other LANs and forwards of the customer's), so
//! the rules touch only traffic to or from the appliance: a DNAT of the chosen public port on the
//! one public address the wizard asked for, drops of what reaches the appliance from the WAN and
//! is not allowed, and (when chosen) a masquerade of the appliance's own connections that the
//! gateway's NAT left untranslated. A drop in any base chain is final in nftables, so our chains
//! accept by default and drop nothing else. gateway.sh and the systemd unit: `gateway_sh`.

use super::quote::{comment, nft_comment, nft_name};
use crate::catalog::{FieldType, Protocol, validate_field};
use crate::plan::{Action, Operation, Plan, PortForward, RemoteScope};
use std::fmt::Write;
use std::net::Ipv4Addr;

/// A forward of the plan that can be written, with its addresses checked.
pub(super) struct Forward<'a> {
    pub op: &'a Operation,
    pub f: &'a PortForward,
    pub public: Ipv4Addr,
    pub target: Ipv4Addr,
    /// The sources allowed; None: every source.
    pub sources: Option<&'a [String]>,
}

/// The forwards of the plan that can be written, and why the others cannot.
pub(super) fn forwards(plan: &Plan) -> (Vec<Forward<'_>>, Vec<String>) {
    let mut ok = Vec::new();
    let mut refused = Vec::new();
    for op in &plan.operations {
        if let Action::PortForward(f) = &op.action {
            match checked(op, f) {
                Ok(fw) => ok.push(fw),
                Err(why) => refused.push(format!("{}: {why}", op.id)),
            }
        }
    }
    (ok, refused)
}

fn checked<'a>(op: &'a Operation, f: &'a PortForward) -> Result<Forward<'a>, String> {
    let public: Ipv4Addr = f
        .public_address
        .parse()
        .map_err(|_| format!("public address '{}' is not IPv4", f.public_address))?;
    if public.is_unspecified() || public.is_broadcast() || public.is_multicast() {
        return Err(format!("{public} is not the address of a WAN interface"));
    }
    validate_field(FieldType::Interface, &f.wan_interface)
        .map_err(|e| format!("WAN interface: {e}"))?;
    let target: Ipv4Addr = f
        .target_address
        .parse()
        .map_err(|_| "target address is not IPv4".to_string())?;
    if f.never_forwarded.contains(&f.target_port) {
        return Err(format!(
            "forwarding to port {} is refused: the document says never from the Internet",
            f.target_port
        ));
    }
    let sources = match &f.sources {
        RemoteScope::Any => None,
        RemoteScope::LocalSubnet => {
            return Err(
                "'local subnet' means nothing on the internet side: name source addresses".into(),
            );
        }
        RemoteScope::Addresses(list) => {
            let plain = |a: &String| validate_field(FieldType::AddressList, a).is_ok();
            if list.is_empty() || !list.iter().all(plain) {
                return Err("a source is not an IPv4 address or block".into());
            }
            (!list.iter().any(|a| a.ends_with("/0"))).then_some(list.as_slice())
        }
    };
    Ok(Forward {
        op,
        f,
        public,
        target,
        sources,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chain {
    Prerouting,
    Postrouting,
    Forward,
}

/// One rule: where it goes, what it matches and does, and what it changes in words.
struct Rule {
    chain: Chain,
    /// Match and verdict, without the comment: two forwards needing the same rule share it.
    body: String,
    comment: String,
    what: String,
}

fn rules(forwards: &[Forward]) -> Vec<Rule> {
    let mut out: Vec<Rule> = Vec::new();
    for x in forwards {
        let id = x.op.id.as_str();
        let wan = nft_name(&x.f.wan_interface);
        let proto = match x.f.protocol {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
        };
        let (target, port) = (x.target, x.f.target_port);
        let saddr = x
            .sources
            .map(|s| format!("ip saddr {{ {} }} ", s.join(", ")));
        let mut add = |chain, body: String, comment: String, what: String| {
            if !out.iter().any(|r| r.chain == chain && r.body == body) {
                out.push(Rule {
                    chain,
                    body,
                    comment,
                    what,
                });
            }
        };
        add(
            Chain::Prerouting,
            format!(
                "iifname {wan} ip daddr {} {}{proto} dport {} dnat to {target}:{port}",
                x.public,
                saddr.as_deref().unwrap_or(""),
                x.f.public_port
            ),
            format!("{id}: {}", x.f.description),
            format!(
                "{id}: {proto} {}:{} arriving on {} from {} is forwarded to {target}:{port}",
                x.public,
                x.f.public_port,
                x.f.wan_interface,
                x.f.sources.describe()
            ),
        );
        if let Some(s) = x.sources {
            add(
                Chain::Forward,
                format!(
                    "iifname {wan} ip daddr {target} {proto} dport {port} ip saddr != {{ {} }} ct direction original drop",
                    s.join(", ")
                ),
                format!("{id}: only the allowed sources"),
                format!(
                    "{id}: from {}, {target}:{port} is dropped for every other source",
                    x.f.wan_interface
                ),
            );
        }
        if !x.f.never_forwarded.is_empty() {
            let ports: Vec<String> = x.f.never_forwarded.iter().map(u16::to_string).collect();
            let ports = ports.join(", ");
            add(
                Chain::Forward,
                format!(
                    "iifname {wan} ip daddr {target} meta l4proto {{ tcp, udp }} th dport {{ {ports} }} ct direction original drop"
                ),
                format!("{id}: never from the Internet ({})", x.op.source.section),
                format!(
                    "{id}: from {}, ports {ports} of {target} are always dropped, whoever forwards or routes them ({})",
                    x.f.wan_interface, x.op.source.section
                ),
            );
        }
        if x.f.masquerade {
            add(
                Chain::Postrouting,
                format!("oifname {wan} ip saddr {target} masquerade"),
                format!("{id}: the appliance's own connections"),
                format!(
                    "{id}: new connections of {target} itself leaving {} are masqueraded, unless the gateway's own NAT rules translated them first",
                    x.f.wan_interface
                ),
            );
        }
    }
    out
}

/// What the rules change, one line each: the file's header and gateway.sh's report say it.
pub(super) fn changes(plan: &Plan) -> Vec<String> {
    rules(&forwards(plan).0)
        .into_iter()
        .map(|r| r.what)
        .collect()
}

pub(super) fn header(plan: &Plan, title: &str) -> String {
    let mut out = String::new();
    for line in [
        title.to_string(),
        format!("Product: {} ({})", plan.product_name, plan.vendor),
        format!("Customer: {}, site: {}", plan.site.customer, plan.site.site),
        format!(
            "Installer: {}, generated {}",
            plan.site.installer, plan.generated
        ),
        format!("Plan fingerprint: {}", plan.fingerprint),
    ] {
        let _ = writeln!(out, "# {}", comment(&line));
    }
    out
}

fn chain(out: &mut String, rules: &[Rule], which: Chain, name: &str, hook: &str) {
    let mut these = rules.iter().filter(|r| r.chain == which).peekable();
    if these.peek().is_none() {
        return;
    }
    let _ = writeln!(out, "  chain {name} {{\n    {hook}; policy accept;");
    for r in these {
        let _ = writeln!(out, "    {} comment {}", r.body, nft_comment(&r.comment));
    }
    out.push_str("  }\n");
}

pub fn gateway_nft(plan: &Plan) -> String {
    let mut out = String::from("#!/usr/sbin/nft -f\n");
    out.push_str(&header(
        plan,
        "hardline gateway.nft: load with gateway.sh (it checks the addresses first)",
    ));
    let (ok, refused) = forwards(plan);
    let rules = rules(&ok);
    if rules.is_empty() {
        out.push_str(
            "# This plan forwards nothing: loading this file only removes the hardline tables of an\n\
             # earlier plan.\n",
        );
    } else {
        out.push_str("# What it changes, and nothing else:\n");
        for r in &rules {
            let _ = writeln!(out, "#   {}", comment(&r.what));
        }
        out.push_str(
            "# Our chains accept what they do not name; the gateway's input chain and every other\n\
             # table stay as they are. The gateway's own NAT rules see each packet first (ours: +10).\n",
        );
    }
    for r in &refused {
        let _ = writeln!(out, "# Left out: {}", comment(r));
    }
    out.push_str(
        "# It is also the include file for /etc/nftables.conf (README.txt, \"Make it persistent\").\n\n\
         # Replace the hardline tables as a whole (add, then delete, then define: one transaction).\n\
         add table ip hardline_nat\n\
         delete table ip hardline_nat\n\
         add table inet hardline_filter\n\
         delete table inet hardline_filter\n",
    );
    let nat = |c: Chain| rules.iter().any(|r| r.chain == c);
    if nat(Chain::Prerouting) || nat(Chain::Postrouting) {
        out.push_str("\ntable ip hardline_nat {\n");
        let pre = "type nat hook prerouting priority dstnat + 10";
        chain(&mut out, &rules, Chain::Prerouting, "prerouting", pre);
        let post = "type nat hook postrouting priority srcnat + 10";
        chain(&mut out, &rules, Chain::Postrouting, "postrouting", post);
        out.push_str("}\n");
    }
    if nat(Chain::Forward) {
        out.push_str("\ntable inet hardline_filter {\n");
        let hook = "type filter hook forward priority filter";
        chain(&mut out, &rules, Chain::Forward, "forward", hook);
        out.push_str("}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::every_action;

    fn with(change: impl Fn(&mut PortForward)) -> Plan {
        let mut plan = every_action("x");
        for op in &mut plan.operations {
            if let Action::PortForward(f) = &mut op.action {
                change(f);
            }
        }
        plan
    }

    #[test]
    fn forwards_only_the_public_address_and_port() {
        let nft = gateway_nft(&with(|_| {}));
        let dnat: Vec<&str> = nft.lines().filter(|l| l.contains("dnat to")).collect();
        assert_eq!(dnat.len(), 1, "{nft}");
        assert!(
            dnat[0].contains(
                "iifname \"eth0\" ip daddr 198.51.100.1 ip saddr { 203.0.113.0/24 } tcp dport 33443 dnat to 192.0.2.10:50443"
            ),
            "{}",
            dnat[0]
        );
        assert!(!nft.contains("policy drop"), "{nft}");
        // Every drop is of traffic addressed to the appliance.
        let drops = nft
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains(" drop "));
        assert_eq!(drops.clone().count(), 2, "{nft}");
        for l in drops {
            assert!(l.contains("ip daddr 192.0.2.10 "), "{l}");
        }
        assert!(nft.contains("oifname \"eth0\" ip saddr 192.0.2.10 masquerade"));
    }

    #[test]
    fn the_never_forwarded_ports_come_from_the_plan() {
        let nft = gateway_nft(&with(|_| {}));
        assert!(
            nft.contains("th dport { 443, 10443 } ct direction original drop"),
            "{nft}"
        );
        let none = gateway_nft(&with(|f| f.never_forwarded.clear()));
        assert!(!none.contains("10443"), "{none}");
    }

    #[test]
    fn any_source_needs_no_source_rule_and_no_masquerade_unless_chosen() {
        let nft = gateway_nft(&with(|f| {
            f.sources = RemoteScope::Addresses(vec!["0.0.0.0/0".into()]);
            f.masquerade = false;
        }));
        assert!(!nft.contains("saddr"), "{nft}");
        assert!(!nft.contains("masquerade"), "{nft}");
        assert!(!nft.contains("chain postrouting"), "{nft}");
    }

    #[test]
    fn refuses_what_it_cannot_match_exactly() {
        type Change = fn(&mut PortForward);
        let cases: [(&str, Change); 4] = [
            ("forwarding to port 443", |f| f.target_port = 443),
            ("not the address of a WAN interface", |f| {
                f.public_address = "0.0.0.0".into()
            }),
            ("WAN interface", |f| f.wan_interface = "eth0; drop".into()),
            ("local subnet", |f| f.sources = RemoteScope::LocalSubnet),
        ];
        for (why, change) in cases {
            let nft = gateway_nft(&with(change));
            assert!(!nft.contains("dnat to"), "{nft}");
            assert!(nft.contains(why), "{why}: {nft}");
            assert!(nft.contains("forwards nothing"), "{nft}");
        }
    }
}

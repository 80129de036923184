//! gateway.nft and gateway.sh: the Linux internet access device in front of OXO and OpenScape
//! Business. DNAT of the chosen public port to the appliance's port 50443 only, source
//! restrictions, a forward chain that drops everything else; the wrapper checks with `nft -c`.

use super::quote::{comment, nft_comment, sh_str};
use crate::catalog::Protocol;
use crate::plan::{Action, Plan, PortForward, RemoteScope};
use std::fmt::Write;

/// Ports of the appliance that must never be reachable from the internet (its administration).
const NEVER_FORWARDED: [u16; 2] = [443, 10443];

/// The forwards of the plan that can be written, and why the others cannot.
fn forwards(plan: &Plan) -> (Vec<(&str, &PortForward)>, Vec<String>) {
    let mut ok = Vec::new();
    let mut refused = Vec::new();
    for op in &plan.operations {
        let Action::PortForward(f) = &op.action else {
            continue;
        };
        if NEVER_FORWARDED.contains(&f.target_port) {
            refused.push(format!(
                "{}: forwarding to port {} (the appliance's administration) is refused",
                op.id, f.target_port
            ));
        } else if f.sources == RemoteScope::LocalSubnet {
            refused.push(format!(
                "{}: 'local subnet' means nothing on the internet side: name source addresses",
                op.id
            ));
        } else if !plain_addresses(&f.sources) {
            refused.push(format!(
                "{}: a source is not an IPv4 address or block",
                op.id
            ));
        } else if f.target_address.parse::<std::net::Ipv4Addr>().is_err() {
            refused.push(format!("{}: target address is not IPv4", op.id));
        } else {
            ok.push((op.id.as_str(), f));
        }
    }
    (ok, refused)
}

fn proto(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
    }
}

/// Sources nft can take as they are: IPv4 addresses and CIDR blocks, at least one.
fn plain_addresses(scope: &RemoteScope) -> bool {
    match scope {
        RemoteScope::Addresses(list) => {
            !list.is_empty()
                && list.iter().all(|a| {
                    let (ip, len) = a.split_once('/').unwrap_or((a, "32"));
                    ip.parse::<std::net::Ipv4Addr>().is_ok()
                        && len.parse::<u8>().is_ok_and(|l| l <= 32)
                })
        }
        _ => true,
    }
}

/// `ip saddr { ... } ` for address scopes (checked by `plain_addresses`).
fn saddr(scope: &RemoteScope) -> String {
    match scope {
        RemoteScope::Addresses(list) => format!("ip saddr {{ {} }} ", list.join(", ")),
        _ => String::new(),
    }
}

fn header(plan: &Plan, title: &str) -> String {
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

pub fn gateway_nft(plan: &Plan) -> String {
    let mut out = String::from("#!/usr/sbin/nft -f\n");
    out.push_str(&header(
        plan,
        "hardline gateway.nft: load with gateway.sh (it checks first)",
    ));
    out.push_str(
        "# Only the forwards below pass the gateway; the appliance's ports 443 and 10443 never do.\n\
         # The gateway's own input chain is not touched.\n\
         define WAN_IF = \"eth0\"\n\
         define LAN_IF = \"eth1\"\n\n\
         # Replace the hardline tables as a whole (add, then delete, then define: one transaction).\n\
         add table ip hardline_nat\n\
         delete table ip hardline_nat\n\
         add table inet hardline_filter\n\
         delete table inet hardline_filter\n\n",
    );
    let (ok, refused) = forwards(plan);
    for r in &refused {
        let _ = writeln!(out, "# Left out: {}", comment(r));
    }
    out.push_str(
        "table ip hardline_nat {\n  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n",
    );
    for (id, f) in &ok {
        let _ = writeln!(
            out,
            "    iifname $WAN_IF {}{} dport {} dnat to {}:{} comment {}",
            saddr(&f.sources),
            proto(f.protocol),
            f.public_port,
            f.target_address,
            f.target_port,
            nft_comment(&format!("{id}: {}", f.description))
        );
    }
    out.push_str(
        "  }\n  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n    \
         oifname $WAN_IF masquerade\n  }\n}\n\n\
         table inet hardline_filter {\n  chain forward {\n    type filter hook forward priority filter; policy drop;\n    \
         ct state established,related accept\n    ct state invalid drop\n",
    );
    let mut targets: Vec<&str> = ok.iter().map(|(_, f)| f.target_address.as_str()).collect();
    targets.sort();
    targets.dedup();
    for t in targets {
        let ports: Vec<String> = NEVER_FORWARDED.iter().map(u16::to_string).collect();
        let _ = writeln!(
            out,
            "    iifname $WAN_IF ip daddr {t} tcp dport {{ {} }} drop comment \"never the administration ports\"",
            ports.join(", ")
        );
    }
    for (id, f) in &ok {
        let _ = writeln!(
            out,
            "    iifname $WAN_IF oifname $LAN_IF {}ip daddr {} {} dport {} ct status dnat accept comment {}",
            saddr(&f.sources),
            f.target_address,
            proto(f.protocol),
            f.target_port,
            nft_comment(id)
        );
    }
    out.push_str("    iifname $LAN_IF oifname $WAN_IF accept\n  }\n}\n");
    out
}

pub fn gateway_sh(plan: &Plan) -> String {
    let mut out = String::from("#!/bin/sh\n");
    out.push_str(&header(
        plan,
        "hardline gateway.sh: apply, check or remove gateway.nft",
    ));
    let (ok, _) = forwards(plan);
    for (id, f) in &ok {
        let _ = writeln!(
            out,
            "# {}: public {} {} from {} to {}:{}",
            comment(id),
            f.protocol.name(),
            f.public_port,
            comment(&f.sources.describe()),
            f.target_address,
            f.target_port
        );
    }
    // Installer text is literal inside single quotes; curly quotes there are data, not typos.
    let _ = writeln!(
        out,
        "set -eu\n# shellcheck disable=SC1110,SC1111,SC1112\nSITE={}",
        sh_str(&plan.site.site)
    );
    out.push_str(SH_BODY);
    out
}

const SH_BODY: &str = r#"cd "$(dirname "$0")"
RULES=gateway.nft
need_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "gateway.sh must run as root" >&2
        exit 1
    fi
    if ! command -v nft >/dev/null 2>&1; then
        echo "nft not found: install the nftables package" >&2
        exit 1
    fi
}
case "${1:-apply}" in
    apply)
        need_root
        nft -c -f "$RULES"
        backup="hardline-gateway-backup-$(date +%Y%m%d-%H%M%S).nft"
        nft list ruleset > "$backup"
        sysctl -n net.ipv4.ip_forward > "$backup.ip_forward"
        nft -f "$RULES"
        sysctl -w net.ipv4.ip_forward=1 >/dev/null
        echo "Gateway for $SITE: $RULES loaded; the previous ruleset is in $backup"
        ;;
    check)
        need_root
        nft -c -f "$RULES"
        echo "$RULES is valid"
        ;;
    remove)
        need_root
        nft delete table ip hardline_nat 2>/dev/null || true
        nft delete table inet hardline_filter 2>/dev/null || true
        echo "Gateway for $SITE: hardline tables removed"
        ;;
    *)
        echo "usage: gateway.sh [apply|check|remove]" >&2
        exit 2
        ;;
esac
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::every_action;

    fn with_target(port: u16) -> Plan {
        let mut plan = every_action("x");
        for op in &mut plan.operations {
            if let Action::PortForward(f) = &mut op.action {
                f.target_port = port;
            }
        }
        plan
    }

    #[test]
    fn forwards_only_to_the_chosen_port() {
        let nft = gateway_nft(&with_target(50443));
        let dnat: Vec<&str> = nft.lines().filter(|l| l.contains("dnat to")).collect();
        assert_eq!(dnat.len(), 1);
        assert!(
            dnat[0].contains("tcp dport 33443 dnat to 192.0.2.10:50443"),
            "{}",
            dnat[0]
        );
        assert!(dnat[0].contains("ip saddr { 203.0.113.0/24 }"));
        assert!(nft.contains("policy drop"));
    }

    #[test]
    fn refuses_the_administration_ports() {
        for port in NEVER_FORWARDED {
            let nft = gateway_nft(&with_target(port));
            assert!(!nft.contains("dnat to"), "{nft}");
            assert!(nft.contains(&format!("forwarding to port {port}")), "{nft}");
        }
    }
}

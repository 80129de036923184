//! gateway.sh checks, applies and removes gateway.nft on the gateway: it checks the plan's
//! addresses against the gateway before it changes anything, says what it changes, records what
//! it found before the first apply and gives it back on remove (ip_forward included).
//! hardline-gateway.service loads the same rules at boot where no nftables.conf does.

use super::gateway::{changes, forwards, header};
use super::quote::sh_str;
use crate::plan::Plan;
use std::fmt::Write;

pub fn gateway_sh(plan: &Plan) -> String {
    let mut out = String::from("#!/bin/sh\n");
    out.push_str(&header(
        plan,
        "hardline gateway.sh: check, apply or remove gateway.nft",
    ));
    out.push_str("# usage, as root: sh gateway.sh check | apply | remove  (README.txt)\n");
    // Installer text is literal inside single quotes; curly quotes there are data, not typos.
    let _ = writeln!(
        out,
        "set -eu\n# shellcheck disable=SC1110,SC1111,SC1112\nSITE={}",
        sh_str(&plan.site.site)
    );
    let (ok, _) = forwards(plan);
    let _ = writeln!(out, "FORWARDS={}", ok.len());
    out.push_str(SH_HELPERS);
    out.push_str("# Where the plan says: each public address on its WAN interface, the appliance behind another.\ncheck_site() {\n");
    let mut checks: Vec<String> = Vec::new();
    for x in &ok {
        let wan = sh_str(&x.f.wan_interface);
        for check in [
            format!("    on_interface {} {wan}\n", sh_str(&x.public.to_string())),
            format!("    not_behind {} {wan}\n", sh_str(&x.target.to_string())),
        ] {
            if !checks.contains(&check) {
                checks.push(check);
            }
        }
    }
    if checks.is_empty() {
        checks.push("    :\n".into());
    }
    out.push_str(&checks.concat());
    out.push_str("}\n# What gateway.nft changes (its header says the same).\nchanges() {\n");
    let lines = changes(plan);
    if lines.is_empty() {
        out.push_str(
            "    echo '  nothing: this plan forwards nothing (hardline tables of an earlier plan are removed)'\n",
        );
    }
    for line in lines {
        let _ = writeln!(out, "    printf '%s\\n' {}", sh_str(&format!("  {line}")));
    }
    out.push_str("}\n");
    out.push_str(SH_COMMANDS);
    out
}

const SH_HELPERS: &str = r#"cd "$(dirname "$0")" || exit 1
RULES=gateway.nft
STATE=hardline-gateway.ip_forward
FORWARD=/proc/sys/net/ipv4/ip_forward
need_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "gateway.sh must run as root" >&2
        exit 1
    fi
    for tool in nft ip; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "gateway.sh: $tool not found: install nftables and iproute2" >&2
            exit 1
        fi
    done
}
on_interface() {
    if ! ip -o -4 addr show dev "$2" 2>/dev/null | grep -F -q " inet $1/"; then
        echo "gateway.sh: $1 is not an address of interface $2 on this gateway; nothing was changed." >&2
        echo "Correct the public address or the WAN interface in the wizard and export again." >&2
        exit 1
    fi
}
not_behind() {
    dev=$(ip -o route get "$1" 2>/dev/null | sed -n 's/.* dev \([^ ]*\).*/\1/p')
    if [ -z "$dev" ] || [ "$dev" = "$2" ]; then
        echo "gateway.sh: the appliance $1 is not reached through a LAN interface here (route: ${dev:-none}); nothing was changed." >&2
        exit 1
    fi
}
# A forward chain of the gateway's own with policy drop drops the forward too unless it accepts it.
forward_policy_note() {
    nft list chains | awk '
        $1 == "table" { t = $2 " " $3 }
        $1 == "chain" { c = $2 }
        /hook forward/ && /policy drop/ && t != "inet hardline_filter" { print t " " c }' |
    while read -r family table chain; do
        echo "Note: chain $family $table $chain drops what it does not accept: it must accept the forward (for example: ct status dnat accept), or the forward cannot pass."
    done
}
"#;

const SH_COMMANDS: &str = r#"case "${1:-}" in
    check)
        need_root
        nft -c -f "$RULES"
        check_site
        echo "Gateway for $SITE: $RULES is valid and its addresses are in place. apply would change:"
        changes
        forward_policy_note
        ;;
    apply)
        need_root
        nft -c -f "$RULES"
        check_site
        if [ ! -f "$STATE" ]; then
            backup="hardline-gateway-backup-$(date +%Y%m%d-%H%M%S).nft"
            nft list ruleset > "$backup"
            cat "$FORWARD" > "$STATE"
            echo "Before the first apply: ruleset saved in $backup, ip_forward ($(cat "$STATE")) in $STATE"
        fi
        nft -f "$RULES"
        echo "Gateway for $SITE: $RULES loaded. It changes:"
        changes
        if [ "$FORWARDS" -gt 0 ]; then
            if [ "$(cat "$FORWARD")" = 1 ]; then
                echo "  net.ipv4.ip_forward: 1 already, unchanged"
            else
                echo 1 > "$FORWARD"
                echo "  net.ipv4.ip_forward: 0 -> 1 (remove sets it back)"
            fi
        fi
        forward_policy_note
        echo "Until the next reboot only: README.txt, \"Make it persistent\", tells how to keep it."
        ;;
    remove)
        need_root
        for table in "ip hardline_nat" "inet hardline_filter"; do
            # shellcheck disable=SC2086 # family and name are two words
            if nft list table $table >/dev/null 2>&1; then
                nft delete table $table
                echo "Deleted table $table"
            fi
        done
        if [ -f "$STATE" ]; then
            before=$(cat "$STATE")
            case "$before" in
                0 | 1) ;;
                *)
                    echo "gateway.sh: $STATE holds '$before', not 0 or 1: ip_forward left as it is" >&2
                    exit 1
                    ;;
            esac
            if [ "$(cat "$FORWARD")" != "$before" ]; then
                echo "$before" > "$FORWARD"
                echo "net.ipv4.ip_forward set back to $before"
            fi
            rm -f "$STATE"
        else
            echo "net.ipv4.ip_forward left at $(cat "$FORWARD"): no $STATE here (apply ran from another folder)"
        fi
        echo "Gateway for $SITE: hardline removed"
        ;;
    *)
        echo "usage: sh gateway.sh check | apply | remove" >&2
        exit 2
        ;;
esac
"#;

/// hardline-gateway.service: loads the installed gateway.nft at boot, after the gateway's own
/// rules, for gateways whose rules are not loaded from /etc/nftables.conf. No site text in it:
/// systemd expands `%` specifiers and joins lines ending in `\`, even in some comments.
pub fn gateway_unit(plan: &Plan) -> String {
    format!(
        "# hardline-gateway.service: loads /etc/hardline/gateway.nft at boot (README.txt,\n\
         # \"Make it persistent\"). Plan fingerprint: {}\n\
         [Unit]\n\
         Description=hardline gateway forward to the appliance (gateway.nft)\n\
         Documentation=man:nft(8)\n\
         After=nftables.service netfilter-persistent.service firewalld.service\n\
         Before=network-pre.target\n\
         Wants=network-pre.target\n\n\
         [Service]\n\
         Type=oneshot\n\
         RemainAfterExit=yes\n\
         ExecStart=/usr/sbin/nft -f /etc/hardline/gateway.nft\n\
         ExecStop=-/usr/sbin/nft delete table ip hardline_nat\n\
         ExecStop=-/usr/sbin/nft delete table inet hardline_filter\n\n\
         [Install]\n\
         WantedBy=multi-user.target\n",
        plan.fingerprint
            .chars()
            .filter(char::is_ascii_hexdigit)
            .collect::<String>()
    )
}

//! The gateway bundle on a shared router, with real packets (issue 9). Network namespaces and
//! veth pairs make the Internet (an allowed source 203.0.113.5 and another 203.0.113.6), the
//! gateway (WAN 203.0.113.1 and its own second address 203.0.113.2 with a service on 443), a
//! LAN with the PBX 10.0.0.10 and another host 10.0.0.20, and a DMZ with a routed public server
//! 198.51.100.10. The customer's ruleset is loaded first: a forward chain with policy drop, a
//! DNAT 8080 -> DMZ:80, an old DNAT 8443 -> PBX:443, and the Internet's 203.0.113.0/24 routed
//! into the LAN untranslated (a partner line). Then the real gateway.sh of an OXO and of an
//! OpenScape Business plan runs (apply, apply again, remove) while small listeners in each
//! namespace answer with their name and the source address they saw. Only the namespaces are
//! touched; the host's own ruleset never is.

mod common;
mod netns;
mod tools;

use common::NOW;
use hardline::catalog::Wizard;
use hardline::export::{Format, bundle};
use hardline::plan::derive;
use hardline::session::{Change, Session, SiteField};
use hardline::store;
use netns::Net;
use std::path::{Path, PathBuf};
use tools::provision;

const CUSTOMER: &str = r#"table inet customer {
	chain forward {
		type filter hook forward priority filter; policy drop;
		ct state established,related accept
		ct status dnat accept
		iifname "lan0" accept
		iifname "dmz0" accept
		iifname "wan0" oifname "dmz0" ip daddr 198.51.100.10 tcp dport { 80, 443 } accept
		iifname "wan0" oifname "lan0" ip saddr 203.0.113.0/24 accept
	}
}
table ip customer_nat {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		iifname "wan0" ip daddr 203.0.113.1 tcp dport 8080 dnat to 198.51.100.10:80
		iifname "wan0" ip daddr 203.0.113.1 tcp dport 8443 dnat to 10.0.0.10:443
	}
}
"#;

const ALLOWED: &str = "203.0.113.5";
const OTHER: &str = "203.0.113.6";
const PUBLIC: &str = "203.0.113.1";
const PBX: &str = "10.0.0.10";
const DMZ: &str = "198.51.100.10";

/// One connection: from namespace `ns` and address `src` to `dst:port`, what it shows, and what
/// answers ("listener source", "refused", "no answer") before, and with the OXO and the
/// OpenScape Business bundle applied.
struct Probe {
    ns: &'static str,
    src: &'static str,
    dst: &'static str,
    port: u16,
    what: &'static str,
    before: &'static str,
    oxo: &'static str,
    openscape: &'static str,
}

const fn p(
    ns: &'static str,
    src: &'static str,
    (dst, port): (&'static str, u16),
    what: &'static str,
    [before, oxo, openscape]: [&'static str; 3],
) -> Probe {
    Probe {
        ns,
        src,
        dst,
        port,
        what,
        before,
        oxo,
        openscape,
    }
}

#[rustfmt::skip]
const PROBES: &[Probe] = &[
    p("wan", ALLOWED, (PUBLIC, 443), "allowed source, OXO's public port",
      ["gateway:443 203.0.113.5", "pbx:50443 203.0.113.5", "gateway:443 203.0.113.5"]),
    p("wan", OTHER, (PUBLIC, 443), "another source, OXO's public port",
      ["gateway:443 203.0.113.6", "gateway:443 203.0.113.6", "gateway:443 203.0.113.6"]),
    p("wan", ALLOWED, (PUBLIC, 5269), "allowed source, XMPP's public port",
      ["refused", "refused", "pbx:5269 203.0.113.5"]),
    p("wan", OTHER, (PUBLIC, 5269), "another source, XMPP's public port",
      ["refused", "refused", "refused"]),
    p("wan", ALLOWED, (PBX, 50443), "allowed source, PBX 50443 routed",
      ["pbx:50443 203.0.113.5", "pbx:50443 203.0.113.5", "pbx:50443 203.0.113.5"]),
    p("wan", OTHER, (PBX, 50443), "another source, PBX 50443 routed",
      ["pbx:50443 203.0.113.6", "no answer", "pbx:50443 203.0.113.6"]),
    p("wan", OTHER, (PBX, 5269), "another source, PBX 5269 routed",
      ["pbx:5269 203.0.113.6", "pbx:5269 203.0.113.6", "no answer"]),
    p("wan", ALLOWED, (PBX, 443), "PBX 443 routed from the WAN",
      ["pbx:443 203.0.113.5", "no answer", "pbx:443 203.0.113.5"]),
    p("wan", ALLOWED, (PBX, 10443), "PBX 10443 routed from the WAN",
      ["pbx:10443 203.0.113.5", "no answer", "pbx:10443 203.0.113.5"]),
    p("wan", ALLOWED, (PUBLIC, 8443), "customer's old DNAT 8443 -> PBX:443",
      ["pbx:443 203.0.113.5", "no answer", "pbx:443 203.0.113.5"]),
    p("wan", OTHER, (PUBLIC, 8080), "customer's DNAT 8080 -> DMZ:80",
      ["dmz:80 203.0.113.6", "dmz:80 203.0.113.6", "dmz:80 203.0.113.6"]),
    p("wan", OTHER, (DMZ, 80), "routed DMZ server, port 80",
      ["dmz:80 203.0.113.6", "dmz:80 203.0.113.6", "dmz:80 203.0.113.6"]),
    p("wan", ALLOWED, (DMZ, 443), "HTTPS to another public address",
      ["dmz:443 203.0.113.5", "dmz:443 203.0.113.5", "dmz:443 203.0.113.5"]),
    p("wan", ALLOWED, ("203.0.113.2", 443), "HTTPS to the gateway's own 443",
      ["gateway:443 203.0.113.5", "gateway:443 203.0.113.5", "gateway:443 203.0.113.5"]),
    p("lan", "10.0.0.20", (DMZ, 80), "LAN -> DMZ",
      ["dmz:80 10.0.0.20", "dmz:80 10.0.0.20", "dmz:80 10.0.0.20"]),
    p("lan", PBX, (OTHER, 7000), "the PBX's own connection out",
      ["internet:7000 10.0.0.10", "internet:7000 203.0.113.1", "internet:7000 10.0.0.10"]),
    p("lan", "10.0.0.20", (OTHER, 7000), "another LAN host's connection out",
      ["internet:7000 10.0.0.20", "internet:7000 10.0.0.20", "internet:7000 10.0.0.20"]),
    p("dmz", DMZ, (OTHER, 7000), "the DMZ server's connection out",
      ["internet:7000 198.51.100.10", "internet:7000 198.51.100.10", "internet:7000 198.51.100.10"]),
    p("dmz", DMZ, (PBX, 443), "DMZ -> PBX 443 (not from the WAN)",
      ["pbx:443 198.51.100.10", "pbx:443 198.51.100.10", "pbx:443 198.51.100.10"]),
];

/// The topology of the module comment, or None where this machine cannot make namespaces.
fn topology() -> Option<Net> {
    let mut net = Net::new(&["wan", "gw", "lan", "dmz"])?;
    net.link(("gw", "wan0"), ("wan", "eth0"));
    net.link(("gw", "lan0"), ("lan", "eth0"));
    net.link(("gw", "dmz0"), ("dmz", "eth0"));
    for (ns, dev, cidr) in [
        ("gw", "wan0", "203.0.113.1/24"),
        ("gw", "wan0", "203.0.113.2/24"),
        ("gw", "lan0", "10.0.0.1/24"),
        ("gw", "dmz0", "198.51.100.1/24"),
        ("wan", "eth0", "203.0.113.5/24"),
        ("wan", "eth0", "203.0.113.6/24"),
        ("lan", "eth0", "10.0.0.10/24"),
        ("lan", "eth0", "10.0.0.20/24"),
        ("dmz", "eth0", "198.51.100.10/24"),
    ] {
        net.addr(ns, dev, cidr);
    }
    net.default_route("wan", "203.0.113.1");
    net.default_route("lan", "10.0.0.1");
    net.default_route("dmz", "198.51.100.1");
    net.listen("gw", &["gateway:443=0.0.0.0=443"]);
    net.listen(
        "lan",
        &[
            "pbx:50443=10.0.0.10=50443",
            "pbx:443=10.0.0.10=443",
            "pbx:10443=10.0.0.10=10443",
            "pbx:5269=10.0.0.10=5269",
        ],
    );
    net.listen(
        "dmz",
        &["dmz:80=198.51.100.10=80", "dmz:443=198.51.100.10=443"],
    );
    net.listen("wan", &["internet:7000=203.0.113.6=7000"]);
    Some(net)
}

/// What answered each probe, in the order of `PROBES`.
fn send(net: &Net) -> Vec<String> {
    let mut seen = vec![String::new(); PROBES.len()];
    for ns in ["wan", "lan", "dmz"] {
        let (index, specs): (Vec<usize>, Vec<String>) = PROBES
            .iter()
            .enumerate()
            .filter(|(_, p)| p.ns == ns)
            .map(|(i, p)| (i, format!("{}>{}:{}", p.src, p.dst, p.port)))
            .unzip();
        for (i, answer) in index.into_iter().zip(net.connect(ns, &specs)) {
            seen[i] = answer;
        }
    }
    seen
}

fn ruleset(net: &Net) -> String {
    net.must("gw", &["nft", "list", "ruleset"])
}

fn ip_forward(net: &Net) -> String {
    net.must("gw", &["cat", "/proc/sys/net/ipv4/ip_forward"])
        .trim()
        .to_string()
}

/// A finished session of `product` at its last release, the PBX at 10.0.0.10, with `answers`.
fn bundle_of(product: &str, answers: &[(&str, &str)], dir: &Path) -> PathBuf {
    let catalog = store::catalog(None).unwrap_or_else(|e| panic!("{e}"));
    let wizard: &Wizard = catalog.wizard(product).expect("shipped wizard");
    let mut s = Session::new("netns", &wizard.id, &wizard.fingerprint(), NOW);
    common::site_for(wizard, &mut s);
    let mut changes = vec![Change::SetSite {
        field: SiteField::Address,
        value: PBX.into(),
    }];
    changes.extend(answers.iter().map(|(item, value)| Change::Answer {
        item: item.to_string(),
        value: common::value(value),
        reason: String::new(),
    }));
    for change in changes {
        s.apply(wizard, change, NOW)
            .unwrap_or_else(|e| panic!("{product}: {e}"));
    }
    let open = s.walk(wizard, true, NOW);
    assert!(open.is_empty(), "{product}: {open:#?}");
    let plan = derive(wizard, &s, NOW);
    let folder = dir.join(product);
    std::fs::create_dir_all(&folder).expect("bundle folder");
    for (name, text) in bundle(&plan, &[Format::Nft]) {
        std::fs::write(folder.join(name), text).expect("write bundle file");
    }
    folder.join("gateway.sh")
}

fn gateway_sh(net: &Net, script: &Path, command: &str) -> String {
    net.must(
        "gw",
        &["sh", script.to_str().expect("script path"), command],
    )
}

/// The packet table of one run, for the test output.
fn table(product: &str, before: &[String], after: &[String]) -> String {
    let mut out = format!("{product}: from (namespace source) -> to: before | with hardline\n");
    for ((p, b), a) in PROBES.iter().zip(before).zip(after) {
        out.push_str(&format!(
            "  {:<4} {:<14} -> {:>13}:{:<5} {:<38} {:<28} | {}\n",
            p.ns, p.src, p.dst, p.port, p.what, b, a
        ));
    }
    out
}

#[test]
fn the_gateway_touches_only_the_pbx_on_a_shared_router() {
    provision::require("nft");
    let Some(net) = topology() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let oxo = bundle_of(
        "ale-oxo",
        &[
            ("remote_access_needed", "true"),
            ("wan_access_method", "https_50443"),
            ("wan_sources", ALLOWED),
            ("wan_public_port", "443"),
            ("wan_gateway_address", PUBLIC),
            ("wan_gateway_interface", "wan0"),
            ("wan_pbx_nat", "masquerade"),
            ("wan_public_address", "oxo.example.net"),
        ],
        dir.path(),
    );
    let openscape = bundle_of(
        "openscape-business",
        &[
            ("xmpp_secure", "yes"),
            ("xmpp_external_server", "xmpp.partner.example"),
            ("xmpp_wan", "true"),
            ("xmpp_wan_sources", ALLOWED),
            ("xmpp_gateway_address", PUBLIC),
            ("xmpp_gateway_interface", "wan0"),
        ],
        dir.path(),
    );

    // A plan whose public address is not on the interface it names changes nothing.
    let wrong = dir.path().join("wrong");
    let misnamed = bundle_of(
        "ale-oxo",
        &[
            ("remote_access_needed", "true"),
            ("wan_access_method", "https_50443"),
            ("wan_gateway_address", PUBLIC),
            ("wan_gateway_interface", "lan0"),
            ("wan_public_address", "oxo.example.net"),
        ],
        &wrong,
    );
    let empty = ruleset(&net);
    let refused = net
        .exec("gw", &["sh", misnamed.to_str().expect("path"), "apply"])
        .expect_err("apply with the address on another interface");
    assert!(
        refused.contains("203.0.113.1 is not an address of interface lan0"),
        "{refused}"
    );
    assert_eq!(ruleset(&net), empty);

    // A gateway that forwarded nothing: apply turns ip_forward on, remove turns it off again.
    net.must(
        "gw",
        &["sh", "-c", "echo 0 > /proc/sys/net/ipv4/ip_forward"],
    );
    let empty = ruleset(&net);
    let applied = gateway_sh(&net, &oxo, "apply");
    assert!(applied.contains("ip_forward: 0 -> 1"), "{applied}");
    assert_eq!(ip_forward(&net), "1");
    let removed = gateway_sh(&net, &oxo, "remove");
    assert!(removed.contains("set back to 0"), "{removed}");
    assert_eq!((ip_forward(&net), ruleset(&net)), ("0".into(), empty));

    // The customer's router.
    net.must(
        "gw",
        &["sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"],
    );
    let customer = dir.path().join("customer.nft");
    std::fs::write(&customer, CUSTOMER).expect("write the customer's ruleset");
    net.must("gw", &["nft", "-f", customer.to_str().expect("path")]);
    let theirs = ruleset(&net);
    let before = send(&net);
    let expected: Vec<&str> = PROBES.iter().map(|p| p.before).collect();
    assert_eq!(before, expected, "{}", table("before", &before, &before));

    let mut report = String::new();
    for (product, script, wanted) in [
        (
            "ale-oxo",
            &oxo,
            PROBES.iter().map(|p| p.oxo).collect::<Vec<_>>(),
        ),
        (
            "openscape-business",
            &openscape,
            PROBES.iter().map(|p| p.openscape).collect(),
        ),
    ] {
        let check = gateway_sh(&net, script, "check");
        assert!(
            check.contains("Note: chain inet customer forward"),
            "{check}"
        );
        assert_eq!(ruleset(&net), theirs, "check changed the ruleset");
        let applied = gateway_sh(&net, script, "apply");
        assert!(applied.contains("ip_forward: 1 already"), "{applied}");
        let once = ruleset(&net);
        assert_ne!(once, theirs, "{product}: apply changed nothing");
        let after = send(&net);
        report.push_str(&table(product, &before, &after));
        assert_eq!(
            after,
            wanted,
            "{product}\n{}",
            table(product, &before, &after)
        );

        gateway_sh(&net, script, "apply");
        assert_eq!(
            ruleset(&net),
            once,
            "{product}: a second apply changed the ruleset"
        );

        // The same file as the include of an nftables.conf gives the same ruleset.
        let conf = dir.path().join("nftables.conf");
        let gateway_nft = script.with_file_name("gateway.nft");
        std::fs::write(
            &conf,
            format!(
                "flush ruleset\ninclude \"{}\"\ninclude \"{}\"\n",
                customer.display(),
                gateway_nft.display()
            ),
        )
        .expect("write nftables.conf");
        net.must("gw", &["nft", "-f", conf.to_str().expect("path")]);
        assert_eq!(
            ruleset(&net),
            once,
            "{product}: the include gives another ruleset"
        );

        let removed = gateway_sh(&net, script, "remove");
        assert!(removed.contains("hardline removed"), "{removed}");
        assert_eq!(ruleset(&net), theirs, "{product}: remove left a change");
        assert_eq!(ip_forward(&net), "1");
        let again = send(&net);
        assert_eq!(
            again,
            before,
            "{product} after remove\n{}",
            table(product, &before, &again)
        );
    }
    println!("{report}");
    let record = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gateway-packets.txt");
    let _ = std::fs::write(record, &report);
}

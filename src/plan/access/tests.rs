use super::*;
use crate::plan::{ClosePort, CloseProgram, FirewallProgram, FirewallRule, PortSide, RunStatus};
use crate::session::Site;

fn op(id: &str, action: Action) -> Operation {
    Operation {
        id: id.into(),
        item: id.into(),
        step: "ports".into(),
        reason: String::new(),
        note: String::new(),
        source: crate::catalog::Source {
            file: String::new(),
            section: String::new(),
            quote: String::new(),
        },
        origin: crate::plan::Origin::Document,
        action,
        run: RunStatus::Planned,
    }
}

fn rule(
    protocol: Protocol,
    ports: &[(u16, u16)],
    dir: FirewallDirection,
    remote: RemoteScope,
) -> Action {
    Action::FirewallRule(FirewallRule {
        name: "HL-X-r".into(),
        description: "r".into(),
        protocol,
        ports: PortSpec(ports.to_vec()),
        port_side: PortSide::of(dir),
        direction: dir,
        remote,
    })
}

fn addresses(a: &[&str]) -> RemoteScope {
    RemoteScope::Addresses(a.iter().map(|s| s.to_string()).collect())
}

#[test]
fn a_port_with_a_builtin_rule_is_limited_to_the_union_of_the_plan() {
    let ops = [
        op(
            "rdp-1",
            rule(
                Protocol::Tcp,
                &[(3389, 3389)],
                FirewallDirection::Inbound,
                addresses(&["10.0.0.0/24"]),
            ),
        ),
        op(
            "rdp-2",
            rule(
                Protocol::Tcp,
                &[(3389, 3389)],
                FirewallDirection::Inbound,
                addresses(&["192.0.2.5"]),
            ),
        ),
    ];
    let t = EffectiveAccess::of(&ops);
    let span = t.port(Protocol::Tcp, 3389).expect("3389 is in the table");
    assert_eq!(span.allowed, [addresses(&["10.0.0.0/24", "192.0.2.5"])]);
    assert_eq!(span.operations, ["rdp-1", "rdp-2"]);
    assert_eq!(span.builtin, [BuiltinGroup::RemoteDesktop]);
    assert_eq!(
        BuiltinGroup::RemoteDesktop.group(),
        Some("@FirewallAPI.dll,-28752")
    );
    assert_eq!(t.builtin_of("rdp-2"), [BuiltinGroup::RemoteDesktop]);
    // UDP 3389 is another protocol: the plan names it nowhere.
    assert!(t.port(Protocol::Udp, 3389).is_none());
    // Together the two rules admit the installer: no lock-out warning.
    let site = Site {
        access: crate::session::Access::Rdp,
        access_from: "192.0.2.5".into(),
        ..Site::default()
    };
    assert!(crate::plan::lockout::check(&site, &ops, &t).is_empty());
    let elsewhere = Site {
        access_from: "198.51.100.9".into(),
        ..site
    };
    let warnings = crate::plan::lockout::check(&elsewhere, &ops, &t);
    assert_eq!(warnings.len(), 2);
    assert!(
        warnings[0].message.contains("10.0.0.0/24, 192.0.2.5"),
        "{:?}",
        warnings[0]
    );
}

#[test]
fn overlapping_ranges_split_where_the_operations_differ() {
    let ops = [
        op(
            "java-1",
            rule(
                Protocol::Tcp,
                &[(44000, 44099)],
                FirewallDirection::Inbound,
                addresses(&["10.0.0.0/24"]),
            ),
        ),
        op(
            "any-1",
            rule(
                Protocol::Tcp,
                &[(44050, 44050)],
                FirewallDirection::Inbound,
                RemoteScope::Any,
            ),
        ),
        op(
            "fps-1",
            rule(
                Protocol::Tcp,
                &[(139, 139), (445, 445)],
                FirewallDirection::Inbound,
                RemoteScope::LocalSubnet,
            ),
        ),
    ];
    let t = EffectiveAccess::of(&ops);
    let spans: Vec<(u16, u16, usize)> = t
        .ports
        .iter()
        .map(|s| (s.from, s.to, s.operations.len()))
        .collect();
    assert_eq!(
        spans,
        [
            (139, 139, 1),
            (445, 445, 1),
            (44000, 44049, 1),
            (44050, 44050, 2),
            (44051, 44099, 1)
        ]
    );
    assert_eq!(
        t.port(Protocol::Tcp, 44050).unwrap().allowed,
        [RemoteScope::Any]
    );
    assert_eq!(
        t.port(Protocol::Tcp, 445).unwrap().builtin,
        [BuiltinGroup::FileAndPrinterSharing]
    );
    assert_eq!(
        t.port(Protocol::Tcp, 445).unwrap().allowed,
        [RemoteScope::LocalSubnet]
    );
}

#[test]
fn an_outbound_rule_names_no_inbound_access_and_matches_the_remote_port() {
    let sql = rule(
        Protocol::Tcp,
        &[(1433, 1433)],
        FirewallDirection::Outbound,
        addresses(&["198.51.100.7"]),
    );
    let Action::FirewallRule(r) = &sql else {
        unreachable!()
    };
    assert_eq!(r.port_side, PortSide::Remote);
    let t = EffectiveAccess::of(&[op("sql-1", sql)]);
    assert!(t.ports.is_empty(), "{t:?}");
}

#[test]
fn a_program_rule_and_a_closed_port_and_program() {
    let vm = "C:\\Program Files\\Avaya\\vmprov5svc.exe";
    let ops = [
        op(
            "vm-1",
            Action::FirewallProgram(FirewallProgram {
                name: "HL-X-vm".into(),
                description: "vm".into(),
                program: vm.into(),
                remote: addresses(&["10.0.0.0/24"]),
            }),
        ),
        op(
            "vm-2",
            Action::CloseProgram(CloseProgram {
                description: "old".into(),
                program: "C:\\old.exe".into(),
            }),
        ),
        op(
            "sqlb-1",
            Action::ClosePort(ClosePort {
                description: "browser".into(),
                protocol: Protocol::Udp,
                ports: PortSpec(vec![(1434, 1434)]),
            }),
        ),
    ];
    let t = EffectiveAccess::of(&ops);
    assert_eq!(
        t.program_of("vm-1").unwrap().allowed,
        [addresses(&["10.0.0.0/24"])]
    );
    assert!(t.program_of("vm-2").unwrap().allowed.is_empty());
    let closed = t.port(Protocol::Udp, 1434).unwrap();
    assert!(closed.allowed.is_empty());
    assert_eq!(allowed_label(&closed.allowed), "nobody (closed)");
}

#[test]
fn ports_left_open_by_other_operations_are_taken_out() {
    let spec = PortSpec(vec![(3389, 3389), (44000, 44099)]);
    assert_eq!(
        without(&spec, &[(44010, 44020), (3389, 3389), (44099, 44200)]).0,
        [(44000, 44009), (44021, 44098)]
    );
    assert!(
        without(&PortSpec(vec![(80, 80)]), &[(1, 65535)])
            .0
            .is_empty()
    );
    assert_eq!(without(&PortSpec(vec![(1, 65535)]), &[]).0, [(1, 65535)]);
}

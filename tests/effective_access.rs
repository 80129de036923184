//! The effective-access model and run results on the shipped wizards: a port turned off closes
//! (and warns where it is the installer's way in), a port another item opens stays open, the
//! plan's SQL Server is the remote one where the wizard says so, and a result file imported
//! into the session turns "planned" into "done" only for what it says was done.

mod common;

use common::{NOW, answered, parse_answers, site_with, wizard};
use hardline::catalog::Protocol;
use hardline::plan::{Action, BuiltinGroup, PortSide, RunStatus, derive};
use hardline::session::{Change, RunMode, RunOutcome, RunRecord, RunState};

#[test]
fn a_port_turned_off_is_closed_and_guarded() {
    let w = wizard("avaya-ipoffice");
    let mut s = answered(&w, None, &parse_answers("role_sql_server port_3389=false"));
    site_with(&w, &mut s, "windows-server-2019", "rdp");
    s.walk(&w, true, NOW);
    let plan = derive(&w, &s, NOW);
    let close = |protocol, port| {
        plan.operations.iter().find(|o| {
            matches!(&o.action, Action::ClosePort(c) if c.protocol == protocol && c.ports.contains(port))
        })
    };
    let rdp = close(Protocol::Tcp, 3389).expect("Open 3389 off closes it");
    assert_eq!(rdp.item, "port_3389");
    let span = plan.effective_access.port(Protocol::Tcp, 3389).unwrap();
    assert!(span.allowed.is_empty(), "{span:?}");
    assert_eq!(span.builtin, [BuiltinGroup::RemoteDesktop]);
    assert!(
        plan.lockout
            .iter()
            .any(|w| w.operation == rdp.id && w.message.contains("closes port 3389")),
        "{:?}",
        plan.lockout
    );
    // The SQL Server Resolution Service is off by the document's table: UDP 1434 closed too.
    assert!(close(Protocol::Udp, 1434).is_some());
    // What the wizard's preview shows for "off" is that close.
    assert!(hardline::export::operation_call(rdp).contains("Limit-HlOtherRules"));
}

#[test]
fn a_port_another_item_opens_stays_open() {
    let w = wizard("nec-ow5000");
    let plan = common::plan_of(&w, "module_uc700 fw_uc_uc700_ams_5425=false");
    assert!(
        common::opens(&plan, "TCP", 5425),
        "other items still open 5425"
    );
    assert!(
        !plan
            .operations
            .iter()
            .any(|o| o.item == "fw_uc_uc700_ams_5425")
    );
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("fw_uc_uc700_ams_5425 off does not close TCP 5425")),
        "{:?}",
        plan.notes
    );
    let span = plan.effective_access.port(Protocol::Tcp, 5425).unwrap();
    assert!(span.operations.len() >= 2, "{span:?}");
}

#[test]
fn outbound_rules_name_the_remote_port_and_sql_runs_on_the_plans_server() {
    let w = wizard("nec-ma4000");
    let local = common::plan_of(&w, "");
    assert_eq!(local.sql_instance, ".");
    let remote = common::plan_of(
        &w,
        "sql_remote sql_server_address=198.51.100.7 sql_port=1433",
    );
    assert_eq!(remote.sql_instance, "198.51.100.7");
    let sql = common::rules(&remote)
        .into_iter()
        .find(|r| r.name.ends_with("-sql"))
        .expect("the database rule");
    assert_eq!(sql.port_side, PortSide::Remote);
    assert!(remote.effective_access.port(Protocol::Tcp, 1433).is_none());
    let check = remote
        .operations
        .iter()
        .find(|o| o.item == "sa_blank_check")
        .expect("the blank password check");
    assert!(matches!(check.action, Action::Sql { check: true, .. }));
}

#[test]
fn a_run_result_turns_planned_into_done_for_what_it_did() {
    let w = wizard("openscape-business");
    let mut s = common::walked(&w, None, &[]);
    let plan = derive(&w, &s, NOW);
    // Before any run every decision that brings operations is planned.
    assert!(
        plan.steps
            .iter()
            .flat_map(|st| &st.decisions)
            .filter_map(|d| d.run.as_ref())
            .all(|r| *r == RunStatus::Planned)
    );

    let w = wizard("avaya-ipoffice");
    s = common::walked(&w, None, &[]);
    s.site.installer = "Ina".into();
    let plan = derive(&w, &s, NOW);
    let on_server: Vec<&hardline::plan::Operation> = plan
        .operations
        .iter()
        .filter(|o| !matches!(o.action, Action::Manual(_)))
        .collect();
    let (done, failed) = (on_server[0], on_server[1]);
    assert!(plan.operations.iter().all(|o| o.run == RunStatus::Planned));
    let outcome = |op: &hardline::plan::Operation, state, detail: &str| RunOutcome {
        id: op.id.clone(),
        digest: op.digest(),
        state,
        detail: detail.into(),
        findings: Vec::new(),
    };
    let run = RunRecord {
        script: "harden.ps1".into(),
        mode: RunMode::Apply,
        fingerprint: plan.fingerprint.clone(),
        host: "IPO01".into(),
        finished: "2026-12-02T10:00:00Z".into(),
        imported_by: "Ina".into(),
        operations: vec![
            outcome(done, RunState::Applied, ""),
            outcome(failed, RunState::Failed, "Access is denied"),
        ],
        ..RunRecord::default()
    };
    let audit_before = s.audit.len();
    s.apply(&w, Change::RecordRun(run), NOW).unwrap();
    assert_eq!(s.audit.len(), audit_before + 1);
    assert_eq!(s.audit.last().unwrap().action, "run result");
    let after = derive(&w, &s, NOW);
    assert_eq!(
        after.fingerprint, plan.fingerprint,
        "a result does not change the plan"
    );
    let status = |id: &str| {
        after
            .operations
            .iter()
            .find(|o| o.id == id)
            .unwrap()
            .run
            .clone()
    };
    assert_eq!(
        status(&done.id).label(),
        "done on 2026-12-02 by Ina on IPO01"
    );
    assert_eq!(
        status(&failed.id).label(),
        "failed on 2026-12-02 on IPO01: Access is denied"
    );
    let rest = after
        .operations
        .iter()
        .filter(|o| o.id != done.id && o.id != failed.id);
    assert!(rest.clone().all(|o| o.run == RunStatus::Planned));
    let decision = after
        .steps
        .iter()
        .flat_map(|st| &st.decisions)
        .find(|d| d.item == failed.item)
        .unwrap();
    assert!(matches!(decision.run, Some(RunStatus::Failed { .. })));
    // A run is a fact, not a choice: undoing the last answer keeps it.
    if s.can_undo() {
        s.apply(&w, Change::Undo, NOW).unwrap();
    }
    assert_eq!(s.runs.len(), 1);
    // The session file keeps it (format 2) and reads back the same.
    let back = hardline::session::Session::from_json(&s.to_json()).unwrap();
    assert_eq!(back.runs, s.runs);
    assert_eq!(back.format, 2);
}

/// legacy.cmd of `plan`, as the bundle writes it.
fn legacy_cmd(plan: &hardline::plan::Plan) -> String {
    hardline::export::bundle(plan, &[hardline::export::Format::Cmd])
        .into_iter()
        .find(|(name, _)| name == "legacy.cmd")
        .map(|(_, text)| text)
        .expect("legacy.cmd in the bundle")
}

#[test]
fn legacy_cmd_renders_the_effective_access() {
    // 2008: outbound rules match the remote port; every other allow rule of an opened port is
    // the installer's, named with the addresses the plan admits.
    let w = wizard("nec-ow5000");
    let mut s = answered(&w, None, &parse_answers(""));
    site_with(&w, &mut s, "windows-server-2008", "rdp");
    s.walk(&w, true, NOW);
    let plan = derive(&w, &s, NOW);
    let cmd = legacy_cmd(&plan);
    let outbound: Vec<_> = common::rules(&plan)
        .into_iter()
        .filter(|r| r.port_side == PortSide::Remote)
        .collect();
    assert!(
        !outbound.is_empty(),
        "the OW5000 platform has outbound rules"
    );
    for r in outbound {
        let line = cmd
            .lines()
            .find(|l| l.contains("add rule") && l.contains(&format!("name=\"{}\"", r.name)))
            .unwrap_or_else(|| panic!("{} is not added", r.name));
        assert!(
            line.contains("dir=out") && line.contains(&format!("remoteport={}", r.ports)),
            "{line}"
        );
        assert!(!line.contains("localport="), "{line}");
    }
    let span = plan.effective_access.port(Protocol::Tcp, 5425).unwrap();
    let who = hardline::plan::allowed_label(&span.allowed);
    assert!(
        cmd.contains(&format!(
            "BY HAND %HL_OP%: every other enabled inbound allow rule for TCP 5425 ^(wf.msc^): disable it or limit it to {who}"
        )),
        "no BY HAND step for the other rules of TCP 5425"
    );
    assert!(!cmd.contains("||") && !cmd.contains("&&"));

    // Remote Desktop turned off (one legacy.cmd for 2003 and 2008, which picks by `ver`): on
    // 2008 the built-in rules are disabled by their locale-free group, on 2003 the openings of
    // 3389 are deleted; either way only behind the lock-out guard.
    let w = wizard("avaya-ipoffice");
    let mut s = answered(&w, None, &parse_answers("role_sql_server port_3389=false"));
    site_with(&w, &mut s, "windows-server-2008-r2", "rdp");
    s.walk(&w, true, NOW);
    let cmd = legacy_cmd(&derive(&w, &s, NOW));
    let disable = "netsh advfirewall firewall set rule group=\"@FirewallAPI.dll,-28752\" dir=in protocol=TCP localport=3389 new enable=no";
    let body_at = cmd.find(disable).expect("the built-in rules disabled");
    let label_at = cmd[..body_at]
        .rfind("\n:hl_guarded_")
        .expect("a guarded block")
        + 2;
    let label = cmd[label_at..].lines().next().unwrap();
    let body = &cmd[label_at..body_at];
    assert!(
        body.contains("for /L %%p in (3389,1,3389) do call :close_port_2003 TCP %%p"),
        "{body}"
    );
    let call_at = cmd
        .find(&format!("call :{label}\r\n"))
        .unwrap_or_else(|| panic!("{label} is never called"));
    let before = &cmd[cmd[..call_at].rfind("call :begin ").unwrap()..call_at];
    assert!(before.contains("call :rdp_guard"), "not guarded:\n{before}");
    assert!(!cmd.contains("||") && !cmd.contains("&&"));
}

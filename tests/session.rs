//! The state machine's rules, on the Avaya wizard and on small inline wizards.

use hardline::catalog::{Value, Wizard, parse_wizard};
use hardline::session::{Change, ChangeError, Session, SiteField, StepState};
use hardline::store;

const NOW: &str = "2026-11-25T10:00:00Z";

fn avaya() -> Wizard {
    store::catalog(None)
        .unwrap()
        .wizard("avaya-ipoffice")
        .unwrap()
        .clone()
}

fn with_site(w: &Wizard) -> Session {
    let mut s = Session::new("t", &w.id, &w.fingerprint(), NOW);
    for (field, value) in [
        (SiteField::Customer, "ACME"),
        (SiteField::Site, "HQ"),
        (SiteField::Installer, "Ina"),
        (SiteField::Host, "ipo-vm01"),
        (SiteField::Subnets, "10.0.0.0/24"),
        (SiteField::TargetOs, w.target_os[0].id()),
    ] {
        s.apply(
            w,
            Change::SetSite {
                field,
                value: value.into(),
            },
            NOW,
        )
        .unwrap();
    }
    if let Some(r) = w.releases.first() {
        s.apply(
            w,
            Change::SetSite {
                field: SiteField::Release,
                value: r.clone(),
            },
            NOW,
        )
        .unwrap();
    }
    s
}

fn answer(s: &mut Session, w: &Wizard, item: &str, value: Value) -> Result<(), ChangeError> {
    s.apply(
        w,
        Change::Answer {
            item: item.into(),
            value,
            reason: String::new(),
        },
        NOW,
    )
    .map(|_| ())
}

fn state(s: &Session, w: &Wizard, step: &str) -> StepState {
    s.step_state(w, &s.evaluate(w), w.step_index(step).unwrap())
}

#[test]
fn iis_is_visible_only_with_the_web_server_role() {
    let w = avaya();
    let mut s = with_site(&w);
    answer(&mut s, &w, "role_web_server", Value::Bool(false)).unwrap();
    assert_eq!(state(&s, &w, "iis"), StepState::Hidden);
    let err = answer(&mut s, &w, "iis_ext_webdav", Value::Bool(true)).unwrap_err();
    assert!(matches!(err, ChangeError::Hidden(_)), "{err}");
    answer(&mut s, &w, "role_web_server", Value::Bool(true)).unwrap();
    assert_eq!(state(&s, &w, "iis"), StepState::Pending);
}

#[test]
fn mandatory_answers_block_completion() {
    let w = avaya();
    let mut s = with_site(&w);
    s.walk(&w, true, NOW);
    answer(
        &mut s,
        &w,
        "unspecified_services_mode",
        Value::Text("disable".into()),
    )
    .unwrap();
    assert_eq!(state(&s, &w, "unspecified_services"), StepState::InProgress);
    let err = s
        .apply(
            &w,
            Change::Complete {
                step: "unspecified_services".into(),
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.to_string().contains("mandatory"), "{err}");
    // Manager's firewall exception is mandatory too.
    answer(&mut s, &w, "manager_exception", Value::Bool(false)).unwrap();
    let err = s
        .apply(
            &w,
            Change::Complete {
                step: "apply".into(),
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.to_string().contains("Manager.exe"), "{err}");
}

#[test]
fn sections_the_document_forbids_to_skip_cannot_be_skipped() {
    let w = avaya();
    let mut s = with_site(&w);
    for step in ["registry", "audit", "ports", "iis", "unspecified_services"] {
        let err = s
            .apply(
                &w,
                Change::Skip {
                    step: step.into(),
                    reason: "no time".into(),
                },
                NOW,
            )
            .unwrap_err();
        assert!(matches!(err, ChangeError::NotSkippable(_)), "{step}: {err}");
    }
    let err = s.apply(
        &w,
        Change::Skip {
            step: "client_features".into(),
            reason: "  ".into(),
        },
        NOW,
    );
    assert_eq!(err.unwrap_err(), ChangeError::ReasonRequired);
    s.apply(
        &w,
        Change::Skip {
            step: "client_features".into(),
            reason: "customer's image".into(),
        },
        NOW,
    )
    .unwrap();
    assert_eq!(state(&s, &w, "client_features"), StepState::Skipped);
}

#[test]
fn changing_an_earlier_answer_marks_dependent_steps_for_review() {
    let w = avaya();
    let mut s = with_site(&w);
    assert!(s.walk(&w, true, NOW).is_empty());
    assert!(s.is_complete(&w));
    let out = s
        .apply(
            &w,
            Change::Answer {
                item: "role_sql_server".into(),
                value: Value::Bool(true),
                reason: String::new(),
            },
            NOW,
        )
        .unwrap();
    // The ports step reads the SQL role (port 1433), services read it (CCC); registry does not.
    assert!(
        out.invalidated.contains(&"ports".to_string()),
        "{:?}",
        out.invalidated
    );
    assert!(out.invalidated.contains(&"services".to_string()));
    assert!(!out.invalidated.contains(&"registry".to_string()));
    assert_eq!(state(&s, &w, "ports"), StepState::NeedsReview);
    assert_eq!(
        state(&s, &w, "roles"),
        StepState::Done,
        "the step that changed stays done"
    );
    let blockers = s.export_blockers(&w);
    assert!(
        blockers.iter().any(|b| b.contains("needs review")),
        "{blockers:?}"
    );
}

#[test]
fn export_is_refused_with_the_list_of_what_is_missing() {
    let w = avaya();
    let s = with_site(&w);
    let blockers = s.export_blockers(&w);
    // Every visible step is open: the site step (in progress) and the rest.
    let visible = (0..w.steps.len())
        .filter(|i| s.step_state(&w, &s.evaluate(&w), *i) != StepState::Hidden)
        .count();
    assert_eq!(blockers.len(), visible, "{blockers:?}");
    assert!(blockers[0].contains("Site"), "{blockers:?}");
}

#[test]
fn undo_and_redo_restore_answers_and_the_log_only_grows() {
    let w = avaya();
    let mut s = with_site(&w);
    answer(&mut s, &w, "role_telnet_server", Value::Bool(true)).unwrap();
    answer(&mut s, &w, "role_telnet_server", Value::Bool(false)).unwrap();
    let log = s.audit.len();
    s.apply(&w, Change::Undo, NOW).unwrap();
    assert_eq!(
        s.answer("role_telnet_server").unwrap().value,
        Value::Bool(true)
    );
    s.apply(&w, Change::Undo, NOW).unwrap();
    assert!(s.answer("role_telnet_server").is_none());
    s.apply(&w, Change::Redo, NOW).unwrap();
    assert_eq!(
        s.answer("role_telnet_server").unwrap().value,
        Value::Bool(true)
    );
    assert_eq!(
        s.audit.len(),
        log + 3,
        "undo and redo are logged, nothing is removed"
    );
    // A new change clears the redo stack.
    answer(&mut s, &w, "role_print_server", Value::Bool(true)).unwrap();
    assert_eq!(
        s.apply(&w, Change::Redo, NOW).unwrap_err(),
        ChangeError::NothingToRedo
    );
}

#[test]
fn every_change_is_logged_with_time_installer_old_new_and_reason() {
    let w = avaya();
    let mut s = with_site(&w);
    s.apply(
        &w,
        Change::Answer {
            item: "role_print_server".into(),
            value: Value::Bool(true),
            reason: "label printer".into(),
        },
        "2026-11-25T11:00:00Z",
    )
    .unwrap();
    s.apply(
        &w,
        Change::Answer {
            item: "role_print_server".into(),
            value: Value::Bool(false),
            reason: String::new(),
        },
        "2026-11-25T11:05:00Z",
    )
    .unwrap();
    let last = s.audit.last().unwrap();
    assert_eq!(
        (
            last.time.as_str(),
            last.installer.as_str(),
            last.target.as_str()
        ),
        ("2026-11-25T11:05:00Z", "Ina", "role_print_server")
    );
    assert_eq!(
        (last.old.as_deref(), last.new.as_deref()),
        (Some("on"), Some("off"))
    );
    let first = &s.audit[s.audit.len() - 2];
    assert_eq!(first.reason, "label printer");
    assert_eq!(first.old, None);
}

#[test]
fn invalid_values_are_refused_and_change_nothing() {
    let w = avaya();
    let mut s = with_site(&w);
    let before = s.clone();
    assert!(
        answer(
            &mut s,
            &w,
            "outbound_auth",
            Value::Text("everything".into())
        )
        .is_err()
    );
    assert!(answer(&mut s, &w, "role_web_server", Value::Text("yes".into())).is_err());
    assert!(answer(&mut s, &w, "no_such_item", Value::Bool(true)).is_err());
    let err = s
        .apply(
            &w,
            Change::SetSite {
                field: SiteField::Address,
                value: "10.0.0.300".into(),
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.to_string().contains("Server address"), "{err}");
    assert_eq!(s.answers, before.answers);
    assert_eq!(s.site, before.site);
    assert_eq!(s.audit.len(), before.audit.len());
}

const GATED: &str = r#"{
  "id": "gated", "name": "Gated", "vendor": "Test",
  "document": {"file": "x.txt", "title": "X"},
  "releases": ["R1", "R2", "R3"], "target_os": ["appliance"], "rule_prefix": "G",
  "steps": [
    {"id": "site", "kind": "site", "title": "Site", "intro": "", "source": {"file": "x.txt", "section": "1"}},
    {"id": "remote", "kind": "remote_access", "title": "Remote", "intro": "", "source": {"file": "x.txt", "section": "2"},
     "items": [
       {"id": "vpn", "kind": "toggle", "label": "VPN", "rationale": "r", "source": {"file": "x.txt", "section": "2"},
        "when": {"release_before": "R2"}, "recommended": true},
       {"id": "forward", "kind": "toggle", "label": "Forward", "rationale": "r", "source": {"file": "x.txt", "section": "2"},
        "when": {"release_at_least": "R2"}, "recommended": true},
       {"id": "why_not", "kind": "measure", "label": "Measure", "rationale": "r", "source": {"file": "x.txt", "section": "3"},
        "recommended": "apply"}
     ]}
  ]
}"#;

#[test]
fn release_gating_and_measures_needing_a_reason() {
    let w = parse_wizard("gated.json", GATED).unwrap();
    let mut s = with_site(&w);
    let ev = s.evaluate(&w);
    assert!(ev.visible("vpn") && !ev.visible("forward"));
    s.walk(&w, true, NOW);
    assert!(s.is_complete(&w));
    // A later release hides the VPN item, shows forwarding, and the settled step needs review.
    let out = s
        .apply(
            &w,
            Change::SetSite {
                field: SiteField::Release,
                value: "R3".into(),
            },
            NOW,
        )
        .unwrap();
    assert_eq!(out.invalidated, vec!["remote".to_string()]);
    let ev = s.evaluate(&w);
    assert!(!ev.visible("vpn") && ev.visible("forward"));
    s.apply(
        &w,
        Change::Answer {
            item: "why_not".into(),
            value: Value::Text("deviate".into()),
            reason: String::new(),
        },
        NOW,
    )
    .unwrap();
    let err = s
        .apply(
            &w,
            Change::Complete {
                step: "remote".into(),
            },
            NOW,
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("needs a reason") && err.contains("'Forward' [forward] is not answered"),
        "{err}"
    );
}

#[test]
fn session_json_round_trips_and_refuses_future_formats() {
    let w = avaya();
    let mut s = with_site(&w);
    s.walk(&w, true, NOW);
    let back = Session::from_json(&s.to_json()).unwrap();
    assert_eq!(back.answers, s.answers);
    assert_eq!(back.steps, s.steps);
    assert_eq!(back.audit, s.audit);
    let current = format!("\"format\": {}", hardline::session::FORMAT);
    assert!(s.to_json().contains(&current));
    let future = s.to_json().replacen(&current, "\"format\": 99", 1);
    assert_ne!(future, s.to_json());
    assert!(
        Session::from_json(&future)
            .unwrap_err()
            .to_string()
            .contains("newer")
    );
    assert!(
        Session::from_json("{\"answers\": {}}")
            .unwrap_err()
            .to_string()
            .contains("no product")
    );
}

#[test]
fn a_changed_wizard_keeps_surviving_answers_and_flags_the_rest() {
    let old = avaya();
    let mut s = with_site(&old);
    s.walk(&old, true, NOW);
    // The new wizard renames one item, removes another and adds a third to the roles step.
    let mut new = old.clone();
    let roles = new.steps.iter_mut().find(|st| st.id == "roles").unwrap();
    let print = roles
        .items
        .iter_mut()
        .find(|i| i.id == "role_print_server")
        .unwrap();
    print.id = "role_printing".into();
    print.renamed_from = vec!["role_print_server".into()];
    roles.items.retain(|i| i.id != "role_dfs_server");
    let mut added = roles.items[1].clone();
    added.id = "role_fax_server".into();
    added.recommended = None;
    roles.items.push(added);
    let r = s.reconcile(&new, &new.fingerprint(), NOW);
    assert_eq!(
        r.renamed,
        vec![("role_print_server".to_string(), "role_printing".to_string())]
    );
    assert_eq!(r.orphaned, vec!["role_dfs_server".to_string()]);
    assert_eq!(r.review, vec!["roles".to_string()]);
    assert_eq!(s.answer("role_printing").unwrap().value, Value::Bool(false));
    assert!(s.orphaned.contains_key("role_dfs_server"));
    // Every other answer survived untouched.
    let survivors = old
        .items()
        .filter(|(_, i)| !["role_print_server", "role_dfs_server"].contains(&i.id.as_str()));
    for (_, item) in survivors {
        if item.kind != hardline::catalog::ItemKind::Info
            && item.kind != hardline::catalog::ItemKind::PasswordCheck
            && s.evaluate(&new).visible(&item.id)
        {
            assert!(s.answer(&item.id).is_some(), "{} lost", item.id);
        }
    }
    assert_eq!(s.audit.last().unwrap().action, "wizard changed");
    // Reconciling again against the same wizard does nothing.
    assert!(s.reconcile(&new, &new.fingerprint(), NOW).is_empty());
}

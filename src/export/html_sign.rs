//! The part of plan.html the customer signs: the change log as it stands, the sign-off with room
//! to sign and the installer named, and the full log as an appendix.

use super::html::table;
use crate::plan::{Plan, standing};

/// Who set each decision to what it is now, and when (the full log is the appendix).
pub(super) fn change_log(out: &mut String, plan: &Plan) {
    let rows: Vec<(Vec<String>, bool)> = standing(plan)
        .into_iter()
        .map(|s| (vec![s.time, s.installer, s.what, s.value, s.reason], false))
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str("<h2>Change log: the decisions as they stand</h2>\n");
    table(
        out,
        &[
            ("Set at", 17),
            ("By", 13),
            ("What", 28),
            ("Now", 20),
            ("Reason", 22),
        ],
        rows,
    );
}

pub(super) fn sign_off(out: &mut String, plan: &Plan) {
    out.push_str(
        "<section class=\"signoff\"><h2>Sign-off</h2>\n<p>By signing, the customer accepts the \
         decisions above, the deviations with their reasons and the manual steps; the installer \
         confirms that the plan was made with the customer.</p>\n",
    );
    let customer = if plan.site.customer.is_empty() {
        "Customer".to_string()
    } else {
        format!("Customer ({})", plan.site.customer)
    };
    let rows = vec![
        (
            vec![customer, String::new(), String::new(), String::new()],
            false,
        ),
        (
            vec![
                "Installer".to_string(),
                plan.site.installer.clone(),
                String::new(),
                String::new(),
            ],
            false,
        ),
    ];
    out.push_str("<div class=\"sign\">");
    table(
        out,
        &[("Role", 20), ("Name", 28), ("Signature", 34), ("Date", 18)],
        rows,
    );
    out.push_str("</div></section>\n");
}

/// Every line of the session's log, undo and abandoned choices included: the appendix.
pub(super) fn full_log(out: &mut String, plan: &Plan) {
    if plan.audit.is_empty() {
        return;
    }
    out.push_str("<h2>Appendix: the full change log</h2>\n");
    let rows = plan
        .audit
        .iter()
        .map(|e| {
            (
                vec![
                    e.time.clone(),
                    e.installer.clone(),
                    e.action.clone(),
                    e.target.clone(),
                    e.old.clone().unwrap_or_default(),
                    e.new.clone().unwrap_or_default(),
                    e.reason.clone(),
                ],
                false,
            )
        })
        .collect();
    table(
        out,
        &[
            ("Time", 15),
            ("Installer", 11),
            ("Action", 10),
            ("Target", 16),
            ("Old", 15),
            ("New", 15),
            ("Reason", 18),
        ],
        rows,
    );
}

//! plan.md: the plan for the customer to read and sign.

use super::provenance::{self, Translations};
use super::quote::{md_code, md_lines, md_text};
use super::summary::ACCESS_NOTE;
use super::summary::summary;
use crate::plan::{Action, Plan, RunStatus, allowed_label};
use crate::session::SiteField;
use std::fmt::Write;

/// One table row: every cell escaped, its line breaks kept.
fn row(cells: &[&str]) -> String {
    let escaped: Vec<String> = cells.iter().map(|c| md_lines(c)).collect();
    format!("| {} |\n", escaped.join(" | "))
}

fn header(cells: &[&str]) -> String {
    let rule = vec!["---"; cells.len()].join(" | ");
    format!("{}| {rule} |\n", row(cells))
}

pub fn plan_md(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Hardening plan: {} ({})\n",
        md_text(&plan.product_name),
        md_text(&plan.vendor)
    );
    let _ = writeln!(
        out,
        "Generated {} by hardline from session {}. Plan fingerprint {}. Source document: {}.\n",
        md_text(&plan.generated),
        md_code(&plan.session_id),
        md_code(&plan.fingerprint),
        md_text(&plan.document.title)
    );
    site(&mut out, plan);
    lockout(&mut out, plan);
    open(&mut out, plan);
    decisions(&mut out, plan);
    deviations(&mut out, plan);
    let translations = Translations::of(plan);
    operations(&mut out, plan, &translations);
    effective_access(&mut out, plan);
    manual(&mut out, plan, &translations);
    provenance::md_origins(&mut out, plan, &translations);
    if !plan.notes.is_empty() {
        out.push_str("## Left out\n\n");
        for n in &plan.notes {
            let _ = writeln!(out, "- {}", md_text(n));
        }
        out.push('\n');
    }
    change_log(&mut out, plan);
    sign_off(&mut out, plan);
    full_log(&mut out, plan);
    provenance::md_document(&mut out, plan);
    out
}

fn site(out: &mut String, plan: &Plan) {
    out.push_str("## Site\n\n");
    out.push_str(&header(&["Fact", "Value"]));
    for f in SiteField::ALL {
        let value = match f {
            SiteField::TargetOs => plan
                .site
                .target_os
                .map(|t| t.label().to_string())
                .unwrap_or_default(),
            _ => plan.site.get(f),
        };
        out.push_str(&row(&[f.label(), &value]));
    }
    out.push('\n');
}

fn lockout(out: &mut String, plan: &Plan) {
    if plan.lockout.is_empty() {
        return;
    }
    out.push_str("## Lock-out warnings\n\n");
    let confirmed = if plan.lockout_confirmed {
        "The installer confirmed these warnings. The script checks again when it runs and \
         refuses these operations unless it is started with -Force."
    } else {
        "NOT CONFIRMED: the installer has not confirmed these warnings."
    };
    let _ = writeln!(out, "{}\n", md_text(confirmed));
    for w in &plan.lockout {
        let _ = writeln!(
            out,
            "- **{}**: {}",
            md_text(&w.operation),
            md_text(&w.message)
        );
    }
    out.push('\n');
}

fn open(out: &mut String, plan: &Plan) {
    if plan.open.is_empty() {
        return;
    }
    out.push_str("## Checks not made\n\n");
    out.push_str("This plan does not claim these checks: make them before signing, or sign knowing that they are open.\n\n");
    for o in &plan.open {
        let _ = writeln!(out, "- {}", md_text(o));
    }
    out.push('\n');
}

fn decisions(out: &mut String, plan: &Plan) {
    out.push_str("## Decisions by step\n\n");
    for step in &plan.steps {
        let _ = writeln!(
            out,
            "### {} ({})\n",
            md_text(&step.title),
            md_text(step.state.label())
        );
        if !step.reason.is_empty() {
            let _ = writeln!(out, "Skipped because: {}\n", md_lines(&step.reason));
        }
        if step.decisions.is_empty() {
            continue;
        }
        out.push_str(&header(&[
            "Item",
            "Decision",
            "Recommended",
            "Reason",
            "Status",
        ]));
        for d in &step.decisions {
            let value = if d.deviates {
                format!("{} (deviates)", d.value)
            } else {
                d.value.clone()
            };
            out.push_str(&row(&[
                &d.label,
                &value,
                d.recommended.as_deref().unwrap_or(""),
                &d.reason,
                &d.run.as_ref().map(RunStatus::label).unwrap_or_default(),
            ]));
        }
        out.push('\n');
        provenance::md_ours(out, step);
    }
}

fn deviations(out: &mut String, plan: &Plan) {
    let list: Vec<_> = plan
        .steps
        .iter()
        .flat_map(|s| &s.decisions)
        .filter(|d| d.deviates)
        .collect();
    if list.is_empty() {
        return;
    }
    out.push_str("## Deviations from the document\n\n");
    for d in list {
        let reason = if d.reason.is_empty() {
            "(no reason given)"
        } else {
            &d.reason
        };
        let _ = writeln!(
            out,
            "- **{}**: {} instead of {}. Reason: {}",
            md_text(&d.label),
            md_text(&d.value),
            md_text(d.recommended.as_deref().unwrap_or("")),
            md_lines(reason)
        );
    }
    out.push('\n');
}

fn operations(out: &mut String, plan: &Plan, translations: &Translations) {
    let automatic: Vec<_> = plan.of(|a| !matches!(a, Action::Manual(_))).collect();
    if automatic.is_empty() {
        return;
    }
    out.push_str("## Operations\n\n");
    out.push_str(&header(&[
        "Id", "Kind", "What", "Why", "Undo", "Origin", "Status",
    ]));
    for op in automatic {
        out.push_str(&row(&[
            &op.id,
            op.action.kind_label(),
            &summary(&op.action),
            &op.reason,
            &op.action.undo(),
            &translations.cell(op),
            &op.run.label(),
        ]));
    }
    out.push('\n');
}

/// Who may reach each port and program the plan names once the scripts ran, and what becomes of
/// the server's other allow rules for them.
fn effective_access(out: &mut String, plan: &Plan) {
    let access = &plan.effective_access;
    if access.ports.is_empty() && access.programs.is_empty() {
        return;
    }
    out.push_str("## Effective inbound access\n\n");
    let _ = writeln!(out, "{}\n", md_text(ACCESS_NOTE));
    out.push_str(&header(&[
        "Port or program",
        "Allowed from",
        "Operations",
        "Built-in rules",
    ]));
    for s in &access.ports {
        let builtin: Vec<&str> = s.builtin.iter().map(|g| g.label()).collect();
        out.push_str(&row(&[
            &s.label(),
            &allowed_label(&s.allowed),
            &s.operations.join(", "),
            &builtin.join(", "),
        ]));
    }
    for p in &access.programs {
        out.push_str(&row(&[
            &p.program,
            &allowed_label(&p.allowed),
            &p.operations.join(", "),
            "",
        ]));
    }
    out.push('\n');
}

fn manual(out: &mut String, plan: &Plan, translations: &Translations) {
    let steps: Vec<_> = plan
        .operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::Manual(m) => Some((o, m)),
            _ => None,
        })
        .collect();
    if steps.is_empty() {
        return;
    }
    out.push_str("## Manual steps\n\nEach step applies the document's measure as written for this system, unless an Origin line says otherwise.\n\n");
    for (n, (op, m)) in steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", n + 1, md_text(&m.path));
        let _ = writeln!(
            out,
            "   - Set {} to {}",
            md_text(&m.setting),
            md_code(&m.value)
        );
        if let Some(note) = &m.note {
            let _ = writeln!(out, "   - Note: {}", md_text(note));
        }
        let _ = writeln!(out, "   - Why: {}", md_text(&op.reason));
        if !op.origin.is_document() {
            let _ = writeln!(out, "   - Origin: {}", md_text(&translations.cell(op)));
        }
        let _ = writeln!(out, "   - Done: \\[ \\]");
    }
    out.push('\n');
}

/// Who set each decision to what it is now, and when (the full log is the appendix).
fn change_log(out: &mut String, plan: &Plan) {
    let log = crate::plan::standing(plan);
    if log.is_empty() {
        return;
    }
    out.push_str("## Change log: the decisions as they stand\n\n");
    out.push_str(&header(&["Set at", "By", "What", "Now", "Reason"]));
    for s in log {
        out.push_str(&row(&[&s.time, &s.installer, &s.what, &s.value, &s.reason]));
    }
    out.push('\n');
}

fn sign_off(out: &mut String, plan: &Plan) {
    out.push_str("## Sign-off\n\n");
    out.push_str(
        "By signing, the customer accepts the decisions above, the deviations with their reasons \
         and the manual steps; the installer confirms that the plan was made with the customer.\n\n",
    );
    out.push_str(&header(&["Role", "Name", "Signature", "Date"]));
    let customer = if plan.site.customer.is_empty() {
        "Customer".to_string()
    } else {
        format!("Customer ({})", plan.site.customer)
    };
    out.push_str(&row(&[&customer, "", "", ""]));
    out.push_str(&row(&["Installer", &plan.site.installer, "", ""]));
    out.push('\n');
}

/// Every line of the session's log, undo and abandoned choices included: the appendix.
fn full_log(out: &mut String, plan: &Plan) {
    if plan.audit.is_empty() {
        return;
    }
    out.push_str("## Appendix: the full change log\n\n");
    out.push_str(&header(&[
        "Time",
        "Installer",
        "Action",
        "Target",
        "Old",
        "New",
        "Reason",
    ]));
    for e in &plan.audit {
        out.push_str(&row(&[
            &e.time,
            &e.installer,
            &e.action,
            &e.target,
            e.old.as_deref().unwrap_or(""),
            e.new.as_deref().unwrap_or(""),
            &e.reason,
        ]));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::every_action;

    #[test]
    fn user_text_cannot_break_the_table() {
        let md = plan_md(&every_action("| *x* \n# not a heading <b>"));
        let pipes = |l: &str| l.matches('|').count() - l.matches("\\|").count();
        let mut columns = None;
        for line in md.lines() {
            match (line.starts_with('|'), columns) {
                (true, None) => columns = Some(pipes(line)),
                (true, Some(n)) => assert_eq!(pipes(line), n, "{line}"),
                (false, _) => columns = None,
            }
        }
        assert!(!md.lines().any(|l| l.starts_with("# not")));
        assert!(md.contains("\\<b\\>"));
        let raw_html = md
            .lines()
            .filter(|l| l.contains("<b>") && !l.contains("\\<b"));
        assert!(
            raw_html.clone().all(|l| l.contains("` ")),
            "{:?}",
            raw_html.collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_reason_keeps_its_line_breaks() {
        let mut plan = every_action("x");
        plan.steps[0].decisions[0].deviates = true;
        plan.steps[0].decisions[0].reason = "agreed with IT\non 2026-11-20 <b>".into();
        let md = plan_md(&plan);
        assert_eq!(
            md.matches("agreed with IT<br>on 2026-11-20 \\<b\\>")
                .count(),
            2,
            "{md}"
        );
    }

    #[test]
    fn has_the_customer_sections() {
        let md = plan_md(&every_action("x"));
        for h in [
            "## Site",
            "## Lock-out warnings",
            "## Decisions by step",
            "## Deviations from the document",
            "## Manual steps",
            "## Sign-off",
        ] {
            assert!(md.contains(h), "{h}");
        }
        assert!(md.contains("OMC \\> System Miscellaneous"), "{md}");
    }

    #[test]
    fn says_what_is_the_documents_and_what_is_ours() {
        let md = plan_md(&every_action("x"));
        // Operations carry their origin; a translation note is printed once, under its label.
        assert!(md.contains("| translated by us (T1) |"), "{md}");
        assert_eq!(
            md.matches("the same value on Windows Server 2019 x")
                .count(),
            1
        );
        assert!(md.contains("| verify |"));
        assert!(md.contains(
            "2 operations are marked verify: the document (written for Windows Server 2003) predates Windows Server 2019. Check them"
        ), "{md}");
        assert!(
            md.contains("- Ours in Label of item\\_1 x: the menu path x"),
            "{md}"
        );
        // The plan ends with the document, section by section.
        let appendix = md.find("## The document, section by section").unwrap();
        assert!(appendix > md.find("## Sign-off").unwrap());
        let tail = &md[appendix..];
        assert!(tail.contains("### Security Configuration Wizard"));
        assert!(tail.contains(
            "The document recommends (our summary): Open only the ports the roles need x"
        ));
        assert!(tail.contains("- Label of item\\_0 x (` item_0 `): on. The document: \u{201c}Select the ports to open x\u{201d}"), "{tail}");
        assert!(tail.contains("- Not encoded: Contact details, no measure x"));
    }
}

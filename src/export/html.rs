//! plan.html: the plan for the customer, with a drawing of the allowed network flows (inline
//! SVG: who may reach which port) and print CSS for the paper the customer signs: every column
//! kept (fixed table layout, text wraps), page numbers with the site and the plan fingerprint in
//! the running header, headings kept with what follows, room to sign. One self-contained file,
//! no script.

use super::html_flows::flows_svg;
use super::html_sign;
use super::provenance::{self, Translations};
use super::quote::{css_string, html, html_lines};
use super::summary::ACCESS_NOTE;
use super::summary::summary;
use crate::plan::{Action, Plan, RunStatus, allowed_label};
use crate::session::SiteField;
use std::fmt::Write;

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}\
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em;table-layout:fixed}\
th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top;\
overflow-wrap:anywhere;word-break:break-word}\
th{background:#eee}.deviates{background:#fff3cd}.warn{border:2px solid #b00;padding:.5em 1em}\
.sign td{height:2.2cm}.signoff p{margin:.5em 0}\
svg text{font:12px sans-serif}\
@media print{body{margin:0;font-size:10.5pt}table{font-size:9.5pt}\
h1,h2,h3{break-after:avoid-page;break-inside:avoid}\
tr,svg,.warn,.signoff{break-inside:avoid}thead{display:table-header-group}\
th{background:none}a{color:inherit;text-decoration:none}}";

/// The page box of the print: its running header (the site, the plan fingerprint) and footer
/// (the page number of the whole), from the plan's own text.
fn page_style(plan: &Plan) -> String {
    let site = format!(
        "Hardening plan · {} · {}",
        plan.site.customer, plan.site.site
    );
    format!(
        "@page{{size:A4;margin:16mm 14mm 16mm 14mm;\
         @top-left{{content:{};font:8.5pt sans-serif;color:#444}}\
         @top-right{{content:{};font:8.5pt sans-serif;color:#444}}\
         @bottom-left{{content:{};font:8.5pt sans-serif;color:#444}}\
         @bottom-right{{content:\"Page \" counter(page) \" of \" counter(pages);\
         font:8.5pt sans-serif;color:#444}}}}",
        css_string(&site),
        css_string(&format!("Plan {}", plan.fingerprint)),
        css_string(&plan.product_name),
    )
}

/// A table whose columns take the given share of the width; every cell keeps its line breaks.
pub(super) fn table(out: &mut String, head: &[(&str, u8)], rows: Vec<(Vec<String>, bool)>) {
    out.push_str("<table><colgroup>");
    for (_, width) in head {
        let _ = write!(out, "<col style=\"width:{width}%\">");
    }
    out.push_str("</colgroup><thead><tr>");
    for (h, _) in head {
        let _ = write!(out, "<th>{}</th>", html(h));
    }
    out.push_str("</tr></thead><tbody>\n");
    for (cells, marked) in rows {
        out.push_str(if marked {
            "<tr class=\"deviates\">"
        } else {
            "<tr>"
        });
        for c in cells {
            let _ = write!(out, "<td>{}</td>", html_lines(&c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

pub fn plan_html(plan: &Plan) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        out,
        "<title>Hardening plan: {} - {}</title>\n<style>{STYLE}{}</style>\n</head>\n<body>",
        html(&plan.product_name),
        html(&plan.site.site),
        page_style(plan)
    );
    let _ = writeln!(
        out,
        "<h1>Hardening plan: {} ({})</h1>\n<p>Generated {} by hardline from session {}. Plan fingerprint <code>{}</code>. Source document: {}.</p>",
        html(&plan.product_name),
        html(&plan.vendor),
        html(&plan.generated),
        html(&plan.session_id),
        html(&plan.fingerprint),
        html(&plan.document.title)
    );
    site(&mut out, plan);
    lockout(&mut out, plan);
    open_checks(&mut out, plan);
    out.push_str("<h2>Allowed network flows</h2>\n");
    out.push_str(&flows_svg(plan));
    decisions(&mut out, plan);
    deviations(&mut out, plan);
    let translations = Translations::of(plan);
    operations(&mut out, plan, &translations);
    effective_access(&mut out, plan);
    manual(&mut out, plan, &translations);
    provenance::html_origins(&mut out, plan, &translations);
    notes(&mut out, plan);
    html_sign::change_log(&mut out, plan);
    html_sign::sign_off(&mut out, plan);
    html_sign::full_log(&mut out, plan);
    provenance::html_document(&mut out, plan);
    out.push_str("</body>\n</html>\n");
    out
}

fn site(out: &mut String, plan: &Plan) {
    out.push_str("<h2>Site</h2>\n");
    let site = SiteField::ALL
        .iter()
        .map(|f| {
            let v = match f {
                SiteField::TargetOs => plan
                    .site
                    .target_os
                    .map(|t| t.label().to_string())
                    .unwrap_or_default(),
                _ => plan.site.get(*f),
            };
            (vec![f.label().to_string(), v], false)
        })
        .collect();
    table(out, &[("Fact", 30), ("Value", 70)], site);
}

fn lockout(out: &mut String, plan: &Plan) {
    if plan.lockout.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<div class=\"warn\"><h2>Lock-out warnings</h2><p>{}</p><ul>",
        if plan.lockout_confirmed {
            "The installer confirmed these. The script checks again when it runs and refuses them without -Force."
        } else {
            "NOT CONFIRMED by the installer."
        }
    );
    for w in &plan.lockout {
        let _ = writeln!(
            out,
            "<li><b>{}</b>: {}</li>",
            html(&w.operation),
            html(&w.message)
        );
    }
    out.push_str("</ul></div>\n");
}

/// Password checks nobody made: the paper says so rather than ticking them.
fn open_checks(out: &mut String, plan: &Plan) {
    if plan.open.is_empty() {
        return;
    }
    out.push_str("<div class=\"warn\"><h2>Checks not made</h2><p>This plan does not claim these checks: make them before signing, or sign knowing that they are open.</p><ul>\n");
    for o in &plan.open {
        let _ = writeln!(out, "<li>{}</li>", html(o));
    }
    out.push_str("</ul></div>\n");
}

fn decisions(out: &mut String, plan: &Plan) {
    out.push_str("<h2>Decisions by step</h2>\n");
    for step in &plan.steps {
        let _ = writeln!(
            out,
            "<h3>{} ({})</h3>",
            html(&step.title),
            html(step.state.label())
        );
        if !step.reason.is_empty() {
            let _ = writeln!(out, "<p>Skipped because: {}</p>", html_lines(&step.reason));
        }
        if step.decisions.is_empty() {
            continue;
        }
        let rows = step
            .decisions
            .iter()
            .map(|d| {
                (
                    vec![
                        d.label.clone(),
                        d.value.clone(),
                        d.recommended.clone().unwrap_or_default(),
                        d.reason.clone(),
                        d.run.as_ref().map(RunStatus::label).unwrap_or_default(),
                    ],
                    d.deviates,
                )
            })
            .collect();
        table(
            out,
            &[
                ("Item", 30),
                ("Decision", 19),
                ("Recommended", 17),
                ("Reason", 22),
                ("Status", 12),
            ],
            rows,
        );
        provenance::html_ours(out, step);
    }
}

fn deviations(out: &mut String, plan: &Plan) {
    let rows: Vec<(Vec<String>, bool)> = plan
        .steps
        .iter()
        .flat_map(|s| s.decisions.iter().map(move |d| (s, d)))
        .filter(|(_, d)| d.deviates)
        .map(|(s, d)| {
            let reason = if d.reason.is_empty() {
                "(no reason given)".to_string()
            } else {
                d.reason.clone()
            };
            let item = format!("{}: {}", s.title, d.label);
            let recommended = d.recommended.clone().unwrap_or_default();
            (vec![item, d.value.clone(), recommended, reason], true)
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str("<h2>Deviations from the document</h2>\n");
    table(
        out,
        &[
            ("Step: item", 34),
            ("Decision", 20),
            ("Recommended", 20),
            ("Reason", 26),
        ],
        rows,
    );
}

fn operations(out: &mut String, plan: &Plan, translations: &Translations) {
    let ops = plan
        .of(|a| !matches!(a, Action::Manual(_)))
        .map(|o| {
            let what = format!("{}: {}", o.action.kind_label(), summary(&o.action));
            (
                vec![
                    o.id.clone(),
                    what,
                    o.reason.clone(),
                    o.action.undo(),
                    translations.cell(o),
                    o.run.label(),
                ],
                false,
            )
        })
        .collect::<Vec<_>>();
    if ops.is_empty() {
        return;
    }
    out.push_str("<h2>Operations</h2>\n");
    table(
        out,
        &[
            ("Id", 12),
            ("What", 28),
            ("Why", 22),
            ("Undo", 16),
            ("Origin", 11),
            ("Status", 11),
        ],
        ops,
    );
}

/// The table of effective inbound access (see plan.md's section of the same name).
fn effective_access(out: &mut String, plan: &Plan) {
    let access = &plan.effective_access;
    if access.ports.is_empty() && access.programs.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h2>Effective inbound access</h2>\n<p>{}</p>",
        html(ACCESS_NOTE)
    );
    let mut rows: Vec<(Vec<String>, bool)> = access
        .ports
        .iter()
        .map(|s| {
            let builtin: Vec<&str> = s.builtin.iter().map(|g| g.label()).collect();
            (
                vec![
                    s.label(),
                    allowed_label(&s.allowed),
                    s.operations.join(", "),
                    builtin.join(", "),
                ],
                false,
            )
        })
        .collect();
    rows.extend(access.programs.iter().map(|p| {
        (
            vec![
                p.program.clone(),
                allowed_label(&p.allowed),
                p.operations.join(", "),
                String::new(),
            ],
            false,
        )
    }));
    table(
        out,
        &[
            ("Port or program", 28),
            ("Allowed from", 24),
            ("Operations", 28),
            ("Built-in rules", 20),
        ],
        rows,
    );
}

fn manual(out: &mut String, plan: &Plan, translations: &Translations) {
    let manual = plan
        .operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::Manual(m) => Some((
                vec![
                    m.path.clone(),
                    m.setting.clone(),
                    m.value.clone(),
                    m.note.clone().unwrap_or_default(),
                    translations.cell(o),
                    String::new(),
                ],
                false,
            )),
            _ => None,
        })
        .collect::<Vec<_>>();
    if manual.is_empty() {
        return;
    }
    out.push_str("<h2>Manual steps</h2>\n");
    table(
        out,
        &[
            ("Where (menu path)", 24),
            ("Setting", 18),
            ("Value", 20),
            ("Note", 20),
            ("Origin", 11),
            ("Done", 7),
        ],
        manual,
    );
}

fn notes(out: &mut String, plan: &Plan) {
    if plan.notes.is_empty() {
        return;
    }
    out.push_str("<h2>Left out</h2>\n<ul>\n");
    for n in &plan.notes {
        let _ = writeln!(out, "<li>{}</li>", html(n));
    }
    out.push_str("</ul>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::every_action;

    #[test]
    fn draws_the_flows_prints_cleanly_and_escapes() {
        let page = plan_html(&every_action("<script>alert(1)</script> & \"q\""));
        assert!(page.contains("<svg") && page.contains("</svg>"));
        assert!(page.contains("@media print"));
        assert!(page.contains("counter(pages)") && page.contains("@top-right"));
        assert!(page.contains("table-layout:fixed"));
        // A reason of two lines keeps its break.
        let mut plan = every_action("x");
        plan.steps[0].decisions[0].reason = "agreed with IT\non 2026-11-20 <b>".into();
        let two_lines = plan_html(&plan);
        assert!(
            two_lines.contains("agreed with IT<br>on 2026-11-20 &lt;b&gt;"),
            "{two_lines}"
        );
        assert!(page.contains("gateway TCP 33443 to 192.0.2.10:50443"));
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"));
        assert_eq!(
            page.matches("<table>").count(),
            page.matches("</table>").count()
        );
    }

    #[test]
    fn ends_with_the_document_and_marks_what_is_ours() {
        let page = plan_html(&every_action("<i>"));
        assert!(page.contains("<td>translated by us (T1)</td>"));
        assert!(
            page.contains("<dt>T1</dt><dd>the same value on Windows Server 2019 &lt;i&gt;</dd>")
        );
        assert!(page.contains("<td>verify</td>"));
        assert!(
            page.contains("<li>Ours in Label of item_1 &lt;i&gt;: the menu path &lt;i&gt;</li>")
        );
        let appendix = page
            .find("<h2>The document, section by section</h2>")
            .unwrap();
        assert!(appendix > page.find("<h2>Sign-off</h2>").unwrap());
        assert!(page[appendix..].contains("<q>Select the ports to open &lt;i&gt;</q>"));
        assert!(!page.contains("<i>"));
    }
}

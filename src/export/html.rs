//! plan.html: the plan for the customer, with a drawing of the allowed network flows (inline
//! SVG: who may reach which port) and print CSS. One self-contained file, no script.

use super::provenance::{self, Translations};
use super::quote::html;
use super::summary::ACCESS_NOTE;
use super::summary::summary;
use crate::catalog::FirewallDirection;
use crate::plan::{Action, Plan, RunStatus, allowed_label};
use crate::session::SiteField;
use std::fmt::Write;

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}\
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}\
th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}\
th{background:#eee}.deviates{background:#fff3cd}.warn{border:2px solid #b00;padding:.5em 1em}\
svg text{font:12px sans-serif}\
@media print{body{margin:0;font-size:11pt}h2{break-after:avoid}table,svg,.warn{break-inside:avoid}\
th{background:none}a{color:inherit;text-decoration:none}}";

fn table(out: &mut String, head: &[&str], rows: Vec<(Vec<String>, bool)>) {
    out.push_str("<table><thead><tr>");
    for h in head {
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
            let _ = write!(out, "<td>{}</td>", html(&c));
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
        "<title>Hardening plan: {} - {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        html(&plan.product_name),
        html(&plan.site.site)
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
    table(&mut out, &["Fact", "Value"], site);
    if !plan.lockout.is_empty() {
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
    if !plan.open.is_empty() {
        out.push_str("<div class=\"warn\"><h2>Checks not made</h2><p>This plan does not claim these checks: make them before signing, or sign knowing that they are open.</p><ul>\n");
        for o in &plan.open {
            let _ = writeln!(out, "<li>{}</li>", html(o));
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str("<h2>Allowed network flows</h2>\n");
    out.push_str(&flows_svg(plan));
    out.push_str("<h2>Decisions by step</h2>\n");
    for step in &plan.steps {
        let _ = writeln!(
            out,
            "<h3>{} ({})</h3>",
            html(&step.title),
            html(step.state.label())
        );
        if !step.reason.is_empty() {
            let _ = writeln!(out, "<p>Skipped because: {}</p>", html(&step.reason));
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
            &mut out,
            &["Item", "Decision", "Recommended", "Reason", "Status"],
            rows,
        );
        provenance::html_ours(&mut out, step);
    }
    let translations = Translations::of(plan);
    let ops = plan
        .of(|a| !matches!(a, Action::Manual(_)))
        .map(|o| {
            (
                vec![
                    o.id.clone(),
                    summary(&o.action),
                    o.reason.clone(),
                    o.action.undo(),
                    translations.cell(o),
                    o.run.label(),
                ],
                false,
            )
        })
        .collect::<Vec<_>>();
    if !ops.is_empty() {
        out.push_str("<h2>Operations</h2>\n");
        table(
            &mut out,
            &["Id", "What", "Why", "Undo", "Origin", "Status"],
            ops,
        );
    }
    effective_access(&mut out, plan);
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
    if !manual.is_empty() {
        out.push_str("<h2>Manual steps</h2>\n");
        table(
            &mut out,
            &[
                "Where (menu path)",
                "Setting",
                "Value",
                "Note",
                "Origin",
                "Done",
            ],
            manual,
        );
    }
    provenance::html_origins(&mut out, plan, &translations);
    if !plan.notes.is_empty() {
        out.push_str("<h2>Left out</h2>\n<ul>\n");
        for n in &plan.notes {
            let _ = writeln!(out, "<li>{}</li>", html(n));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>Sign-off</h2>\n");
    let sign = ["Customer", "Installer"]
        .iter()
        .map(|r| {
            (
                vec![r.to_string(), String::new(), String::new(), String::new()],
                false,
            )
        })
        .collect();
    table(&mut out, &["Role", "Name", "Signature", "Date"], sign);
    provenance::html_document(&mut out, plan);
    out.push_str("</body>\n</html>\n");
    out
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
            "Port or program",
            "Allowed from",
            "Operations",
            "Built-in rules",
        ],
        rows,
    );
}

const ROW: usize = 34;

/// Who may reach what: sources on the left, the server's (or gateway's) ports on the right.
fn flows_svg(plan: &Plan) -> String {
    let mut sources: Vec<String> = Vec::new();
    let mut flows: Vec<(String, String)> = Vec::new();
    for op in &plan.operations {
        let (from, to) = match &op.action {
            Action::FirewallRule(r) if r.direction == FirewallDirection::Inbound => (
                r.remote.describe(),
                format!("{} {}: {}", r.protocol.name(), r.ports, r.description),
            ),
            Action::FirewallProgram(p) => (p.remote.describe(), format!("program {}", p.name)),
            Action::PortForward(f) => (
                format!("internet: {}", f.sources.describe()),
                format!(
                    "gateway {} {} to {}:{}",
                    f.protocol.name(),
                    f.public_port,
                    f.target_address,
                    f.target_port
                ),
            ),
            _ => continue,
        };
        if !sources.contains(&from) {
            sources.push(from.clone());
        }
        flows.push((from, to));
    }
    if flows.is_empty() {
        return "<p>The plan opens no inbound port.</p>\n".into();
    }
    let rows = sources.len().max(flows.len());
    let height = rows * ROW + 40;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 780 {height}\" width=\"100%\" role=\"img\" aria-label=\"Allowed network flows\">\n\
         <text x=\"10\" y=\"16\">Who may connect</text><text x=\"470\" y=\"16\">{} ({})</text>\n",
        html(&plan.site.host),
        html(&plan.site.address)
    );
    let y = |i: usize| 28 + i * ROW;
    for (i, s) in sources.iter().enumerate() {
        let _ = writeln!(
            out,
            "<rect x=\"10\" y=\"{}\" width=\"250\" height=\"26\" fill=\"#e8f0fe\" stroke=\"#333\"/><text x=\"16\" y=\"{}\">{}</text>",
            y(i),
            y(i) + 17,
            html(&clip(s))
        );
    }
    for (i, (from, to)) in flows.iter().enumerate() {
        let src = sources.iter().position(|s| s == from).unwrap_or(0);
        let _ = writeln!(
            out,
            "<line x1=\"260\" y1=\"{}\" x2=\"470\" y2=\"{}\" stroke=\"#0a0\" stroke-width=\"2\"/>\
             <rect x=\"470\" y=\"{}\" width=\"300\" height=\"26\" fill=\"#e6f4ea\" stroke=\"#333\"/><text x=\"476\" y=\"{}\">{}</text>",
            y(src) + 13,
            y(i) + 13,
            y(i),
            y(i) + 17,
            html(&clip(to))
        );
    }
    out.push_str("</svg>\n");
    out
}

/// Text that fits a box of the drawing (the tables carry the full text).
fn clip(s: &str) -> String {
    const MAX: usize = 44;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
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

//! The drawing of plan.html: who may reach which port (inline SVG), sources on the left, the
//! server's (or gateway's) ports on the right.

use super::quote::html;
use crate::catalog::FirewallDirection;
use crate::plan::{Action, Plan};
use std::fmt::Write;

const ROW: usize = 34;

/// Who may reach what: sources on the left, the server's (or gateway's) ports on the right.
pub fn flows_svg(plan: &Plan) -> String {
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

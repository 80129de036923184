//! plan.html printed the way a customer's copy is: headless Chromium (Debian's `chromium`)
//! prints every product's plan to PDF, and poppler reads it back. Every column of every table
//! is on the paper (the undo of each operation, the why of each manual step), the pages are
//! numbered with the site and the plan fingerprint in the running header, no heading ends a
//! page, the sign-off names the installer, and the text stays at a readable size.

mod common;
mod tools;

use hardline::export::{Format, bundle};
use hardline::plan::{Action, Plan};
use std::path::Path;
use std::process::Command;
use tools::provision;

/// Prints `html` to PDF in headless Chromium, with a profile of its own that is thrown away.
fn print(html: &str, dir: &Path, name: &str) -> std::path::PathBuf {
    let chromium = provision::require("chromium");
    let page = dir.join(format!("{name}.html"));
    std::fs::write(&page, html).unwrap();
    let pdf = dir.join(format!("{name}.pdf"));
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        pdf.is_file(),
        "chromium printed nothing: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(provision::require(tool))
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text without whitespace and hyphens: a cell's text stays one run however its lines wrap
/// (pdftotext joins a line that ends in a hyphen without it).
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{ad}')
        .collect()
}

/// The height of each word on the paper, in points (`pdftotext -bbox`).
fn word_heights(bbox: &str) -> Vec<f64> {
    let attr = |line: &str, name: &str| -> Option<f64> {
        let at = line.find(&format!("{name}=\""))? + name.len() + 2;
        line[at..].split('"').next()?.parse().ok()
    };
    bbox.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .filter_map(|l| Some(attr(l, "yMax")? - attr(l, "yMin")?))
        .collect()
}

/// What every table column of the plan holds: each must be found on the paper.
fn columns(plan: &Plan) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for op in &plan.operations {
        match &op.action {
            Action::Manual(m) => {
                out.push((format!("{} where", op.id), m.path.clone()));
                out.push((format!("{} value", op.id), m.value.clone()));
            }
            a => {
                out.push((format!("{} undo", op.id), a.undo()));
                out.push((format!("{} why", op.id), op.reason.clone()));
                out.push((format!("{} status", op.id), op.run.label()));
            }
        }
    }
    for d in plan.steps.iter().flat_map(|s| &s.decisions) {
        out.push((format!("{} decision", d.item), d.value.clone()));
        if let Some(r) = &d.recommended {
            out.push((format!("{} recommended", d.item), r.clone()));
        }
        out.push((format!("{} reason", d.item), d.reason.clone()));
    }
    out
}

#[test]
fn every_products_plan_prints_whole_numbered_and_readable() {
    // Kept for a look: target/tmp/plan-print/<plan>.pdf.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plan-print");
    std::fs::create_dir_all(&dir).unwrap();
    let mut seen = std::collections::HashSet::new();
    for (name, plan) in tools::plans::all() {
        // The plan with every option on is each product's widest; one is printed per product.
        let product = plan.product.clone();
        if !name.ends_with("-all-on") || !seen.insert(product.clone()) {
            continue;
        }
        let files = bundle(&plan, &[Format::Html]);
        let html = &files.iter().find(|(n, _)| n == "plan.html").unwrap().1;
        let pdf = print(html, &dir, &name);
        let text = poppler("pdftotext", &["-enc", "UTF-8"], &pdf);
        let flat = squeeze(&text);
        for (what, expected) in columns(&plan) {
            let expected = squeeze(&expected);
            assert!(
                flat.contains(&expected),
                "{name}: {what} ({expected}) is not on the paper"
            );
        }
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        let count = pages.len();
        assert!(count >= 2, "{name}: {count} pages");
        for (n, page) in pages.iter().enumerate() {
            assert!(
                page.contains(&format!("Page {} of {count}", n + 1)),
                "{name}: page {} has no number:\n{page}",
                n + 1
            );
            assert!(
                page.contains(&format!("Plan {}", plan.fingerprint)),
                "{name}: page {} has no fingerprint in its header",
                n + 1
            );
            assert!(
                page.contains(&plan.site.site),
                "{name}: page {} names no site",
                n + 1
            );
        }
        // No heading is the last thing on a page: it goes over with what it heads.
        let headings: Vec<String> = html
            .split("<h2>")
            .chain(html.split("<h3>"))
            .skip(1)
            .filter_map(|s| s.split("</h").next())
            .map(|h| squeeze(&h.replace("&amp;", "&")))
            .collect();
        for (n, page) in pages.iter().enumerate().take(count - 1) {
            let body: Vec<&str> = page
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("Page ") && !l.contains("Plan "))
                .collect();
            let last = squeeze(body.last().copied().unwrap_or_default());
            assert!(
                !headings.contains(&last),
                "{name}: page {} ends with the heading {last}",
                n + 1
            );
        }
        let sign_off = &text[text.find("Sign-off").expect("a sign-off")..];
        assert!(
            sign_off.contains(&plan.site.installer),
            "{name}: the installer is not named"
        );
        assert!(sign_off.contains("Signature"), "{name}");
        // Readable: no shrink to fit (about 7 pt); words of the tables are at least 9 pt high.
        let mut heights = word_heights(&poppler("pdftotext", &["-bbox"], &pdf));
        heights.sort_by(f64::total_cmp);
        let median = heights[heights.len() / 2];
        assert!(median >= 9.0, "{name}: the text is {median:.1} pt high");
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
}

//! Traceability a customer's auditor can check, one test per wizard: every item quotes the
//! document word for word, every cited section is a heading as it stands in the document, and
//! every heading of the document is carried by a step or item or listed as not encoded with a
//! reason. The documents are the seed files in `wizards/documents/`; text is compared with
//! every run of white space made one space, nothing else changed.

mod common;

use hardline::catalog::{Source, Wizard};

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn document(file: &str) -> String {
    let path = format!("{}/wizards/documents/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The headings a document marks as such: lines starting with `#`, without the markdown around
/// the words; a heading without a letter (a chapter number) does not count.
fn marked_headings(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .map(|l| {
            normalise(
                l.trim_matches(|c: char| c == '#' || c == '*' || c == '_' || c.is_whitespace()),
            )
        })
        .filter(|h| h.chars().any(char::is_alphabetic))
        .collect()
}

/// Every problem of the wizard's provenance.
fn problems(w: &Wizard) -> Vec<String> {
    let doc = &w.document;
    let raw = document(&doc.file);
    let text = normalise(&raw);
    let mut out = Vec::new();
    if doc.written_for.is_empty() {
        out.push("document.written_for names no system".into());
    }
    if doc.sections.is_empty() {
        out.push("document.sections lists no heading".into());
    }
    // The headings occur in the text, in the order listed.
    let mut from = 0;
    for s in &doc.sections {
        let heading = normalise(&s.heading);
        match text[from..].find(&heading) {
            Some(at) => from += at + heading.len(),
            None if text.contains(&heading) => {
                out.push(format!("heading '{heading}' is out of document order"))
            }
            None => out.push(format!(
                "heading '{heading}' does not occur in {}",
                doc.file
            )),
        }
    }
    let listed: Vec<String> = doc.sections.iter().map(|s| normalise(&s.heading)).collect();
    for h in marked_headings(&raw) {
        if !listed.contains(&h) {
            out.push(format!(
                "the document's heading '{h}' is not in document.sections"
            ));
        }
    }
    // Every step and item cites a listed heading; every item quotes the document.
    let mut check = |what: &str, source: &Source, quote_required: bool| {
        if source.file != doc.file {
            out.push(format!("{what} cites {}, not {}", source.file, doc.file));
            return;
        }
        if !listed.contains(&normalise(&source.section)) {
            out.push(format!(
                "{what} cites section '{}', which is not one of document.sections",
                source.section
            ));
        }
        let quote = normalise(&source.quote);
        if quote.is_empty() {
            if quote_required {
                out.push(format!("{what} has no source.quote"));
            }
        } else if !text.contains(&quote) {
            out.push(format!(
                "{what}: the quote '{quote}' does not occur in {}",
                doc.file
            ));
        }
    };
    for step in &w.steps {
        check(&format!("step {}", step.id), &step.source, false);
        for item in &step.items {
            check(&format!("item {}", item.id), &item.source, true);
        }
    }
    // Every heading is carried, or listed as not encoded with a reason.
    let cited: Vec<String> = w
        .steps
        .iter()
        .flat_map(|s| std::iter::once(&s.source).chain(s.items.iter().map(|i| &i.source)))
        .map(|s| normalise(&s.section))
        .collect();
    for heading in &listed {
        let skipped = doc
            .not_encoded
            .iter()
            .find(|n| normalise(&n.section) == *heading);
        match skipped {
            Some(n) if n.reason.trim().is_empty() => {
                out.push(format!("'{heading}' is not encoded, without a reason"))
            }
            Some(_) => {}
            None if cited.contains(heading) => {}
            None => out.push(format!(
                "heading '{heading}' is carried by no step or item and not listed in not_encoded"
            )),
        }
    }
    out
}

fn assert_traceable(product: &str) {
    let w = common::wizard(product);
    let found = problems(&w);
    assert!(
        found.is_empty(),
        "{product}: {} problems:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn provenance_avaya_ipoffice() {
    assert_traceable("avaya-ipoffice");
}

#[test]
fn provenance_nec_ma4000() {
    assert_traceable("nec-ma4000");
}

#[test]
fn provenance_nec_ow5000() {
    assert_traceable("nec-ow5000");
}

#[test]
fn provenance_ale_oxo() {
    assert_traceable("ale-oxo");
}

#[test]
fn provenance_openscape_business() {
    assert_traceable("openscape-business");
}

/// The checks find what they look for: a quote that is not the document's, a section that is
/// not a heading, a heading nobody carries, the markdown headings of a document.
#[test]
fn the_checks_catch_an_untraceable_wizard() {
    let mut w = common::wizard("avaya-ipoffice");
    w.steps[1].items[0].source.quote = "Voicemail Pro exchanges files over SMB".into();
    w.steps[1].items[1].source.section = "Confirm Port Configuration".into();
    w.steps[1].items[2].source.quote.clear();
    w.document.not_encoded.clear();
    let found = problems(&w);
    for expected in [
        "item roles_review: the quote 'Voicemail Pro exchanges files over SMB' does not occur",
        "item role_application_server cites section 'Confirm Port Configuration'",
        "item role_dfs_server has no source.quote",
        "heading 'Issued by' is carried by no step or item",
    ] {
        assert!(
            found.iter().any(|p| p.starts_with(expected)),
            "{expected} not in {found:#?}"
        );
    }
    let ma4000 = marked_headings(&document("000_690a3013b37f8bb7.txt"));
    assert!(ma4000.contains(&"Firewall Configuration".to_string()));
    assert!(ma4000.contains(&"System Administrator (sa) Passwords".to_string()));
    let ow5000 = marked_headings(&document("001_084e71ea307e769e.txt"));
    assert!(
        !ow5000.iter().any(|h| h == "1"),
        "chapter numbers are not headings"
    );
    assert!(ow5000.contains(&"Chapter Topics".to_string()));
}

//! The checks of `validate` that concern target systems and provenance: `for_systems`
//! wrappers, values weaker than a system's own default, Security Configuration Wizard steps on
//! systems without it, and cited sections that are not headings of the document.

use super::{OpTemplate, PathSeg, TargetOs, Wizard, weaker_than_default};
use std::collections::HashMap;

fn path(segs: &[PathSeg], more: &[PathSeg]) -> Vec<PathSeg> {
    segs.iter().chain(more).cloned().collect()
}

/// The operations of a list entry with their paths and the systems they can reach: the entry
/// itself, or the operations a `for_systems` wraps (its own mistakes reported on the way).
pub fn leaves<'a>(
    op: &'a OpTemplate,
    at: &[PathSeg],
    w: &Wizard,
    put: &mut impl FnMut(Vec<PathSeg>, String),
) -> Vec<(Vec<PathSeg>, &'a OpTemplate, Vec<TargetOs>)> {
    let OpTemplate::ForSystems {
        systems,
        translation,
        ops,
    } = op
    else {
        return vec![(at.to_vec(), op, w.target_os.clone())];
    };
    let inside = path(at, &["for_systems".into()]);
    if systems.is_empty() {
        put(
            path(&inside, &["systems".into()]),
            "for_systems names no system".into(),
        );
    }
    for (i, s) in systems.iter().enumerate() {
        if !w.target_os.contains(s) {
            put(
                path(&inside, &["systems".into(), i.into()]),
                format!(
                    "for_systems names {}, which is not one of the wizard's target_os",
                    s.id()
                ),
            );
        }
    }
    if translation.as_deref().is_some_and(|t| t.trim().is_empty()) {
        put(
            path(&inside, &["translation".into()]),
            "an empty translation: write the system's own equivalent, or leave the key out".into(),
        );
    }
    let reach = op.reaches(&w.target_os);
    let mut out = Vec::new();
    for (k, inner) in ops.iter().enumerate() {
        let p = path(&inside, &["ops".into(), k.into()]);
        if matches!(inner, OpTemplate::ForSystems { .. }) {
            put(p, "for_systems cannot hold another for_systems".into());
            continue;
        }
        out.push((p, inner, reach.clone()));
    }
    out
}

/// What an operation may not do on the systems it reaches: set a value weaker than the
/// system's default, or send the installer to the Security Configuration Wizard where there is
/// none. Firewall rule names must differ among the operations that can meet on one system.
pub fn check_on_systems(
    op: &OpTemplate,
    systems: &[TargetOs],
    at: &[PathSeg],
    rule_names: &mut HashMap<String, Vec<TargetOs>>,
    put: &mut impl FnMut(Vec<PathSeg>, String),
) {
    // One problem per setting, naming every system where it is too weak.
    let mut weak: Vec<(String, u32, Vec<String>, &'static str)> = Vec::new();
    for w in systems.iter().flat_map(|s| weaker_than_default(op, *s)) {
        let on = format!("{} (default {})", w.system.label(), w.default);
        match weak
            .iter_mut()
            .find(|(s, v, ..)| *s == w.setting && *v == w.value)
        {
            Some(entry) => entry.2.push(on),
            None => weak.push((w.setting, w.value, vec![on], w.source)),
        }
    }
    for (setting, value, on, source) in weak {
        put(
            at.to_vec(),
            format!(
                "sets {setting} to {value}, weaker than the system's own default on {} ({source}): give those systems their own for_systems",
                on.join(", ")
            ),
        );
    }
    if let OpTemplate::Manual { path, .. } = op
        && path.trim_start().starts_with("SCW")
    {
        let without: Vec<&str> = systems
            .iter()
            .filter(|s| !s.has_security_configuration_wizard())
            .map(|s| s.label())
            .collect();
        if !without.is_empty() {
            put(
                at.to_vec(),
                format!(
                    "a Security Configuration Wizard step reaches {}, where there is no SCW (it exists from 2003 SP1 to 2012 R2): put it in a for_systems",
                    without.join(", ")
                ),
            );
        }
    }
    if let OpTemplate::FirewallRule { name, .. } | OpTemplate::FirewallProgram { name, .. } = op {
        let seen = rule_names.entry(name.clone()).or_default();
        if systems.iter().any(|s| seen.contains(s)) {
            put(
                at.to_vec(),
                format!("firewall rule name '{name}' is used twice"),
            );
        }
        seen.extend(systems);
    }
}

/// Every cited section is a heading of the document, once the wizard lists them.
pub fn check_sections(w: &Wizard, put: &mut impl FnMut(Vec<PathSeg>, String)) {
    let doc = &w.document;
    for (i, s) in doc.sections.iter().enumerate() {
        if s.heading.trim().is_empty() || s.recommends.trim().is_empty() {
            put(
                vec!["document".into(), "sections".into(), i.into()],
                "a section needs its heading and what it recommends".into(),
            );
        }
    }
    for (i, n) in doc.not_encoded.iter().enumerate() {
        let at = vec!["document".into(), "not_encoded".into(), i.into()];
        if n.reason.trim().is_empty() {
            put(
                at.clone(),
                format!("say why '{}' is not encoded", n.section),
            );
        }
        if !doc.sections.is_empty() && !doc.has_section(&n.section) {
            put(
                path(&at, &["section".into()]),
                format!("'{}' is not one of document.sections", n.section),
            );
        }
    }
    if doc.sections.is_empty() {
        return;
    }
    let cited = |source: &super::Source,
                 at: Vec<PathSeg>,
                 put: &mut dyn FnMut(Vec<PathSeg>, String)| {
        if source.file == doc.file && !doc.has_section(&source.section) {
            put(
                path(&at, &["source".into(), "section".into()]),
                format!(
                    "section '{}' is not one of document.sections (the headings as they stand in the document)",
                    source.section
                ),
            );
        }
    };
    for (si, step) in w.steps.iter().enumerate() {
        let sp = vec![PathSeg::from("steps"), si.into()];
        cited(&step.source, sp.clone(), put);
        for (ii, item) in step.items.iter().enumerate() {
            cited(&item.source, path(&sp, &["items".into(), ii.into()]), put);
        }
    }
}

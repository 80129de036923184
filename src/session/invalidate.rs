//! Invalidation: a settled step that reads an answer (or a site fact) that changed needs review.

use super::{Session, Site, StepState};
use crate::catalog::{OpTemplate, Remote, Step, Value, Wizard, placeholders};
use std::collections::{HashMap, HashSet};

impl Session {
    /// Marks settled later steps that read a changed answer (or changed site fact) as needing review.
    pub(super) fn invalidate(
        &mut self,
        wizard: &Wizard,
        old_site: &Site,
        old_values: &HashMap<String, Value>,
    ) -> Vec<String> {
        let new_values = self.evaluate(wizard).values;
        let mut changed: HashSet<&str> = HashSet::new();
        for (k, v) in &new_values {
            if old_values.get(k) != Some(v) {
                changed.insert(k);
            }
        }
        for k in old_values.keys() {
            if !new_values.contains_key(k) {
                changed.insert(k);
            }
        }
        let release_changed =
            old_site.release != self.site.release || old_site.target_os != self.site.target_os;
        // The facts that operations read: the scope of rules and the lock-out guard.
        let scope_changed = old_site.subnets != self.site.subnets
            || old_site.address != self.site.address
            || old_site.host != self.site.host
            || old_site.access != self.site.access
            || old_site.access_from != self.site.access_from;
        let mut out = Vec::new();
        for step in wizard.steps.iter().skip(1) {
            let reads = step_reads(step);
            let own = |id: &str| step.items.iter().any(|i| i.id == id);
            let affected = reads
                .items
                .iter()
                .any(|i| changed.contains(i.as_str()) && !own(i))
                || (release_changed && reads.release_or_os)
                || (scope_changed && reads.site);
            let rec = self.steps.entry(step.id.clone()).or_default();
            if affected && matches!(rec.state, StepState::Done | StepState::Skipped) {
                rec.state = StepState::NeedsReview;
                out.push(step.id.clone());
            }
        }
        out
    }
}

/// What a step's conditions and templates read.
struct Reads {
    items: Vec<String>,
    release_or_os: bool,
    /// Site facts through `{site.*}` placeholders or the default remote scope.
    site: bool,
}

fn step_reads(step: &Step) -> Reads {
    let mut items = Vec::new();
    let mut release_or_os = false;
    let mut site = false;
    let conditions = step
        .when
        .iter()
        .chain(step.items.iter().filter_map(|i| i.when.as_ref()));
    for c in conditions {
        c.items(&mut items);
        release_or_os |= c.reads_site();
    }
    let ops = step.items.iter().flat_map(|i| {
        i.ops
            .iter()
            .chain(&i.ops_off)
            .chain(i.options.iter().flat_map(|o| &o.ops))
    });
    // Operations for some systems only read the target system.
    let ops = ops.flat_map(|op| {
        release_or_os |= matches!(op, OpTemplate::ForSystems { .. });
        op.leaves()
    });
    for op in ops {
        for (_, text) in op.strings() {
            for p in placeholders(text) {
                match p.name.strip_prefix("site.") {
                    Some(_) => site = true,
                    None => items.push(p.name),
                }
            }
        }
        match op.remote() {
            Some(Remote::Field(f)) => items.push(f.clone()),
            Some(Remote::SiteSubnets) => site = true,
            _ => {}
        }
        if matches!(op, OpTemplate::RemoteDesktop { .. }) {
            site = true;
        }
    }
    Reads {
        items,
        release_or_os,
        site,
    }
}

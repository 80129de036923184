//! The index of a wizard: where each step and item stands, and which conditions and operation
//! templates read which answers. Built once per wizard, the first time it is needed, so that a
//! lookup by id, or "what depends on this answer", walks nothing.

use super::{Item, OpTemplate, Remote, Wizard, placeholders};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemAt {
    pub step: usize,
    /// In the step's `items`.
    pub index: usize,
    /// In the order of all the wizard's items.
    pub position: usize,
}

/// What a condition belongs to: a step (`item` None) or one of its items. Ordered as the
/// wizard is walked: a step, then its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unit {
    pub step: usize,
    pub item: Option<usize>,
}

#[derive(Debug, Default)]
pub struct Index {
    /// The first item and the first step of each id.
    items: HashMap<String, ItemAt>,
    steps: HashMap<String, usize>,
    /// Position of each step's first item, and the number of items at the end.
    starts: Vec<usize>,
    /// By item id: the conditions that name it.
    conditions: HashMap<String, Vec<Unit>>,
    /// By item id: positions of the items whose operations or decision read its value.
    plan: HashMap<String, Vec<usize>>,
    /// By item id: the steps, other than the one holding it, whose conditions or templates read it.
    steps_reading: HashMap<String, Vec<usize>>,
    /// Steps whose conditions or operations read the release or the target system.
    release_or_os: Vec<usize>,
    /// Steps whose templates read site facts (`{site.*}`, the site's subnets, Remote Desktop).
    site: Vec<usize>,
    /// Every step but the first, each id once, in the order of their ids.
    later_by_id: Vec<usize>,
}

impl Index {
    fn new(w: &Wizard) -> Index {
        let mut ix = Index::default();
        let mut position = 0;
        for (s, step) in w.steps.iter().enumerate() {
            ix.steps.entry(step.id.clone()).or_insert(s);
            ix.starts.push(position);
            // What the step's conditions and templates read, for invalidation.
            let mut reads: Vec<String> = Vec::new();
            let (mut release_or_os, mut site) = (false, false);
            if let Some(c) = &step.when {
                ix.condition(
                    c,
                    Unit {
                        step: s,
                        item: None,
                    },
                    &mut reads,
                );
                release_or_os |= c.reads_site();
            }
            for (i, item) in step.items.iter().enumerate() {
                ix.items.entry(item.id.clone()).or_insert(ItemAt {
                    step: s,
                    index: i,
                    position,
                });
                if let Some(c) = &item.when {
                    let unit = Unit {
                        step: s,
                        item: Some(i),
                    };
                    ix.condition(c, unit, &mut reads);
                    release_or_os |= c.reads_site();
                }
                for n in plan_reads(item) {
                    ix.plan.entry(n).or_default().push(position);
                }
                let templates = invalidation_reads(item);
                reads.extend(templates.items);
                site |= templates.site;
                release_or_os |= templates.system;
                position += 1;
            }
            reads.sort();
            reads.dedup();
            for id in reads {
                if !step.items.iter().any(|i| i.id == id) {
                    ix.steps_reading.entry(id).or_default().push(s);
                }
            }
            if release_or_os {
                ix.release_or_os.push(s);
            }
            if site {
                ix.site.push(s);
            }
        }
        ix.starts.push(position);
        let mut later: Vec<usize> = (1..w.steps.len()).collect();
        later.sort_by(|a, b| w.steps[*a].id.cmp(&w.steps[*b].id).then(a.cmp(b)));
        later.dedup_by(|a, b| w.steps[*a].id == w.steps[*b].id);
        ix.later_by_id = later;
        ix
    }

    fn condition(&mut self, c: &super::Condition, unit: Unit, reads: &mut Vec<String>) {
        let mut names = Vec::new();
        c.items(&mut names);
        for n in &names {
            self.conditions.entry(n.clone()).or_default().push(unit);
        }
        reads.extend(names);
    }

    /// Where the (first) item `id` stands.
    pub fn item(&self, id: &str) -> Option<ItemAt> {
        self.items.get(id).copied()
    }

    /// The index of the (first) step `id`.
    pub fn step(&self, id: &str) -> Option<usize> {
        self.steps.get(id).copied()
    }

    /// Position of the first item of step `step`: the items before it number this many.
    pub fn start(&self, step: usize) -> usize {
        self.starts[step]
    }

    /// (step, index in the step) of the item at `position`.
    pub fn at(&self, position: usize) -> (usize, usize) {
        // The last step starting at or before it that holds items.
        let step = self.starts.partition_point(|s| *s <= position) - 1;
        (step, position - self.starts[step])
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The conditions that name item `id`.
    pub fn condition_readers(&self, id: &str) -> &[Unit] {
        self.conditions.get(id).map_or(&[], Vec::as_slice)
    }

    /// Positions of the items whose operations or decision (in the plan) read the value of
    /// item `id`.
    pub fn plan_readers(&self, id: &str) -> &[usize] {
        self.plan.get(id).map_or(&[], Vec::as_slice)
    }

    /// The steps, other than its own, whose conditions or templates read item `id`.
    pub fn steps_reading(&self, id: &str) -> &[usize] {
        self.steps_reading.get(id).map_or(&[], Vec::as_slice)
    }

    /// Steps whose conditions read the release or the target system.
    pub fn steps_reading_release_or_os(&self) -> &[usize] {
        &self.release_or_os
    }

    /// Steps whose templates read site facts.
    pub fn steps_reading_site(&self) -> &[usize] {
        &self.site
    }

    /// Every step but the first, each id once, in the order of their ids.
    pub fn later_steps_by_id(&self) -> &[usize] {
        &self.later_by_id
    }
}

/// What operation templates read: item values (placeholders and remote fields), whether site
/// facts (`{site.*}`, the site's subnets, Remote Desktop), and whether the target system (an
/// operation for some systems only).
#[derive(Default)]
struct Reads {
    items: Vec<String>,
    site: bool,
    system: bool,
}

fn template_reads<'a>(templates: impl Iterator<Item = &'a OpTemplate>) -> Reads {
    let mut reads = Reads::default();
    for template in templates {
        reads.system |= matches!(template, OpTemplate::ForSystems { .. });
        for op in template.leaves() {
            for (_, text) in op.strings() {
                for p in placeholders(text) {
                    match p.name.strip_prefix("site.") {
                        Some(_) => reads.site = true,
                        None => reads.items.push(p.name),
                    }
                }
            }
            match op.remote() {
                Some(Remote::Field(f)) => reads.items.push(f.clone()),
                Some(Remote::SiteSubnets) => reads.site = true,
                _ => {}
            }
            if matches!(op, OpTemplate::RemoteDesktop { .. }) {
                reads.site = true;
            }
        }
    }
    reads
}

/// What invalidation reads of an item's templates, as it always has: its own, its toggle-off
/// and its options' (a done step that reads a changed answer through them needs review).
fn invalidation_reads(item: &Item) -> Reads {
    template_reads(
        item.ops
            .iter()
            .chain(&item.ops_off)
            .chain(item.options.iter().flat_map(|o| &o.ops)),
    )
}

/// What the plan's operations and decision of an item read: every template it can bring (its
/// measure states' too), the conditions of its recommendations, the fields its checklist row
/// quotes.
fn plan_reads(item: &Item) -> Vec<String> {
    let templates = item
        .ops
        .iter()
        .chain(&item.ops_off)
        .chain(item.options.iter().flat_map(|o| &o.ops))
        .chain(item.states.iter().flat_map(|s| &s.ops));
    let mut names = template_reads(templates).items;
    for r in &item.recommended_if {
        r.when.items(&mut names);
    }
    names.extend(
        item.checklist
            .iter()
            .flat_map(|c| c.comments_from.iter().cloned()),
    );
    names
}

/// The wizard's index, built when first asked for. A clone starts without one: a wizard changed
/// after a clone indexes its new content.
#[derive(Default)]
pub(super) struct IndexCell(OnceLock<Index>);

impl IndexCell {
    pub(super) fn get(&self, wizard: &Wizard) -> &Index {
        self.0.get_or_init(|| Index::new(wizard))
    }
}

impl Clone for IndexCell {
    fn clone(&self) -> Self {
        IndexCell::default()
    }
}

/// Derived data: two wizards are equal by their content.
impl PartialEq for IndexCell {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for IndexCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IndexCell")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Condition;

    fn builtin() -> Vec<Wizard> {
        crate::store::catalog(None)
            .unwrap()
            .wizards()
            .cloned()
            .collect()
    }

    #[test]
    fn finds_every_item_and_step_where_a_walk_finds_it() {
        for w in builtin() {
            let ix = w.index();
            let mut position = 0;
            for (s, step) in w.steps.iter().enumerate() {
                assert_eq!(ix.step(&step.id), Some(s), "{} {}", w.id, step.id);
                assert_eq!(ix.start(s), position);
                for (i, item) in step.items.iter().enumerate() {
                    let at = ItemAt {
                        step: s,
                        index: i,
                        position,
                    };
                    assert_eq!(ix.item(&item.id), Some(at), "{} {}", w.id, item.id);
                    assert_eq!(ix.at(position), (s, i));
                    position += 1;
                }
            }
            assert_eq!(ix.len(), position);
            assert_eq!(ix.item("no_such_item"), None);
            assert_eq!(ix.step("no_such_step"), None);
        }
    }

    /// The readers recorded are exactly what a walk over every condition and template finds.
    #[test]
    fn records_who_reads_each_answer() {
        for w in builtin() {
            let ix = w.index();
            let mut position = 0;
            for (s, step) in w.steps.iter().enumerate() {
                let mut names = Vec::new();
                step.when.iter().for_each(|c| c.items(&mut names));
                for n in &names {
                    assert!(ix.condition_readers(n).contains(&Unit {
                        step: s,
                        item: None
                    }));
                }
                for (i, item) in step.items.iter().enumerate() {
                    let mut names = Vec::new();
                    item.when.iter().for_each(|c| c.items(&mut names));
                    let unit = Unit {
                        step: s,
                        item: Some(i),
                    };
                    for n in &names {
                        assert!(ix.condition_readers(n).contains(&unit), "{} {n}", item.id);
                        if !step.items.iter().any(|i| &i.id == n) {
                            assert!(ix.steps_reading(n).contains(&s), "{} {n}", step.id);
                        }
                    }
                    for n in plan_reads(item) {
                        assert!(ix.plan_readers(&n).contains(&position), "{} {n}", item.id);
                    }
                    position += 1;
                }
                let own = |id: &str| step.items.iter().any(|i| i.id == id);
                for (id, steps) in &ix.steps_reading {
                    assert!(
                        !(own(id) && steps.contains(&s)),
                        "{} reads its own {id}",
                        step.id
                    );
                }
            }
            let total: usize = ix.conditions.values().map(Vec::len).sum();
            let named: usize = w
                .steps
                .iter()
                .flat_map(|s| {
                    s.when
                        .iter()
                        .chain(s.items.iter().filter_map(|i| i.when.as_ref()))
                })
                .map(|c| {
                    let mut n = Vec::new();
                    c.items(&mut n);
                    n.len()
                })
                .sum();
            assert_eq!(total, named, "{}", w.id);
        }
    }

    #[test]
    fn a_clone_indexes_its_own_content() {
        let mut w = builtin().remove(0);
        let first = w.steps[1].items[0].id.clone();
        assert!(w.item(&first).is_some());
        let mut changed = w.clone();
        changed.steps[1].items[0].id = "renamed_item".into();
        changed.steps[1].items[0].when = Some(Condition::TargetOs(Vec::new()));
        assert!(changed.item(&first).is_none());
        assert_eq!(changed.item("renamed_item").map(|(s, _)| s), Some(1));
        assert_eq!(w.item(&first).map(|(s, _)| s), Some(1));
        // The original keeps its own index.
        w.steps.truncate(1);
        assert_eq!(w.clone().item(&first), None);
    }
}

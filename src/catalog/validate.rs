//! Semantic checks of a parsed wizard. Each problem carries the JSON path of the value at fault.

use super::FILTERS;
use super::validate_systems::{check_on_systems, check_sections, leaves};
use super::{
    FieldType, Item, ItemKind, OpTemplate, PathSeg, Remote, SITE_KEYS, StepKind, Value, Wizard,
    parse_port, parse_port_spec, placeholders, validate_field,
};
use std::collections::{HashMap, HashSet};

type Found = Vec<(Vec<PathSeg>, String)>;

fn path(segs: &[PathSeg], more: &[PathSeg]) -> Vec<PathSeg> {
    segs.iter().chain(more).cloned().collect()
}

pub fn validate(w: &Wizard) -> Found {
    let mut found = Found::new();
    let mut put = |p: Vec<PathSeg>, m: String| found.push((p, m));

    if w.steps.first().map(|s| s.kind) != Some(StepKind::Site) {
        put(
            vec!["steps".into()],
            "the first step must be the site step (kind \"site\")".into(),
        );
    }
    if w.target_os.is_empty() {
        put(
            vec!["target_os".into()],
            "name at least one target system".into(),
        );
    }
    if w.rule_prefix.is_empty()
        || !w
            .rule_prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        put(
            vec!["rule_prefix".into()],
            "rule_prefix must be letters, digits and '-'".into(),
        );
    }
    if let Some(id) = &w.sql_server {
        let field = w.item(id).and_then(|(_, i)| i.field);
        if !matches!(field, Some(FieldType::Ipv4 | FieldType::HostName)) {
            put(
                vec!["sql_server".into()],
                format!("sql_server names '{id}', which is no ipv4 or host name field"),
            );
        }
    }
    let mut releases = HashSet::new();
    for (i, r) in w.releases.iter().enumerate() {
        if !releases.insert(r) {
            put(
                vec!["releases".into(), i.into()],
                format!("release '{r}' is listed twice"),
            );
        }
    }

    // Items seen so far, in walk order, with their kind and field type.
    let mut items: HashMap<&str, &Item> = HashMap::new();
    let mut step_ids = HashSet::new();
    let mut rule_names = HashMap::new();
    for (si, step) in w.steps.iter().enumerate() {
        let sp = vec![PathSeg::from("steps"), si.into()];
        if !step_ids.insert(step.id.as_str()) {
            put(
                path(&sp, &["id".into()]),
                format!("duplicate step id '{}'", step.id),
            );
        }
        if step.source.file.trim().is_empty() || step.source.section.trim().is_empty() {
            put(
                path(&sp, &["source".into()]),
                "source needs a file and a section".into(),
            );
        }
        if let Some(c) = &step.when {
            check_condition(c, &items, w, &path(&sp, &["when".into()]), &mut put);
        }
        // Items of this step may refer to earlier items of the same step.
        for (ii, item) in step.items.iter().enumerate() {
            let ip = path(&sp, &["items".into(), ii.into()]);
            if items.contains_key(item.id.as_str()) {
                put(
                    path(&ip, &["id".into()]),
                    format!("duplicate item id '{}'", item.id),
                );
            }
            if item.source.file.trim().is_empty() || item.source.section.trim().is_empty() {
                put(
                    path(&ip, &["source".into()]),
                    format!("item '{}' needs a source file and section", item.id),
                );
            }
            if let Some(c) = &item.when {
                check_condition(c, &items, w, &path(&ip, &["when".into()]), &mut put);
            }
            check_item(item, &ip, &mut put);
            for (ri, r) in item.recommended_if.iter().enumerate() {
                let rp = path(&ip, &["recommended_if".into(), ri.into()]);
                check_condition(&r.when, &items, w, &path(&rp, &["when".into()]), &mut put);
            }
            for id in item.checklist.iter().flat_map(|c| &c.comments_from) {
                if w.item(id).is_none() {
                    put(
                        path(&ip, &["checklist".into(), "comments_from".into()]),
                        format!("comments_from names unknown item '{id}'"),
                    );
                }
            }
            items.insert(item.id.as_str(), item);
            // A conflict may read the item itself as well as earlier ones.
            for (ci, c) in item.conflicts.iter().enumerate() {
                let cp = path(&ip, &["conflicts".into(), ci.into()]);
                check_condition(&c.when, &items, w, &path(&cp, &["when".into()]), &mut put);
            }
            let templates = item
                .ops
                .iter()
                .map(|o| ("ops", o))
                .chain(item.ops_off.iter().map(|o| ("ops_off", o)));
            let mut all: Vec<(Vec<PathSeg>, &OpTemplate)> = Vec::new();
            let mut counters: HashMap<&str, usize> = HashMap::new();
            for (list, op) in templates {
                let n = counters.entry(list).or_default();
                all.push((path(&ip, &[list.into(), (*n).into()]), op));
                *n += 1;
            }
            for (oi, opt) in item.options.iter().enumerate() {
                for (k, op) in opt.ops.iter().enumerate() {
                    all.push((
                        path(&ip, &["options".into(), oi.into(), "ops".into(), k.into()]),
                        op,
                    ));
                }
            }
            for (si, state) in item.states.iter().enumerate() {
                for (k, op) in state.ops.iter().enumerate() {
                    all.push((
                        path(&ip, &["states".into(), si.into(), "ops".into(), k.into()]),
                        op,
                    ));
                }
            }
            for (op_path, op) in all {
                for (leaf_path, leaf, systems) in leaves(op, &op_path, w, &mut put) {
                    check_op(leaf, &items, &leaf_path, &mut put);
                    check_on_systems(leaf, &systems, &leaf_path, &mut rule_names, &mut put);
                }
            }
        }
    }
    check_sections(w, &mut put);
    found
}

fn check_item(item: &Item, ip: &[PathSeg], put: &mut impl FnMut(Vec<PathSeg>, String)) {
    let id = &item.id;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        put(
            path(ip, &["id".into()]),
            format!("item id '{id}' must be lower-case letters, digits and '_'"),
        );
    }
    let value_ok = |v: &Value| -> bool {
        match item.kind {
            ItemKind::Toggle | ItemKind::PasswordCheck => v.as_bool().is_some(),
            ItemKind::Choice => v
                .as_text()
                .is_some_and(|t| item.options.iter().any(|o| o.id == t)),
            ItemKind::Measure => v
                .as_text()
                .is_some_and(|t| item.measure_states().iter().any(|s| s.id == t)),
            ItemKind::Field => v.as_text().is_some_and(|t| {
                item.field
                    .is_none_or(|f| super::validate_field(f, t).is_ok())
            }),
            ItemKind::Info => true,
        }
    };
    let values = [
        (
            "recommended",
            path(ip, &["recommended".into()]),
            item.recommended.as_ref(),
        ),
        (
            "required",
            path(ip, &["required".into()]),
            item.required.as_ref(),
        ),
    ]
    .into_iter()
    .chain(item.recommended_if.iter().enumerate().map(|(i, r)| {
        (
            "recommended_if",
            path(ip, &["recommended_if".into(), i.into(), "value".into()]),
            Some(&r.value),
        )
    }));
    for (key, at, v) in values {
        if let Some(v) = v
            && !value_ok(v)
        {
            put(
                at,
                format!(
                    "{key} value {} does not fit {} item '{id}': {}",
                    serde_json::to_string(v).unwrap_or_default(),
                    item.kind.id(),
                    item.allowed()
                ),
            );
        }
    }
    if item.kind == ItemKind::PasswordCheck
        && (item.recommended.is_some() || !item.recommended_if.is_empty())
    {
        put(
            path(ip, &["recommended".into()]),
            format!("password check '{id}' cannot have a recommendation: only a check makes it"),
        );
    }
    match item.kind {
        ItemKind::Choice if item.options.len() < 2 => {
            put(
                path(ip, &["options".into()]),
                format!("choice '{id}' needs at least two options"),
            );
        }
        ItemKind::Field if item.field.is_none() => {
            put(
                path(ip, &["kind".into()]),
                format!("field '{id}' needs a field type (\"field\": \"port\", ...)"),
            );
        }
        ItemKind::PasswordCheck if item.password.is_none() => {
            put(
                path(ip, &["kind".into()]),
                format!("password check '{id}' needs a \"password\" policy"),
            );
        }
        _ => {}
    }
    let off_fits = item.kind == ItemKind::Toggle || (item.kind == ItemKind::Field && item.optional);
    if !off_fits && !item.ops_off.is_empty() {
        put(
            path(ip, &["ops_off".into()]),
            "ops_off is only for toggles and optional fields".into(),
        );
    }
    let mut seen = HashSet::new();
    for (oi, o) in item.options.iter().enumerate() {
        if !seen.insert(&o.id) {
            put(
                path(ip, &["options".into(), oi.into(), "id".into()]),
                format!("duplicate option id '{}'", o.id),
            );
        }
    }
    let mut seen = HashSet::new();
    for (i, s) in item.states.iter().enumerate() {
        if !seen.insert(&s.id) {
            put(
                path(ip, &["states".into(), i.into(), "id".into()]),
                format!("duplicate state id '{}'", s.id),
            );
        }
    }
}

fn check_condition(
    c: &super::Condition,
    items: &HashMap<&str, &Item>,
    w: &Wizard,
    at: &[PathSeg],
    put: &mut impl FnMut(Vec<PathSeg>, String),
) {
    let mut names = Vec::new();
    c.items(&mut names);
    for n in names {
        if !items.contains_key(n.as_str()) {
            let msg = if w.item(&n).is_some() {
                format!(
                    "condition names item '{n}', which comes later; a condition may only read earlier answers"
                )
            } else {
                format!("condition names unknown item '{n}'")
            };
            put(at.to_vec(), msg);
        }
    }
    let mut rels = Vec::new();
    c.releases(&mut rels);
    for r in rels {
        if w.release_rank(&r).is_none() {
            put(
                at.to_vec(),
                format!("condition names release '{r}', which is not in \"releases\""),
            );
        }
    }
}

/// The field types a template key takes, and how to name them in a message.
fn typed_key(key: &str) -> Option<(&'static [FieldType], &'static str)> {
    match key {
        "ports" | "public_port" | "target_port" => {
            Some((&[FieldType::Port, FieldType::PortRange], "a port"))
        }
        "public_address" => Some((&[FieldType::Ipv4], "an ipv4")),
        "wan_interface" => Some((&[FieldType::Interface], "an interface")),
        _ => None,
    }
}

fn check_op(
    op: &OpTemplate,
    items: &HashMap<&str, &Item>,
    at: &[PathSeg],
    put: &mut impl FnMut(Vec<PathSeg>, String),
) {
    // Operations are externally tagged (`{"firewall_rule": {...}}`): a problem points inside the
    // tag. The tag is looked up only then: serialising every operation slows start-up.
    let inside = |more: &[PathSeg]| {
        let tag = serde_json::to_value(op)
            .ok()
            .and_then(|v| v.as_object().and_then(|o| o.keys().next().cloned()));
        let tagged = path(
            at,
            &tag.iter().map(|t| t.as_str().into()).collect::<Vec<_>>(),
        );
        path(&tagged, more)
    };
    for (key, text) in op.strings() {
        let ph = placeholders(text);
        for p in &ph {
            let known = match p.name.strip_prefix("site.") {
                Some(k) => SITE_KEYS.contains(&k),
                None => items
                    .get(p.name.as_str())
                    .is_some_and(|i| i.kind == ItemKind::Field),
            };
            if !known {
                put(
                    inside(&[key.into()]),
                    format!(
                        "placeholder {{{}}} names no field defined before it",
                        p.name
                    ),
                );
            }
            if let Some(f) = &p.filter
                && !FILTERS.contains(&f.as_str())
            {
                put(
                    inside(&[key.into()]),
                    format!("unknown filter '{f}' (known: {})", FILTERS.join(", ")),
                );
            }
            // The plan applies hex16 to a port; on anything else it would drop the operation at
            // export, so the wizard is refused now.
            if p.filter.as_deref() == Some("hex16")
                && let Some(problem) = hex16_misfit(&p.name, items)
            {
                put(
                    inside(&[key.into()]),
                    format!(
                        "{{{}|hex16}}: the hex16 filter takes a port field, {problem}",
                        p.name
                    ),
                );
            }
        }
        let Some((kinds, what)) = typed_key(key) else {
            continue;
        };
        if ph.is_empty() {
            let literal = match kinds[0] {
                FieldType::Port => parse_port_spec(text).map(|_| ()),
                kind => validate_field(kind, text),
            };
            if let Err(e) = literal {
                put(inside(&[key.into()]), e);
            }
        }
        // An unknown placeholder is reported above; here only a field of the wrong type.
        for p in ph.iter().filter(|p| items.contains_key(p.name.as_str())) {
            let typed = items
                .get(p.name.as_str())
                .and_then(|i| i.field)
                .is_some_and(|f| kinds.contains(&f));
            if !typed {
                put(
                    inside(&[key.into()]),
                    format!("{{{}}} in {key} must be {what} field", p.name),
                );
            }
        }
    }
    if let OpTemplate::PortForward {
        target_port,
        never_forwarded,
        ..
    } = op
        && parse_port(target_port).is_ok_and(|p| never_forwarded.contains(&p))
    {
        put(
            inside(&["target_port".into()]),
            format!("target port {target_port} is one of the never_forwarded ports"),
        );
    }
    if let Some(Remote::Field(f)) = op.remote() {
        let ok = items
            .get(f.as_str())
            .and_then(|i| i.field)
            .is_some_and(|t| {
                matches!(
                    t,
                    FieldType::Ipv4 | FieldType::Cidr | FieldType::AddressList
                )
            });
        if !ok {
            put(
                inside(&["remote".into()]),
                format!("remote names '{f}', which is no address field defined before it"),
            );
        }
    }
}

/// Why `{name|hex16}` cannot be filled, when it cannot: hex16 takes a single port.
fn hex16_misfit(name: &str, items: &HashMap<&str, &Item>) -> Option<String> {
    if let Some(key) = name.strip_prefix("site.") {
        return Some(format!("and site.{key} is not one"));
    }
    // An unknown name is reported as such above.
    let item = items.get(name)?;
    match item.field {
        Some(FieldType::Port) => None,
        Some(f) => Some(format!(
            "and '{name}' is a {} field",
            f.hint().split(',').next().unwrap_or("other")
        )),
        None => Some(format!("and '{name}' is not a field")),
    }
}

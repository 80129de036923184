//! Wizards of any size in the shape of the real ones: the built-in wizards' steps, copied in
//! turn with every id renamed, until the wizard holds the asked number of items. Each copy keeps
//! its steps of varying size, its conditions on earlier answers, the release and the target
//! system, its operations of every kind, its fields, choices and measures.

use serde_json::{Map, Value, json};

/// The wizard copied first: its site step opens the generated wizard.
pub const FIRST: &str = "nec-ma4000";

/// The generated wizard's id for `items` items (also its file's stem).
pub fn id(items: usize) -> String {
    format!("scale-{items}")
}

/// The suffix of copy `copy` of wizard `source` (ids are lower-case, digits and '_').
pub fn suffix(copy: usize) -> String {
    format!("_c{copy}")
}

/// A wizard of exactly `items` items from `sources` (id, parsed JSON), `FIRST` among them.
pub fn wizard(sources: &[(String, Value)], items: usize) -> Value {
    let first = &sources.iter().find(|(id, _)| id == FIRST).expect(FIRST).1;
    let order: Vec<&Value> = std::iter::once(first)
        .chain(sources.iter().filter(|(id, _)| id != FIRST).map(|(_, w)| w))
        .collect();
    // Every release and target system of the sources, so that each copy's conditions mean what
    // they mean in its own wizard; the first target system (the default) is FIRST's.
    let mut releases: Vec<&Value> = Vec::new();
    let mut targets: Vec<&Value> = Vec::new();
    for w in &order {
        for (list, key) in [(&mut releases, "releases"), (&mut targets, "target_os")] {
            for v in w[key].as_array().into_iter().flatten() {
                if !list.contains(&v) {
                    list.push(v);
                }
            }
        }
    }
    let mut steps: Vec<Value> = Vec::new();
    let mut count = 0;
    'copies: for copy in 0.. {
        let source = order[copy % order.len()];
        for step in source["steps"].as_array().into_iter().flatten() {
            let mut step = step.clone();
            rename_step(&mut step, &suffix(copy), copy == 0 && steps.is_empty());
            let list = step["items"].as_array_mut().expect("items");
            list.truncate(items - count);
            count += list.len();
            steps.push(step);
            if count == items {
                break 'copies;
            }
        }
    }
    drop_dangling(&mut steps);
    // The first copy's SQL Server field, when the cut left it in.
    let sql_server = first["sql_server"]
        .as_str()
        .map(|id| format!("{id}{}", suffix(0)))
        .filter(|id| {
            steps.iter().any(|s| {
                s["items"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|i| i["id"] == *id)
            })
        });
    json!({
        "id": id(items),
        "name": format!("Scale test, {items} items"),
        "vendor": "hardline benchmark",
        "document": first["document"],
        "releases": releases,
        "target_os": targets,
        "rule_prefix": "SCALE",
        "sql_server": sql_server,
        "steps": steps,
    })
}

/// Renames a step's ids and everything in it that names an item; a site step other than the
/// very first becomes a plain step (a wizard has one site step).
fn rename_step(step: &mut Value, suffix: &str, keep_site: bool) {
    let s = step.as_object_mut().expect("step");
    s.insert("id".into(), renamed(&s["id"], suffix));
    if s["kind"] == "site" && !keep_site {
        s.insert("kind".into(), json!("admin_options"));
    }
    s.entry("items").or_insert(json!([]));
    if let Some(c) = s.get_mut("when") {
        rename_condition(c, suffix);
    }
    for item in s["items"].as_array_mut().into_iter().flatten() {
        let item = item.as_object_mut().expect("item");
        item.insert("id".into(), renamed(&item["id"], suffix));
        for key in ["renamed_from", "distinct_from"] {
            for id in each(item.get_mut(key)) {
                *id = renamed(id, suffix);
            }
        }
        if let Some(c) = item.get_mut("when") {
            rename_condition(c, suffix);
        }
        // Recommendations that follow earlier answers, contradictions between answers.
        for key in ["recommended_if", "conflicts"] {
            for rule in each(item.get_mut(key)) {
                rename_condition(&mut rule["when"], suffix);
            }
        }
        let quoted = item
            .get_mut("checklist")
            .and_then(|c| c.get_mut("comments_from"));
        for id in each(quoted) {
            *id = renamed(id, suffix);
        }
        for state in each(item.get_mut("states")) {
            for op in each(state.get_mut("ops")) {
                rename_op(op, suffix);
            }
        }
        for key in ["ops", "ops_off"] {
            for op in each(item.get_mut(key)) {
                rename_op(op, suffix);
            }
        }
        for option in each(item.get_mut("options")) {
            for op in each(option.get_mut("ops")) {
                rename_op(op, suffix);
            }
        }
    }
}

/// The elements of a list that may be absent.
fn each(list: Option<&mut Value>) -> impl Iterator<Item = &mut Value> {
    list.and_then(Value::as_array_mut).into_iter().flatten()
}

fn renamed(id: &Value, suffix: &str) -> Value {
    json!(format!("{}{suffix}", id.as_str().expect("an id")))
}

fn rename_condition(c: &mut Value, suffix: &str) {
    let Some((kind, body)) = c.as_object_mut().and_then(|o| o.iter_mut().next()) else {
        return;
    };
    match kind.as_str() {
        "is" | "one_of" => {
            let item = renamed(&body["item"], suffix);
            body["item"] = item;
        }
        "all" | "any" => body
            .as_array_mut()
            .into_iter()
            .flatten()
            .for_each(|c| rename_condition(c, suffix)),
        "not" => rename_condition(body, suffix),
        _ => {}
    }
}

/// An operation `{"kind": {...}}`: placeholders of items, a remote field and a firewall rule
/// name (unique in a wizard) are renamed.
fn rename_op(op: &mut Value, suffix: &str) {
    let Some((kind, body)) = op.as_object_mut().and_then(|o| o.iter_mut().next()) else {
        return;
    };
    let Some(body) = body.as_object_mut() else {
        return;
    };
    if kind == "for_systems" {
        for op in each(body.get_mut("ops")) {
            rename_op(op, suffix);
        }
        return;
    }
    if matches!(kind.as_str(), "firewall_rule" | "firewall_program") {
        let name = format!(
            "{}{}",
            body["name"].as_str().expect("a name"),
            suffix.replace('_', "-")
        );
        body.insert("name".into(), json!(name));
    }
    if let Some(field) = body.get_mut("remote").and_then(|r| r.get_mut("field")) {
        *field = renamed(field, suffix);
    }
    rename_placeholders(body, suffix);
}

fn rename_placeholders(body: &mut Map<String, Value>, suffix: &str) {
    for (key, v) in body.iter_mut() {
        match v {
            Value::String(text) if key != "name" => *text = with_placeholders(text, suffix),
            Value::Object(o) => rename_placeholders(o, suffix),
            _ => {}
        }
    }
}

fn with_placeholders(text: &str, suffix: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for p in hardline::catalog::placeholders(text) {
        out.push_str(&text[last..p.span.start]);
        let name = match p.name.starts_with("site.") {
            true => p.name.clone(),
            false => format!("{}{suffix}", p.name),
        };
        out.push('{');
        out.push_str(&name);
        if let Some(f) = &p.filter {
            out.push('|');
            out.push_str(f);
        }
        out.push('}');
        last = p.span.end;
    }
    out.push_str(&text[last..]);
    out
}

/// A `distinct_from` may name a later item, which the cut after the last item may have dropped.
fn drop_dangling(steps: &mut [Value]) {
    let ids: std::collections::HashSet<String> = steps
        .iter()
        .flat_map(|s| s["items"].as_array().into_iter().flatten())
        .map(|i| i["id"].as_str().expect("id").to_string())
        .collect();
    for step in steps.iter_mut() {
        for item in step["items"].as_array_mut().into_iter().flatten() {
            if let Some(list) = item.get_mut("distinct_from").and_then(Value::as_array_mut) {
                list.retain(|id| id.as_str().is_some_and(|id| ids.contains(id)));
            }
        }
    }
}

/// The same wizard with one problem on every item, of three kinds in turn: no source file,
/// a condition that names a later item, a recommendation that does not fit the item.
pub fn broken(wizard: &Value) -> Value {
    let mut w = wizard.clone();
    let ids: Vec<String> = w["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["items"].as_array().into_iter().flatten())
        .map(|i| i["id"].as_str().expect("id").to_string())
        .collect();
    let mut n = 0;
    for step in w["steps"].as_array_mut().into_iter().flatten() {
        for item in step["items"].as_array_mut().into_iter().flatten() {
            // A password check may have no recommendation at all: that would be two problems.
            let unfit = match item["kind"].as_str() {
                Some("toggle") => Some(json!("not a boolean")),
                Some("choice" | "measure") => Some(json!("no_such_option")),
                Some("field") => Some(json!(true)),
                _ => None,
            };
            match (n % 3, ids.get(n + 1), unfit) {
                (1, Some(later), _) => item["when"] = json!({"is": {"item": later, "value": true}}),
                (2, _, Some(v)) => item["recommended"] = v,
                // No file (an empty section would also be no section of the document).
                _ => item["source"]["file"] = json!(""),
            }
            n += 1;
        }
    }
    w
}

//! plan.json round-trips and its committed schema is current.

use hardline::export::{plan_json, plan_schema, sample};
use hardline::plan::Plan;

#[test]
fn schema_is_current() {
    let text = plan_schema();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/plan.schema.json");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == text,
        "schemas/plan.schema.json is stale: run UPDATE_SCHEMA=1 cargo test --test export_json"
    );
}

#[test]
fn plan_json_reads_back() {
    let plan = sample::every_action("Müller & Söhne \"GmbH\" '{{x}}'");
    let back: Plan = serde_json::from_str(&plan_json(&plan)).unwrap();
    assert_eq!(back, plan);
}

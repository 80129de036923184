//! plan.json: the machine-readable plan, and its JSON Schema generated from the plan types.

use crate::plan::Plan;

/// The plan as pretty JSON (serde escapes every string).
pub fn plan_json(plan: &Plan) -> String {
    // The plan is plain data (strings, numbers, enums): serialising it cannot fail.
    serde_json::to_string_pretty(plan).unwrap_or_default() + "\n"
}

/// The JSON Schema of plan.json (committed as `schemas/plan.schema.json`).
pub fn plan_schema() -> String {
    let schema = schemars::schema_for!(Plan);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::every_action;

    #[test]
    fn round_trips() {
        let plan = every_action("\"quoted\" \\ </script> \u{2028}");
        let back: Plan = serde_json::from_str(&plan_json(&plan)).unwrap();
        assert_eq!(back, plan);
    }

    #[test]
    fn schema_names_every_action() {
        let schema = plan_schema();
        for tag in [
            "firewall_rule",
            "port_forward",
            "manual",
            "delete_with_backup",
            "sql",
        ] {
            assert!(schema.contains(&format!("\"{tag}\"")), "{tag}");
        }
    }
}

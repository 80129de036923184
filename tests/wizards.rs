//! Every shipped wizard loads and validates; the schema is current; each walks to the end on
//! the document's recommendations.

mod common;

use hardline::catalog::{Wizard, parse_wizard};
use hardline::store;

#[test]
fn shipped_wizards_are_valid() {
    let catalog = store::checked_catalog(None).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = catalog.ids().collect();
    // The compact copies that start-up parses lazily are the same wizards.
    let lazy = store::catalog(None).unwrap();
    for id in &ids {
        assert_eq!(lazy.wizard(id), catalog.wizard(id), "{id}");
        let product = lazy.products().find(|p| p.id == *id).unwrap();
        assert_eq!(product.name, catalog.wizard(id).unwrap().name);
    }
    for fixed in [
        "nec-ma4000",
        "nec-ow5000",
        "openscape-business",
        "ale-oxo",
        "avaya-ipoffice",
    ] {
        assert!(ids.contains(&fixed), "{fixed} missing from {ids:?}");
    }
}

#[test]
fn schema_is_current() {
    let schema = schemars::schema_for!(Wizard);
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/wizards/schema.json");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == text,
        "wizards/schema.json is stale: run UPDATE_SCHEMA=1 cargo test --test wizards"
    );
}

#[test]
fn every_wizard_walks_to_the_end_on_defaults() {
    let catalog = store::catalog(None).unwrap();
    for wizard in catalog.wizards() {
        let s = common::walked(wizard, None, &[]);
        assert!(s.is_complete(wizard));
    }
}

#[test]
fn broken_fixtures_report_positions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/invalid");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let problems = parse_wizard(name, &src).expect_err(name);
        let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(got.join("\n").trim(), expected.trim(), "{name}");
    }
}

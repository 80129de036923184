//! Every shipped wizard loads and validates; the schema is current; each walks to the end on
//! the document's recommendations.

use hardline::catalog::{Wizard, parse_wizard};
use hardline::session::{Session, SiteField};
use hardline::store;

#[test]
fn shipped_wizards_are_valid() {
    let catalog = store::catalog(None).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = catalog.wizards.keys().map(String::as_str).collect();
    for fixed in ["avaya-ipoffice"] {
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

/// A site that completes the site step of `wizard`.
pub fn site_for(wizard: &Wizard, session: &mut Session) {
    let now = "2026-11-25T10:00:00Z";
    let release = wizard.releases.last().cloned().unwrap_or_default();
    let os = wizard.target_os[0].id().to_string();
    for (f, v) in [
        (SiteField::Customer, "Example Customer"),
        (SiteField::Site, "Head office"),
        (SiteField::Installer, "J. Installer"),
        (SiteField::Host, "pbx-01"),
        (SiteField::Address, "192.0.2.10"),
        (SiteField::Subnets, "10.0.0.0/24, 192.0.2.0/24"),
        (SiteField::TargetOs, os.as_str()),
        (SiteField::Release, release.as_str()),
        (SiteField::Access, "console"),
    ] {
        if f == SiteField::Release && wizard.releases.is_empty() {
            continue;
        }
        let change = hardline::session::Change::SetSite {
            field: f,
            value: v.to_string(),
        };
        session
            .apply(wizard, change, now)
            .unwrap_or_else(|e| panic!("{f:?}: {e}"));
    }
}

#[test]
fn every_wizard_walks_to_the_end_on_defaults() {
    let catalog = store::catalog(None).unwrap();
    for wizard in catalog.wizards.values() {
        let mut s = Session::new(
            "t",
            &wizard.id,
            &wizard.fingerprint(),
            "2026-11-25T10:00:00Z",
        );
        site_for(wizard, &mut s);
        let open = s.walk(wizard, true, "2026-11-25T10:00:00Z");
        assert!(open.is_empty(), "{}: {open:#?}", wizard.id);
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

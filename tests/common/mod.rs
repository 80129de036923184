//! Helpers shared by the wizard tests: a complete site, and a session walked to the end.

use hardline::catalog::{Value, Wizard};
use hardline::session::{Change, Session, SiteField};

pub const NOW: &str = "2026-11-25T10:00:00Z";

/// A site that completes the site step of `wizard`.
pub fn site_for(wizard: &Wizard, session: &mut Session) {
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
        let change = Change::SetSite {
            field: f,
            value: v.to_string(),
        };
        session
            .apply(wizard, change, NOW)
            .unwrap_or_else(|e| panic!("{f:?}: {e}"));
    }
}

/// An answer as a test writes it: "true" and "false" are a toggle's value, anything else text.
pub fn value(text: &str) -> Value {
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        t => Value::Text(t.to_string()),
    }
}

/// A session on `wizard` at `release` (the last one when None), with `answers` (item, value,
/// reason) given in order and every other visible item on its recommendation, walked to the end.
pub fn walked(wizard: &Wizard, release: Option<&str>, answers: &[(&str, &str, &str)]) -> Session {
    let mut s = Session::new("t", &wizard.id, &wizard.fingerprint(), NOW);
    site_for(wizard, &mut s);
    if let Some(r) = release {
        let change = Change::SetSite {
            field: SiteField::Release,
            value: r.to_string(),
        };
        s.apply(wizard, change, NOW)
            .unwrap_or_else(|e| panic!("release {r}: {e}"));
    }
    for (item, v, reason) in answers {
        let change = Change::Answer {
            item: item.to_string(),
            value: value(v),
            reason: reason.to_string(),
        };
        s.apply(wizard, change, NOW)
            .unwrap_or_else(|e| panic!("{item} = {v}: {e}"));
    }
    let open = s.walk(wizard, true, NOW);
    assert!(open.is_empty(), "{} at {release:?}: {open:#?}", wizard.id);
    s
}

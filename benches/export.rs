//! `cargo bench --bench export`: exporting 1,000 sessions in one call, and one full session to
//! every format, against `oscap xccdf generate fix` on an SSG profile of similar rule count
//! (Debian packages openscap-scanner and ssg-debian). Fails unless hardline is at least 100
//! times faster per session.

use hardline::catalog::{ItemKind, Value, Wizard};
use hardline::export::{Format, bundle, default_formats};
use hardline::plan::derive;
use hardline::session::{Change, Session, SiteField};
use hardline::store;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-25T10:00:00Z";
const SSG: &str = "/usr/share/xml/scap/ssg/content/ssg-debian10-ds.xml";
const PROFILES: [&str; 3] = ["anssi_np_nt28_minimal", "standard", "anssi_np_nt28_average"];

/// A session with every toggle on and every measure applied, for `customer`.
fn full_session(wizard: &Wizard, customer: &str) -> Session {
    let mut s = Session::new(customer, &wizard.id, &wizard.fingerprint(), NOW);
    let release = wizard.releases.last().cloned().unwrap_or_default();
    for (f, v) in [
        (SiteField::Customer, customer),
        (SiteField::Site, "Head office"),
        (SiteField::Installer, "J. Installer"),
        (SiteField::Host, "pbx-01"),
        (SiteField::Address, "192.0.2.10"),
        (SiteField::Subnets, "10.0.0.0/24, 192.0.2.0/24"),
        (SiteField::TargetOs, wizard.target_os[0].id()),
        (SiteField::Release, release.as_str()),
        (SiteField::Access, "console"),
    ] {
        let _ = s.apply(
            wizard,
            Change::SetSite {
                field: f,
                value: v.to_string(),
            },
            NOW,
        );
    }
    for (_, item) in wizard.items() {
        let value = match item.kind {
            ItemKind::Toggle => Value::Bool(true),
            ItemKind::Measure => match item.measure_states().into_iter().find(|m| m.applies) {
                Some(m) => Value::Text(m.id),
                None => continue,
            },
            _ => continue,
        };
        let change = Change::Answer {
            item: item.id.clone(),
            value,
            reason: "benchmark".into(),
        };
        let _ = s.apply(wizard, change, NOW);
    }
    let _ = s.walk(wizard, true, NOW);
    s
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn oscap(profile: &str) -> Result<(Duration, usize), String> {
    let mut times = Vec::new();
    let mut fixes = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let out = Command::new("oscap")
            .args([
                "xccdf",
                "generate",
                "fix",
                "--fix-type",
                "bash",
                "--profile",
            ])
            .arg(format!("xccdf_org.ssgproject.content_profile_{profile}"))
            .arg(SSG)
            .output()
            .map_err(|e| {
                format!("cannot run oscap ({e}): install openscap-scanner and ssg-debian")
            })?;
        times.push(start.elapsed());
        if !out.status.success() {
            return Err(format!(
                "oscap failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        fixes = String::from_utf8_lossy(&out.stdout)
            .matches("# BEGIN fix")
            .count();
    }
    Ok((median(times), fixes))
}

fn main() -> ExitCode {
    let catalog = match store::catalog(None) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(wizard) = catalog.wizard("avaya-ipoffice") else {
        eprintln!("the avaya-ipoffice wizard is missing");
        return ExitCode::FAILURE;
    };
    // One full session to every format.
    let session = full_session(wizard, "Example Customer");
    let plan = derive(wizard, &session, NOW);
    let operations = plan.operations.len();
    let mut one = Vec::new();
    let mut bytes = 0;
    for _ in 0..200 {
        let start = Instant::now();
        let plan = derive(wizard, &session, NOW);
        let files = bundle(&plan, &Format::ALL);
        one.push(start.elapsed());
        bytes = files.iter().map(|(_, t)| t.len()).sum::<usize>();
    }
    let one = median(one);
    // 1,000 sessions in one call: derive and bundle each with its default formats.
    let sessions: Vec<Session> = (0..1000)
        .map(|n| full_session(wizard, &format!("Customer {n}")))
        .collect();
    let start = Instant::now();
    let mut files = 0;
    for s in &sessions {
        let plan = derive(wizard, s, NOW);
        files += bundle(&plan, &default_formats(&plan)).len();
    }
    let thousand = start.elapsed();
    println!(
        "hardline: one full session ({operations} operations) to every format: {one:?} ({bytes} bytes)"
    );
    println!(
        "hardline: 1,000 sessions, default formats, {files} files: {thousand:?} ({:?} per session)",
        thousand / 1000
    );
    // oscap on the profile whose fix count is closest to the session's operation count.
    let mut best: Option<(String, Duration, usize)> = None;
    for p in PROFILES {
        match oscap(p) {
            Ok((t, n)) => {
                println!("oscap xccdf generate fix, profile {p}: {n} fixes in {t:?}");
                let closer = best
                    .as_ref()
                    .is_none_or(|(_, _, b)| n.abs_diff(operations) < b.abs_diff(operations));
                if closer {
                    best = Some((p.to_string(), t, n));
                }
            }
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let Some((profile, t, n)) = best else {
        return ExitCode::FAILURE;
    };
    let ratio = t.as_secs_f64() / one.as_secs_f64();
    println!(
        "compared with {profile} ({n} fixes, {t:?}): hardline is {ratio:.0} times faster per session"
    );
    let ratio_batch = t.as_secs_f64() * 1000.0 / thousand.as_secs_f64();
    println!("1,000 sessions against 1,000 oscap runs: {ratio_batch:.0} times faster");
    if ratio < 100.0 {
        eprintln!("hardline must be at least 100 times faster; it is {ratio:.1}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

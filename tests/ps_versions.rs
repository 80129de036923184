//! Every cmdlet and named parameter the generated PowerShell uses exists in the oldest system
//! harden.ps1 and rollback.ps1 claim: Windows PowerShell 4.0 (`#Requires -Version 4.0`) on
//! Windows Server 2012 R2, whose NetSecurity, NetTCPIP and WebAdministration modules come with
//! the system. Cmdlets and parameters are taken from the scripts with tree-sitter (splatted
//! hashtables included) and looked up in [`ps_reference::TABLE`], which is Microsoft's cmdlet
//! reference (its versioned folders, source named in that file). The scripts must not use
//! language that came after 4.0 either (classes, `::new()`, `using`).

mod common;
mod ps_reference;
mod tools;

use hardline::export::{Format, bundle};
use ps_reference::{COMMON_PARAMETERS, Since, TABLE};
use std::collections::{BTreeMap, BTreeSet};

/// The oldest system the scripts claim (`hardline::export` writes `#Requires -Version 4.0`).
const CLAIMED: Since = Since::Ps40;

/// The functions a script defines (lower case).
fn functions(text: &str) -> BTreeSet<String> {
    let tree = tools::ps_tree(text);
    let mut own = BTreeSet::new();
    let mut cursor = tree.walk();
    tools::walk(&mut cursor, &mut |n| {
        if n.kind() == "function_name" {
            own.insert(n.utf8_text(text.as_bytes()).unwrap_or("").to_lowercase());
        }
    });
    own
}

/// Every command called in `text` and the named parameters it is given, native programs left
/// out. A splat (`@rest`) counts with the keys of that hashtable.
fn calls(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let tree = tools::ps_tree(text);
    let src = text.as_bytes();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut cursor = tree.walk();
    tools::walk(&mut cursor, &mut |n| {
        if n.kind() != "command" {
            return;
        }
        let Some(name) = n.child_by_field_name("command_name") else {
            return;
        };
        let name = name.utf8_text(src).unwrap_or("").to_string();
        if !name.contains('-') || name.contains('.') || name.starts_with('$') {
            return;
        }
        let params = out.entry(name).or_default();
        if let Some(elements) = n.child_by_field_name("command_elements") {
            for i in 0..elements.child_count() {
                let Some(e) = elements.child(i) else { continue };
                let t = e.utf8_text(src).unwrap_or("");
                if e.kind() == "command_parameter" {
                    let p = t.trim_start_matches('-').split(':').next().unwrap_or("");
                    params.insert(p.to_string());
                } else if e.kind().contains("expression")
                    && t.starts_with('@')
                    && !t.starts_with("@(")
                    && !t.starts_with("@{")
                {
                    params.extend(splat_keys(text, &t[1..]));
                }
            }
        }
    });
    out
}

/// The keys a script puts into the hashtable `$name`: `$name = @{ Key = ...; ... }` and
/// `$name['Key'] = ...`.
fn splat_keys(text: &str, name: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let open = format!("${name} = @{{");
    for (at, _) in text.match_indices(&open) {
        let body = &text[at + open.len()..];
        let body = &body[..body.find('}').unwrap_or(body.len())];
        for entry in body.split(';') {
            if let Some((k, _)) = entry.split_once('=') {
                keys.push(k.trim().to_string());
            }
        }
    }
    let index = format!("${name}['");
    for (at, _) in text.match_indices(&index) {
        let rest = &text[at + index.len()..];
        keys.push(rest[..rest.find('\'').unwrap_or(0)].to_string());
    }
    keys
}

/// Every PowerShell text the exports run: harden.ps1 and rollback.ps1 of every plan, and the
/// scripts of the playbooks' win_powershell tasks (the same helpers, on the same systems).
fn scripts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, plan) in tools::plans::all() {
        for (file, text) in bundle(&plan, &[Format::Ps1]) {
            if file.ends_with(".ps1") {
                out.push((format!("{name}/{file}"), text));
            }
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/export/ps");
    for entry in std::fs::read_dir(&dir).expect("src/export/ps") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        out.push((path.display().to_string(), text));
    }
    out
}

#[test]
fn every_cmdlet_and_parameter_exists_in_powershell_4_on_2012_r2() {
    let mut problems = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let scripts = scripts();
    // The helpers are split over files: a function any of them defines is the scripts' own.
    let own: BTreeSet<String> = scripts.iter().flat_map(|(_, t)| functions(t)).collect();
    for (file, text) in scripts {
        assert!(
            !text.contains("::new(") && !text.contains("\nclass ") && !text.contains("\nusing "),
            "{file}: language newer than PowerShell 4.0"
        );
        for (cmdlet, params) in calls(&text) {
            if own.contains(&cmdlet.to_lowercase()) {
                continue;
            }
            let Some(row) = TABLE
                .iter()
                .find(|r| r.cmdlet.eq_ignore_ascii_case(&cmdlet))
            else {
                problems.insert(format!("{cmdlet}: not in the table ({file})"));
                continue;
            };
            seen.insert(row.cmdlet);
            if row.since > CLAIMED {
                problems.insert(format!(
                    "{cmdlet}: from {:?}, newer than {CLAIMED:?}",
                    row.since
                ));
            }
            for p in params {
                let known = row.parameters.iter().any(|q| q.eq_ignore_ascii_case(&p))
                    || COMMON_PARAMETERS.iter().any(|q| q.eq_ignore_ascii_case(&p));
                if !known {
                    problems.insert(format!(
                        "{cmdlet} -{p}: not a parameter of {cmdlet} in {} ({file})",
                        row.source
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{}",
        problems.into_iter().collect::<Vec<_>>().join("\n")
    );
    assert!(seen.len() > 40, "only {} cmdlets seen", seen.len());
}

#[test]
fn the_check_catches_a_newer_cmdlet_and_an_unknown_parameter() {
    let text = "function Own-Thing { Get-LocalUser -Name x }\nOwn-Thing\nGet-Service -Name a -NoSuchParam\n$rest = @{ Name = 'n'; Enabled = 'True' }\n$rest['Program'] = 'p'\nNew-NetFirewallRule @rest\n& sqlcmd.exe -S x\n";
    assert_eq!(
        functions(text).into_iter().collect::<Vec<_>>(),
        ["own-thing"]
    );
    let found = calls(text);
    assert!(found.contains_key("Get-LocalUser"));
    assert!(found["Get-Service"].contains("NoSuchParam"));
    let splat: Vec<&str> = found["New-NetFirewallRule"]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(splat, ["Enabled", "Name", "Program"]);
    assert!(!found.keys().any(|k| k.contains("sqlcmd")));
    // Get-LocalUser came with Windows Server 2016: it is not in the table of 2012 R2.
    assert!(!TABLE.iter().any(|r| r.cmdlet == "Get-LocalUser"));
    let service = TABLE
        .iter()
        .find(|r| r.cmdlet == "Get-Service")
        .expect("Get-Service");
    assert!(!service.parameters.contains(&"NoSuchParam"));
}

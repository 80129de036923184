//! Shared by the exporter tests: the real checkers (tree-sitter-powershell, bash, shellcheck,
//! nft, ansible-playbook) and the plans to check. Tools are located or installed by
//! [`provision`]; one that cannot be had here (a Debian package without root) skips its check
//! and says so in the test output, never silently.
#![allow(dead_code)]

use std::process::Command;

/// Every ERROR or MISSING node of a PowerShell text, with its position.
pub fn ps_problems(text: &str) -> Vec<String> {
    let tree = ps_tree(text);
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    walk(&mut cursor, &mut |n| {
        if n.is_error() || n.is_missing() {
            let p = n.start_position();
            let line = text.lines().nth(p.row).unwrap_or("");
            out.push(format!(
                "{}:{}: {} in: {line}",
                p.row + 1,
                p.column + 1,
                n.kind()
            ));
        }
    });
    out
}

pub fn ps_tree(text: &str) -> tree_sitter::Tree {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_powershell::LANGUAGE.into())
        .expect("tree-sitter-powershell loads");
    parser.parse(text, None).expect("parser returns a tree")
}

pub fn walk(cursor: &mut tree_sitter::TreeCursor, f: &mut dyn FnMut(tree_sitter::Node)) {
    loop {
        f(cursor.node());
        if cursor.goto_first_child() {
            walk(cursor, f);
            cursor.goto_parent();
        }
        if !cursor.goto_next_sibling() {
            return;
        }
    }
}

/// Runs a checker on `text` written to a temporary file named `name`; Err carries its output.
pub fn run_tool(tool: &str, args: &[&str], name: &str, text: &str) -> Result<(), String> {
    let args: Vec<&str> = args.iter().copied().chain([name]).collect();
    run_in_dir(tool, &args, &[(name, text)])
}

pub mod plans;
pub mod provision;

/// Checks a file with an external tool in a folder of its own that also holds `extra` files.
pub fn run_in_dir(tool: &str, args: &[&str], files: &[(&str, &str)]) -> Result<(), String> {
    let path = match provision::locate(tool) {
        Ok(p) => p,
        Err(e) if matches!(provision::origin(tool), Some(provision::Origin::Debian(_))) => {
            provision::skip(&format!("{tool} {args:?}"), &e);
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write temp file");
    }
    let out = Command::new(&path)
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} ({e})", path.display()));
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{tool} {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// `nft -c -f`; where plain nft lacks the privilege, in a user and network namespace.
pub fn nft_check(text: &str) -> Result<(), String> {
    let files = [("gateway.nft", text)];
    match run_in_dir("nft", &["-c", "-f", "gateway.nft"], &files) {
        Ok(()) => Ok(()),
        Err(e) if e.contains("Operation not permitted") || e.contains("ermission") => {
            let nft = provision::require("nft");
            let nft = nft.to_string_lossy();
            run_in_dir("unshare", &["-rn", &nft, "-c", "-f", "gateway.nft"], &files)
        }
        Err(e) => Err(e),
    }
}

pub fn sh_check(text: &str) -> Result<(), String> {
    let files = [("gateway.sh", text)];
    run_in_dir("bash", &["-n", "gateway.sh"], &files)?;
    run_in_dir(
        "shellcheck",
        &["-S", "warning", "-s", "sh", "gateway.sh"],
        &files,
    )
}

/// `systemd-analyze verify` of a unit file. It exits 0 after a setting it ignores, so anything
/// it prints fails the check.
pub fn unit_check(text: &str) -> Result<(), String> {
    let Some(tool) = provision::or_skip("systemd-analyze", "systemd-analyze verify") else {
        return Ok(());
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "hardline-gateway.service";
    std::fs::write(dir.path().join(name), text).expect("write temp file");
    let out = Command::new(&tool)
        .args(["verify", &format!("./{name}")])
        .current_dir(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} ({e})", tool.display()));
    if out.status.success() && out.stdout.is_empty() && out.stderr.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "systemd-analyze verify {name}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

pub fn ansible_check(playbook: &str, inventory: &str) -> Result<(), String> {
    run_in_dir(
        "ansible-playbook",
        &["-i", "inventory.yml", "--syntax-check", "playbook.yml"],
        &[("playbook.yml", playbook), ("inventory.yml", inventory)],
    )
}

mod cmd_lint;
// Each test crate compiles this module and uses a part of it.
#[allow(unused_imports)]
pub use cmd_lint::cmd_lint;

/// Windows-1252, as .NET decodes it (the five unassigned bytes become the C1 controls).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
];

/// Bytes read in the ANSI code page of a Western Windows (Windows-1252).
pub fn cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => char::from_u32(u32::from(CP1252_HIGH[usize::from(b - 0x80)])),
            _ => Some(char::from(b)),
        })
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect()
}

/// A .ps1 file as Windows PowerShell 5.1 reads it (about_Character_Encoding): UTF-8 after a
/// byte order mark, the ANSI code page (here Windows-1252) without one.
pub fn ps51_read(bytes: &[u8]) -> String {
    match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => String::from_utf8(rest.to_vec()).expect("UTF-8 after the byte order mark"),
        None => cp1252(bytes),
    }
}

/// The characters of `text` outside its comments that are not plain ASCII, with their lines.
pub fn non_ascii_outside_comments(text: &str) -> Vec<String> {
    let tree = ps_tree(text);
    let mut comments = Vec::new();
    let mut cursor = tree.walk();
    walk(&mut cursor, &mut |n| {
        if n.kind() == "comment" {
            comments.push(n.byte_range());
        }
    });
    text.char_indices()
        .filter(|(i, c)| {
            !c.is_ascii() && *c != '\u{FEFF}' && !comments.iter().any(|r| r.contains(i))
        })
        .map(|(i, c)| format!("line {}: {c:?}", text[..i].lines().count()))
        .collect()
}

/// The value of a string expression as `quote::ps_str` writes it (`'..'`, or `('..' +
/// [char]0x20AC + '..')`); None for anything else, such as code.
pub fn ps_string_value(expr: &str) -> Option<String> {
    let single = |s: &str| -> Option<String> {
        let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
        // Inside, a quote comes only doubled.
        let undoubled = inner.replace("''", "");
        (!undoubled.contains('\'')).then(|| inner.replace("''", "'"))
    };
    if !expr.starts_with('(') {
        return single(expr);
    }
    let body = expr.strip_prefix('(')?.strip_suffix(')')?;
    let mut units: Vec<u16> = Vec::new();
    let mut rest = body;
    loop {
        if let Some(r) = rest.strip_prefix("[char]0x") {
            let hex: String = r.chars().take(4).collect();
            units.push(u16::from_str_radix(&hex, 16).ok()?);
            rest = &r[4..];
        } else if rest.starts_with('\'') {
            // The literal runs to the first quote not doubled.
            let b = rest.as_bytes();
            let mut i = 1;
            loop {
                match b.get(i) {
                    Some(b'\'') if b.get(i + 1) == Some(&b'\'') => i += 2,
                    Some(b'\'') => break,
                    Some(_) => i += 1,
                    None => return None,
                }
            }
            units.extend(single(&rest[..=i])?.encode_utf16());
            rest = &rest[i + 1..];
        } else {
            return None;
        }
        if rest.is_empty() {
            return String::from_utf16(&units).ok();
        }
        rest = rest.strip_prefix(" + ")?;
    }
}

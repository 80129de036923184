//! Shared by the exporter tests: the real checkers (tree-sitter-powershell, bash, shellcheck,
//! nft, ansible-playbook) and the plans to check. A missing tool fails the test with the package
//! that provides it; nothing is skipped silently.
#![allow(dead_code)]

use std::io::Write;
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
pub fn run_tool(
    tool: &str,
    package: &str,
    args: &[&str],
    name: &str,
    text: &str,
) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .expect("write temp file");
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(&path).current_dir(dir.path());
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool} ({e}): install the package {package}"));
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{tool} {args:?} {name} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

//! Property tests: whatever the installer types as site facts and reasons (quotes of every kind,
//! `$(...)`, backticks, semicolons, newlines, here-string ends, unicode) stays inside one string
//! literal or comment of the generated script, never code.

mod common;
mod tools;

use hardline::export::{Format, bundle, sample};
use proptest::prelude::*;

const OPEN: &str = "QZX";
const CLOSE: &str = "XZQ";

fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("'".to_string()),
        Just("\u{2018}".to_string()),
        Just("\u{2019}".to_string()),
        Just("\u{201A}".to_string()),
        Just("\u{201B}".to_string()),
        Just("\"".to_string()),
        Just("\u{201C}".to_string()),
        Just("$(Remove-Item C:\\ -Recurse)".to_string()),
        Just("`".to_string()),
        Just(";".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("'@".to_string()),
        Just("\"@".to_string()),
        Just("@'".to_string()),
        Just("<#".to_string()),
        Just("#>".to_string()),
        Just("{{ x }}".to_string()),
        Just("%PATH%".to_string()),
        Just("&|<>^!()".to_string()),
        Just("\\".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{0}".to_string()),
        any::<char>().prop_map(String::from),
        "[a-zA-Z0-9 ]{0,6}",
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| format!("{OPEN}{}{CLOSE}", v.concat()))
}

/// The byte ranges of every OPEN ... CLOSE marked text in a script.
fn marked(text: &str) -> Result<Vec<(usize, usize)>, String> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find(OPEN).map(|i| i + from) {
        let end = text[start..]
            .find(CLOSE)
            .map(|i| i + start + CLOSE.len())
            .ok_or_else(|| format!("unclosed marker at byte {start}"))?;
        spans.push((start, end));
        from = end;
    }
    Ok(spans)
}

/// Every OPEN ... CLOSE of the text lies in one string literal or comment node.
fn ps_contained(text: &str) -> Result<usize, String> {
    let tree = tools::ps_tree(text);
    let spans = marked(text)?;
    for &(start, end) in &spans {
        let mut node = tree
            .root_node()
            .descendant_for_byte_range(start, end)
            .ok_or("no node")?;
        while !matches!(node.kind(), "string_literal" | "comment") {
            node = node.parent().ok_or_else(|| {
                let line = text[..start].lines().count();
                format!(
                    "text outside any string or comment at line {line}: {}",
                    &text[start..end]
                )
            })?;
        }
    }
    Ok(spans.len())
}

/// A small POSIX sh lexer: whether each byte is in a single-quoted word, a comment, or code.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Sh {
    Code,
    Single,
    Double,
    Comment,
}

fn sh_states(text: &str) -> Vec<Sh> {
    let mut out = Vec::with_capacity(text.len());
    let mut state = Sh::Code;
    let mut prev = '\n';
    let mut escaped = false;
    for c in text.chars() {
        let here = match (state, c) {
            (Sh::Code, '\'') if !escaped => {
                state = Sh::Single;
                Sh::Code
            }
            (Sh::Code, '"') if !escaped => {
                state = Sh::Double;
                Sh::Code
            }
            (Sh::Code, '#') if !escaped && (prev.is_whitespace() || prev == ';') => {
                state = Sh::Comment;
                Sh::Comment
            }
            (Sh::Single, '\'') => {
                state = Sh::Code;
                Sh::Code
            }
            (Sh::Double, '"') if !escaped => {
                state = Sh::Code;
                Sh::Code
            }
            (Sh::Comment, '\n') => {
                state = Sh::Code;
                Sh::Code
            }
            (s, _) => s,
        };
        escaped = c == '\\' && !escaped && state != Sh::Single;
        out.extend(std::iter::repeat_n(here, c.len_utf8()));
        prev = c;
    }
    out
}

/// Every OPEN ... CLOSE lies in single quotes (joined only by `\'`) or in one comment.
fn sh_contained(text: &str) -> Result<usize, String> {
    let states = sh_states(text);
    let spans = marked(text)?;
    for &(start, end) in &spans {
        let kind = states[start];
        if !matches!(kind, Sh::Single | Sh::Comment) {
            return Err(format!("text starts in {kind:?}: {}", &text[start..end]));
        }
        let mut i = start;
        while i < end {
            if states[i] != kind {
                // Only the `'\''` joint may leave the single-quoted text.
                if kind == Sh::Single && text[i..].starts_with("'\\''") {
                    i += 4;
                    continue;
                }
                return Err(format!(
                    "text leaves its {kind:?} at byte {i}: {}",
                    &text[start..end]
                ));
            }
            i += 1;
        }
    }
    Ok(spans.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn powershell_keeps_installer_text_in_strings(text in hostile()) {
        let plan = sample::every_action(&text);
        for (name, script) in bundle(&plan, &[Format::Ps1]).into_iter().filter(|(n, _)| n.ends_with(".ps1")) {
            let problems = tools::ps_problems(&script);
            prop_assert!(problems.is_empty(), "{name}: {problems:?}");
            let found = ps_contained(&script).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            prop_assert!(found > 0 || name == "rollback.ps1", "{name}: the text never appears");
        }
    }

    #[test]
    fn cmd_keeps_installer_text_harmless(text in hostile()) {
        let mut plan = sample::every_action(&text);
        plan.site.target_os = Some(hardline::catalog::TargetOs::WindowsServer2003);
        for (_, script) in bundle(&plan, &[Format::Cmd]).into_iter().filter(|(n, _)| n == "legacy.cmd") {
            let problems = tools::cmd_lint(&script);
            prop_assert!(problems.is_empty(), "{problems:#?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn shell_keeps_installer_text_in_quotes_and_comments(text in hostile()) {
        let plan = sample::every_action(&text);
        let files = bundle(&plan, &[Format::Nft]);
        let sh = &files.iter().find(|(n, _)| n == "gateway.sh").expect("gateway.sh").1;
        let found = sh_contained(sh).map_err(TestCaseError::fail)?;
        prop_assert!(found > 0);
        prop_assert!(tools::sh_check(sh).is_ok(), "{:?}", tools::sh_check(sh));
        let nft = &files.iter().find(|(n, _)| n == "gateway.nft").expect("gateway.nft").1;
        prop_assert!(tools::nft_check(nft).is_ok(), "{:?}", tools::nft_check(nft));
    }
}

#[test]
fn the_containment_checks_catch_escapes() {
    assert!(ps_contained("Write-Host 'QZX' ; Remove-Item x ; 'XZQ'\n").is_err());
    assert!(ps_contained("# QZX comment XZQ\nWrite-Host 'QZX in string XZQ'\n") == Ok(2));
    assert!(sh_contained("echo 'QZX' ; rm x ; 'XZQ'\n").is_err());
    assert_eq!(sh_contained("X='QZX it'\\''s XZQ' # QZX c XZQ\n"), Ok(2));
}

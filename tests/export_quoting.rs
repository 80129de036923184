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

/// Every OPEN ... CLOSE of the text lies in one comment, or in one string expression as
/// `quote::ps_str` writes it whose value holds `value` unchanged (None: only the place is checked).
fn ps_contained(text: &str, value: Option<&str>) -> Result<usize, String> {
    let tree = tools::ps_tree(text);
    let spans = marked(text)?;
    for &(start, end) in &spans {
        let mut node = tree
            .root_node()
            .descendant_for_byte_range(start, end)
            .ok_or("no node")?;
        let line = text[..start].lines().count();
        loop {
            let here = &text[node.byte_range()];
            let string = match node.kind() {
                "comment" => break,
                "string_literal" | "parenthesized_expression" => tools::ps_string_value(here),
                _ => None,
            };
            if let Some(s) = string {
                if let Some(v) = value
                    && !s.contains(v)
                {
                    return Err(format!("line {line}: the string reads {s:?}, not {v:?}"));
                }
                break;
            }
            node = node.parent().ok_or_else(|| {
                format!(
                    "text outside any string or comment at line {line}: {}",
                    &text[start..end]
                )
            })?;
        }
    }
    Ok(spans.len())
}

/// The readings of a generated .ps1 that must all keep the text in strings: as Windows
/// PowerShell 5.1 reads the file (UTF-8 after its byte order mark), and as it would read a copy
/// that lost the mark (Windows-1252). Outside comments both are plain ASCII.
fn ps_readings(name: &str, script: &str) -> Result<Vec<String>, String> {
    let bytes = script.as_bytes();
    if !bytes.starts_with(b"\xEF\xBB\xBF") {
        return Err(format!("{name} has no UTF-8 byte order mark"));
    }
    let readings = vec![tools::ps51_read(bytes), tools::cp1252(&bytes[3..])];
    for (n, text) in readings.iter().enumerate() {
        let problems = tools::ps_problems(text);
        if !problems.is_empty() {
            return Err(format!("{name} (reading {n}): {problems:?}"));
        }
        let wide = tools::non_ascii_outside_comments(text);
        if !wide.is_empty() {
            return Err(format!(
                "{name} (reading {n}): not ASCII outside comments: {wide:?}"
            ));
        }
    }
    Ok(readings)
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
        // What PowerShell holds after reading the literal: the text itself (NUL is dropped).
        let value = text.replace('\0', "");
        for (name, script) in bundle(&plan, &[Format::Ps1]).into_iter().filter(|(n, _)| n.ends_with(".ps1")) {
            let readings = ps_readings(&name, &script).map_err(TestCaseError::fail)?;
            for reading in &readings {
                let found = ps_contained(reading, Some(&value)).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
                prop_assert!(found > 0 || name == "rollback.ps1", "{name}: the text never appears");
            }
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
    assert!(ps_contained("Write-Host 'QZX' ; Remove-Item x ; 'XZQ'\n", None).is_err());
    assert!(ps_contained("# QZX comment XZQ\nWrite-Host 'QZX in string XZQ'\n", None) == Ok(2));
    assert!(ps_contained("Write-Host ('QZX' + (Remove-Item x) + 'XZQ')\n", None).is_err());
    assert!(
        ps_contained(
            "Write-Host ('QZX' + [char]0x20AC + 'XZQ')\n",
            Some("QZX\u{20AC}XZQ")
        )
        .is_ok()
    );
    assert!(ps_contained("Write-Host 'QZX a XZQ'\n", Some("QZX b XZQ")).is_err());
    assert!(sh_contained("echo 'QZX' ; rm x ; 'XZQ'\n").is_err());
    assert_eq!(sh_contained("X='QZX it'\\''s XZQ' # QZX c XZQ\n"), Ok(2));
}

/// The audit's cases (European letters whose UTF-8 bytes hold 0x82, 0x91 or 0x92, and an admin
/// name that turned into code): as Windows PowerShell 5.1 reads harden.ps1, with and without its
/// byte order mark, every value is the one typed; the old form (UTF-8 without a mark) fails the
/// same check.
#[test]
fn european_letters_and_a_crafted_admin_name_read_the_same_under_5_1() {
    for text in [
        "\u{20AC} \u{D1} \u{D2} \u{102}",
        "Adm\u{20AC}; Write-Host INJECTED; #",
    ] {
        let marked = format!("{OPEN}{text}{CLOSE}");
        let plan = sample::every_action(&marked);
        for (name, script) in bundle(&plan, &[Format::Ps1]) {
            if !name.ends_with(".ps1") {
                continue;
            }
            for reading in ps_readings(&name, &script).unwrap() {
                assert!(
                    ps_contained(&reading, Some(&marked)).unwrap() > 0 || name == "rollback.ps1"
                );
                assert!(!reading.contains("INJECTED;") || reading.contains("INJECTED; #XZQ"));
            }
        }
    }
    // What the audit found: a plain UTF-8 literal read as Windows-1252 ends early.
    let old = "Set-HlLocalAccount -NewName 'admAdm\u{20AC}; Write-Host INJECTED; #'\n";
    let read = tools::cp1252(old.as_bytes());
    assert!(read.contains('\u{201A}'), "{read}");
    assert!(!tools::non_ascii_outside_comments(&read).is_empty());
}

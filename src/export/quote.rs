//! The one way text from a session or a plan reaches a script or a document. Every exporter
//! passes each string through exactly one of these functions for the place it lands in.
//!
//! cmd.exe rules. cmd reads a batch file in the OEM code page, secedit its template in the ANSI
//! one, so a character outside ASCII would reach them as something else: text for people writes
//! it as its code point (`[U+00FC]`), and text that must stay exact refuses it. Delayed expansion
//! is off, so `!` is plain text. Four forms:
//! - [`cmd_safe`] / [`cmd_str`]: text for people (comments, messages, descriptions). `" % ^ & |
//!   < > !` and controls become `_`; it goes on top-level `rem` lines or inside double quotes.
//! - [`cmd_exact`]: a name that passes through `call` (which expands `%` again and doubles `^`)
//!   or a subroutine: only when it holds none of those characters, else `None` and the
//!   operation is left to the installer.
//! - [`cmd_quoted`]: one double-quoted argument that reaches the program exactly, on a line cmd
//!   reads once: inside quotes `& | < > ^ ( ) !` are plain text and `%` is written `%%`.
//! - [`cmd_echo`]: text that an unquoted `echo` writes into a file exactly, in a block or not:
//!   `^ & | < > ( )` are escaped with `^`, `%` is `%%`.
//!
//! A double quote cannot be carried by any of them (cmd has no escape for it inside quotes), nor
//! can a line break. Trailing backslashes in a quoted argument are doubled so a program's
//! argument parser does not read `\"` as a quote.

/// Characters cmd.exe interprets even inside a double-quoted argument, or around blocks.
const CMD_META: [char; 8] = ['"', '%', '^', '&', '|', '<', '>', '!'];

/// Whether `c` ends a line for some reader (a shell, PowerShell, a YAML or Markdown parser).
fn breaks_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// One line of text: every control or line-separator character becomes a space.
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if breaks_line(c) { ' ' } else { c })
        .collect()
}

/// A PowerShell string expression of plain ASCII: a single-quoted literal, each quote character
/// doubled (straight and curly: PowerShell reads a doubled one as that character), and every
/// character outside printable ASCII written as `[char]0x20AC` joined on with `+`, inside
/// parentheses: `('Adm' + [char]0x20AC + '; x')`. Windows PowerShell 5.1 reads a file without a
/// byte order mark in the ANSI code page, where the UTF-8 bytes of `€` or `Ñ` include quote
/// characters; ASCII reads the same in every code page. NUL is dropped: no tool keeps it.
pub fn ps_str(s: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut literal = String::new();
    for c in s.chars().filter(|c| *c != '\0') {
        if c.is_ascii() && !c.is_ascii_control() {
            if c == '\'' {
                literal.push(c);
            }
            literal.push(c);
            continue;
        }
        if !literal.is_empty() || parts.is_empty() {
            parts.push(format!("'{}'", std::mem::take(&mut literal)));
        }
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            parts.push(format!("[char]0x{unit:04X}"));
        }
    }
    if parts.is_empty() {
        return format!("'{literal}'");
    }
    if !literal.is_empty() {
        parts.push(format!("'{literal}'"));
    }
    format!("({})", parts.join(" + "))
}

/// A PowerShell array of single-quoted literals: `'a','b'` (never a bare comma list).
pub fn ps_array<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| ps_str(s.as_ref()))
        .collect::<Vec<_>>()
        .join(",")
}

/// Text after `# ` on a PowerShell, sh or nft comment line: no character can end the line.
/// `<#` and `#>` are broken up too, so the text can never open or close a block comment.
pub fn comment(s: &str) -> String {
    one_line(s).replace("<#", "< #").replace("#>", "# >")
}

/// A POSIX sh single-quoted word: `'` becomes `'\''`.
pub fn sh_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars().filter(|c| *c != '\0') {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// Text for people in cmd.exe (see the module comment): metacharacters and controls become `_`,
/// characters outside ASCII their code point.
pub fn cmd_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if CMD_META.contains(&c) || breaks_line(c) {
            out.push('_');
        } else if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("[U+{:04X}]", c as u32));
        }
    }
    out
}

/// A cmd.exe double-quoted argument of text for people.
pub fn cmd_str(s: &str) -> String {
    quote_cmd(&cmd_safe(s))
}

fn quote_cmd(safe: &str) -> String {
    let trailing = safe.len() - safe.trim_end_matches('\\').len();
    format!("\"{safe}{}\"", "\\".repeat(trailing))
}

/// A name that must reach cmd.exe unchanged through `call` or a subroutine (a service name, a
/// registry path from the wizard), double-quoted; `None` when it holds a character cmd would
/// interpret there.
pub fn cmd_exact(s: &str) -> Option<String> {
    (cmd_safe(s) == s).then(|| quote_cmd(s))
}

/// Whether cmd can carry `c` exactly at all: printable ASCII but the double quote.
fn cmd_carries(c: char) -> bool {
    c.is_ascii() && !c.is_ascii_control() && c != '"'
}

/// One double-quoted argument that reaches the program exactly (a path, registry text, SQL) on
/// a line cmd reads once: not through `call`, not inside a `for` body. `None` when cmd cannot
/// carry it: a double quote, a control character, a character outside ASCII.
pub fn cmd_quoted(s: &str) -> Option<String> {
    s.chars()
        .all(cmd_carries)
        .then(|| quote_cmd(&s.replace('%', "%%")))
}

/// Text that an unquoted `echo` writes exactly (into a file the script reads back), inside a
/// block or not; `None` as for [`cmd_quoted`].
pub fn cmd_echo(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !cmd_carries(c) {
            return None;
        }
        match c {
            '%' => out.push_str("%%"),
            '^' | '&' | '|' | '<' | '>' | '(' | ')' => {
                out.push('^');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// A YAML double-quoted scalar.
pub fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if breaks_line(c) => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value for an Ansible module argument: a YAML string Ansible will not template
/// (`!unsafe` keeps `{{ ... }}` in installer text from being evaluated as Jinja).
pub fn ansible_str(s: &str) -> String {
    if s.contains(['{', '%', '#']) {
        format!("!unsafe {}", yaml_str(s))
    } else {
        yaml_str(s)
    }
}

/// Longest comment nft accepts (NFT_USERDATA_MAXLEN is 256; its parser limits comments to 128).
const NFT_COMMENT_MAX: usize = 128;

/// An nft `comment "..."` string: nft strings have no escapes, so `"` and `\` become `'` and `/`,
/// controls become spaces, and the text is cut to 128 bytes.
pub fn nft_comment(s: &str) -> String {
    let mut body = String::new();
    for c in one_line(s).chars() {
        let c = match c {
            '"' => '\'',
            '\\' => '/',
            c => c,
        };
        if body.len() + c.len_utf8() > NFT_COMMENT_MAX {
            break;
        }
        body.push(c);
    }
    format!("\"{body}\"")
}

/// An nft quoted name (an interface): nft strings have no escapes, so every character but
/// letters, digits, `.`, `-` and `_` (all an interface field accepts) becomes `_`.
pub fn nft_name(s: &str) -> String {
    let body: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("\"{body}\"")
}

/// Markdown inline text: one line, every character Markdown could read as inline markup
/// (emphasis, links, code, HTML, tables, entities, math) backslash-escaped, and a start that
/// could open a block (list, heading, quote) neutralised.
pub fn md_text(s: &str) -> String {
    let line = one_line(s);
    let mut out = String::with_capacity(line.len() + 8);
    // An ordered list marker: up to nine digits, `.` or `)`, then a space or the end.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after = line.chars().nth(digits + 1);
    let list_marker = (1..=9).contains(&digits) && after.is_none_or(|c| c == ' ');
    for (i, c) in line.chars().enumerate() {
        let inline = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&' | '$'
        );
        let block_start = (i == 0 && matches!(c, '-' | '+' | '='))
            || (list_marker && i == digits && matches!(c, '.' | ')'));
        if inline || block_start {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text of several lines for a Markdown table cell or list item: each line escaped, the line
/// breaks kept as `<br>` (the only HTML the file writes).
pub fn md_lines(s: &str) -> String {
    s.lines().map(md_text).collect::<Vec<_>>().join("<br>")
}

/// Text of several lines for HTML: escaped, the line breaks kept as `<br>`.
pub fn html_lines(s: &str) -> String {
    s.lines().map(html).collect::<Vec<_>>().join("<br>")
}

/// A CSS string literal (in double quotes) that cannot end the string, the declaration or the
/// style element: `"`, `\`, `<` and control characters are written as escapes.
pub fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Markdown inline code: a backtick fence longer than any run of backticks inside.
pub fn md_code(s: &str) -> String {
    let text = one_line(s);
    let longest = text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// HTML text or a double- or single-quoted attribute value.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => {}
            c => out.push(c),
        }
    }
    out
}

/// A CSV field (RFC 4180). A value a spreadsheet would run as a formula (leading `=`, `+`, `-`,
/// `@`, tab or CR) gets a leading `'`.
pub fn csv_field(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powershell_literals_are_ascii_and_double_every_single_quote() {
        assert_eq!(ps_str("O'Brien"), "'O''Brien'");
        assert_eq!(ps_str(""), "''");
        assert_eq!(
            ps_str("Adm\u{20AC}; Write-Host INJECTED; #"),
            "('Adm' + [char]0x20AC + '; Write-Host INJECTED; #')"
        );
        // A curly quote is no quote once it is a [char]: nothing to double.
        assert_eq!(ps_str("a\u{2019}b"), "('a' + [char]0x2019 + 'b')");
        assert_eq!(ps_str("\u{D1}"), "('' + [char]0x00D1)");
        assert_eq!(ps_str("tab\there"), "('tab' + [char]0x0009 + 'here')");
        // Outside the BMP: the UTF-16 surrogate pair, as .NET strings hold it.
        assert_eq!(ps_str("\u{1F600}"), "('' + [char]0xD83D + [char]0xDE00)");
        assert_eq!(ps_str("$(rm -r C:\\) `n"), "'$(rm -r C:\\) `n'");
        assert_eq!(ps_str("nul\0byte"), "'nulbyte'");
        assert_eq!(
            ps_array(&["10.0.0.0/24", "192.0.2.5"]),
            "'10.0.0.0/24','192.0.2.5'"
        );
        for text in [
            "M\u{FC}ller & S\u{F6}hne",
            "\u{20AC}\u{D1}\u{D2}\u{102}",
            "x\u{2028}y",
        ] {
            assert!(ps_str(text).is_ascii(), "{text}");
        }
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment("a\nb\r\nc\u{2028}d"), "a b  c d");
        assert_eq!(comment("x #> y <# z"), "x # > y < # z");
        assert_eq!(one_line("tab\there"), "tab here");
    }

    #[test]
    fn sh_words() {
        assert_eq!(sh_str("it's"), "'it'\\''s'");
        assert_eq!(sh_str("$(x) `y`"), "'$(x) `y`'");
        assert_eq!(sh_str(""), "''");
    }

    #[test]
    fn cmd_replaces_metacharacters() {
        assert_eq!(
            cmd_str("a \"b\" %PATH% & c|d <e> !x! (y)^"),
            "\"a _b_ _PATH_ _ c_d _e_ _x_ (y)_\""
        );
        assert_eq!(cmd_str("C:\\dir\\"), "\"C:\\dir\\\\\"");
        assert_eq!(cmd_safe("line\nbreak"), "line_break");
        assert_eq!(cmd_exact("TermService").as_deref(), Some("\"TermService\""));
        assert_eq!(cmd_exact("bad&name"), None);
    }

    #[test]
    fn cmd_never_lets_a_code_page_change_text() {
        assert_eq!(cmd_safe("Müller €"), "M[U+00FC]ller [U+20AC]");
        assert_eq!(cmd_exact("admMüller"), None);
        assert_eq!(cmd_quoted("D:\\Téléphonie"), None);
        assert_eq!(cmd_echo("Ñ"), None);
    }

    #[test]
    fn cmd_quoted_and_echoed_text_stays_exact() {
        assert_eq!(
            cmd_quoted("D:\\Avaya & Co\\100% (x86)^!").as_deref(),
            Some("\"D:\\Avaya & Co\\100%% (x86)^!\"")
        );
        assert_eq!(cmd_quoted("C:\\dir\\").as_deref(), Some("\"C:\\dir\\\\\""));
        assert_eq!(cmd_quoted("say \"hi\""), None);
        assert_eq!(cmd_quoted("two\nlines"), None);
        assert_eq!(
            cmd_echo("D:\\A & B (1)|<x>^ 5%").as_deref(),
            Some("D:\\A ^& B ^(1^)^|^<x^>^^ 5%%")
        );
        assert_eq!(cmd_echo("a\"b"), None);
    }

    #[test]
    fn yaml_escapes() {
        assert_eq!(yaml_str("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
        assert_eq!(yaml_str("\u{2028}"), "\"\\u2028\"");
        assert_eq!(
            ansible_str("{{ lookup('pipe','id') }}"),
            "!unsafe \"{{ lookup('pipe','id') }}\""
        );
        assert_eq!(ansible_str("plain"), "\"plain\"");
    }

    #[test]
    fn nft_names_keep_only_name_characters() {
        assert_eq!(nft_name("enp1s0.100"), "\"enp1s0.100\"");
        assert_eq!(nft_name("a\" b;\\"), "\"a__b__\"");
    }

    #[test]
    fn nft_comments_have_no_quote_and_fit() {
        assert_eq!(nft_comment("say \"hi\"\n\\"), "\"say 'hi' /\"");
        let long = nft_comment(&"é".repeat(100));
        assert!(long.len() <= NFT_COMMENT_MAX + 2, "{}", long.len());
    }

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(
            md_text("*a* | [b](c) <i>\nx"),
            "\\*a\\* \\| \\[b\\](c) \\<i\\> x"
        );
        assert_eq!(md_text("- item 2026-11-25"), "\\- item 2026-11-25");
        assert_eq!(md_text("12. not a list"), "12\\. not a list");
        assert_eq!(md_text("192.0.2.10"), "192.0.2.10");
        assert_eq!(md_code("a`b"), "`` a`b ``");
        assert_eq!(md_code("plain"), "` plain `");
    }

    #[test]
    fn html_escapes() {
        assert_eq!(
            html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn csv_quotes_and_guards_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}

//! Our lint of legacy.cmd, the quick check that installer text never breaks out of where
//! `quote.rs` put it (the proof that the script works is its run in Wine's cmd.exe,
//! `legacy_wine.rs`): balanced quotes and blocks, no metacharacter outside quotes but the forms
//! legacy.cmd writes itself (not `||` or `&&`, whose exit-code test Wine's cmd skips, so that a
//! run there would not test them), no `%` but variable references, and every reg / sc.exe /
//! netsh command well-formed.

/// A cmd line split into words; a double-quoted part stays in its word, quotes included.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.push(c);
            }
            ' ' | '\t' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The line with double-quoted parts removed and `^`-escaped characters dropped.
fn unquoted(line: &str) -> String {
    let bare: String = line.split('"').step_by(2).collect::<Vec<_>>().join("");
    let mut out = String::with_capacity(bare.len());
    let mut chars = bare.chars();
    while let Some(c) = chars.next() {
        if c == '^' {
            chars.next();
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

/// The forms of `%` legacy.cmd writes that are not `%NAME%`: `%%` (a for-variable such as
/// `%%a` or `%%~dpc`, or an escaped percent sign in quoted text) and `%~1` / `%~dp0`.
fn without_parameters(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(next) = after.strip_prefix('%') {
            rest = next;
        } else if let Some(param) = after.strip_prefix('~') {
            let len = param
                .find(|c: char| c.is_ascii_digit())
                .filter(|&d| param[..d].chars().all(|c| c.is_ascii_lowercase()))
                .map(|d| d + 1);
            match len {
                Some(l) => rest = &param[l..],
                None => {
                    out.push('%');
                    rest = after;
                }
            }
        } else {
            out.push('%');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

pub fn cmd_lint(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut depth: i32 = 0;
    for (n, line) in text.lines().enumerate() {
        let at = |what: &str| format!("legacy.cmd:{}: {what}: {line}", n + 1);
        let trimmed = line.trim_start();
        if line.matches('"').count() % 2 != 0 {
            problems.push(at("odd number of quotes"));
        }
        if trimmed.starts_with("rem ") || trimmed == "rem" {
            if trimmed.contains(['%', '"', '&', '|', '<', '>', '^', '!']) {
                problems.push(at("metacharacter in a comment"));
            }
            if depth > 0 {
                problems.push(at("comment inside a block"));
            }
            continue;
        }
        let bare = unquoted(line);
        for c in bare.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                problems.push(at("')' closes no block"));
                depth = 0;
            }
        }
        let mut rest = bare.clone();
        for allowed in [
            "2>&1",
            "2>nul",
            ">nul",
            ">>",
            "| find",
            " & set /a ",
            "set /a",
        ] {
            rest = rest.replace(allowed, " ");
        }
        let rest = rest.trim_start_matches('>').replace(" >", " ");
        if rest.contains(['&', '|', '<', '>', '!']) {
            problems.push(at("metacharacter outside quotes"));
        }
        let pieces: Vec<String> = without_parameters(line)
            .split('%')
            .map(str::to_string)
            .collect();
        // Between pairs of % must be a variable name (optionally with :~a,b).
        for (i, name) in pieces.iter().enumerate().skip(1).step_by(2) {
            let ok = i < pieces.len() - 1
                && !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '~' | ','));
            if !ok {
                problems.push(at("a % that is not a variable reference"));
            }
        }
        problems.extend(command_problems(line).into_iter().map(|p| at(&p)));
    }
    if depth != 0 {
        problems.push(format!("legacy.cmd: {depth} blocks left open at the end"));
    }
    problems
}

fn quoted(w: &str) -> bool {
    w.len() >= 2 && w.starts_with('"') && w.ends_with('"')
}

/// A value legacy.cmd fills in at run time: a parameter or a for-variable.
fn placeholder(w: &str) -> bool {
    w.starts_with("%~") || w.starts_with("%%")
}

/// Checks each reg, sc.exe and netsh command on the line.
fn command_problems(line: &str) -> Vec<String> {
    let words = words(line);
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let args: Vec<&str> = words[i + 1..]
            .iter()
            .map(String::as_str)
            .take_while(|a| {
                !(a.starts_with('>') || a.starts_with("2>") || matches!(*a, "||" | "&&" | ")"))
            })
            .collect();
        match w.as_str() {
            "reg" => match args.first().copied() {
                Some("add") => {
                    let ok = args.len() == 9
                        && quoted(args[1])
                        && (args[1].starts_with("\"HKLM\\") || placeholder(&args[1][1..]))
                        && args[2] == "/v"
                        && quoted(args[3])
                        && args[4] == "/t"
                        && matches!(args[5], "REG_DWORD" | "REG_SZ")
                        && args[6] == "/d"
                        && (args[7].parse::<u32>().is_ok()
                            || quoted(args[7])
                            || placeholder(args[7]))
                        && (args[5] == "REG_SZ"
                            || args[7].parse::<u32>().is_ok()
                            || placeholder(args[7]))
                        && args[8] == "/f";
                    if !ok {
                        out.push(format!("malformed reg add {args:?}"));
                    }
                }
                Some("query" | "export" | "delete") if args.len() >= 2 && quoted(args[1]) => {}
                Some("import") if args.len() == 2 => {}
                _ => out.push(format!("malformed reg command {args:?}")),
            },
            "sc.exe" => {
                let ok = match args.as_slice() {
                    ["query" | "stop" | "qc" | "getkeyname", name] => quoted(name),
                    ["config", name, "start=", mode] => {
                        quoted(name)
                            && (matches!(*mode, "auto" | "demand" | "disabled")
                                || placeholder(mode))
                    }
                    _ => false,
                };
                if !ok {
                    out.push(format!("malformed sc.exe command {args:?}"));
                }
            }
            "netsh" => {
                let ok = match args.as_slice() {
                    ["advfirewall", "export" | "import", file] => quoted(file),
                    [
                        "advfirewall",
                        "firewall",
                        "add" | "delete" | "set",
                        "rule",
                        rest @ ..,
                    ] => !rest.is_empty() && rest.iter().all(|a| *a == "new" || key_value(a)),
                    [
                        "firewall",
                        "add" | "delete" | "set",
                        "portopening" | "allowedprogram",
                        rest @ ..,
                    ] => !rest.is_empty() && rest.iter().all(|a| key_value(a) || own_variable(a)),
                    _ => false,
                };
                if !ok {
                    out.push(format!("malformed netsh command {args:?}"));
                }
            }
            _ => {}
        }
    }
    out
}

/// A variable legacy.cmd sets itself to `key=value` words (`%HL_SCOPE%`: the scope of a 2003
/// opening put back), never installer text.
fn own_variable(arg: &str) -> bool {
    arg.strip_prefix("%HL_")
        .and_then(|a| a.strip_suffix('%'))
        .is_some_and(|a| !a.is_empty() && a.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
}

/// `key=value` with a plain or double-quoted value.
fn key_value(arg: &str) -> bool {
    match arg.split_once('=') {
        Some((k, v)) => {
            !k.is_empty()
                && k.chars().all(|c| c.is_ascii_lowercase())
                && !v.is_empty()
                && (quoted(v) || !v.contains('"'))
        }
        None => false,
    }
}

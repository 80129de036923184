//! Embeds every `wizards/*.json` (but the schema) and `themes/*.json` into the binary. Wizards
//! are embedded twice: as written (for problems with positions) and with the white space
//! between tokens removed, which is what start-up parses (a third less to read).

use std::{env, fs, path::Path};

fn main() {
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out_dir = Path::new(&out_dir);
    let mut code = String::new();
    for (dir, name) in [("wizards", "WIZARDS"), ("themes", "THEMES")] {
        println!("cargo:rerun-if-changed={dir}");
        let mut files: Vec<_> = fs::read_dir(dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name().is_some_and(|n| n != "schema.json")
        });
        files.sort();
        let mut written = format!("pub static {name}: &[(&str, &str)] = &[\n");
        let mut compact = format!("pub static {name}_COMPACT: &[(&str, &str)] = &[\n");
        for p in files {
            println!("cargo:rerun-if-changed={}", p.display());
            let file = p
                .file_name()
                .and_then(|n| n.to_str())
                .expect("file names are UTF-8");
            let abs = fs::canonicalize(&p).expect("listed file exists");
            written.push_str(&format!(
                "    ({file:?}, include_str!({:?})),\n",
                abs.display().to_string()
            ));
            let text = fs::read_to_string(&p).expect("listed file is UTF-8 text");
            let small = out_dir.join(format!("compact-{file}"));
            fs::write(&small, strip_white_space(&text)).expect("OUT_DIR is writable");
            compact.push_str(&format!(
                "    ({file:?}, include_str!({:?})),\n",
                small.display().to_string()
            ));
        }
        code.push_str(&written);
        code.push_str("];\n");
        if name == "WIZARDS" {
            code.push_str(&compact);
            code.push_str("];\n");
        }
    }
    fs::write(out_dir.join("embedded.rs"), code).expect("OUT_DIR is writable");
}

/// JSON text without the white space between tokens; strings are kept exactly.
fn strip_white_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            out.push(c);
        }
    }
    out
}

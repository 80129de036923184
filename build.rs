//! Embeds every `wizards/*.json` (but the schema) and `themes/*.json` into the binary.

use std::{env, fs, path::Path};

fn main() {
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
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
        code.push_str(&format!("pub static {name}: &[(&str, &str)] = &[\n"));
        for p in files {
            println!("cargo:rerun-if-changed={}", p.display());
            let file = p
                .file_name()
                .and_then(|n| n.to_str())
                .expect("file names are UTF-8");
            let abs = fs::canonicalize(&p).expect("listed file exists");
            code.push_str(&format!(
                "    ({file:?}, include_str!({:?})),\n",
                abs.display().to_string()
            ));
        }
        code.push_str("];\n");
    }
    fs::write(out, code).expect("OUT_DIR is writable");
}

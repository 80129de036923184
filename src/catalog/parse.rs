//! Parsing wizard files with positions: every problem is `file:line:column: message`.

use super::{Catalog, PathSeg, SourceMap, Wizard, locate, validate};

/// One thing wrong with a wizard file, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Parses and validates one wizard file. `file` names it in problems.
pub fn parse_wizard(file: &str, src: &str) -> Result<Wizard, Vec<Problem>> {
    let wizard: Wizard = serde_json::from_str(src).map_err(|e| {
        // serde_json reports column 0 for errors at end of input.
        vec![Problem {
            file: file.to_string(),
            line: e.line().max(1),
            column: e.column().max(1),
            message: strip_position(&e.to_string()),
        }]
    })?;
    let found = validate(&wizard);
    if found.is_empty() {
        return Ok(wizard);
    }
    // One index of the text for all the problems: a file may have thousands.
    let map = SourceMap::new(src);
    let problems: Vec<Problem> = found
        .into_iter()
        .map(|(path, message)| {
            let (line, column) = map.locate(&path);
            Problem {
                file: file.to_string(),
                line,
                column,
                message,
            }
        })
        .collect();
    Err(problems)
}

/// serde_json appends " at line L column C"; we print the position in front instead.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Parses a set of wizard files (name, text). The product id must match the file name.
pub fn load_catalog<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Catalog, Vec<Problem>> {
    let mut catalog = Catalog::default();
    let mut problems = Vec::new();
    for (file, src) in files {
        match parse_wizard(file, src) {
            Ok(w) => {
                let stem = std::path::Path::new(file)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or(file);
                if w.id != stem {
                    let (line, column) = locate(src, &[PathSeg::from("id")]);
                    problems.push(Problem {
                        file: file.to_string(),
                        line,
                        column,
                        message: format!(
                            "product id '{}' does not match the file name '{stem}'",
                            w.id
                        ),
                    });
                } else if catalog.contains(&w.id) {
                    problems.push(Problem {
                        file: file.to_string(),
                        line: 1,
                        column: 1,
                        message: format!("product '{}' is defined twice", w.id),
                    });
                } else {
                    catalog.insert(w);
                }
            }
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(problems)
    }
}

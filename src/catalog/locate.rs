//! Finds where a JSON value stands in its source text, so that a semantic problem found after
//! parsing can still be reported as `file:line:column`. A file with many problems is read once:
//! [`SourceMap`] records where every value and every line starts, and each position is then a
//! lookup.

use std::ops::Range;

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

impl From<&str> for PathSeg {
    fn from(k: &str) -> Self {
        PathSeg::Key(k.to_string())
    }
}

impl From<usize> for PathSeg {
    fn from(i: usize) -> Self {
        PathSeg::Index(i)
    }
}

/// Line and column (1-based, columns in characters) of the value at `path`; where the path
/// leads nowhere, of the deepest value that exists on it. For one lookup; for many in the same
/// text, build a [`SourceMap`] once.
pub fn locate(src: &str, path: &[PathSeg]) -> (usize, usize) {
    SourceMap::new(src).locate(path)
}

/// Where each value of a JSON text starts (with the keys and indices that lead to it), and
/// where each line starts. Built in one pass over the text.
pub struct SourceMap<'a> {
    src: &'a str,
    /// The values, the first being the whole document.
    values: Vec<Located>,
    /// Byte offsets of the line starts.
    lines: Vec<usize>,
}

struct Located {
    start: usize,
    children: Children,
}

enum Children {
    Scalar,
    /// (the key as written, escapes kept; the value's index in `values`), in the text's order.
    Object(Vec<(Range<usize>, usize)>),
    Array(Vec<usize>),
}

impl<'a> SourceMap<'a> {
    pub fn new(src: &'a str) -> SourceMap<'a> {
        let lines = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceMap {
            src,
            values: values(src.as_bytes()),
            lines,
        }
    }

    /// As [`locate`].
    pub fn locate(&self, path: &[PathSeg]) -> (usize, usize) {
        let Some(root) = self.values.first() else {
            return self.line_col(self.src.len());
        };
        let mut at = root;
        for seg in path {
            let child = match (&at.children, seg) {
                (Children::Object(entries), PathSeg::Key(key)) => entries
                    .iter()
                    .find(|(k, _)| &self.src[k.clone()] == key)
                    .map(|(_, v)| *v),
                (Children::Array(items), PathSeg::Index(n)) => items.get(*n).copied(),
                _ => None,
            };
            match child {
                Some(v) => at = &self.values[v],
                None => break,
            }
        }
        self.line_col(at.start)
    }

    /// Line and column (1-based, columns in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let line = self.lines.partition_point(|start| *start <= offset);
        let start = self.lines[line - 1];
        (line, self.src[start..offset].chars().count() + 1)
    }
}

/// Every value of the text, without recursion (a hostile file may nest deeply). Stops at the
/// first thing that is not JSON, keeping what it found before it.
fn values(b: &[u8]) -> Vec<Located> {
    let mut s = Scanner { b, i: 0 };
    s.ws();
    let mut values = Vec::new();
    // Open containers: (index in `values`, whether an element was read already).
    let mut open: Vec<(usize, bool)> = Vec::new();
    if s.value(&mut values, &mut open).is_none() {
        return values;
    }
    while let Some((container, started)) = open.last_mut() {
        let container = *container;
        let is_object = matches!(values[container].children, Children::Object(_));
        let close = if is_object { b'}' } else { b']' };
        s.ws();
        match s.peek() {
            Some(c) if c == close => {
                s.i += 1;
                open.pop();
                continue;
            }
            Some(b',') if *started => s.i += 1,
            _ if !*started => {}
            _ => return values,
        }
        *started = true;
        s.ws();
        let key = if is_object {
            if s.peek() != Some(b'"') {
                return values;
            }
            let Some(key) = s.string() else {
                return values;
            };
            s.ws();
            if s.peek() != Some(b':') {
                return values;
            }
            s.i += 1;
            s.ws();
            Some(key)
        } else {
            None
        };
        let child = values.len();
        if s.value(&mut values, &mut open).is_none() {
            return values;
        }
        match (&mut values[container].children, key) {
            (Children::Object(entries), Some(key)) => entries.push((key, child)),
            (Children::Array(items), None) => items.push(child),
            _ => {}
        }
    }
    values
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
    }

    /// Records the value at the cursor; a container is entered (pushed on `open`), anything
    /// else read past. None where no value starts.
    fn value(&mut self, values: &mut Vec<Located>, open: &mut Vec<(usize, bool)>) -> Option<()> {
        let start = self.i;
        let children = match self.peek()? {
            b'{' => Children::Object(Vec::new()),
            b'[' => Children::Array(Vec::new()),
            b'"' => {
                self.string()?;
                Children::Scalar
            }
            b',' | b':' | b'}' | b']' => return None,
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    self.i += 1;
                }
                Children::Scalar
            }
        };
        if !matches!(children, Children::Scalar) {
            self.i += 1;
            open.push((values.len(), false));
        }
        values.push(Located { start, children });
        Some(())
    }

    /// Reads a string at the cursor; the byte range of its content as written.
    fn string(&mut self) -> Option<Range<usize>> {
        self.i += 1;
        let start = self.i;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some(start..self.i - 1);
                }
                _ => self.i += 1,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let src = "{\n  \"a\": 1,\n  \"steps\": [\n    {\"id\": \"x\"},\n    {\"id\": \"y\", \"s\": \"q\\\"}\"}\n  ]\n}";
        assert_eq!(
            locate(src, &["steps".into(), 1.into(), "id".into()]),
            (5, 12)
        );
        assert_eq!(locate(src, &["steps".into(), 0.into()]), (4, 5));
        assert_eq!(locate(src, &["a".into()]), (2, 8));
        // A path that leads nowhere stops at the deepest value found.
        assert_eq!(locate(src, &["steps".into(), 7.into()]), (3, 12));
        assert_eq!(locate(src, &["steps".into(), 1.into(), "x".into()]), (5, 5));
        assert_eq!(locate(src, &["a".into(), 0.into()]), (2, 8));
        assert_eq!(locate(src, &[]), (1, 1));
    }

    #[test]
    fn broken_text_keeps_what_came_before() {
        let src = "{\"a\": [1, 2], \"b\" 3, \"c\": 4}";
        assert_eq!(locate(src, &["a".into(), 1.into()]), (1, 11));
        assert_eq!(locate(src, &["c".into()]), (1, 1));
        assert_eq!(locate("", &["a".into()]), (1, 1));
        assert_eq!(locate("  \n [1,]", &[1.into()]), (2, 2));
    }

    /// The files the tests read: the broken fixtures and the built-in wizards.
    fn files() -> Vec<(String, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/invalid");
        let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        out.extend(
            crate::store::embedded_wizards()
                .iter()
                .map(|(f, t)| (f.to_string(), t.to_string())),
        );
        assert!(out.len() > 10);
        out
    }

    #[test]
    fn the_line_index_counts_as_a_scan_of_the_text_does() {
        for (file, src) in files() {
            let map = SourceMap::new(&src);
            // Counted character by character, as the scan of the text before each problem did.
            let (mut line, mut col) = (1, 1);
            for (offset, c) in src.char_indices().chain([(src.len(), ' ')]) {
                assert_eq!(map.line_col(offset), (line, col), "{file} at byte {offset}");
                (line, col) = if c == '\n' {
                    (line + 1, 1)
                } else {
                    (line, col + 1)
                };
            }
            assert_eq!(map.line_col(src.len() + 5), map.line_col(src.len()));
        }
    }

    /// Every path into every file that parses leads to the text of exactly that value.
    #[test]
    fn every_value_is_found_where_it_is_written() {
        fn walk(v: &serde_json::Value, path: &mut Vec<PathSeg>, out: &mut Vec<Vec<PathSeg>>) {
            out.push(path.clone());
            match v {
                serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| {
                    path.push(k.as_str().into());
                    walk(v, path, out);
                    path.pop();
                }),
                serde_json::Value::Array(a) => a.iter().enumerate().for_each(|(i, v)| {
                    path.push(i.into());
                    walk(v, path, out);
                    path.pop();
                }),
                _ => {}
            }
        }
        let mut checked = 0;
        for (file, src) in files() {
            let Ok(doc) = serde_json::from_str::<serde_json::Value>(&src) else {
                continue;
            };
            let map = SourceMap::new(&src);
            let mut paths = Vec::new();
            walk(&doc, &mut Vec::new(), &mut paths);
            for path in paths {
                let expected = path.iter().fold(&doc, |v, seg| match seg {
                    PathSeg::Key(k) => &v[k.as_str()],
                    PathSeg::Index(i) => &v[*i],
                });
                let (line, col) = map.locate(&path);
                let start = map.lines[line - 1];
                let offset = start
                    + src[start..]
                        .char_indices()
                        .nth(col - 1)
                        .map_or(src.len() - start, |(i, _)| i);
                let mut rest = serde_json::Deserializer::from_str(&src[offset..]);
                let found: serde_json::Value = serde::Deserialize::deserialize(&mut rest)
                    .unwrap_or_else(|e| panic!("{file} {path:?} at {line}:{col}: {e}"));
                assert_eq!(&found, expected, "{file} {path:?} at {line}:{col}");
                // A path that goes on past the value stops at it.
                let mut longer = path.clone();
                longer.push("no_such_key".into());
                assert_eq!(map.locate(&longer), (line, col), "{file} {longer:?}");
                checked += 1;
            }
        }
        assert!(checked > 5_000, "{checked}");
    }
}

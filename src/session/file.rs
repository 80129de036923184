//! The session file: JSON text to [`Session`] and back. Every error has a line, a column and the
//! field path; a key given twice is an error (serde_json would keep the last); fields this
//! version does not know are kept at the top and in `site` and written back on save (a newer
//! hardline of the same format may have added them), and refused inside answers, step records
//! and audit entries, which a change rewrites: kept there, they would describe a value they no
//! longer belong to.

use super::{FORMAT, Session};
use crate::catalog::{PathSeg, locate};
use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Fields of a session file this version does not know, kept as they were.
pub type Extra = BTreeMap<String, Value>;

/// Why a session file could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {}", with_path(path, message))]
pub struct FormatError {
    pub line: usize,
    pub column: usize,
    /// Field path (`answers.sql_remote.value`); empty for the document as a whole.
    pub path: String,
    pub message: String,
}

/// `path: message`, or the message alone for the whole document.
pub fn with_path(path: &str, message: &str) -> String {
    if path.is_empty() {
        message.to_string()
    } else {
        format!("{path}: {message}")
    }
}

/// A path as the installer reads it: `site.subnets[0]`.
pub fn dotted(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(k) if out.is_empty() => out.push_str(k),
            PathSeg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            PathSeg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

impl FormatError {
    /// A problem with the value at `path` of `text`.
    pub fn at(text: &str, path: &[PathSeg], message: String) -> FormatError {
        let (line, column) = locate(text, path);
        FormatError {
            line,
            column,
            path: dotted(path),
            message,
        }
    }
}

impl Session {
    /// Reads a session or an answers file (the same shape, partial allowed), migrating older
    /// formats.
    pub fn from_json(text: &str) -> Result<Session, FormatError> {
        let raw = parse_unique(text)?;
        let format_path = [PathSeg::from("format")];
        if let Some(found) = raw
            .get("format")
            .filter(|f| f.as_u64().is_some_and(|n| n > FORMAT.into()))
        {
            return Err(FormatError::at(
                text,
                &format_path,
                format!(
                    "this session has format {found}, newer than this hardline understands \
                     ({FORMAT}); update hardline"
                ),
            ));
        }
        // Format 1 is the first; later formats add their step here, upgrading `raw` in place.
        // Format 2 adds `runs`, empty in a format 1 file: nothing to upgrade. (A hardline that
        // knows only format 1 refuses a format 2 file instead of dropping its runs on save.)
        let extra = unknown(&raw, &known_keys(&Session::default()));
        let site_extra = raw
            .get("site")
            .map(|site| unknown(site, &known_keys(&super::Site::default())))
            .unwrap_or_default();
        let mut s: Session = serde_path_to_error::deserialize(raw)
            .map_err(|e| FormatError::at(text, &segments(e.path()), e.inner().to_string()))?;
        if s.product.is_empty() {
            return Err(FormatError::at(
                text,
                &[PathSeg::from("product")],
                "this is not a hardline session: it names no product".into(),
            ));
        }
        s.format = FORMAT;
        s.extra = extra;
        s.site_extra = site_extra;
        Ok(s)
    }

    pub fn to_json(&self) -> String {
        // A session is plain data: serialising it cannot fail.
        let mut v = serde_json::to_value(self).unwrap_or_default();
        put_back(&mut v, &self.extra);
        if let Some(site) = v.get_mut("site") {
            put_back(site, &self.site_extra);
        }
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }
}

/// The keys a struct writes: those it knows.
fn known_keys<T: serde::Serialize>(empty: &T) -> Vec<String> {
    match serde_json::to_value(empty) {
        Ok(Value::Object(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn unknown(v: &Value, known: &[String]) -> Extra {
    v.as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| !known.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn put_back(v: &mut Value, extra: &Extra) {
    if let Some(m) = v.as_object_mut() {
        for (k, x) in extra {
            m.entry(k.clone()).or_insert_with(|| x.clone());
        }
    }
}

fn segments(path: &serde_path_to_error::Path) -> Vec<PathSeg> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|s| match s {
            Segment::Seq { index } => Some(PathSeg::Index(*index)),
            Segment::Map { key } => Some(PathSeg::Key(key.clone())),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

/// Parses JSON text, refusing an object that names a key twice.
fn parse_unique(text: &str) -> Result<Value, FormatError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let Unique(value) = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| json_error(e.inner(), &segments(e.path())))?;
    de.end().map_err(|e| json_error(&e, &[]))?;
    Ok(value)
}

/// A serde_json error, with the position it carries, at `path`.
fn json_error(inner: &serde_json::Error, path: &[PathSeg]) -> FormatError {
    {
        let message = inner.to_string();
        // serde_json appends " at line L column C"; the position goes in front instead.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let mut path = path.to_vec();
        if let Some(key) = message
            .strip_prefix("duplicate key \"")
            .and_then(|m| m.strip_suffix('"'))
        {
            path.push(PathSeg::from(key));
        }
        FormatError {
            // serde_json reports column 0 for errors at the end of the input.
            line: inner.line().max(1),
            column: inner.column().max(1),
            path: dotted(&path),
            message,
        }
    }
}

/// A JSON value whose objects name each key once.
struct Unique(Value);

impl<'de> Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Unique, D::Error> {
        d.deserialize_any(UniqueVisitor)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = Unique;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Unique, E> {
        Ok(Unique(Value::Bool(b)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Unique, E> {
        Ok(Unique(Value::from(n)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Unique, E> {
        Ok(Unique(Value::from(n)))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Unique, E> {
        Ok(Unique(Value::from(n)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Unique, E> {
        Ok(Unique(Value::String(s.to_string())))
    }
    fn visit_string<E>(self, s: String) -> Result<Unique, E> {
        Ok(Unique(Value::String(s)))
    }
    fn visit_unit<E>(self) -> Result<Unique, E> {
        Ok(Unique(Value::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
        let mut out = Vec::new();
        while let Some(Unique(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Unique(Value::Array(out)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(A::Error::custom(format!("duplicate key \"{key}\"")));
            }
            let Unique(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Unique(Value::Object(out)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_line_column_and_path() {
        let e = Session::from_json("{\n  \"product\": \"p\",\n  \"site\": {\"subnets\": 3}\n}")
            .unwrap_err();
        assert_eq!((e.line, e.column, e.path.as_str()), (3, 23, "site.subnets"));
        let e = Session::from_json("{\"product\": \"p\",\n \"product\": \"q\"}").unwrap_err();
        assert_eq!((e.line, e.path.as_str()), (2, "product"), "{e}");
        assert!(e.message.contains("duplicate key"), "{e}");
        let e =
            Session::from_json("{\"product\": \"p\", \"answers\": {\"a\": {\"b\": 1, \"b\": 2}}}")
                .unwrap_err();
        assert_eq!(e.path, "answers.a.b", "{e}");
        let e = Session::from_json("{\"format\": 4294967297, \"product\": \"p\"}").unwrap_err();
        assert!(e.message.contains("format 4294967297"), "{e}");
        let e =
            Session::from_json("{\"product\": \"p\", \"steps\": {\"s\": {\"x\": 1}}}").unwrap_err();
        assert_eq!(e.path, "steps.s.x", "{e}");
        let e = Session::from_json("{\"product\": \"p\"} trailing").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        for bad in [
            "{\"format\": -1, \"product\": \"p\"}",
            "{\"format\": 2.5, \"product\": \"p\"}",
        ] {
            assert_eq!(Session::from_json(bad).unwrap_err().path, "format", "{bad}");
        }
    }

    #[test]
    fn unknown_fields_at_the_top_and_in_the_site_are_written_back() {
        let s = Session::from_json(
            "{\"product\": \"p\", \"later\": [1], \"site\": {\"vlan\": 12, \"customer\": \"C\"}}",
        )
        .unwrap();
        let back: Value = serde_json::from_str(&s.to_json()).unwrap();
        assert_eq!(back["later"], serde_json::json!([1]));
        assert_eq!(back["site"]["vlan"], serde_json::json!(12));
        assert_eq!(back["site"]["customer"], serde_json::json!("C"));
        assert_eq!(Session::from_json(&s.to_json()).unwrap(), s);
    }
}

//! Placeholders in template strings: `{field_id}`, `{site.host}`, `{field_id|hex16}`.

/// A `{name}` or `{name|filter}` in a template string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Byte range of the whole `{...}` in the template.
    pub span: std::ops::Range<usize>,
    pub name: String,
    pub filter: Option<String>,
}

/// Site facts a template may name, as `{site.<key>}`.
pub const SITE_KEYS: [&str; 6] = [
    "customer",
    "site",
    "installer",
    "host",
    "address",
    "release",
];

/// Filters a placeholder may apply: `hex16` writes a port as two hex bytes ("82 A3").
pub const FILTERS: [&str; 1] = ["hex16"];

/// The placeholders of a template string. A brace not followed by `name}` is literal text
/// (registry keys and SQL may hold braces of their own).
pub fn placeholders(text: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{').map(|o| o + rest) {
        let Some(close) = text[open..].find('}').map(|c| c + open) else {
            break;
        };
        let inner = &text[open + 1..close];
        let (name, filter) = match inner.split_once('|') {
            Some((n, f)) => (n, Some(f)),
            None => (inner, None),
        };
        let is_name = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        };
        if is_name(name) && filter.is_none_or(is_name) {
            out.push(Placeholder {
                span: open..close + 1,
                name: name.to_string(),
                filter: filter.map(str::to_string),
            });
            rest = close + 1;
        } else {
            rest = open + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_placeholders_and_leaves_braces() {
        let p = placeholders("port {imat_port} on {site.host|hex16} key Tcpip_{ABC-1} {}");
        let names: Vec<_> = p
            .iter()
            .map(|p| (p.name.as_str(), p.filter.as_deref()))
            .collect();
        assert_eq!(
            names,
            vec![("imat_port", None), ("site.host", Some("hex16"))]
        );
        assert_eq!(&"port {imat_port}"[p[0].span.clone()], "{imat_port}");
    }
}

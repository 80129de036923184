//! Filling template placeholders with answers and site facts.

use crate::catalog::{Value, parse_port, placeholders};
use crate::session::Site;
use std::collections::HashMap;

pub struct Filler<'a> {
    pub values: &'a HashMap<String, Value>,
    pub site: &'a Site,
    /// An answer to use in place of the item's own (item id, value): what choosing it brings.
    pub answer: Option<(&'a str, &'a Value)>,
}

impl Filler<'_> {
    /// The template with its placeholders replaced; Err names the placeholder that has no value.
    pub fn fill(&self, template: &str) -> Result<String, String> {
        let mut out = String::with_capacity(template.len());
        let mut last = 0;
        for p in placeholders(template) {
            out.push_str(&template[last..p.span.start]);
            let raw = self.lookup(&p.name).filter(|v| !v.trim().is_empty());
            let raw = raw.ok_or_else(|| format!("{{{}}} has no value", p.name))?;
            let v = match p.filter.as_deref() {
                Some("hex16") => hex16(&raw)?,
                _ => raw,
            };
            out.push_str(v.trim());
            last = p.span.end;
        }
        out.push_str(&template[last..]);
        Ok(out)
    }

    fn lookup(&self, name: &str) -> Option<String> {
        match name.strip_prefix("site.") {
            Some("customer") => Some(self.site.customer.clone()),
            Some("site") => Some(self.site.site.clone()),
            Some("installer") => Some(self.site.installer.clone()),
            Some("host") => Some(self.site.host.clone()),
            Some("address") => Some(self.site.address.clone()),
            Some("release") => Some(self.site.release.clone()),
            Some(_) => None,
            None => match self.answer {
                Some((item, value)) if item == name => Some(value.to_string()),
                _ => self.values.get(name).map(Value::to_string),
            },
        }
    }
}

/// A port as two hex bytes, high first: 33443 -> "82 A3" (OXO noteworthy address ExtHttpsPo).
pub fn hex16(port: &str) -> Result<String, String> {
    let p = parse_port(port)?;
    Ok(format!("{:02X} {:02X}", p >> 8, p & 0xff))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex16_matches_the_oxo_document() {
        assert_eq!(hex16("33443").unwrap(), "82 A3");
        assert_eq!(hex16("443").unwrap(), "01 BB");
        assert!(hex16("70000").is_err());
    }

    #[test]
    fn fills_and_reports_missing() {
        let values = HashMap::from([("port".to_string(), Value::Text("33443".into()))]);
        let site = Site {
            host: "pbx1".into(),
            ..Site::default()
        };
        let f = Filler {
            values: &values,
            site: &site,
            answer: None,
        };
        assert_eq!(
            f.fill("{site.host}:{port} = {port|hex16}").unwrap(),
            "pbx1:33443 = 82 A3"
        );
        assert!(f.fill("{other}").unwrap_err().contains("other"));
        // An answer in place of the item's own: what choosing it would bring.
        let chosen = Value::Text("443".into());
        let f = Filler {
            answer: Some(("port", &chosen)),
            ..f
        };
        assert_eq!(f.fill("{port} = {port|hex16}").unwrap(), "443 = 01 BB");
        assert!(f.fill("{other}").is_err());
        assert_eq!(f.fill("Tcpip_{GUID-X}").unwrap(), "Tcpip_{GUID-X}");
    }
}

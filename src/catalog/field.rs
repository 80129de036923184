//! Field types and their validation: what an installer may type into a field.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Ipv4,
    Cidr,
    /// Comma-separated IPv4 addresses and CIDR blocks.
    AddressList,
    Port,
    PortRange,
    HostName,
    /// A Linux network interface name (`eth0`, `ppp0`, `enp1s0.100`).
    Interface,
    /// A whole number (a count, minutes, days).
    Number,
    Text,
}

impl FieldType {
    pub fn hint(self) -> &'static str {
        match self {
            FieldType::Ipv4 => "IPv4 address, e.g. 192.0.2.10",
            FieldType::Cidr => "subnet, e.g. 10.0.0.0/24",
            FieldType::AddressList => "addresses or subnets, comma-separated",
            FieldType::Port => "port 1-65535",
            FieldType::PortRange => "port or range, e.g. 44000-44099",
            FieldType::HostName => "host name, e.g. pbx-01",
            FieldType::Interface => "network interface, e.g. eth0 or ppp0",
            FieldType::Number => "whole number",
            FieldType::Text => "text",
        }
    }
}

/// Checks typed text; the error says what is wrong in the installer's terms.
pub fn validate_field(kind: FieldType, text: &str) -> Result<(), String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty".into());
    }
    match kind {
        FieldType::Ipv4 => parse_ipv4(t).map(|_| ()),
        FieldType::Cidr => parse_cidr(t),
        FieldType::AddressList => t.split(',').map(str::trim).try_for_each(|a| {
            if a.contains('/') {
                parse_cidr(a)
            } else {
                parse_ipv4(a).map(|_| ())
            }
        }),
        FieldType::Port => parse_port(t).map(|_| ()),
        FieldType::PortRange => parse_range(t).map(|_| ()),
        FieldType::HostName => validate_host(t),
        FieldType::Interface => validate_interface(t),
        FieldType::Number => t
            .parse::<u32>()
            .map(|_| ())
            .map_err(|_| format!("'{t}' is not a whole number")),
        FieldType::Text => {
            if t.chars().any(|c| c.is_control()) {
                Err("control characters are not allowed".into())
            } else {
                Ok(())
            }
        }
    }
}

fn parse_ipv4(t: &str) -> Result<Ipv4Addr, String> {
    t.parse::<Ipv4Addr>()
        .map_err(|_| format!("'{t}' is not an IPv4 address (four numbers 0-255 separated by dots)"))
}

fn parse_cidr(t: &str) -> Result<(), String> {
    let (addr, len) = t
        .split_once('/')
        .ok_or_else(|| format!("'{t}' is not a subnet: write address/prefix, e.g. 10.0.0.0/24"))?;
    let ip = parse_ipv4(addr)?;
    let len: u32 = len
        .parse()
        .ok()
        .filter(|l| *l <= 32)
        .ok_or_else(|| format!("'{len}' is not a prefix length 0-32"))?;
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    if u32::from(ip) & !mask != 0 {
        let net = Ipv4Addr::from(u32::from(ip) & mask);
        return Err(format!(
            "'{t}' has host bits set: the subnet is {net}/{len}"
        ));
    }
    Ok(())
}

/// Whether `ip` lies in `entry` (an address or a CIDR block). False when either does not parse.
pub fn address_in(entry: &str, ip: &str) -> bool {
    let Ok(ip) = ip.trim().parse::<Ipv4Addr>() else {
        return false;
    };
    let entry = entry.trim();
    let (net, len) = entry.split_once('/').unwrap_or((entry, "32"));
    match (net.parse::<Ipv4Addr>(), len.parse::<u32>()) {
        (Ok(net), Ok(len)) if len <= 32 => {
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
            u32::from(ip) & mask == u32::from(net) & mask
        }
        _ => false,
    }
}

pub fn parse_port(t: &str) -> Result<u16, String> {
    match t.trim().parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) => Ok(p as u16),
        Ok(p) => Err(format!("port {p} is outside 1-65535")),
        Err(_) => Err(format!("'{}' is not a port number", t.trim())),
    }
}

fn parse_range(t: &str) -> Result<(u16, u16), String> {
    match t.split_once('-') {
        None => parse_port(t).map(|p| (p, p)),
        Some((a, b)) => {
            let (a, b) = (parse_port(a)?, parse_port(b)?);
            if a > b {
                Err(format!("range {a}-{b} starts after it ends"))
            } else {
                Ok((a, b))
            }
        }
    }
}

fn validate_host(t: &str) -> Result<(), String> {
    if t.len() > 253 {
        return Err("a host name has at most 253 characters".into());
    }
    for label in t.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(format!(
                "'{t}' is not a host name: letters, digits and '-' in dot-separated parts"
            ));
        }
    }
    Ok(())
}

/// Linux takes up to 15 bytes and no `/`, `:` or blank; we take the characters interface names
/// are made of in practice, so the name needs no quoting in nft or sh.
fn validate_interface(t: &str) -> Result<(), String> {
    let ok = t.len() <= 15
        && t != "."
        && t != ".."
        && !t.starts_with('-')
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "'{t}' is not a network interface name: at most 15 letters, digits, '.', '-' or '_'"
        ))
    }
}

/// Ports of a rule: single ports and ranges.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct PortSpec(pub Vec<(u16, u16)>);

impl PortSpec {
    pub fn contains(&self, port: u16) -> bool {
        self.0.iter().any(|(a, b)| (*a..=*b).contains(&port))
    }

    /// Every single port (for targets that take no ranges).
    pub fn each_port(&self) -> impl Iterator<Item = u16> + '_ {
        self.0.iter().flat_map(|(a, b)| *a..=*b)
    }
}

impl PortSpec {
    /// Each port or range as text: `80`, `44000-44099`.
    pub fn parts(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}-{b}")
                }
            })
            .collect()
    }
}

impl std::fmt::Display for PortSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.parts().join(","))
    }
}

/// `80`, `44000-44099`, `135,137`.
pub fn parse_port_spec(t: &str) -> Result<PortSpec, String> {
    t.split(',')
        .map(|p| parse_range(p.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map(PortSpec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(validate_field(FieldType::Ipv4, "192.0.2.10").is_ok());
        assert!(validate_field(FieldType::Ipv4, "192.0.2.256").is_err());
        assert!(validate_field(FieldType::Cidr, "10.0.0.0/24").is_ok());
        let e = validate_field(FieldType::Cidr, "10.0.0.1/24").unwrap_err();
        assert!(e.contains("10.0.0.0/24"), "{e}");
        assert!(validate_field(FieldType::Cidr, "10.0.0.0/33").is_err());
        assert!(validate_field(FieldType::AddressList, "10.0.0.0/24, 192.0.2.5").is_ok());
        assert!(validate_field(FieldType::AddressList, "10.0.0.0/24,,").is_err());
    }

    #[test]
    fn interface_names() {
        for ok in [
            "eth0",
            "ppp0",
            "enp1s0.100",
            "br-wan",
            "wan_0",
            "enx001122334455",
        ] {
            assert!(validate_field(FieldType::Interface, ok).is_ok(), "{ok}");
        }
        for bad in [
            "eth 0",
            "a/b",
            "wan:1",
            "-x",
            "..",
            "enx0011223344556",
            "w\"an",
            "w'an",
        ] {
            assert!(validate_field(FieldType::Interface, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn containment() {
        assert!(address_in("10.0.0.0/24", "10.0.0.77"));
        assert!(!address_in("10.0.0.0/24", "10.0.1.1"));
        assert!(address_in("192.0.2.5", "192.0.2.5"));
        assert!(address_in("0.0.0.0/0", "8.8.8.8"));
        assert!(!address_in("junk", "10.0.0.1"));
    }

    #[test]
    fn ports_and_ranges() {
        assert!(validate_field(FieldType::Port, "0").is_err());
        assert!(validate_field(FieldType::Port, "65536").is_err());
        assert!(validate_field(FieldType::Port, "50443").is_ok());
        assert!(validate_field(FieldType::PortRange, "5062-5066").is_ok());
        assert!(validate_field(FieldType::PortRange, "5066-5062").is_err());
        let spec = parse_port_spec("135,137,44000-44099").unwrap();
        assert!(spec.contains(44050) && !spec.contains(136));
        assert_eq!(spec.to_string(), "135,137,44000-44099");
        assert_eq!(spec.each_port().count(), 102);
    }

    #[test]
    fn hosts_and_text() {
        assert!(validate_field(FieldType::HostName, "pbx-01.example.com").is_ok());
        assert!(validate_field(FieldType::HostName, "-pbx").is_err());
        assert!(validate_field(FieldType::HostName, "pbx 01").is_err());
        assert!(validate_field(FieldType::Text, "line\nbreak").is_err());
        assert!(validate_field(FieldType::Text, "  ").is_err());
    }
}

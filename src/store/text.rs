//! Text files that Windows tools wrote: Windows PowerShell 5.1 writes UTF-8 with a byte order
//! mark (`Set-Content -Encoding UTF8`) or UTF-16 LE (`Out-File`, `>` redirection, `-Encoding
//! Unicode`), with CRLF line ends. Read on the server itself or after a copy, they must read
//! the same.

use anyhow::{Context, Result, bail};

/// UTF-8 (with or without its BOM), or UTF-16 LE or BE with its BOM.
pub fn decode_text(bytes: &[u8]) -> Result<String> {
    let utf16 = |big_endian: bool, body: &[u8]| -> Result<String> {
        if !body.len().is_multiple_of(2) {
            bail!("UTF-16 text with an odd number of bytes: the file is cut short");
        }
        let units = body.chunks_exact(2).map(|p| {
            let pair = [p[0], p[1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .context("not valid UTF-16 text")
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => Ok(std::str::from_utf8(rest)
            .context("not valid UTF-8 text after its byte order mark")?
            .to_string()),
        [0xFF, 0xFE, rest @ ..] => utf16(false, rest),
        [0xFE, 0xFF, rest @ ..] => utf16(true, rest),
        _ => Ok(std::str::from_utf8(bytes)
            .context("neither UTF-8 nor UTF-16 with a byte order mark")?
            .to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::decode_text;

    fn utf16le(text: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn reads_what_powershell_writes() {
        let text = "{\r\n  \"host\": \"Müller-PBX\"\r\n}\r\n";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        assert_eq!(decode_text(&bom).unwrap(), text);
        assert_eq!(decode_text(&utf16le(text)).unwrap(), text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_text(&be).unwrap(), text);
        assert_eq!(decode_text(text.as_bytes()).unwrap(), text);
    }

    #[test]
    fn says_what_is_wrong_with_other_bytes() {
        let e = decode_text(b"caf\xe9").unwrap_err();
        assert!(
            format!("{e:#}").contains("neither UTF-8 nor UTF-16"),
            "{e:#}"
        );
        let mut cut = utf16le("ab");
        cut.pop();
        assert!(format!("{:#}", decode_text(&cut).unwrap_err()).contains("cut short"));
    }
}

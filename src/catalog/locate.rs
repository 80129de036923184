//! Finds where a JSON value stands in its source text, so that a semantic problem found after
//! parsing can still be reported as `file:line:column`.

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
/// leads nowhere, of the deepest value that exists on it.
pub fn locate(src: &str, path: &[PathSeg]) -> (usize, usize) {
    let mut s = Scanner {
        b: src.as_bytes(),
        i: 0,
    };
    s.ws();
    let mut at = s.i;
    for seg in path {
        match s.enter(seg) {
            Some(pos) => at = pos,
            None => break,
        }
    }
    line_col(src, at)
}

pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
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

    /// From the start of a container, moves to the start of the child `seg`.
    fn enter(&mut self, seg: &PathSeg) -> Option<usize> {
        match (self.peek()?, seg) {
            (b'{', PathSeg::Key(key)) => {
                self.i += 1;
                loop {
                    self.ws();
                    if self.peek()? != b'"' {
                        return None;
                    }
                    let k = self.string()?;
                    self.ws();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.i += 1;
                    self.ws();
                    if k == *key {
                        return Some(self.i);
                    }
                    self.skip_value()?;
                    self.ws();
                    if self.peek()? != b',' {
                        return None;
                    }
                    self.i += 1;
                }
            }
            (b'[', PathSeg::Index(n)) => {
                self.i += 1;
                self.ws();
                for _ in 0..*n {
                    self.skip_value()?;
                    self.ws();
                    if self.peek()? != b',' {
                        return None;
                    }
                    self.i += 1;
                    self.ws();
                }
                if self.peek()? == b']' {
                    None
                } else {
                    Some(self.i)
                }
            }
            _ => None,
        }
    }

    /// Reads a string at the cursor and returns its raw content (escapes kept as written).
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let start = self.i;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.i += 2,
                b'"' => {
                    let s = String::from_utf8_lossy(&self.b[start..self.i]).into_owned();
                    self.i += 1;
                    return Some(s);
                }
                _ => self.i += 1,
            }
        }
        None
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    self.i += 1;
                }
                Some(())
            }
        }
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
    }
}

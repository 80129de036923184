//! Themes: semantic roles (title, focus, error, ...) mapped to styles, read from `themes/*.json`
//! (embedded into the binary). Views ask for a role, never for a colour.

use anyhow::{Context, Result, bail};
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::str::FromStr;

/// The theme used when none is named.
pub const DEFAULT: &str = "dark";

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    /// Ordinary text.
    pub text: Style,
    /// Headings and the current step.
    pub title: Style,
    pub border: Style,
    /// The focused row.
    pub focus: Style,
    /// Secondary text: sources, key descriptions, placeholders.
    pub hint: Style,
    /// Key names in the footer and the help.
    pub key: Style,
    /// Done, valid, passed.
    pub ok: Style,
    /// Needs review, lock-out warnings.
    pub warn: Style,
    pub error: Style,
    /// An answer that differs from the document's recommendation.
    pub deviation: Style,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: String,
    roles: Roles,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Roles {
    text: StyleSpec,
    title: StyleSpec,
    border: StyleSpec,
    focus: StyleSpec,
    hint: StyleSpec,
    key: StyleSpec,
    ok: StyleSpec,
    warn: StyleSpec,
    error: StyleSpec,
    deviation: StyleSpec,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    bold: bool,
    italic: bool,
    underlined: bool,
    reversed: bool,
    dim: bool,
}

impl StyleSpec {
    /// The style; without colours (`NO_COLOR`) only the modifiers remain.
    fn style(&self, role: &str, colour: bool) -> Result<Style> {
        let parse = |c: &Option<String>| -> Result<Option<Color>> {
            c.as_deref()
                .map(|c| {
                    Color::from_str(c)
                        .map_err(|_| anyhow::anyhow!("role '{role}': '{c}' is not a colour"))
                })
                .transpose()
        };
        let (fg, bg) = (parse(&self.fg)?, parse(&self.bg)?);
        let mut style = Style::default();
        if colour {
            if let Some(fg) = fg {
                style = style.fg(fg);
            }
            if let Some(bg) = bg {
                style = style.bg(bg);
            }
        }
        for (on, m) in [
            (self.bold, Modifier::BOLD),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
            (self.dim, Modifier::DIM),
        ] {
            if on {
                style = style.add_modifier(m);
            }
        }
        Ok(style)
    }
}

impl Theme {
    /// Parses a theme file. With `colour` false (`NO_COLOR`), colours are dropped and the focus
    /// is shown reversed so it stays visible.
    pub fn from_json(text: &str, colour: bool) -> Result<Theme> {
        let file: ThemeFile = serde_json::from_str(text)?;
        let r = &file.roles;
        let mut focus = r.focus.style("focus", colour)?;
        if !colour {
            focus = focus.add_modifier(Modifier::REVERSED);
        }
        Ok(Theme {
            name: file.name,
            text: r.text.style("text", colour)?,
            title: r.title.style("title", colour)?,
            border: r.border.style("border", colour)?,
            focus,
            hint: r.hint.style("hint", colour)?,
            key: r.key.style("key", colour)?,
            ok: r.ok.style("ok", colour)?,
            warn: r.warn.style("warn", colour)?,
            error: r.error.style("error", colour)?,
            deviation: r.deviation.style("deviation", colour)?,
        })
    }

    /// An embedded theme by name (`dark`, `light`, `high-contrast`).
    pub fn named(name: &str, colour: bool) -> Result<Theme> {
        let file = format!("{name}.json");
        let Some((_, text)) = crate::store::embedded_themes()
            .iter()
            .find(|(f, _)| *f == file)
        else {
            bail!("no theme '{name}'; themes: {}", names().join(", "));
        };
        Theme::from_json(text, colour).with_context(|| format!("theme {file}"))
    }
}

/// Names of the embedded themes.
pub fn names() -> Vec<&'static str> {
    crate::store::embedded_themes()
        .iter()
        .filter_map(|(f, _)| f.strip_suffix(".json"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_theme_loads_with_and_without_colour() {
        let names = names();
        for expected in ["dark", "light", "high-contrast"] {
            assert!(names.contains(&expected), "{expected} missing: {names:?}");
        }
        for name in names {
            let coloured = Theme::named(name, true).unwrap();
            assert_eq!(coloured.name, name);
            assert!(coloured.error.fg.is_some(), "{name}: error has no colour");
            let plain = Theme::named(name, false).unwrap();
            for style in [plain.text, plain.title, plain.focus, plain.error] {
                assert_eq!(
                    (style.fg, style.bg),
                    (None, None),
                    "{name}: colour under NO_COLOR"
                );
            }
            assert!(plain.focus.add_modifier.contains(Modifier::REVERSED));
        }
    }

    #[test]
    fn bad_themes_say_what_is_wrong() {
        let e = Theme::named("neon", true).unwrap_err().to_string();
        assert!(e.contains("neon") && e.contains("dark"), "{e}");
        let text = include_str!("../themes/dark.json").replace("\"yellow\"", "\"yelow\"");
        let e = format!("{:#}", Theme::from_json(&text, true).unwrap_err());
        assert!(e.contains("yelow"), "{e}");
    }
}

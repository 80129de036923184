//! Themes: semantic roles (title, focus, error, ...) mapped to styles, read from `themes/*.json`
//! (embedded into the binary). Views ask for a role, never for a colour.

use anyhow::{Context, Result, bail};
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::str::FromStr;

/// The theme used when none is named.
pub const DEFAULT: &str = "dark";

/// The colours the terminal is to be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colours {
    /// None (`NO_COLOR`): only bold, reversed and the like.
    Off,
    /// The sixteen named colours: a Windows console without virtual-terminal processing (before
    /// Windows 10) draws every other colour black, so each becomes the nearest named one.
    Sixteen,
    /// Whatever the theme names.
    Full,
}

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
    fn style(&self, role: &str, colours: Colours) -> Result<Style> {
        let parse = |c: &Option<String>| -> Result<Option<Color>> {
            c.as_deref()
                .map(|c| {
                    let colour = Color::from_str(c)
                        .map_err(|_| anyhow::anyhow!("role '{role}': '{c}' is not a colour"))?;
                    Ok(match colours {
                        Colours::Sixteen => nearest_named(colour),
                        _ => colour,
                    })
                })
                .transpose()
        };
        let (fg, bg) = (parse(&self.fg)?, parse(&self.bg)?);
        let mut style = Style::default();
        if colours != Colours::Off {
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

/// The sixteen named colours with the values of the Windows console's classic palette.
const NAMED: [(Color, [i32; 3]); 16] = [
    (Color::Black, [0, 0, 0]),
    (Color::Red, [128, 0, 0]),
    (Color::Green, [0, 128, 0]),
    (Color::Yellow, [128, 128, 0]),
    (Color::Blue, [0, 0, 128]),
    (Color::Magenta, [128, 0, 128]),
    (Color::Cyan, [0, 128, 128]),
    (Color::Gray, [192, 192, 192]),
    (Color::DarkGray, [128, 128, 128]),
    (Color::LightRed, [255, 0, 0]),
    (Color::LightGreen, [0, 255, 0]),
    (Color::LightYellow, [255, 255, 0]),
    (Color::LightBlue, [0, 0, 255]),
    (Color::LightMagenta, [255, 0, 255]),
    (Color::LightCyan, [0, 255, 255]),
    (Color::White, [255, 255, 255]),
];

/// `colour` as one of the sixteen named colours: itself when it is one, else the nearest.
fn nearest_named(colour: Color) -> Color {
    let rgb = match colour {
        Color::Rgb(r, g, b) => [r, g, b].map(i32::from),
        Color::Indexed(i) if i < 16 => return NAMED[usize::from(i)].0,
        // The xterm 6x6x6 cube, then the grey ramp.
        Color::Indexed(i) if i < 232 => {
            let level = |n: u8| if n == 0 { 0 } else { 55 + 40 * i32::from(n) };
            let n = i - 16;
            [level(n / 36), level(n / 6 % 6), level(n % 6)]
        }
        Color::Indexed(i) => [8 + 10 * (i32::from(i) - 232); 3],
        named => return named,
    };
    let distance = |c: &[i32; 3]| (0..3).map(|k| (c[k] - rgb[k]).pow(2)).sum::<i32>();
    NAMED
        .iter()
        .min_by_key(|(_, c)| distance(c))
        .map_or(Color::Reset, |(named, _)| *named)
}

impl Theme {
    /// Parses a theme file. With `Colours::Off` (`NO_COLOR`), colours are dropped and the focus
    /// is shown reversed so it stays visible.
    pub fn from_json(text: &str, colours: Colours) -> Result<Theme> {
        let file: ThemeFile = serde_json::from_str(text)?;
        let r = &file.roles;
        let mut focus = r.focus.style("focus", colours)?;
        if colours == Colours::Off {
            focus = focus.add_modifier(Modifier::REVERSED);
        }
        Ok(Theme {
            name: file.name,
            text: r.text.style("text", colours)?,
            title: r.title.style("title", colours)?,
            border: r.border.style("border", colours)?,
            focus,
            hint: r.hint.style("hint", colours)?,
            key: r.key.style("key", colours)?,
            ok: r.ok.style("ok", colours)?,
            warn: r.warn.style("warn", colours)?,
            error: r.error.style("error", colours)?,
            deviation: r.deviation.style("deviation", colours)?,
        })
    }

    /// An embedded theme by name (`dark`, `light`, `high-contrast`).
    pub fn named(name: &str, colours: Colours) -> Result<Theme> {
        let file = format!("{name}.json");
        let Some((_, text)) = crate::store::embedded_themes()
            .iter()
            .find(|(f, _)| *f == file)
        else {
            bail!("no theme '{name}'; themes: {}", names().join(", "));
        };
        Theme::from_json(text, colours).with_context(|| format!("theme {file}"))
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
            let coloured = Theme::named(name, Colours::Full).unwrap();
            assert_eq!(coloured.name, name);
            assert!(coloured.error.fg.is_some(), "{name}: error has no colour");
            let plain = Theme::named(name, Colours::Off).unwrap();
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
    fn on_a_sixteen_colour_console_every_colour_is_a_named_one() {
        let named: Vec<Color> = NAMED.iter().map(|(c, _)| *c).collect();
        for name in names() {
            let t = Theme::named(name, Colours::Sixteen).unwrap();
            let full = Theme::named(name, Colours::Full).unwrap();
            let styles = [
                t.text, t.title, t.border, t.focus, t.hint, t.key, t.ok, t.warn,
            ];
            for style in styles.into_iter().chain([t.error, t.deviation]) {
                for c in [style.fg, style.bg].into_iter().flatten() {
                    assert!(named.contains(&c), "{name}: {c:?}");
                }
            }
            // Named colours stay as they are.
            assert_eq!(t.error, full.error, "{name}");
        }
        // The light theme's brown warning becomes the console's dark yellow, not black.
        let light = Theme::named("light", Colours::Sixteen).unwrap();
        assert_eq!(light.warn.fg, Some(Color::Yellow));
        assert_eq!(nearest_named(Color::Indexed(9)), Color::LightRed);
        assert_eq!(nearest_named(Color::Indexed(21)), Color::LightBlue);
        assert_eq!(nearest_named(Color::Indexed(244)), Color::DarkGray);
    }

    #[test]
    fn bad_themes_say_what_is_wrong() {
        let e = Theme::named("neon", Colours::Full).unwrap_err().to_string();
        assert!(e.contains("neon") && e.contains("dark"), "{e}");
        let text = include_str!("../themes/dark.json").replace("\"yellow\"", "\"yelow\"");
        let e = format!("{:#}", Theme::from_json(&text, Colours::Full).unwrap_err());
        assert!(e.contains("yelow"), "{e}");
    }
}

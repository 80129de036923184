//! Word wrapping of styled text to a width, with a hanging indent: labels, values, titles and
//! messages wrap instead of being cut. Shared by drawing and by `update` (scrolling needs the
//! height of what is drawn). A value that must stay on one row (a folder path) keeps its end
//! instead ([`tail`]).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Wraps `spans` to `width` columns; lines after the first start with `indent` spaces. Words
/// longer than a line are split. An explicit line break starts a new line.
pub fn spans(spans: Vec<Span<'static>>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(indent + 8).max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0usize;
    // No space is put before the first word of a line.
    let mut fresh = true;
    let mut pending_space: Option<Style> = None;
    let mut break_line = |line: &mut Vec<Span<'static>>, used: &mut usize| {
        lines.push(Line::from(std::mem::take(line)));
        line.push(Span::raw(" ".repeat(indent)));
        *used = indent;
    };
    for span in spans {
        let style = span.style;
        for (n, piece) in span.content.split('\n').enumerate() {
            if n > 0 {
                break_line(&mut line, &mut used);
                pending_space = None;
                fresh = true;
            }
            // Leading spaces of a span (an indent of its own) are kept as they are.
            let trimmed = piece.trim_start_matches(' ');
            let lead = piece.len() - trimmed.len();
            if lead > 0 && used + lead <= width {
                line.push(Span::styled(" ".repeat(lead), style));
                used += lead;
            }
            for (i, word) in trimmed.split(' ').enumerate() {
                if i > 0 {
                    pending_space = Some(style);
                }
                if word.is_empty() {
                    continue;
                }
                let mut word = word.to_string();
                loop {
                    let space = usize::from(pending_space.is_some() && !fresh);
                    let w = word.width();
                    if used + space + w <= width {
                        if let Some(s) = pending_space.take()
                            && space == 1
                        {
                            line.push(Span::styled(" ", s));
                            used += 1;
                        }
                        pending_space = None;
                        fresh = false;
                        used += w;
                        line.push(Span::styled(word, style));
                        break;
                    }
                    if !fresh {
                        break_line(&mut line, &mut used);
                        pending_space = None;
                        fresh = true;
                        continue;
                    }
                    // A word longer than a whole line: split it.
                    let room = width - used;
                    let cut = split_at_width(&word, room);
                    let rest = word.split_off(cut);
                    line.push(Span::styled(word, style));
                    break_line(&mut line, &mut used);
                    word = rest;
                }
            }
        }
        if span.content.ends_with(' ') {
            pending_space = Some(style);
        }
    }
    lines.push(Line::from(line));
    lines
}

/// Plain text wrapped, in one style.
pub fn text(text: &str, style: Style, width: usize, indent: usize) -> Vec<Line<'static>> {
    spans(vec![Span::styled(text.to_string(), style)], width, indent)
}

/// The end of `text` that fits in `width` columns, after an ellipsis when the start is cut: a
/// path on one row keeps the folder it names.
pub fn tail(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut used = 1;
    let mut start = text.len();
    for (i, c) in text.char_indices().rev() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > width {
            break;
        }
        start = i;
    }
    format!("…{}", &text[start..])
}

/// The byte index up to which `word` fits in `room` columns (at least one character).
fn split_at_width(word: &str, room: usize) -> usize {
    let mut used = 0;
    for (i, c) in word.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room && i > 0 {
            return i;
        }
        used += w;
    }
    word.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn words_wrap_with_a_hanging_indent_and_nothing_is_lost() {
        let text = "Public HTTPS port for the OXO (443, or another one the customer chose): 8443";
        let lines = plain(&super::text(text, Style::default(), 30, 4));
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert!(
            lines[1..].iter().all(|l| l.starts_with("    ")),
            "{lines:?}"
        );
        let joined: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn a_tail_keeps_the_end_and_its_width() {
        assert_eq!(tail("/srv/bundles", 20), "/srv/bundles");
        assert_eq!(tail("/srv/customer/bundle-ü", 10), "…/bundle-ü");
        assert_eq!(tail("/srv/customer/bundle-ü", 10).width(), 10);
        assert_eq!(tail("/srv/customer/日本", 6), "…/日本");
        assert_eq!(tail("ab", 0), "…");
    }

    #[test]
    fn long_words_are_split_and_line_breaks_kept() {
        let lines = plain(&super::text(
            "a-very-long-host-name-that-does-not-fit\nsecond",
            Style::default(),
            12,
            2,
        ));
        assert!(lines.iter().all(|l| l.chars().count() <= 12), "{lines:?}");
        assert_eq!(lines.last().unwrap().trim(), "second");
    }

    #[test]
    fn styles_stay_with_their_words() {
        let lines = spans(
            vec![
                Span::raw("  Label: "),
                Span::styled("value", Style::new().bold()),
            ],
            40,
            4,
        );
        assert_eq!(lines.len(), 1);
        let bold = lines[0]
            .spans
            .iter()
            .find(|s| s.content == "value")
            .unwrap();
        assert_eq!(bold.style, Style::new().bold());
        assert_eq!(lines[0].to_string(), "  Label: value");
    }
}

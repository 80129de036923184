//! Where things go on screen. Shared by drawing and by `update` (scrolling, mouse clicks), so a
//! click lands on what was drawn there.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this size the screen says so instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Width from which the details pane sits beside the items instead of below them.
const WIDE: u16 = 110;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Header line, body, footer line.
pub struct Chrome {
    pub header: Rect,
    pub body: Rect,
    pub footer: Rect,
}

/// `footer` lines at the bottom: one for the keys, more for a message that needs them.
pub fn chrome(area: Rect, footer: u16) -> Chrome {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer.max(1)),
    ])
    .areas(area);
    Chrome {
        header,
        body,
        footer,
    }
}

pub struct StepAreas {
    pub sidebar: Rect,
    /// The items pane, with its border.
    pub items: Rect,
    pub details: Rect,
}

/// The wizard screen's panes. `details` is the height the details pane's text needs: below the
/// items (a narrow screen) the pane takes no more than that, and at most 45% of the height.
pub fn step(body: Rect, details: u16) -> StepAreas {
    let sidebar_width = if body.width >= WIDE { 30 } else { 22 };
    let [sidebar, right] =
        Layout::horizontal([Constraint::Length(sidebar_width), Constraint::Min(1)]).areas(body);
    let [items, details] = if body.width >= WIDE {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right)
    } else {
        let most = right.height * 45 / 100;
        let height = details.saturating_add(2).clamp(5.min(most), most);
        Layout::vertical([Constraint::Min(4), Constraint::Length(height)]).areas(right)
    };
    StepAreas {
        sidebar,
        items,
        details,
    }
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// Inside the items pane: the list (the step's introduction, then the items, scrolling
/// together) and below it the lines that say why the step cannot be left.
pub struct ItemPane {
    pub list: Rect,
    pub problems: Rect,
}

/// `problem_lines` is the height of the wrapped problems; they get all the pane but three lines
/// of the list, so that what keeps the step open is read whole.
pub fn item_pane(items: Rect, problem_lines: usize) -> ItemPane {
    let inside = inner(items);
    let problems = (problem_lines as u16).min(inside.height.saturating_sub(3));
    let [list, problems] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(problems)]).areas(inside);
    ItemPane { list, problems }
}

/// A centred box of at most `width` x `height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The text editor box: the text, the problems with it, and a line of keys.
pub fn editor(body: Rect, text_lines: u16, problem_lines: u16) -> Rect {
    let height = 2 + text_lines + problem_lines + 1;
    centered(body, 72.min(body.width.saturating_sub(4)), height)
}

/// Whether a point lies in a rectangle.
pub fn hit(area: Rect, column: u16, row: u16) -> bool {
    area.contains(ratatui::layout::Position { x: column, y: row })
}

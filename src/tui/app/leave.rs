//! Leaving a session whose last save failed: nothing is lost until the installer says so.

use super::edit::{self, EditTarget};
use super::{App, Effect, Overlay};
use crate::tui::keymap::Action;

/// Leaving the open session: quitting hardline, or closing it for the start screen. When the
/// save that comes first fails, nothing is left until the installer chooses what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    Quit,
    Close,
}

/// The choice after a failed save on the way out; nothing is lost without `Discard`.
pub(super) fn choose(app: &mut App, leave: Leave, action: Action) -> Option<Effect> {
    match action {
        Action::Retry => Some(leave.effect()),
        Action::SaveElsewhere => {
            edit::open(app, EditTarget::SaveAs(leave), "");
            None
        }
        Action::Discard => Some(Effect::Discard(leave)),
        Action::Cancel => None,
        _ => {
            app.ui.overlay = Some(Overlay::Unsaved(leave));
            None
        }
    }
}

impl Leave {
    /// Saving, then leaving this way.
    pub fn effect(self) -> Effect {
        match self {
            Leave::Quit => Effect::Quit,
            Leave::Close => Effect::Close,
        }
    }
}

//! Yes/no questions: what each asks and what yes does.

use super::{App, Effect};
use crate::export::Format;
use crate::session::Change;
use crate::tui::strings;
use std::path::PathBuf;

/// A question to answer with yes or no, and what yes does.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    Delete(PathBuf),
    RestoreBackup(PathBuf),
    ConfirmLockout(String),
    /// The export folder is not empty: replace its files?
    Overwrite {
        folder: PathBuf,
        formats: Vec<Format>,
    },
}

impl Question {
    pub fn text(&self) -> String {
        match self {
            Question::Delete(path) => strings::question_delete(path),
            Question::RestoreBackup(path) => strings::question_restore(path),
            Question::ConfirmLockout(_) => strings::QUESTION_LOCKOUT.into(),
            Question::Overwrite { folder, .. } => strings::question_overwrite(folder),
        }
    }
}

/// Yes: what the question offered.
pub(super) fn answer(app: &mut App, question: Question) -> Option<Effect> {
    match question {
        Question::Delete(path) => Some(Effect::Delete(path)),
        Question::RestoreBackup(path) => Some(Effect::RestoreBackup(path)),
        Question::ConfirmLockout(fingerprint) => app.change_or_say(Change::ConfirmLockout {
            fingerprint: Some(fingerprint),
        }),
        Question::Overwrite { folder, formats } => Some(Effect::Export {
            folder,
            formats,
            force: true,
        }),
    }
}

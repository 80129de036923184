//! On whose authority an operation stands on the site's system (see `catalog::resolve`).

use crate::catalog::{Provenance, TargetOs};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// The document's own operation, on a system it was written for.
    #[default]
    Document,
    /// Translated by us to the site's system; the note names the system's own equivalent.
    Translated { note: String },
    /// The document (written for these systems) predates the site's system: verify.
    Verify { written_for: Vec<TargetOs> },
}

impl Origin {
    pub fn from_provenance(p: Provenance, written_for: &[TargetOs]) -> Origin {
        match p {
            Provenance::Document => Origin::Document,
            Provenance::Translated(note) => Origin::Translated {
                note: note.to_string(),
            },
            Provenance::Verify => Origin::Verify {
                written_for: written_for.to_vec(),
            },
        }
    }

    pub fn is_document(&self) -> bool {
        *self == Origin::Document
    }

    /// A short label: "document", "translated by us", "verify".
    pub fn short(&self) -> &'static str {
        match self {
            Origin::Document => "document",
            Origin::Translated { .. } => "translated by us",
            Origin::Verify { .. } => "verify",
        }
    }

    /// The origin in a sentence, for the plan and the screens.
    pub fn describe(&self, target: Option<TargetOs>) -> String {
        match self {
            Origin::Document => "the document's own".into(),
            Origin::Translated { note } => format!("translated by us: {note}"),
            Origin::Verify { written_for } => {
                let written: Vec<&str> = written_for.iter().map(|t| t.label()).collect();
                format!(
                    "verify: the document (written for {}) predates {}",
                    written.join(", "),
                    target.map_or("this system", |t| t.label())
                )
            }
        }
    }
}

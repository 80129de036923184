//! The wizard catalog: what a product's hardening walk-through asks, as data.
//!
//! Pure: no file system, no terminal, no clock. Wizards arrive as `&str` (embedded or read by
//! `store`), are parsed with positions ([`parse`]) and checked ([`validate`]).

mod answers;
mod condition;
mod field;
mod index;
mod locate;
mod ops;
mod parse;
pub mod password;
mod placeholder;
mod products;
mod system_defaults;
mod systems;
mod target_os;
mod validate;
mod validate_systems;
mod weak;

pub use answers::{Conflict, Recommendation};
pub use condition::{Condition, Facts};
pub use field::{FieldType, PortSpec, address_in, parse_port, parse_port_spec, validate_field};
pub use index::{Index, ItemAt, Unit};
pub use locate::{PathSeg, SourceMap, locate};
pub use ops::{
    AccountAction, AuditCategory, FirewallDirection, IisRequirement, OpTemplate, Protocol,
    RegistryData, Remote, ServiceStartup,
};
pub use parse::{Problem, load_catalog, parse_wizard};
pub use password::{PasswordPolicy, PasswordRule, Secret};
pub use placeholder::{FILTERS, Placeholder, SITE_KEYS, placeholders};
pub use products::{Catalog, Product};
pub use system_defaults::{
    SYSTEM_DEFAULTS, Setting, Stronger, SystemDefault, Weaker, weaker_account_policy,
    weaker_registry, weaker_than_default,
};
pub use systems::{Provenance, resolve};
pub use target_os::TargetOs;
pub use validate::validate;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One product's wizard: `wizards/<id>.json`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Wizard {
    /// Product id, fixed: `nec-ma4000`, `nec-ow5000`, `openscape-business`, `ale-oxo`, `avaya-ipoffice`.
    pub id: String,
    /// Product name as the installer knows it.
    pub name: String,
    pub vendor: String,
    /// The source document this wizard is built from (a file in `wizards/documents/`).
    pub document: Document,
    /// Product releases in ascending order; empty when the document does not distinguish them.
    /// Conditions compare the site's release against this order.
    #[serde(default)]
    pub releases: Vec<String>,
    /// Target systems this product runs on; the first is the default for a new site.
    pub target_os: Vec<TargetOs>,
    /// Name of the firewall rule group and prefix of generated names (short, no spaces).
    pub rule_prefix: String,
    /// The field (an ipv4 or host name item) that holds the address of the product's SQL Server
    /// when the database is on another server: the SQL operations run there. Shown and filled
    /// in, it is the plan's SQL Server; otherwise the SQL Server is this server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql_server: Option<String>,
    pub steps: Vec<Step>,
    /// Where everything stands and who reads what: built when first needed, never serialised.
    #[serde(skip)]
    #[schemars(skip)]
    index: index::IndexCell,
}

impl Wizard {
    /// The wizard's index, built the first time it is asked for. A wizard is not changed in
    /// place after that; a changed clone builds its own.
    pub fn index(&self) -> &Index {
        self.index.get(self)
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.step_index(id).map(|i| &self.steps[i])
    }

    pub fn step_index(&self, id: &str) -> Option<usize> {
        let found = self.index().step(id)?;
        // The index is checked against the steps, should they have changed after all.
        match self.steps.get(found) {
            Some(s) if s.id == id => Some(found),
            _ => self.steps.iter().position(|s| s.id == id),
        }
    }

    /// The item and the index of its step.
    pub fn item(&self, id: &str) -> Option<(usize, &Item)> {
        let at = self.index().item(id)?;
        match self.steps.get(at.step).and_then(|s| s.items.get(at.index)) {
            Some(item) if item.id == id => Some((at.step, item)),
            _ => self
                .steps
                .iter()
                .enumerate()
                .find_map(|(i, s)| s.items.iter().find(|it| it.id == id).map(|it| (i, it))),
        }
    }

    pub fn items(&self) -> impl Iterator<Item = (&Step, &Item)> {
        self.steps
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// Position of a release in [`Wizard::releases`].
    pub fn release_rank(&self, release: &str) -> Option<usize> {
        self.releases.iter().position(|r| r == release)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// File name in `wizards/documents/`.
    pub file: String,
    pub title: String,
    /// The systems the document was written for. On any other target, an operation whose effect
    /// depends on the system is translated by us (with a note) or marked "the document predates
    /// this system: verify".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub written_for: Vec<TargetOs>,
    /// The document's section headings in document order, as they stand in its text: every
    /// `source.section` names one, and each is carried by an item or step or listed in
    /// `not_encoded`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Sections of the document this wizard deliberately does not encode, each with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_encoded: Vec<NotEncoded>,
}

impl Document {
    /// Whether `heading` is one of the document's section headings.
    pub fn has_section(&self, heading: &str) -> bool {
        self.sections.iter().any(|s| s.heading == heading)
    }
}

/// A section of the document: its heading and what it recommends.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The heading as it stands in the document text (white space aside).
    pub heading: String,
    /// What the section recommends, in our words.
    pub recommends: String,
    /// Ours: a remark on the section, e.g. that its heading lost letters in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A section of the document that no item carries, and why.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NotEncoded {
    /// The heading as it stands in the document.
    pub section: String,
    pub reason: String,
}

/// Where in the source document an item comes from.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// File name in `wizards/documents/`.
    pub file: String,
    /// The heading of the section, table or page, as it stands in the document.
    pub section: String,
    /// A short verbatim passage of that section that the item rests on (it occurs in the
    /// document, whitespace-normalised).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
}

#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Site,
    Roles,
    ClientFeatures,
    AdminOptions,
    Services,
    UnspecifiedServices,
    Ports,
    Registry,
    Audit,
    Iis,
    RemoteAccess,
    Accounts,
    Database,
    Application,
}

impl StepKind {
    pub fn label(self) -> &'static str {
        match self {
            StepKind::Site => "Site",
            StepKind::Roles => "Server roles",
            StepKind::ClientFeatures => "Client features",
            StepKind::AdminOptions => "Administration options",
            StepKind::Services => "Services",
            StepKind::UnspecifiedServices => "Unspecified services",
            StepKind::Ports => "Ports",
            StepKind::Registry => "Registry settings",
            StepKind::Audit => "Audit policy",
            StepKind::Iis => "IIS",
            StepKind::RemoteAccess => "Remote access",
            StepKind::Accounts => "Accounts and passwords",
            StepKind::Database => "Database",
            StepKind::Application => "Application settings",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub kind: StepKind,
    pub title: String,
    /// What this step is about and what the document asks, in our words.
    pub intro: String,
    pub source: Source,
    /// Whether the installer may skip the step (with a reason). The document may forbid it.
    #[serde(default = "yes")]
    pub skippable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    #[serde(default)]
    pub items: Vec<Item>,
}

fn yes() -> bool {
    true
}

/// An answer's value: a toggle is a boolean; a choice, a measure state and a field are text.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Text(String),
}

/// Read directly rather than as an untagged enum, which buffers every value first: wizards hold
/// hundreds of them and start-up waits for the catalog.
impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        struct BoolOrText;
        impl serde::de::Visitor<'_> for BoolOrText {
            type Value = Value;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false or a string")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
                Ok(Value::Bool(b))
            }
            fn visit_str<E>(self, s: &str) -> Result<Value, E> {
                Ok(Value::Text(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Value, E> {
                Ok(Value::Text(s))
            }
        }
        d.deserialize_any(BoolOrText)
    }
}

impl Value {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Text(_) => None,
        }
    }
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            Value::Bool(_) => None,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Bool(true) => f.write_str("yes"),
            Value::Bool(false) => f.write_str("no"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// On/off (a checkbox).
    Toggle,
    /// One of `options` (radio buttons).
    Choice,
    /// Typed text, validated by `field`.
    Field,
    /// A checklist line: one of `states` (default: apply, done, not applicable, deviate).
    Measure,
    /// A candidate password is checked against `password`; never stored. The answer only
    /// records that the installer confirmed a password that passes.
    PasswordCheck,
    /// Text to read; counts as answered.
    Info,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub kind: ItemKind,
    pub label: String,
    /// Why this matters, in our own words.
    pub rationale: String,
    pub source: Source,
    /// What in this item is ours, not the document's (a baseline where the document gives no
    /// rule, a menu path it does not name, a translation to a newer system): shown as ours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ours: Option<String>,
    /// Ids this item had in earlier versions of the wizard: a saved answer under one of them
    /// is carried over on resume.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_from: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// The document's recommendation; `--defaults` takes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommended: Option<Value>,
    /// Recommendations that follow earlier answers: the first whose condition holds replaces
    /// `recommended` (the document ties this item to an earlier choice).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommended_if: Vec<Recommendation>,
    /// Answers that contradict each other: while a condition holds (it may read this item and
    /// earlier ones), the step cannot be completed and shows the message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// A value the document makes mandatory: any other answer cannot complete the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Value>,
    /// For `choice`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    /// For `measure`; empty means the standard four states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<MeasureState>,
    /// For `field`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldType>,
    /// For `field`: other fields whose value this one must differ from (unique ports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distinct_from: Vec<String>,
    /// For `field`: may be left empty.
    #[serde(default)]
    pub optional: bool,
    /// For `password_check`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<PasswordPolicy>,
    /// For `measure`: the checklist columns the document gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<Checklist>,
    /// Operations when the item is on: a toggle set, a measure in an applying state, a field
    /// with a value, an info item always.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ops: Vec<OpTemplate>,
    /// For `toggle`: operations when it is off; for an optional `field`: when it is left empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ops_off: Vec<OpTemplate>,
}

/// Columns of an OpenScape-style checklist line.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// "Needed Access Rights", e.g. "Expert".
    pub access_rights: String,
    /// "References", e.g. "[1] at Telephony > Security > SAMBA Share".
    pub references: String,
    /// Items whose values belong in the row's "Customer Comments and Reasons" column (the
    /// checklist asks for them there, e.g. "Used external XMPP Server").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments_from: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ops: Vec<OpTemplate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MeasureState {
    pub id: String,
    /// As the document writes it ("Yes", "XMPP not active").
    pub label: String,
    /// The item's operations are carried out in this state.
    #[serde(default)]
    pub applies: bool,
    /// This state needs a reason (a deviation or "not applicable").
    #[serde(default)]
    pub needs_reason: bool,
    /// Choosing this state departs from the document's measure (listed as a deviation).
    #[serde(default)]
    pub deviation: bool,
    /// Operations of this state alone (e.g. verifying that a service is really not active).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ops: Vec<OpTemplate>,
}

impl ItemKind {
    /// The id as wizard files and answers files write it.
    pub fn id(self) -> &'static str {
        match self {
            ItemKind::Toggle => "toggle",
            ItemKind::Choice => "choice",
            ItemKind::Field => "field",
            ItemKind::Measure => "measure",
            ItemKind::PasswordCheck => "password_check",
            ItemKind::Info => "info",
        }
    }
}

impl Item {
    /// The values an answer may take, as an answers file writes them: `true or false`,
    /// `one of: a, b`, or what the field accepts.
    pub fn allowed(&self) -> String {
        let ids = |ids: Vec<String>| format!("one of: {}", ids.join(", "));
        match self.kind {
            ItemKind::Toggle | ItemKind::PasswordCheck => "true or false".into(),
            ItemKind::Choice => ids(self.options.iter().map(|o| o.id.clone()).collect()),
            ItemKind::Measure => ids(self.measure_states().into_iter().map(|s| s.id).collect()),
            ItemKind::Field => {
                let hint = self.field.unwrap_or(FieldType::Text).hint();
                if self.optional {
                    format!("{hint} (may be left empty)")
                } else {
                    hint.to_string()
                }
            }
            ItemKind::Info => "nothing (information only)".into(),
        }
    }

    /// The measure states in force: the item's own, or the standard four.
    pub fn measure_states(&self) -> Vec<MeasureState> {
        if !self.states.is_empty() {
            return self.states.clone();
        }
        let s = |id: &str, label: &str, applies, needs_reason, deviation| MeasureState {
            id: id.into(),
            label: label.into(),
            applies,
            needs_reason,
            deviation,
            ops: Vec::new(),
        };
        vec![
            s("apply", "Apply", true, false, false),
            s("done", "Already done", false, false, false),
            s("not_applicable", "Not applicable", false, true, false),
            s("deviate", "Deviate", false, true, true),
        ]
    }
}

impl Wizard {
    /// SHA-256 of the wizard's canonical JSON: tells a session whether its wizard changed.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        // Streamed into the hash: a large wizard's JSON is never held whole in memory.
        let mut hasher = Sha256::new();
        if serde_json::to_writer(&mut hasher, self).is_err() {
            // As the hash of no JSON at all (plain data: serialising it cannot fail).
            hasher = Sha256::new();
        }
        let digest = hasher.finalize();
        digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}

//! The set of wizards, built-in ones parsed when first used.

use super::{Wizard, parse_wizard};
use serde::Deserialize;
use std::collections::BTreeMap;

/// All the wizards hardline knows, keyed by product id. A wizard built into the binary is parsed
/// the first time it is asked for: the start screen needs only the product names, and parsing
/// every wizard would be most of hardline's start-up.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    product: Product,
    /// (file name, text) of a wizard not parsed yet; None for one parsed when loaded.
    text: Option<(String, &'static str)>,
    wizard: std::sync::OnceLock<Option<Wizard>>,
}

/// What the start screen shows of a product, read without parsing its steps.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub vendor: String,
}

impl Catalog {
    /// The wizard of a product, parsed now if it was not yet. A built-in wizard that does not
    /// parse (the tests make sure none does) counts as absent.
    pub fn wizard(&self, product: &str) -> Option<&Wizard> {
        let entry = self.entries.get(product)?;
        entry
            .wizard
            .get_or_init(|| {
                entry
                    .text
                    .as_ref()
                    .and_then(|(file, text)| parse_wizard(file, text).ok())
            })
            .as_ref()
    }

    pub fn products(&self) -> impl Iterator<Item = &Product> {
        self.entries.values().map(|e| &e.product)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, product: &str) -> bool {
        self.entries.contains_key(product)
    }

    /// Every wizard, parsing those not parsed yet.
    pub fn wizards(&self) -> impl Iterator<Item = &Wizard> {
        self.entries.keys().filter_map(|id| self.wizard(id))
    }

    /// Adds a parsed wizard.
    pub fn insert(&mut self, wizard: Wizard) {
        let product = Product {
            id: wizard.id.clone(),
            name: wizard.name.clone(),
            vendor: wizard.vendor.clone(),
        };
        let parsed = std::sync::OnceLock::new();
        let _ = parsed.set(Some(wizard));
        self.entries.insert(
            product.id.clone(),
            Entry {
                product,
                text: None,
                wizard: parsed,
            },
        );
    }

    /// Adds a wizard to be parsed when first asked for.
    pub fn insert_unparsed(&mut self, product: Product, file: &str, text: &'static str) {
        let entry = Entry {
            product,
            text: Some((file.to_string(), text)),
            wizard: std::sync::OnceLock::new(),
        };
        self.entries.insert(entry.product.id.clone(), entry);
    }
}

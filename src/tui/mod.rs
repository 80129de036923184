//! The terminal wizard. (Being built on the `tui` branch; this entry point is its contract.)

use crate::catalog::Catalog;
use crate::store::Store;
use std::path::PathBuf;

pub struct Options {
    pub catalog: Catalog,
    pub store: Store,
    pub theme: Option<String>,
    pub start: Start,
}

pub enum Start {
    Home,
    Resume(PathBuf),
    New {
        product: String,
        path: Option<PathBuf>,
    },
}

pub fn run(_options: Options) -> anyhow::Result<()> {
    anyhow::bail!("the terminal wizard is not in this build yet")
}

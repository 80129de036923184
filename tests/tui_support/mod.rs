//! Drives the terminal wizard in-process: real catalog, real store in a temp folder, keys through
//! the real keymap, effects carried out by the real performer; a fixed clock for determinism.
#![allow(dead_code)]

use hardline::session::Change;
use hardline::store::{self, Store};
use hardline::theme::Theme;
use hardline::tui::app::{App, update};
use hardline::tui::effects::{self, Shell};
use hardline::tui::{self, Options, Start, keymap, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

pub const NOW: &str = "2026-11-25T10:00:00Z";

pub fn clock() -> String {
    NOW.to_string()
}

pub struct Harness {
    pub app: App,
    pub shell: Shell,
    pub dir: tempfile::TempDir,
}

impl Harness {
    pub fn start(start: Start, width: u16, height: u16) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        Harness::start_in(dir, start, width, height)
    }

    pub fn start_in(dir: tempfile::TempDir, start: Start, width: u16, height: u16) -> Harness {
        let options = Options {
            catalog: store::catalog(None).unwrap(),
            store: Store {
                root: dir.path().to_path_buf(),
            },
            theme: None,
            start,
        };
        let (mut app, shell) =
            tui::prepare(options, clock, Rect::new(0, 0, width, height)).unwrap();
        app.theme = Theme::named("dark", hardline::theme::Colours::Full).unwrap();
        // Where a relative export folder lands, fixed so that the screens are the same anywhere.
        app.cwd = std::path::PathBuf::from("/home/installer");
        Harness { app, shell, dir }
    }

    pub fn new_session(product: &str, width: u16, height: u16) -> Harness {
        let start = Start::New {
            product: product.into(),
            path: None,
        };
        Harness::start(start, width, height)
    }

    pub fn key_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        let event = KeyEvent::new(code, modifiers);
        if let Some(action) = keymap::key_action(event, self.app.mode()) {
            self.act(action);
        }
    }

    pub fn act(&mut self, action: keymap::Action) {
        let effect = update(&mut self.app, action);
        self.perform(effect);
    }

    pub fn key(&mut self, code: KeyCode) {
        self.key_with(code, KeyModifiers::NONE);
    }

    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.act(keymap::Action::Resize { width, height });
    }

    pub fn draw(&self) -> Terminal<TestBackend> {
        let size = self.app.ui.size;
        let mut terminal = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
        terminal.draw(|f| view::render(&self.app, f)).unwrap();
        terminal
    }

    pub fn product(&self) -> String {
        self.app.open.as_ref().unwrap().session.product.clone()
    }

    /// Site facts that complete the site step, through `Session::apply`.
    pub fn fill_site(&mut self) {
        let wizard = self.app.wizard().unwrap().clone();
        for (field, value) in
            crate::common::site_facts(&wizard, wizard.target_os[0].id(), "console")
        {
            let change = Change::SetSite { field, value };
            let effect = self.app.change(change).unwrap();
            self.perform(effect);
        }
    }

    pub fn perform(&mut self, effect: Option<hardline::tui::app::Effect>) {
        if let Some(effect) = effect {
            effects::perform(&mut self.app, &mut self.shell, effect);
        }
    }

    /// Every remaining step answered with the recommendations and completed.
    pub fn walk(&mut self) {
        let product = self.product();
        let wizard = self.app.catalog.wizard(&product).unwrap();
        let open = self.app.open.as_mut().unwrap();
        let left = open.session.walk(wizard, true, NOW);
        assert!(left.is_empty(), "{left:?}");
        let step = open.session.cursor.clone().unwrap();
        // Entering a step derives the plan again.
        let effect = self.app.change(Change::Enter { step }).unwrap();
        self.perform(effect);
    }
}

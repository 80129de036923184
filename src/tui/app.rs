//! The application state and `update`: actions in, session changes and effects out. Every
//! session change goes through `Session::apply`; saving and writing files are [`Effect`]s that
//! the run loop carries out.

mod answer;
mod edit;
pub mod export;
mod leave;
mod list;
pub mod pick;
pub mod preview;
mod question;
pub mod review;
pub mod start;
pub mod step;

pub use edit::{EditTarget, Editor, prompt as editor_prompt, title as editor_title};
pub use export::{ExportRow, ExportUi, Written};
pub use leave::Leave;
pub use list::ListUi;
pub use pick::Picker;
pub use question::Question;

use super::keymap::{Action, Mode};
use super::layout;
use super::strings;
use crate::catalog::{Catalog, Wizard};
use crate::export::Format;
use crate::plan::{LivePlan, Plan};
use crate::session::{Change, ChangeError, Changed, Evaluation, Session};
use crate::store::SessionSummary;
use crate::theme::Theme;
use ratatui::layout::Rect;
use std::cell::OnceCell;
use std::path::PathBuf;

/// What the run loop does for `update`: everything that touches the disk.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Save,
    Create {
        product: String,
    },
    Open(PathBuf),
    Delete(PathBuf),
    RestoreBackup(PathBuf),
    Export {
        folder: PathBuf,
        formats: Vec<Format>,
        /// Replace the files of a folder that is not empty (the installer said yes).
        force: bool,
    },
    /// Save, release the session and go back to the start screen.
    Close,
    /// Save and leave.
    Quit,
    /// Write the session to a new file instead of its own (whose save failed), then leave.
    SaveAs {
        path: PathBuf,
        leave: Leave,
    },
    /// Leave without saving: the installer said so, in words, after a save failed.
    Discard(Leave),
}

/// The open session, its file, and what is derived from it (not per frame): the plan (with the
/// state of each step), visibility and progress, brought up to date with what each change
/// touched.
pub struct OpenSession {
    pub session: Session,
    pub path: PathBuf,
    pub plan: LivePlan,
    pub ev: Evaluation,
    /// (settled, visible) steps.
    pub progress: (usize, usize),
    /// Counts the changes: tells the preview whether it is current.
    pub revision: u64,
    /// The session's own revision that `plan` and `ev` reflect.
    derived_from: u64,
    /// The whole plan, put together when a screen first asks for it after a change.
    full: OnceCell<Plan>,
}

impl OpenSession {
    fn new(session: Session, path: PathBuf, wizard: &Wizard, now: &str) -> OpenSession {
        let ev = session.evaluate(wizard);
        let plan = LivePlan::new(wizard, &session, &ev, now);
        OpenSession {
            progress: plan.progress(),
            plan,
            ev,
            derived_from: session.revision(),
            full: OnceCell::new(),
            session,
            path,
            revision: 0,
        }
    }

    /// Derives everything again when the session was changed other than through `change`.
    fn catch_up(&mut self, wizard: &Wizard, now: &str) {
        if self.derived_from != self.session.revision() {
            self.ev = self.session.evaluate(wizard);
            self.plan = LivePlan::new(wizard, &self.session, &self.ev, now);
            self.progress = self.plan.progress();
            self.derived_from = self.session.revision();
            self.full = OnceCell::new();
        }
    }

    /// Applies a change; what it touched is derived again.
    fn change(
        &mut self,
        wizard: &Wizard,
        change: Change,
        now: &str,
    ) -> Result<Changed, ChangeError> {
        self.catch_up(wizard, now);
        let outcome = self.session.apply_with(wizard, &mut self.ev, change, now)?;
        self.plan
            .update(wizard, &self.session, &self.ev, &outcome.changed, now);
        self.derived_from = self.session.revision();
        self.progress = self.plan.progress();
        self.full = OnceCell::new();
        self.revision += 1;
        Ok(outcome.changed)
    }

    /// The whole plan (to export it, or to show what only it knows), put together once per
    /// change.
    pub fn full_plan(&self, wizard: &Wizard) -> &Plan {
        self.full
            .get_or_init(|| self.plan.plan(wizard, &self.session))
    }
}

pub struct App {
    pub catalog: Catalog,
    pub theme: Theme,
    /// The time for session changes and plans (RFC 3339); fixed in tests.
    pub clock: fn() -> String,
    /// The folder hardline was started in: a relative export folder is taken from here, and
    /// shown in full before anything is written.
    pub cwd: PathBuf,
    pub open: Option<OpenSession>,
    pub ui: UiState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Start,
    Step,
    Review,
    Export,
}

pub enum Overlay {
    Help,
    Confirm(Question),
    Notice(String),
    Editor(Box<Editor>),
    Picker(Picker),
    /// The save before leaving failed: retry, save elsewhere, or leave without saving.
    Unsaved(Leave),
}

/// Whether the session on disk matches the one in memory.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SaveState {
    #[default]
    Clean,
    Saved(String),
    Failed(String),
}

pub struct UiState {
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// The terminal size, for scrolling and mouse clicks.
    pub size: Rect,
    pub sessions: Vec<SessionSummary>,
    pub start: ListUi,
    pub step: ListUi,
    /// Why the current step cannot be left, shown under its items.
    pub problems: Vec<String>,
    pub filter: String,
    pub preview: Option<preview::Preview>,
    pub review: ListUi,
    pub export: ExportUi,
    pub saved: SaveState,
    /// A one-line message: what just happened or went wrong.
    pub message: Option<String>,
    pub quit: bool,
}

impl App {
    pub fn new(catalog: Catalog, theme: Theme, clock: fn() -> String, size: Rect) -> App {
        App {
            catalog,
            theme,
            clock,
            cwd: PathBuf::new(),
            open: None,
            ui: UiState {
                screen: Screen::Start,
                overlay: None,
                size,
                sessions: Vec::new(),
                start: ListUi::default(),
                step: ListUi::default(),
                problems: Vec::new(),
                filter: String::new(),
                preview: None,
                review: ListUi::default(),
                export: ExportUi::default(),
                saved: SaveState::Clean,
                message: None,
                quit: false,
            },
        }
    }

    /// What the keys drive now.
    pub fn mode(&self) -> Mode {
        match &self.ui.overlay {
            Some(Overlay::Help) => Mode::Help,
            Some(Overlay::Confirm(_)) => Mode::Confirm,
            Some(Overlay::Notice(_)) => Mode::Notice,
            Some(Overlay::Unsaved(_)) => Mode::Unsaved,
            Some(Overlay::Editor(e)) if e.multi_line => Mode::EditMulti,
            Some(Overlay::Editor(_)) => Mode::Edit,
            Some(Overlay::Picker(_)) => Mode::Pick,
            None => match self.ui.screen {
                Screen::Start => Mode::Start,
                Screen::Step => Mode::Step,
                Screen::Review => Mode::Review,
                Screen::Export => Mode::Export,
            },
        }
    }

    /// The open session's wizard.
    pub fn wizard(&self) -> Option<&Wizard> {
        self.open
            .as_ref()
            .and_then(|o| self.catalog.wizard(&o.session.product))
    }

    /// The recommendation in force for an item of the open session (it may follow earlier
    /// answers).
    pub fn recommendation(&self, item: &crate::catalog::Item) -> Option<crate::catalog::Value> {
        let open = self.open.as_ref()?;
        open.session.recommendation(self.wizard()?, &open.ev, item)
    }

    /// The index of the current step of the open session.
    pub fn step_index(&self) -> Option<usize> {
        let open = self.open.as_ref()?;
        let wizard = self.wizard()?;
        open.session
            .cursor
            .as_deref()
            .and_then(|c| wizard.step_index(c))
    }

    /// Applies a change to the open session; on success the plan is derived again, the problems
    /// shown and the selection follow, and the session is saved.
    pub fn change(&mut self, change: Change) -> Result<Option<Effect>, ChangeError> {
        let now = (self.clock)();
        let Some(open) = self.open.as_mut() else {
            return Ok(None);
        };
        let Some(wizard) = self.catalog.wizard(&open.session.product) else {
            return Ok(None);
        };
        let moves = matches!(change, Change::Enter { .. });
        let changed = open.change(wizard, change, &now)?;
        // A change that hides answered items says so: they leave the screen and the plan.
        let hidden: Vec<String> = changed
            .hidden
            .iter()
            .filter_map(|id| wizard.item(id).map(|(_, i)| i.label.clone()))
            .collect();
        if !moves && !hidden.is_empty() {
            let mut labels: Vec<String> = hidden.iter().take(3).cloned().collect();
            if hidden.len() > 3 {
                labels.push("…".into());
            }
            self.ui.message = Some(strings::hides(hidden.len(), &labels));
        }
        step::settle(self);
        Ok(Some(Effect::Save))
    }

    /// Like [`App::change`], with the error shown as the message line.
    pub fn change_or_say(&mut self, change: Change) -> Option<Effect> {
        match self.change(change) {
            Ok(effect) => effect,
            Err(e) => {
                self.ui.message = Some(e.to_string());
                None
            }
        }
    }

    /// A session was opened (or created): show its current step.
    pub fn opened(&mut self, session: Session, path: PathBuf) {
        let now = (self.clock)();
        let Some(wizard) = self.catalog.wizard(&session.product) else {
            self.ui.overlay = Some(Overlay::Notice(strings::unknown_product(&session.product)));
            return;
        };
        let cursor = session
            .cursor
            .as_deref()
            .and_then(|c| wizard.step_index(c))
            .or_else(|| session.first_open_step(wizard))
            .unwrap_or(0);
        let step = wizard.steps[cursor].id.clone();
        let first = wizard.steps[0].id.clone();
        self.open = Some(OpenSession::new(session, path, wizard, &now));
        self.ui.screen = Screen::Step;
        self.ui.step = ListUi::default();
        self.ui.review = ListUi::default();
        self.ui.export = ExportUi::default();
        self.ui.problems.clear();
        self.ui.filter.clear();
        self.ui.message = None;
        // Nothing of this session is on disk until it is saved (a new one: its first change).
        self.ui.saved = SaveState::Clean;
        // A hidden cursor step (an answer changed elsewhere) falls back to the first step.
        if self.change(Change::Enter { step }).is_err() {
            let _ = self.change(Change::Enter { step: first });
        }
        preview::refresh(self);
    }

    pub fn closed(&mut self, sessions: Vec<SessionSummary>) {
        self.open = None;
        self.ui.screen = Screen::Start;
        self.ui.overlay = None;
        self.listed(sessions);
    }

    /// The saved sessions for the start screen; the focus goes to the most recent unfinished
    /// one, so that Enter resumes it.
    pub fn listed(&mut self, sessions: Vec<SessionSummary>) {
        self.ui.sessions = sessions;
        self.ui.start.selected =
            start::resume_candidate(self).map_or(0, |i| self.catalog.len() + i);
        let len = start::entries(self).len();
        self.ui.start.reveal(len, len);
    }

    pub fn saved(&mut self, result: Result<(), String>) {
        self.ui.saved = match result {
            Ok(()) => SaveState::Saved(strings::clock_time(&(self.clock)())),
            Err(e) => SaveState::Failed(e),
        };
    }

    pub fn exported(&mut self, result: Result<Written, String>) {
        self.ui.export.written = Some(result);
        self.ui.export.results_offset = 0;
    }

    pub fn notice(&mut self, text: String) {
        self.ui.overlay = Some(Overlay::Notice(text));
    }

    pub fn ask(&mut self, question: Question) {
        self.ui.overlay = Some(Overlay::Confirm(question));
    }
}

/// Turns one action into state changes and at most one effect.
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let effect = act(app, action);
    if app.ui.screen == Screen::Step {
        preview::refresh(app);
    }
    effect
}

fn act(app: &mut App, action: Action) -> Option<Effect> {
    match action {
        Action::Resize { width, height } => {
            app.ui.size = Rect::new(0, 0, width, height);
            step::reveal(app);
            return None;
        }
        Action::Quit => return Some(Effect::Quit),
        // A message lasts until the next key.
        _ => app.ui.message = None,
    }
    if layout::too_small(app.ui.size) && !matches!(app.mode(), Mode::Edit | Mode::EditMulti) {
        return None;
    }
    match app.ui.overlay.take() {
        Some(Overlay::Help) => {
            if !matches!(action, Action::Cancel | Action::Help) {
                app.ui.overlay = Some(Overlay::Help);
            }
            None
        }
        Some(Overlay::Notice(text)) => {
            if action != Action::No {
                app.ui.overlay = Some(Overlay::Notice(text));
            }
            None
        }
        Some(Overlay::Confirm(q)) => match action {
            Action::Yes => question::answer(app, q),
            Action::No => None,
            _ => {
                app.ui.overlay = Some(Overlay::Confirm(q));
                None
            }
        },
        Some(Overlay::Editor(editor)) => edit::update(app, *editor, action),
        Some(Overlay::Picker(picker)) => pick::update(app, picker, action),
        Some(Overlay::Unsaved(leave)) => leave::choose(app, leave, action),
        None => screen_update(app, action),
    }
}

fn screen_update(app: &mut App, action: Action) -> Option<Effect> {
    match action {
        Action::Help => {
            app.ui.overlay = Some(Overlay::Help);
            return None;
        }
        Action::Undo => return app.change_or_say(Change::Undo),
        Action::Redo => return app.change_or_say(Change::Redo),
        // Esc on a filtered list clears the filter first, keeping the focus where it was.
        Action::Close if !app.ui.filter.is_empty() => {
            step::set_filter(app, String::new());
            return None;
        }
        Action::Close => return Some(Effect::Close),
        _ => {}
    }
    match app.ui.screen {
        Screen::Start => start::update(app, action),
        Screen::Step => step::update(app, action),
        Screen::Review => review::update(app, action),
        Screen::Export => export::update(app, action),
    }
}

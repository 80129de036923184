//! Leaving with unsaved changes on a full disk (a real 64 KiB tmpfs): `q` and Esc never lose the
//! change; the installer retries, saves elsewhere, or says in words to leave without saving.

mod common;
mod small_disk;
mod tui_support;

use hardline::session::{Change, SiteField};
use hardline::tui::app::{Overlay, SaveState, Screen};
use hardline::tui::keymap::Mode;
use ratatui::crossterm::event::KeyCode;
use small_disk::SmallDisk;
use std::path::{Path, PathBuf};
use tui_support::Harness;

/// A session on the small disk with a site filled in, then the disk filled and one more change
/// made, which cannot be saved.
fn unsaved_change(disk: &SmallDisk) -> (Harness, PathBuf) {
    let dir = tempfile::tempdir_in(disk.path()).unwrap();
    let start = hardline::tui::Start::New {
        product: "avaya-ipoffice".into(),
        path: None,
    };
    let mut t = Harness::start_in(dir, start, 100, 30);
    t.fill_site();
    let filler = disk.fill();
    let change = Change::SetSite {
        field: SiteField::Customer,
        value: "Changed on a full disk".into(),
    };
    let effect = t.app.change(change).unwrap();
    t.perform(effect);
    assert!(
        matches!(t.app.ui.saved, SaveState::Failed(_)),
        "the disk is not full: {:?}",
        t.app.ui.saved
    );
    let header = format!("{}", t.draw().backend());
    assert!(header.contains("NOT SAVED"), "{header}");
    (t, filler)
}

fn on_disk(t: &Harness, path: &Path) -> String {
    let loaded = hardline::store::load_session(path, &t.app.catalog, tui_support::NOW);
    loaded.unwrap().session.site.customer
}

fn session_path(t: &Harness) -> PathBuf {
    t.app.open.as_ref().unwrap().path.clone()
}

#[test]
fn q_on_a_full_disk_asks_then_retry_saves_once_there_is_room() {
    let Some(disk) = SmallDisk::mount() else {
        return;
    };
    let (mut t, filler) = unsaved_change(&disk);
    let path = session_path(&t);
    t.key(KeyCode::Char('q'));
    assert!(!t.app.ui.quit, "q quit and lost the change");
    assert_eq!(t.app.mode(), Mode::Unsaved);
    let screen = format!("{}", t.draw().backend());
    for words in [
        "NOT SAVED",
        "try saving again",
        "save to another file",
        "quit without saving",
    ] {
        assert!(screen.contains(words), "{words:?} not on\n{screen}");
    }
    // Still full: retrying asks again.
    t.key(KeyCode::Char('r'));
    assert!(!t.app.ui.quit);
    assert_eq!(t.app.mode(), Mode::Unsaved);
    std::fs::remove_file(filler).unwrap();
    t.key(KeyCode::Char('r'));
    assert!(t.app.ui.quit, "saved, then quit");
    assert_eq!(on_disk(&t, &path), "Changed on a full disk");
}

#[test]
fn the_change_can_be_saved_to_a_file_the_installer_types() {
    let Some(disk) = SmallDisk::mount() else {
        return;
    };
    let (mut t, _filler) = unsaved_change(&disk);
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("usb/copy.json");
    t.key(KeyCode::Char('q'));
    t.key(KeyCode::Char('e'));
    assert_eq!(t.app.mode(), Mode::Edit);
    // Esc goes back to the choice, not to the wizard.
    t.key(KeyCode::Esc);
    assert_eq!(t.app.mode(), Mode::Unsaved);
    t.key(KeyCode::Char('e'));
    // A name that is taken is refused: nothing is overwritten.
    let taken = elsewhere.path().join("taken.json");
    std::fs::write(&taken, "someone's file").unwrap();
    t.keys(taken.to_str().unwrap());
    t.key(KeyCode::Enter);
    assert!(!t.app.ui.quit);
    assert_eq!(t.app.mode(), Mode::Unsaved);
    let screen = format!("{}", t.draw().backend());
    assert!(screen.contains("exists already"), "{screen}");
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "someone's file");
    t.key(KeyCode::Char('e'));
    t.keys(copy.to_str().unwrap());
    t.key(KeyCode::Enter);
    assert!(t.app.ui.quit);
    assert_eq!(on_disk(&t, &copy), "Changed on a full disk");
}

#[test]
fn leaving_without_saving_is_a_choice_said_in_words() {
    let Some(disk) = SmallDisk::mount() else {
        return;
    };
    let (mut t, _filler) = unsaved_change(&disk);
    let path = session_path(&t);
    // Esc (close the session) asks the same way, and Esc there goes back to the wizard.
    t.key(KeyCode::Esc);
    assert!(matches!(t.app.ui.overlay, Some(Overlay::Unsaved(_))));
    let screen = format!("{}", t.draw().backend());
    assert!(
        screen.contains("close the session without saving"),
        "{screen}"
    );
    t.key(KeyCode::Esc);
    assert_eq!((t.app.mode(), t.app.ui.screen), (Mode::Step, Screen::Step));
    t.key(KeyCode::Char('q'));
    t.key(KeyCode::Char('d'));
    assert!(t.app.ui.quit);
    assert_eq!(on_disk(&t, &path), "Example Customer");
}

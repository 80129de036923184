//! Every text the terminal shows. Key hints are generated from the keymap, so they name the keys
//! that are really bound.

use super::app::Leave;
mod keys;

pub use keys::{footer_hints, help_lines, help_title};

use super::keymap::{Action, Mode};
use crate::catalog::FieldType;
use crate::session::{Access, SiteField, StepState};
use keys::first_key;

pub const APP: &str = "hardline";
pub const NEW_SESSION: &str = "New session";
pub const SAVED_SESSIONS: &str = "Saved sessions";
pub const NO_SESSIONS: &str = "No saved sessions yet: start one above.";
pub const STEPS: &str = "Steps";
pub const DETAILS: &str = "Details";
pub const REVIEW: &str = "Review";
pub const EXPORT: &str = "Export";
pub const NOT_ANSWERED: &str = "not answered";
pub const UNANSWERED: &str = "(not answered)";
pub const LEFT_EMPTY: &str = "(left empty)";
pub const EMPTY: &str = "—";
pub const RECOMMENDED: &str = "recommended";
pub const NO_OPTION_MATCHES: &str = "  no option matches: Backspace widens it";
pub const GENERATES: &str = "Generates:";
pub const NOTHING: &str = "nothing.";
pub const SITE_SOURCE: &str = "Source: the site facts (this installation)";
pub const DEVIATIONS_HEADING: &str = "Deviations from the document:";
pub const NO_REASON: &str = "no reason given";
pub const NO_DEVIATIONS: &str = "No deviation from the document's recommendations.";
pub const FIRST_STEP: &str = "This is the first step.";
pub const ANSWER_FIRST: &str = "Answer the item first, then give its reason.";
pub const REQUIRED: &str = "required";
pub const REASON_MISSING: &str = "a reason is required";
pub const FOLDER_MISSING: &str = "name a folder";
pub const DELETE_WHAT: &str = "Select a saved session to delete.";
pub const LOCKOUT_HEADING: &str = "LOCK-OUT WARNING";
pub const LOCKOUT_CONFIRMED: &str =
    "Confirmed: you keep another way to reach the server (console or another address).";
pub const NO_LOCKOUT: &str = "This plan has no lock-out warning to confirm.";
pub const NOTHING_MISSING: &str = "Nothing is missing: the plan can be exported.";
pub const MISSING_HEADING: &str = "Still missing:";
pub const NO_FORMAT: &str = "Choose at least one format.";
pub const FOLDER: &str = "Output folder";
pub const WRITE: &str = "Write the bundle";
pub const WRITTEN: &str = "Written to";
pub const ORDER: &str = "Order:";
pub const EXPORT_FAILED: &str = "Export failed:";
pub const BLOCKED: &str = "Not ready for export:";
pub const PASSES: &str = "passes every rule (the password is not kept)";
pub const VALID: &str = "valid";
pub const PASSWORD_ASK: &str = "Enter: check a password";
pub const HELP_MOUSE: &str = "Mouse: click to select, click again to open; the wheel scrolls.";
pub const SAVE_LOCK: &str = "the save record is unusable after an earlier failure";
pub const UNSAVED: &str = "not saved yet";

pub fn access_label(a: Access) -> &'static str {
    match a {
        Access::Console => "At the console",
        Access::Rdp => "Remote Desktop (RDP)",
        Access::Ssh => "SSH",
    }
}

/// Why a site fact is asked, for the details pane.
pub fn site_help(f: SiteField) -> &'static str {
    match f {
        SiteField::Customer | SiteField::Site => {
            "Names the installation in the plan the customer signs and in the file names."
        }
        SiteField::Installer => "Who made each decision: every line of the audit log names them.",
        SiteField::Host => "The server's host name, written into the plan and the scripts.",
        SiteField::Address => {
            "The server's IPv4 address: gateway port forwards point at it. Optional."
        }
        SiteField::Subnets => {
            "Client and management subnets: firewall rules admit only these. Needed where a rule uses them: empty never means any address (0.0.0.0/0 for any, on purpose)."
        }
        SiteField::TargetOs => "Decides which scripts fit: PowerShell, legacy cmd or the gateway.",
        SiteField::Release => "Some measures exist only from a given release on.",
        SiteField::Access => {
            "How you reach the server: a rule that cuts this path raises a lock-out warning."
        }
        SiteField::AccessFrom => {
            "The address you connect from, checked against every rule on your management port."
        }
    }
}

pub fn unknown_product(product: &str) -> String {
    format!("This session is for product '{product}', which this hardline does not know.")
}

/// `2026-11-25T10:04:31Z` -> `10:04:31`.
pub fn clock_time(rfc3339: &str) -> String {
    rfc3339
        .split_once('T')
        .map(|(_, t)| t.trim_end_matches('Z').to_string())
        .unwrap_or_else(|| rfc3339.to_string())
}

/// `2026-11-25T10:04:31Z` -> `2026-11-25 10:04`.
pub fn short_time(rfc3339: &str) -> String {
    let t = rfc3339.replace('T', " ");
    t.chars().take(16).collect()
}

pub fn saved(time: &str) -> String {
    format!("saved {time}")
}

pub fn save_failed(e: &str) -> String {
    format!("NOT SAVED: {e}")
}

pub fn progress(done: usize, total: usize) -> String {
    format!("{done}/{total} steps")
}

pub fn step_of(position: usize, count: usize) -> String {
    format!("step {position} of {count}")
}

pub const PLACEHOLDER_PASSWORD: &str = "type a candidate password: it is checked, never kept";
pub const PLACEHOLDER_REASON: &str = "why (several lines allowed)";
pub const PLACEHOLDER_SKIP: &str = "why this step does not apply here";
pub const PLACEHOLDER_FILTER: &str = "part of an item's label";
pub const PLACEHOLDER_FOLDER: &str = "folder for the bundle";
pub const TITLE_SKIP: &str = "Reason for skipping this step";
pub const TITLE_FILTER: &str = "Filter items";

/// What a site fact's editor says while it is empty.
pub fn site_hint(f: SiteField) -> &'static str {
    match f {
        SiteField::Host => FieldType::HostName.hint(),
        SiteField::Address | SiteField::AccessFrom => FieldType::Ipv4.hint(),
        SiteField::Subnets => FieldType::AddressList.hint(),
        _ => FieldType::Text.hint(),
    }
}

/// Leaving while the last save failed: what happened, and each way on said in words.
pub fn unsaved(error: &str, leave: Leave) -> String {
    let key = |action| first_key(Mode::Unsaved, action);
    let leave = match leave {
        Leave::Quit => "quit",
        Leave::Close => "close the session",
    };
    format!(
        "Your changes are NOT SAVED: {error}\n\n\
         {}  try saving again (after freeing space, for instance)\n\
         {}  save to another file: you type its path\n\
         {}  {leave} without saving: the changes since the last save are lost\n\
         {}  back to the wizard",
        key(Action::Retry),
        key(Action::SaveElsewhere),
        key(Action::Discard),
        key(Action::Cancel),
    )
}

pub fn saved_elsewhere_failed(path: &std::path::Path, error: &str) -> String {
    format!("Could not save to {}: {error}", path.display())
}

pub const SAVE_AS_MISSING: &str = "type the path of a new file";
pub const PLACEHOLDER_SAVE_AS: &str = "path of a new file, e.g. /media/usb/session.json";
pub const TITLE_SAVE_AS: &str = "Save the session to another file";

pub const TITLE_FIELD: &str = "Value";
pub const TITLE_PASSWORD: &str = "Password check (hidden, never kept)";
pub const TITLE_REASON: &str = "Reason or comment";
pub const TITLE_DEVIATION: &str = "Reason for a deviation";

/// The reason editor opened by a deviation: what was chosen instead of what.
pub fn prompt_deviation(label: &str, value: &str, recommended: Option<&str>) -> String {
    match recommended {
        Some(r) => format!(
            "{label}\n\"{value}\" instead of the document's \"{r}\": say why (the plan shows it)."
        ),
        None => format!("{label}\n\"{value}\": say why (the plan shows it)."),
    }
}

pub fn title_pick(label: &str) -> String {
    format!("{label} (type to narrow)")
}

pub fn question_delete(path: &std::path::Path) -> String {
    format!(
        "Delete the saved session {}?\nIts backup goes too. This cannot be undone.",
        file_name(path)
    )
}

pub fn question_restore(path: &std::path::Path) -> String {
    format!(
        "The session {} is damaged.\nRestore its last good version (.bak)? The damaged file is kept beside it.",
        file_name(path)
    )
}

pub const QUESTION_LOCKOUT: &str = "This plan can cut your connection to the server.\n\
     Confirm that you keep another way in (the console, or another address) \
     and that you accept the warning?";

pub fn question_overwrite(folder: &std::path::Path) -> String {
    format!(
        "The folder {} is not empty.\nReplace the export in it with this one? Only an earlier \
         export is replaced: a folder that holds other files is left as it is.",
        folder.display()
    )
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

pub fn too_small(width: u16, height: u16, need_w: u16, need_h: u16) -> String {
    format!("Terminal too small ({width}x{height})\nneed {need_w}x{need_h}")
}

pub fn lockout_ask() -> String {
    format!(
        "Not confirmed: press {} to confirm you keep another way in.",
        first_key(Mode::Review, Action::ConfirmLockout)
    )
}

/// Next refused: how many things keep the step open (they are listed under the items).
pub fn cannot_leave(count: usize) -> String {
    match count {
        1 => "This step cannot be left yet: 1 thing is missing (listed below).".into(),
        n => format!("This step cannot be left yet: {n} things are missing (listed below)."),
    }
}

/// A change that hid answered items: which, and how to get them back.
pub fn hides(count: usize, labels: &[String]) -> String {
    let what = if count == 1 {
        "1 answered item".to_string()
    } else {
        format!("{count} answered items")
    };
    format!(
        "That hid {what} ({} undoes it): {}",
        first_key(Mode::Step, Action::Undo),
        labels.join("; ")
    )
}

pub fn option_refused(format: &str, why: &str) -> String {
    format!("{format} does not fit this plan: {why}")
}

pub fn step_open(title: &str, state: StepState) -> String {
    format!("{title}: {}", state.label())
}

pub fn review_step(title: &str, state: StepState, reason: &str) -> String {
    if reason.is_empty() {
        format!("{title} ({})", state.label())
    } else {
        format!("{title} ({}: {reason})", state.label())
    }
}

pub fn deviation(recommended: &str) -> String {
    format!("differs from the recommendation: {recommended}")
}

/// A reason as review lines: its own line breaks kept.
pub fn reason_lines(reason: &str) -> Vec<String> {
    reason
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("reason: {l}")
            } else {
                format!("        {l}")
            }
        })
        .collect()
}

pub fn source(document: &str, section: &str) -> String {
    format!("Source: {document}, {section}")
}

/// The document's own words an item rests on.
pub fn quote(passage: &str) -> String {
    format!("The document: \u{201c}{passage}\u{201d}")
}

/// How many of a step's operations have this origin.
pub fn origin_count(n: usize, origin: &str) -> String {
    let ops = if n == 1 { "operation" } else { "operations" };
    format!("{n} {ops}, {origin}")
}

/// What in a step's items is ours.
pub fn ours_in(labels: &str, note: &str) -> String {
    format!("Ours in {labels}: {note}")
}

/// What in an item is ours, not the document's.
pub fn ours(note: &str) -> String {
    format!("Ours: {note}")
}

pub fn recommended(value: &str) -> String {
    format!("Recommended: {value}")
}

pub fn required(value: &str) -> String {
    format!("Required by the document: {value}")
}

pub fn password_state(checked: bool) -> &'static str {
    if checked {
        "a password that passes was checked"
    } else {
        "(not checked)"
    }
}

pub fn would_generate(value: &str) -> String {
    format!("Choosing \"{value}\" generates:")
}

pub fn your_reason(reason: &str) -> String {
    format!("Your reason: {reason}")
}

pub fn default_folder(session_id: &str) -> String {
    format!("hardline-export-{session_id}")
}

pub const NOT_FOR_TARGET: &str = "does not fit this target";

pub fn cannot_export(first: &str, count: usize) -> String {
    let review = first_key(Mode::Export, Action::Review);
    if count > 1 {
        format!(
            "Cannot export yet: {first} (+{} more: {review} review)",
            count - 1
        )
    } else {
        format!("Cannot export yet: {first}")
    }
}

pub fn not_yet() -> String {
    format!(
        "That step is not started yet: {} (next step) gets there.",
        first_key(Mode::Step, Action::Next)
    )
}

pub fn lockout_unconfirmed() -> String {
    format!(
        "the lock-out warning is not confirmed: press {} to confirm that you keep another way in",
        first_key(Mode::Review, Action::ConfirmLockout)
    )
}

pub const REOPENED: &str = "The step is open again.";

/// Where the written scripts run, for the export screen, a line each. hardline.exe on the
/// server itself wrote them where they run: the lines say how to get there in cmd and in
/// PowerShell.
pub fn run_where(folder: &std::path::Path) -> Vec<String> {
    let shown = folder.display().to_string();
    if cfg!(windows) {
        vec![
            "Run the Windows scripts on this server, from that folder:".into(),
            format!("  cmd:         cd /d \"{shown}\""),
            format!(
                "  PowerShell:  Set-Location -LiteralPath {}",
                crate::export::quote::ps_str(&shown)
            ),
        ]
    } else {
        vec![
            "Copy that folder to the machine each script is for, and run it from there".into(),
            "(README.txt, Where: the Windows server, the Linux gateway).".into(),
        ]
    }
}

pub fn written_file(name: &str, size: u64, sha256: &str) -> String {
    format!("{name:<24} {size:>8} B  {sha256}")
}

pub fn filter(text: &str) -> String {
    format!("filter: {text}")
}

pub fn session_line(product: &str, who: &str, progress: &str, updated: &str) -> String {
    format!("{updated:<16}  {progress:<11}  {who} · {product}")
}

pub fn product_line(name: &str, vendor: &str) -> String {
    format!("{name} ({vendor})")
}

pub fn damaged(id: &str, error: &str) -> String {
    format!("{id}: DAMAGED: {error}")
}

pub fn reconciled(r: &crate::session::Reconciled) -> String {
    format!(
        "The wizard changed since this session was saved.\n\
         {} answers carried over to renamed items, {} set aside (their item is gone), \
         {} flagged for a new look; {} steps need review.",
        r.renamed.len(),
        r.orphaned.len(),
        r.flagged.len(),
        r.review.len()
    )
}

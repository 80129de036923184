//! rollback.ps1: puts back what harden.ps1 changed, from the prior-state.json of its backup
//! folder (the newest one beside the script unless -BackupFolder names another).

use super::powershell::{ps_constants, ps_header};
use super::quote::ps_str;
use crate::plan::{Action, Plan};

const COMMON: &str = include_str!("ps/common.ps1");
const BODY: &str = include_str!("ps/rollback_body.ps1");

pub fn rollback_ps1(plan: &Plan) -> String {
    let mut out = ps_header(
        plan,
        "hardline rollback.ps1: undoes what harden.ps1 changed",
    );
    out.push_str(
        "[CmdletBinding(SupportsShouldProcess = $true)]\n\
         param(\n    \
         # A hardline-backup-<time> folder made by harden.ps1; default: the newest beside this script.\n    \
         [string]$BackupFolder\n)\n",
    );
    out.push_str(&ps_constants(plan));
    out.push_str(COMMON);
    // The undo statements of the SQL operations, by operation id.
    let undo: Vec<String> = plan
        .operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::Sql { undo: Some(u), .. } => Some(format!("{} = {}", ps_str(&o.id), ps_str(u))),
            _ => None,
        })
        .collect();
    out.push_str(&format!("$SqlUndo = @{{ {} }}\n", undo.join("; ")));
    out.push_str(BODY);
    out
}

//! rollback.ps1: puts back what harden.ps1 changed, from the prior-state.json of its backup
//! folders. Without -BackupFolder or -All it lists the backups it could use (newest first) and
//! changes nothing; each entry is undone on its own, so one failure never ends the rollback.

use super::powershell::{ps_constants, ps_header};
use super::quote::{comment, ps_str};
use crate::plan::{Action, Plan};

const COMMON: &str = include_str!("ps/common.ps1");
const RESULTS: &str = include_str!("ps/results.ps1");
const BODY: &str = include_str!("ps/rollback_body.ps1");

pub fn rollback_ps1(plan: &Plan) -> String {
    let mut out = ps_header(
        plan,
        "hardline rollback.ps1: undoes what harden.ps1 changed",
    );
    out.push_str(&format!(
        "[CmdletBinding(SupportsShouldProcess = $true)]\n\
         param(\n    \
         # hardline-backup-<time> folders made by harden.ps1, undone in the order given.\n    \
         [string[]]$BackupFolder,\n    \
         # Undo every hardline-backup-<time> folder beside this script, newest first.\n    \
         [switch]$All,\n    \
         # Where the SQL undo statements run; default: where harden.ps1 ran them (the plan's: {}).\n    \
         [string]$SqlInstance\n)\n\
         # Rollback only changes: no audit mode.\n\
         $Audit = $false\n",
        comment(&plan.sql_instance)
    ));
    out.push_str(&ps_constants(plan));
    out.push_str(COMMON);
    out.push_str(RESULTS);
    // The undo statements of the SQL operations, by operation id.
    let undo: Vec<String> = plan
        .operations
        .iter()
        .filter_map(|o| match &o.action {
            Action::Sql { undo: Some(u), .. } => Some(format!("{} = {}", ps_str(&o.id), ps_str(u))),
            _ => None,
        })
        .collect();
    out.push_str(&format!("\n$SqlUndo = @{{ {} }}\n", undo.join("; ")));
    out.push_str(BODY);
    out
}

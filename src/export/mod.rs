//! Exporters: pure functions from a [`Plan`] to the text of the files of an export bundle.
//! None reads the session or the catalog, and none formats plan text without [`quote`].

mod ansible;
mod ansible_tasks;
mod audit;
mod csv;
mod diff;
mod gateway;
mod gateway_sh;
mod html;
mod html_flows;
mod html_sign;
mod json;
mod legacy;
mod legacy_access;
mod legacy_backup;
mod legacy_firewall;
mod legacy_ops;
mod markdown;
mod powershell;
mod provenance;
mod ps_ops;
pub mod quote;
mod readme;
mod rollback;
pub mod sample;
mod summary;
mod windows;

pub use audit::{
    AuditError, AuditImport, AuditResult, AuditedOperation, import_audit, parse_audit,
};
pub use diff::{DecisionDiff, diff_plans, diff_text};
pub use json::{plan_json, plan_schema};
pub use ps_ops::call as operation_call;
pub use summary::summary;

use crate::plan::{Action, Plan};

/// One export format; a format may write several files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Ps1,
    Cmd,
    Nft,
    Ansible,
    Md,
    Json,
    Html,
    Csv,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Ps1,
        Format::Cmd,
        Format::Nft,
        Format::Ansible,
        Format::Md,
        Format::Json,
        Format::Html,
        Format::Csv,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Format::Ps1 => "ps1",
            Format::Cmd => "cmd",
            Format::Nft => "nft",
            Format::Ansible => "ansible",
            Format::Md => "md",
            Format::Json => "json",
            Format::Html => "html",
            Format::Csv => "csv",
        }
    }

    pub fn from_id(id: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.id() == id.trim())
    }

    /// The files this format writes.
    pub fn files(self) -> &'static [&'static str] {
        match self {
            Format::Ps1 => &["harden.ps1", "rollback.ps1"],
            Format::Cmd => &["legacy.cmd"],
            Format::Nft => &["gateway.nft", "gateway.sh", "hardline-gateway.service"],
            Format::Ansible => &["playbook.yml", "inventory.example.yml"],
            Format::Md => &["plan.md"],
            Format::Json => &["plan.json", "plan.schema.json"],
            Format::Html => &["plan.html"],
            Format::Csv => &["checklist.csv"],
        }
    }
}

/// Parses `md,json,ps1`; the error names the unknown id and lists the known ones.
pub fn parse_formats(list: &str) -> Result<Vec<Format>, String> {
    let mut out = Vec::new();
    for id in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let f = Format::from_id(id).ok_or_else(|| {
            let known: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
            format!("unknown format '{id}' (known: {})", known.join(", "))
        })?;
        if !out.contains(&f) {
            out.push(f);
        }
    }
    Ok(out)
}

/// Whether the plan changes a Windows server (anything but gateway forwards and manual steps).
fn has_windows_operations(plan: &Plan) -> bool {
    plan.of(|a| !matches!(a, Action::PortForward(_) | Action::Manual(_)))
        .next()
        .is_some()
}

/// Why `format` does not fit the plan's target, or None when it does: the scripts for its
/// system, the gateway for appliances and port forwards, the documents always, and the checklist
/// when it has a row.
pub fn misfit(plan: &Plan, format: Format) -> Option<String> {
    let target = plan.site.target_os;
    let system = target.map_or("this plan's server", |t| t.label());
    let modern = match target {
        Some(t) => t.is_windows() && !t.is_legacy_windows(),
        None => has_windows_operations(plan),
    };
    let legacy = target.is_some_and(|t| t.is_legacy_windows());
    let appliance = target.is_some_and(|t| !t.is_windows());
    let not_windows = || {
        format!("{system} is not a Windows server: its settings are the manual steps in plan.md")
    };
    match format {
        Format::Ps1 | Format::Ansible if modern => None,
        Format::Ps1 | Format::Ansible if legacy => Some(format!(
            "harden.ps1 and the playbook need Windows PowerShell 5.1 (Windows Server 2012 R2 and \
             later); {system} takes legacy.cmd (format cmd)"
        )),
        Format::Cmd if legacy => None,
        Format::Cmd if modern => Some(format!(
            "legacy.cmd is for Windows Server 2003 and 2008; {system} takes harden.ps1 (format ps1)"
        )),
        Format::Ps1 | Format::Ansible | Format::Cmd => Some(if appliance {
            not_windows()
        } else {
            "the plan changes nothing on a Windows server".to_string()
        }),
        Format::Nft
            if appliance
                || plan
                    .of(|a| matches!(a, Action::PortForward(_)))
                    .next()
                    .is_some() =>
        {
            None
        }
        Format::Nft => Some(format!(
            "the plan forwards no port through a gateway, and {system} is not an appliance \
             behind one"
        )),
        Format::Csv if csv::is_empty(plan) => {
            Some("the plan has no measure or manual step for the checklist".into())
        }
        Format::Md | Format::Json | Format::Html | Format::Csv => None,
    }
}

/// Every format that fits the plan's product and target ([`misfit`] says why one does not).
pub fn default_formats(plan: &Plan) -> Vec<Format> {
    Format::ALL
        .into_iter()
        .filter(|f| misfit(plan, *f).is_none())
        .collect()
}

/// The files of one bundle as (file name, text), `README.txt` included. `SHA256SUMS` is added by
/// `store::write_bundle`.
pub fn bundle(plan: &Plan, formats: &[Format]) -> Vec<(String, String)> {
    let mut sorted = formats.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut files: Vec<(String, String)> = Vec::new();
    for f in &sorted {
        let texts: Vec<String> = match f {
            Format::Ps1 => vec![powershell::harden_ps1(plan), rollback::rollback_ps1(plan)],
            Format::Cmd => vec![legacy::legacy_cmd(plan)],
            Format::Nft => vec![
                gateway::gateway_nft(plan),
                gateway_sh::gateway_sh(plan),
                gateway_sh::gateway_unit(plan),
            ],
            Format::Ansible => vec![ansible::playbook(plan), ansible::inventory(plan)],
            Format::Md => vec![markdown::plan_md(plan)],
            Format::Html => vec![html::plan_html(plan)],
            Format::Csv => vec![csv::checklist_csv(plan)],
            Format::Json => vec![plan_json(plan), plan_schema()],
        };
        files.extend(f.files().iter().map(|n| n.to_string()).zip(texts));
    }
    files.push(("README.txt".into(), readme::readme(plan, &sorted)));
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::TargetOs;

    #[test]
    fn format_ids_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_id(f.id()), Some(f));
        }
        assert_eq!(
            parse_formats("md, json,md").unwrap(),
            vec![Format::Md, Format::Json]
        );
        let e = parse_formats("md,pdf").unwrap_err();
        assert!(e.contains("'pdf'") && e.contains("ansible"), "{e}");
    }

    #[test]
    fn defaults_follow_the_target() {
        let mut plan = sample::every_action("x");
        plan.site.target_os = Some(TargetOs::WindowsServer2019);
        let ids = |p: &Plan| {
            default_formats(p)
                .iter()
                .map(|f| f.id())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(&plan),
            ["ps1", "nft", "ansible", "md", "json", "html", "csv"]
        );
        plan.site.target_os = Some(TargetOs::WindowsServer2003);
        assert_eq!(ids(&plan), ["cmd", "nft", "md", "json", "html", "csv"]);
        plan.site.target_os = Some(TargetOs::Appliance);
        plan.operations
            .retain(|o| matches!(o.action, Action::Manual(_)));
        assert_eq!(ids(&plan), ["nft", "md", "json", "html", "csv"]);
        plan.site.target_os = None;
        assert_eq!(ids(&plan), ["md", "json", "html", "csv"]);
    }
}

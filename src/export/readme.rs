//! README.txt: what is in the bundle, what to run in which order, and how to undo it.

use super::Format;
use super::quote::one_line;
use crate::plan::{Action, Plan};
use std::fmt::Write;

/// What checklist.csv holds for this plan, and what the installer does with it.
fn checklist_step(plan: &Plan) -> String {
    let (measures, scripted, manual) = super::csv::counts(plan);
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let mut kinds = Vec::new();
    if measures > 0 {
        kinds.push(format!(
            "{} of the document's checklist (with its access rights and references)",
            n(measures, "measure", "measures")
        ));
    }
    if scripted > 0 {
        kinds.push(format!(
            "{} the scripts carry out",
            n(scripted, "operation", "operations")
        ));
    }
    if manual > 0 {
        kinds.push(n(manual, "manual step", "manual steps"));
    }
    let text = format!(
        "Keep checklist.csv as the record of the work: one row each for {}. Write in its \
         Executed column when and by whom each was done, and file it with the signed plan.",
        kinds.join(", ")
    );
    wrapped(&text, 88, "   ")
}

/// `text` in lines of at most `width` columns, the lines after the first indented.
fn wrapped(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.len() > width {
            out.push('\n');
            out.push_str(indent);
            line = indent.len();
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

pub fn readme(plan: &Plan, formats: &[Format]) -> String {
    let has = |f: Format| formats.contains(&f);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "hardline export: {} for {}, {}",
        one_line(&plan.product_name),
        one_line(&plan.site.customer),
        one_line(&plan.site.site)
    );
    let _ = writeln!(
        out,
        "Generated {} from session {}; plan fingerprint {}.\n",
        one_line(&plan.generated),
        one_line(&plan.session_id),
        one_line(&plan.fingerprint)
    );
    out.push_str("Check the files first:  sha256sum -c SHA256SUMS\n\n");
    if !plan.lockout.is_empty() {
        out.push_str(
            "LOCK-OUT WARNING: this plan can cut the path by which the installer reaches the\n\
             server (see plan.md). harden.ps1 checks again when it runs and skips those\n\
             operations unless started with -Force.\n\n",
        );
    }
    out.push_str("Order\n-----\n");
    let mut n = 0;
    let mut step = |out: &mut String, text: &str| {
        n += 1;
        let _ = writeln!(out, "{n}. {text}");
    };
    if has(Format::Md) || has(Format::Html) {
        step(
            &mut out,
            "Have the customer read and sign plan.md or plan.html (the sign-off block).",
        );
    }
    if has(Format::Ps1) {
        step(
            &mut out,
            "On the server (Windows Server 2012 R2 or later), in an elevated Windows PowerShell 4.0\n   \
             or later (2012 R2 has 4.0 in-box; nothing newer is needed):\n   \
             powershell -ExecutionPolicy Bypass -File .\\harden.ps1 -Audit\n   \
             (changes nothing; writes audit-result.json, with the effective access of every port)\n   \
             powershell -ExecutionPolicy Bypass -File .\\harden.ps1 -WhatIf\n   \
             powershell -ExecutionPolicy Bypass -File .\\harden.ps1\n   \
             It backs up the prior state into hardline-backup-<time>\\ beside the script, logs a\n   \
             transcript there and writes result.json next to it: every operation applied, already\n   \
             in place, failed (with the error) or skipped (with why). A failed operation does not\n   \
             stop the others; the summary at the end lists them, and the exit code is 1 when one\n   \
             failed. A second run changes nothing. Bring result.json back and record it:\n   \
             hardline import-result --session <session> result.json\n   \
             (the plan then says done, with the date, only for what the result says was done)",
        );
    }
    if has(Format::Cmd) {
        step(
            &mut out,
            "On a Windows Server 2003/2008 target, as an administrator:  legacy.cmd\n   \
             It saves the prior state into hardline-legacy-backup\\ first.",
        );
    }
    if has(Format::Ansible) {
        step(
            &mut out,
            "For many sites: copy inventory.example.yml to inventory.yml, fill in the hosts, then\n   \
             ansible-playbook -i inventory.yml playbook.yml --check --diff\n   \
             ansible-playbook -i inventory.yml playbook.yml",
        );
    }
    if has(Format::Nft) {
        step(
            &mut out,
            "On the Linux internet access device, as root, in this folder:\n   \
             sh gateway.sh check   (changes nothing: nft -c, and the plan's public address must be\n   \
             on its WAN interface and the appliance behind another one)\n   \
             sh gateway.sh apply   (says what it changes; a second apply changes nothing)\n   \
             The rules touch only traffic to or from the appliance: the forward matches the one\n   \
             public address and the allowed sources, drops only what reaches the appliance from the\n   \
             WAN and is not allowed, and masquerades nothing unless the plan says so. A forward chain\n   \
             of the gateway's own that drops or rejects by default (check names those with policy\n   \
             drop; firewalld rejects in its zones) must accept the forward as well.",
        );
    }
    if plan.of(|a| matches!(a, Action::Manual(_))).next().is_some() {
        step(
            &mut out,
            "Carry out the manual steps listed in plan.md (exact menu paths and values).",
        );
    }
    if has(Format::Csv) {
        step(&mut out, &checklist_step(plan));
    }
    out.push_str("\nUndo\n----\n");
    if has(Format::Ps1) {
        out.push_str(
            "Windows: powershell -ExecutionPolicy Bypass -File .\\rollback.ps1 lists the backups (one per\n\
             run of harden.ps1, newest first) and changes nothing; then\n\
             rollback.ps1 -BackupFolder .\\hardline-backup-<time>   undoes one run, and\n\
             rollback.ps1 -All   undoes every run, newest first. Each change is put back on its own:\n\
             one that fails is listed at the end (exit code 1), the others are still undone.\n\
             Services it had stopped are started again; SQL undo runs where harden.ps1 ran it\n\
             (-SqlInstance to change that). It writes rollback-result.json into each folder.\n",
        );
    }
    if has(Format::Cmd) {
        out.push_str(
            "Legacy Windows: legacy.cmd undo  (restores from hardline-legacy-backup\\).\n",
        );
    }
    if has(Format::Ansible) {
        out.push_str(
            "Ansible: the playbook has no undo. It keeps the copies of what it deletes and the prior\n\
             state of the other firewall rules it changes in C:\\hardline-backup\\<operation>\\; run\n\
             harden.ps1 -Audit on each host first for a record of everything else.\n",
        );
    }
    if has(Format::Nft) {
        out.push_str(
            "Gateway: sh gateway.sh remove, from the folder apply ran in (deletes the hardline tables\n\
             and sets net.ipv4.ip_forward back if apply had turned it on). Undo the persistence below\n\
             by hand if it was set up.\n",
        );
    }
    if plan.of(|a| matches!(a, Action::Manual(_))).next().is_some() {
        out.push_str("Manual steps: set each value back by hand (plan.md lists them).\n");
    }
    if has(Format::Nft) {
        out.push_str(PERSISTENT);
    }
    out.push_str("\nFiles\n-----\n");
    for f in formats {
        for name in f.files() {
            let _ = writeln!(out, "{name}");
        }
    }
    out.push_str("README.txt\nSHA256SUMS\n");
    out
}

/// How the gateway keeps the rules over a reboot (gateway.sh apply lasts until then).
const PERSISTENT: &str = "
Make it persistent (gateway)
----------------------------
gateway.sh apply lasts until the next reboot. To keep it, as root, in this folder:
  install -D -m 0644 gateway.nft /etc/hardline/gateway.nft
then one of:
  - the gateway loads its rules from /etc/nftables.conf (nftables.service; Fedora and RHEL:
    /etc/sysconfig/nftables.conf): add, after its \"flush ruleset\" line,
        include \"/etc/hardline/gateway.nft\"
    then: nft -c -f /etc/nftables.conf && systemctl enable nftables.service
  - another tool loads them (iptables-persistent, firewalld, a script of its own):
        install -m 0644 hardline-gateway.service /etc/systemd/system/
        systemctl daemon-reload && systemctl enable hardline-gateway.service
    It loads /etc/hardline/gateway.nft after that tool's rules. A tool that flushes the whole
    ruleset when it reloads (nft flush ruleset) removes it until the next boot.
If apply reported \"net.ipv4.ip_forward: 0 -> 1\", also keep forwarding on:
    echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/60-hardline-gateway.conf
Undo: remove the include line (or: systemctl disable --now hardline-gateway.service, then delete
/etc/systemd/system/hardline-gateway.service), delete /etc/hardline/gateway.nft and
/etc/sysctl.d/60-hardline-gateway.conf, then sh gateway.sh remove.
";

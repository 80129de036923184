//! README.txt: what is in the bundle, what to run in which order, where, and how to undo it.
//! Lines end in CR LF: it is read on the server, and Notepad before Windows 10 1809 (Windows
//! Server 2003 to 2016) shows a file with LF alone as one line.

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
    out.push_str(
        "Where: this folder goes where its scripts run, and each runs from it (its backup goes\n\
         beside it). harden.ps1, rollback.ps1 and legacy.cmd run on the Windows server itself:\n\
         export there with hardline.exe, or copy the folder there. gateway.sh runs on the Linux\n\
         internet access device. The documents are for the customer.\n\n\
         Check the files first, in this folder, on the machine they are on:\n\
         - Linux:  sha256sum -c SHA256SUMS\n\
         - Windows PowerShell 4.0 or later (prints a line only for a file that differs or is\n  \
         missing; nothing when all match):\n    \
         Get-Content SHA256SUMS | ForEach-Object { $sum, $name = $_ -split '  ', 2;\n      \
         if ((Get-FileHash -Algorithm SHA256 -LiteralPath $name).Hash -ne $sum) { \"DIFFERS: $name\" } }\n\
         - a command prompt (Windows Server 2008 R2 and later):  certutil -hashfile legacy.cmd SHA256\n  \
         prints one file's SHA-256, to compare with its line in SHA256SUMS. On Server 2003 and\n  \
         2008, whose certutil may not take SHA256, check the folder where it was exported, then\n  \
         copy it.\n\
         The scripts are not signed. powershell -ExecutionPolicy Bypass sets the policy of that\n\
         process only; a policy set by Group Policy (Get-ExecutionPolicy -List, MachinePolicy or\n\
         UserPolicy) still applies. Files that came by download or mail are marked as such, and\n\
         RemoteSigned refuses them until unblocked:  Unblock-File .\\*.ps1  (PowerShell 3.0 or\n\
         later); AllSigned needs them signed with your own certificate (Set-AuthenticodeSignature).\n\n",
    );
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
            &format!(
                "On the server (Windows Server 2012 R2 or later), in this folder, in an elevated\n   \
             Windows PowerShell 4.0 or later (2012 R2 has 4.0 in-box; nothing newer is needed):\n   \
             powershell -ExecutionPolicy Bypass -File .\\harden.ps1 -Audit\n   \
             (changes nothing; writes audit-result.json, with the effective access of every port)\n   \
             powershell -ExecutionPolicy Bypass -File .\\harden.ps1 -WhatIf\n   \
             powershell -ExecutionPolicy Bypass -File .\\harden.ps1\n   \
             It backs up the prior state into hardline-backup-<time>\\ beside the script, logs a\n   \
             transcript there and writes result.json next to it: every operation applied, already\n   \
             in place, failed (with the error) or skipped (with why). A failed operation does not\n   \
             stop the others; the summary at the end lists them, and the exit code is 1 when one\n   \
             failed. A second run changes nothing. Record a result (audit-result.json the same way):\n   \
             hardline import-result --session {} result.json\n   \
             in this folder with hardline.exe on the server itself, or after copying the file to the\n   \
             machine that holds the session (the plan then says done, with the date, only for what\n   \
             the result says was done)",
                one_line(&plan.session_id)
            ),
        );
    }
    if has(Format::Cmd) {
        step(
            &mut out,
            "On the Windows Server 2003/2008 server, in a command prompt opened as an administrator,\n   \
             in this folder:  legacy.cmd\n   \
             It saves the prior state into hardline-legacy-backup\\ first, and changes nothing when it\n   \
             cannot. Each step says what it did (FAILED, REFUSED by the lock-out guard, BY HAND for\n   \
             you); a failed step does not stop the run. The summary at the end counts them, and the\n   \
             exit code is 1 when a step failed. A second run changes nothing and keeps the first\n   \
             backup; legacy.cmd force also applies what the lock-out guard refused.",
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
            "Legacy Windows: legacy.cmd undo  (restores from hardline-legacy-backup\\ what the first run\n\
             changed: the firewall, registry values and their types, service start types, the\n\
             security and audit policy, deleted files; it goes on past a failure and says so).\n",
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
    out.replace('\n', "\r\n")
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

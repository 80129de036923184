//! Every generated script of every plan passes its real checker: tree-sitter-powershell for
//! .ps1, our lint for legacy.cmd, bash -n and shellcheck for gateway.sh, nft -c for gateway.nft,
//! systemd-analyze verify for hardline-gateway.service, ansible-playbook --syntax-check for
//! playbook.yml. A missing tool fails with its package.

mod common;
mod tools;

use hardline::export::{Format, bundle};

fn check_bundle(name: &str, files: &[(String, String)]) -> Vec<String> {
    let get = |f: &str| files.iter().find(|(n, _)| n == f).map(|(_, t)| t.as_str());
    let mut problems = Vec::new();
    for (file, text) in files {
        if file.ends_with(".ps1") {
            problems.extend(
                tools::ps_problems(text)
                    .into_iter()
                    .map(|p| format!("{name}/{file}:{p}")),
            );
        }
    }
    if let Some(cmd) = get("legacy.cmd") {
        problems.extend(
            tools::cmd_lint(cmd)
                .into_iter()
                .map(|p| format!("{name}/{p}")),
        );
    }
    let mut tool = |r: Result<(), String>| {
        if let Err(e) = r {
            problems.push(format!("{name}: {e}"));
        }
    };
    if let Some(nft) = get("gateway.nft") {
        tool(tools::nft_check(nft));
    }
    if let Some(sh) = get("gateway.sh") {
        tool(tools::sh_check(sh));
    }
    if let Some(unit) = get("hardline-gateway.service") {
        tool(tools::unit_check(unit));
    }
    if let (Some(p), Some(i)) = (get("playbook.yml"), get("inventory.example.yml")) {
        tool(tools::ansible_check(p, i));
    }
    problems
}

#[test]
fn every_plan_every_format_passes_its_checker() {
    let plans = tools::plans::all();
    assert!(plans.len() >= 5, "{}", plans.len());
    let mut problems = Vec::new();
    for (name, plan) in &plans {
        problems.extend(check_bundle(name, &bundle(plan, &Format::ALL)));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checkers_catch_broken_scripts() {
    assert!(!tools::ps_problems("Write-Host 'unterminated\n").is_empty());
    assert!(!tools::ps_problems("if ($x) { Write-Host 1\n").is_empty());
    let nft = "table inet t {\n chain c { type nat hook prerouting priority dstnat; tcp dport 1 dnat to 192.0.2.1:2; }\n}\n";
    assert!(
        tools::nft_check(nft).is_err(),
        "nft must reject plain dnat in an inet table"
    );
    assert!(tools::sh_check("#!/bin/sh\necho 'unterminated\n").is_err());
    let unit = "[Service]\nType=bogus\nExecStart=/bin/true\n";
    assert!(
        tools::unit_check(unit).is_err(),
        "systemd-analyze accepted Type=bogus"
    );
    assert!(
        tools::sh_check("#!/bin/sh\ncd \"$1\"\n").is_err(),
        "shellcheck warns on cd without || exit"
    );
    let play =
        "- hosts: all\n  tasks:\n    - community.windows.win_no_such_module:\n        x: 1\n";
    assert!(tools::ansible_check(play, "all:\n  hosts:\n    h:\n").is_err());
    for bad in [
        "echo \"odd\n",
        "if x (\n",
        "reg add \"HKLM\\X\" /v \"Y\" /d 1 /f\n",
        "sc.exe config \"X\" start=disabled\n",
        "echo a & b\n",
        "reg query \"HKLM\\X\" >nul || echo absent\n",
        "echo 100%\n",
        "netsh advfirewall firewall add rule name=\"a\" b\n",
    ] {
        assert!(!tools::cmd_lint(bad).is_empty(), "lint accepted: {bad}");
    }
}

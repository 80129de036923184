//! The OXO document's facts as data: which item yields which OMC step, at which release.
// Two test crates compile this module; each uses a part of it.
#![allow(dead_code)]

pub const LAST: &str = "OXO Connect R2.0";
const MISC_LABELS: &str = "OMC > System Miscellaneous > Memory Read/Write > Misc. Labels";
const NETWORK_IP: &str = "OMC > System Miscellaneous > Network IP services";
pub const REMOTE_HTTPS: [(&str, &str, &str); 5] = [
    ("remote_access_needed", "true", ""),
    ("wan_access_method", "https_50443", ""),
    ("wan_gateway_address", "198.51.100.1", ""),
    ("wan_gateway_interface", "eth0", ""),
    ("wan_public_address", "oxo.example.net", ""),
];

/// A document fact: at `release`, with `answers`, item `item` yields this OMC step.
pub struct Fact {
    pub release: &'static str,
    pub answers: &'static [(&'static str, &'static str, &'static str)],
    pub item: &'static str,
    pub path: &'static str,
    pub setting: &'static str,
    pub value: &'static str,
}

pub const fn fact(
    release: &'static str,
    answers: &'static [(&'static str, &'static str, &'static str)],
    item: &'static str,
    path: &'static str,
    setting: &'static str,
    value: &'static str,
) -> Fact {
    Fact {
        release,
        answers,
        item,
        path,
        setting,
        value,
    }
}

/// Noteworthy addresses (4.4 - 4.9, 4.13.3, 3.4.1.2, 5.1.1, 5.2).
pub const NOTEWORTHY: &[Fact] = &[
    fact(LAST, &[], "per_ass_alwd", MISC_LABELS, "PerAssAlwd", "00"),
    fact(
        LAST,
        &[("per_ass_alwd", "enabled", "")],
        "per_ass_alwd",
        MISC_LABELS,
        "PerAssAlwd",
        "01",
    ),
    fact("R3.1", &[], "per_ass_alwd", MISC_LABELS, "PerAssAlwd", "00"),
    fact(LAST, &[], "vmu_max_try", MISC_LABELS, "VMUMaxTry", "03"),
    fact("R6.1", &[], "vmu_max_try", MISC_LABELS, "VMUMaxTry", "03"),
    fact(LAST, &[], "div_rem_cust", MISC_LABELS, "DivRemCust", "00"),
    fact(
        "R7.1",
        &[("div_rem_cust", "enabled", "")],
        "div_rem_cust",
        MISC_LABELS,
        "DivRemCust",
        "01",
    ),
    fact("R10.0", &[], "call_corres", MISC_LABELS, "CallCorres", "00"),
    fact(
        "R5.1",
        &[("call_corres", "enabled", "")],
        "call_corres",
        MISC_LABELS,
        "CallCorres",
        "01",
    ),
    fact("R9.2", &[], "ext_lnk_clsd", MISC_LABELS, "ExtLnkClsd", "00"),
    fact(
        "R8.2",
        &[("ext_lnk_clsd", "closed", "")],
        "ext_lnk_clsd",
        MISC_LABELS,
        "ExtLnkClsd",
        "01",
    ),
    fact(LAST, &[], "rm_ac_gen_mbx", MISC_LABELS, "RmAcGenMbx", "00"),
    fact(
        LAST,
        &[("rm_ac_gen_mbx", "allowed", "")],
        "rm_ac_gen_mbx",
        MISC_LABELS,
        "RmAcGenMbx",
        "01",
    ),
    fact(
        "R8.2",
        &[
            ("remote_access_needed", "true", ""),
            ("wan_access_method", "https_50443", ""),
            ("wan_public_port", "33443", ""),
            ("wan_gateway_address", "198.51.100.1", ""),
            ("wan_gateway_interface", "eth0", ""),
            ("wan_public_address", "oxo.example.net", ""),
        ],
        "ext_https_po",
        MISC_LABELS,
        "ExtHttpsPo",
        "82 A3",
    ),
    fact(
        "R9.1",
        &[],
        "auto_pwd_chk",
        MISC_LABELS,
        "AutoPwdChk (user, management and admin SIP phone passwords check)",
        "active; change every password it reports as easy or default",
    ),
];

/// User feature rights (4.2, 4.3, 4.7, 4.8, 4.13.2.2, 5.1.2).
pub const FEATURE_RIGHTS: &[Fact] = &[
    fact(
        LAST,
        &[],
        "fr_join_incoming_outgoing",
        "OMC > Users/Base stations List > Details > Features",
        "Join incoming and outgoing",
        "disabled",
    ),
    fact(
        LAST,
        &[],
        "remote_customization",
        "OMC > Subscribers/Base stations List > Details > Features > Part 2",
        "Remote customization",
        "disabled (enabled only for users who need option 9 of the voice mailbox)",
    ),
    fact(
        "R8.2",
        &[],
        "wan_api_access",
        "OMC > Users/Base stations List > Details > Features > Feature Right Part 1",
        "WAN API Access",
        "disabled (enabled only for users who need an application over the WAN)",
    ),
    fact(
        "R10.1",
        &[],
        "callback_in_vm_consultation",
        "OMC > Users/Base stations List > Details > Features > Feature Rights Part 3",
        "Callback in VM Consultation",
        "disabled (enabled only for users who need it)",
    ),
    fact(
        "R10.3",
        &[],
        "vm_consultation",
        "OMC > Subscribers/Base Stations List > Subscriber's Details > Features > Feature Rights Part 3",
        "Mailbox remote consultation",
        "disabled",
    ),
];

/// The other options of chapters 2 - 4.
pub const OPTIONS: &[Fact] = &[
    fact(
        LAST,
        &[],
        "latest_version",
        "OMC > Software download",
        "System software version",
        "latest version of OXO Connect R2.0",
    ),
    fact(
        LAST,
        &[],
        "callback_authorized_callers",
        "OMC > Network Management Control",
        "Callback / Authorized Callers",
        "enabled, with the list of authorised callers",
    ),
    fact(
        LAST,
        &[],
        "account_code_guest",
        "OMC > Account code table",
        "Entries with barring category 'guest' (default: 1000 SUBSTITUTION)",
        "removed",
    ),
    fact(
        LAST,
        &[],
        "fd_transfer_to_external",
        "OMC > Feature Design > Part 2",
        "Transfer to external",
        "disabled",
    ),
    fact(
        LAST,
        &[],
        "fd_transfer_ext_ext_on_hook",
        "OMC > Feature Design > Part 2",
        "Transfer Ext/Ext by on hook",
        "disabled",
    ),
    fact(
        LAST,
        &[],
        "system_joining",
        "OMC > Feature Design",
        "System Joining",
        "disabled",
    ),
    fact(
        "R8.2",
        &[],
        "external_csta",
        "OMC > External CSTA Applications access control",
        "Access for external CSTA applications",
        "disabled",
    ),
    fact(
        LAST,
        &[("external_csta", "enabled", "")],
        "external_csta",
        "OMC > External CSTA Applications access control",
        "Access for external CSTA applications",
        "enabled",
    ),
    fact(
        "R10.0",
        &[],
        "certificates",
        "Web-Based Tool > Certificate management",
        "Server certificate and trust store",
        "custom certificate signed by an external authority (or by the local certification authority); trust store completed with the needed authorities",
    ),
    fact(
        "R10.2",
        &[],
        "management_services_wan",
        NETWORK_IP,
        "Allow Management Services from WAN",
        "disabled",
    ),
    fact(
        "R10.2",
        &[],
        "user_services_wan",
        NETWORK_IP,
        "Allow User Application Services from WAN",
        "disabled",
    ),
    fact(
        LAST,
        &[("user_services_wan", "true", "")],
        "user_services_wan",
        NETWORK_IP,
        "Allow User Application Services from WAN",
        "enabled",
    ),
    fact(
        "R10.2",
        &[],
        "user_services_lan",
        NETWORK_IP,
        "Allow User Application Services from LAN",
        "enabled",
    ),
    fact(
        "R10.3",
        &[],
        "access_control_code",
        "OMC > System Miscellaneous > Passwords > Remote Access Code",
        "Access control code",
        "generated value kept, or a personal value; never empty",
    ),
    fact(
        LAST,
        &[],
        "vm_consultation",
        "OMC > Voice Processing > General Parameters",
        "Mailbox consultation from any phone",
        "disabled",
    ),
    fact(
        "R9.2",
        &REMOTE_HTTPS,
        "wan_public_address",
        "OMC > Hardware & Limits > LAN configuration",
        "Router IP address/Domain name",
        "oxo.example.net",
    ),
    fact(
        "R9.2",
        &REMOTE_HTTPS,
        "forward_only_50443",
        "Internet Access Device > Port forwarding",
        "Forwards to the OXO system",
        "only to port 50443 (and ports explicitly required for IP trunking); never to port 443 or 10443",
    ),
];

//! Password rules from the documents, and the checker. A candidate is checked in memory and
//! dropped: nothing here stores or returns it. [`Secret`] carries it to the session so that no
//! debug print or log line can show it.

use super::weak::{is_common, name_words};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PasswordPolicy {
    /// What the password is for ("SQL Server sa", "OMC installer").
    pub subject: String,
    pub rules: Vec<PasswordRule>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PasswordRule {
    MinLength(u32),
    MaxLength(u32),
    /// Exactly one of these lengths (a 4- or 6-digit PIN).
    LengthOneOf(Vec<u32>),
    DigitsOnly,
    RequireDigit,
    RequireLetter,
    RequireUpper,
    RequireLower,
    RequireSpecial,
    RequireDigitOrSpecial,
    /// At least this many of: lower case, upper case, digit, special.
    CharacterClasses(u32),
    /// Only characters from this set.
    AllowedCharacters(String),
    /// Never one of these (compared ignoring case), e.g. a guide's example password.
    Forbidden(Vec<String>),
    /// No character repeated this many times in a row (`1111`).
    NoRepeat(u32),
    /// No ascending or descending run of this length (`1234`, `cba`).
    NoSequence(u32),
    /// Not a common word, default or easy code from our list (`catalog/weak.rs`), also when written
    /// with digits for letters (`P@ssw0rd`) or with digits and signs around it (`admin2024!`).
    /// Ours: the documents forbid easy passwords and everyday words without giving a list.
    NotCommon,
    /// Does not contain the customer's, the site's or the server's name (the site facts). Ours:
    /// the documents forbid "a word that is closely related to you: your company name".
    NotSiteNames,
}

/// Who the site is: names a password must not contain (customer, site, host).
pub type SiteNames<'a> = &'a [&'a str];

/// A candidate password on its way to the check; its debug form never shows it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl PasswordRule {
    /// The rule as the installer reads it.
    pub fn describe(&self) -> String {
        match self {
            PasswordRule::MinLength(n) => format!("at least {n} characters"),
            PasswordRule::MaxLength(n) => format!("at most {n} characters"),
            PasswordRule::LengthOneOf(l) => {
                let l: Vec<String> = l.iter().map(u32::to_string).collect();
                format!("exactly {} characters", l.join(" or "))
            }
            PasswordRule::DigitsOnly => "digits only".into(),
            PasswordRule::RequireDigit => "at least one digit".into(),
            PasswordRule::RequireLetter => "at least one letter".into(),
            PasswordRule::RequireUpper => "at least one upper-case letter".into(),
            PasswordRule::RequireLower => "at least one lower-case letter".into(),
            PasswordRule::RequireSpecial => "at least one special character".into(),
            PasswordRule::RequireDigitOrSpecial => "at least one digit or special character".into(),
            PasswordRule::CharacterClasses(n) => {
                format!("characters of at least {n} kinds (lower, upper, digit, special)")
            }
            PasswordRule::AllowedCharacters(set) => format!("only the characters {set}"),
            PasswordRule::Forbidden(_) => "not a published or example password".into(),
            PasswordRule::NoRepeat(n) => format!("no character {n} times in a row"),
            PasswordRule::NoSequence(n) => {
                format!("no run of {n} consecutive characters (1234, abcd)")
            }
            PasswordRule::NotCommon => {
                "not a common word, default or easy code (password, admin, 1212 ...; our list)"
                    .into()
            }
            PasswordRule::NotSiteNames => {
                "not the customer's, site's or server's name (from the site facts; ours)".into()
            }
        }
    }

    fn passes(&self, pw: &str, names: SiteNames) -> bool {
        let chars: Vec<char> = pw.chars().collect();
        let len = chars.len() as u32;
        let special = |c: &char| !c.is_alphanumeric();
        match self {
            PasswordRule::MinLength(n) => len >= *n,
            PasswordRule::MaxLength(n) => len <= *n,
            PasswordRule::LengthOneOf(l) => l.contains(&len),
            PasswordRule::DigitsOnly => chars.iter().all(char::is_ascii_digit),
            PasswordRule::RequireDigit => chars.iter().any(char::is_ascii_digit),
            PasswordRule::RequireLetter => chars.iter().any(|c| c.is_alphabetic()),
            PasswordRule::RequireUpper => chars.iter().any(|c| c.is_uppercase()),
            PasswordRule::RequireLower => chars.iter().any(|c| c.is_lowercase()),
            PasswordRule::RequireSpecial => chars.iter().any(special),
            PasswordRule::RequireDigitOrSpecial => {
                chars.iter().any(|c| c.is_ascii_digit() || special(c))
            }
            PasswordRule::CharacterClasses(n) => {
                let classes = [
                    chars.iter().any(|c| c.is_lowercase()),
                    chars.iter().any(|c| c.is_uppercase()),
                    chars.iter().any(char::is_ascii_digit),
                    chars.iter().any(special),
                ];
                classes.iter().filter(|b| **b).count() as u32 >= *n
            }
            PasswordRule::AllowedCharacters(set) => chars.iter().all(|c| set.contains(*c)),
            PasswordRule::Forbidden(list) => !list.iter().any(|f| f.eq_ignore_ascii_case(pw)),
            PasswordRule::NoRepeat(n) => !chars
                .windows((*n).max(1) as usize)
                .any(|w| w.iter().all(|c| *c == w[0])),
            PasswordRule::NoSequence(n) => !chars.windows((*n).max(2) as usize).any(|w| {
                let step = |d: i64| w.windows(2).all(|p| p[1] as i64 - p[0] as i64 == d);
                step(1) || step(-1)
            }),
            PasswordRule::NotCommon => !is_common(pw),
            PasswordRule::NotSiteNames => !name_words(names)
                .iter()
                .any(|w| super::weak::contains(pw, w)),
        }
    }
}

impl PasswordPolicy {
    /// The rules as the installer reads them, in order.
    pub fn described(&self) -> Vec<String> {
        self.rules.iter().map(PasswordRule::describe).collect()
    }

    /// SHA-256 of the policy: a check recorded against other rules is not a check of these.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_string(self).unwrap_or_default();
        Sha256::digest(json.as_bytes())
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Every rule the candidate breaks, in the policy's order; empty means it passes.
/// A blank candidate always fails: no document allows a blank password.
pub fn check(policy: &PasswordPolicy, candidate: &str) -> Vec<String> {
    check_for(policy, candidate, &[])
}

/// [`check`] for a site: `names` are what [`PasswordRule::NotSiteNames`] refuses.
pub fn check_for(policy: &PasswordPolicy, candidate: &str, names: SiteNames) -> Vec<String> {
    let mut failed: Vec<String> = Vec::new();
    if candidate.is_empty() {
        failed.push("must not be blank".into());
    }
    failed.extend(
        policy
            .rules
            .iter()
            .filter(|r| !r.passes(candidate, names))
            .map(PasswordRule::describe),
    );
    failed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(rules: Vec<PasswordRule>) -> PasswordPolicy {
        PasswordPolicy {
            subject: "test".into(),
            rules,
        }
    }

    #[test]
    fn nec_sa_rule() {
        let p = policy(vec![
            PasswordRule::MinLength(6),
            PasswordRule::RequireDigitOrSpecial,
        ]);
        assert_eq!(
            check(&p, "abcdef"),
            vec!["at least one digit or special character"]
        );
        assert_eq!(check(&p, "abc1"), vec!["at least 6 characters"]);
        assert!(check(&p, "abcde!").is_empty());
        assert!(check(&p, "").contains(&"must not be blank".to_string()));
    }

    #[test]
    fn pin_rules() {
        let p = policy(vec![
            PasswordRule::DigitsOnly,
            PasswordRule::LengthOneOf(vec![4, 6]),
            PasswordRule::NoRepeat(3),
            PasswordRule::NoSequence(3),
        ]);
        assert!(check(&p, "190375").is_empty());
        assert_eq!(
            check(&p, "1234"),
            vec!["no run of 3 consecutive characters (1234, abcd)"]
        );
        assert_eq!(check(&p, "1114"), vec!["no character 3 times in a row"]);
        assert_eq!(check(&p, "97531"), vec!["exactly 4 or 6 characters"]);
        assert_eq!(check(&p, "98a1"), vec!["digits only"]);
        assert_eq!(check(&p, "9876").len(), 1);
    }

    #[test]
    fn common_words_and_site_names_are_refused() {
        let p = policy(vec![PasswordRule::NotCommon, PasswordRule::NotSiteNames]);
        let names = ["Example Customer", "Head office", "pbx-01"];
        for weak in [
            "password",
            "Password1",
            "P@ssw0rd",
            "admin",
            "admin2024!",
            "MyPassword9",
            "1212",
            "Alcatel1",
            "customer",
            "Customer2026!",
            "ExampleCustomer",
            "HeadOffice7",
            "pbx01x",
        ] {
            assert!(!check_for(&p, weak, &names).is_empty(), "{weak:?} passes");
        }
        for fine in ["Tq7vXr2m", "kR4zW9pa", "190375", "Zebra-Lamp-Quartz9"] {
            assert!(check_for(&p, fine, &names).is_empty(), "{fine:?} refused");
        }
        // Without site facts only the common list applies.
        assert!(check(&p, "Customer2026!").is_empty());
    }

    #[test]
    fn a_secret_never_prints() {
        let s = Secret::new("Tq7vXr2m");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.expose(), "Tq7vXr2m");
    }

    #[test]
    fn the_fingerprint_follows_the_rules() {
        let a = policy(vec![PasswordRule::MinLength(8)]);
        let b = policy(vec![PasswordRule::MinLength(8), PasswordRule::NotCommon]);
        assert_eq!(a.fingerprint(), a.clone().fingerprint());
        assert_ne!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn forbidden_and_classes() {
        let p = policy(vec![
            PasswordRule::Forbidden(vec!["Example1".into()]),
            PasswordRule::CharacterClasses(3),
        ]);
        assert_eq!(check(&p, "example1").len(), 2);
        assert!(check(&p, "Str0ng-pass").is_empty());
    }
}

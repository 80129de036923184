//! What makes a password weak beyond the documents' syntax (ours): a list of common words and
//! codes, the usual digit-for-letter spellings, and the site's own names.

use super::password::SiteNames;

/// Common passwords, defaults and product words that a guessing tool tries first (ours). Letters
/// are compared after undoing digit-for-letter spellings; words of five letters or more are also
/// refused inside a longer password.
pub const COMMON: &[&str] = &[
    "password",
    "passwort",
    "motdepasse",
    "admin",
    "administrator",
    "administrateur",
    "installer",
    "install",
    "operator",
    "user",
    "guest",
    "root",
    "superuser",
    "supervisor",
    "system",
    "manager",
    "default",
    "changeme",
    "welcome",
    "letmein",
    "secret",
    "login",
    "master",
    "test",
    "testing",
    "qwerty",
    "azerty",
    "qwertz",
    "asdfgh",
    "iloveyou",
    "monkey",
    "dragon",
    "football",
    "baseball",
    "sunshine",
    "princess",
    "shadow",
    "trustno",
    "hello",
    "summer",
    "winter",
    "spring",
    "autumn",
    "access",
    "service",
    "support",
    "office",
    "company",
    "telephone",
    "phone",
    "voicemail",
    "mailbox",
    "alcatel",
    "lucent",
    "omnipcx",
    "oxo",
    "omc",
    "nec",
    "univerge",
    "unify",
    "openscape",
    "siemens",
    "avaya",
    "cisco",
    "microsoft",
    "windows",
    "server",
    "database",
    "sql",
    "abc",
    "abcd",
    "1212",
    "1004",
    "2000",
    "2580",
    "0852",
    "6969",
    "1122",
    "1313",
    "5683",
    "1010",
    "2020",
    "0007",
    "112233",
    "121212",
    "123123",
    "159753",
    "147258",
    "696969",
    "101010",
    "111222",
    "12341234",
    "11223344",
    "88888888",
];

/// Lower case with the usual digit-for-letter spellings undone (`P@ssw0rd` -> `password`).
fn unleet(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            c => c,
        })
        .collect()
}

/// The letters of `text` once digits and signs around it are stripped (`admin2024!` -> `admin`).
fn core(text: &str) -> String {
    let lower = text.to_lowercase();
    let trimmed = lower.trim_matches(|c: char| !c.is_alphabetic());
    if trimmed.is_empty() {
        lower
    } else {
        trimmed.to_string()
    }
}

pub(super) fn is_common(pw: &str) -> bool {
    let spelled = unleet(pw);
    let forms = [pw.to_lowercase(), core(pw), core(&spelled), spelled.clone()];
    COMMON.iter().any(|w| {
        let word = w.chars().all(char::is_alphabetic);
        forms.iter().any(|f| f == w) || (word && w.len() >= 5 && spelled.contains(w))
    })
}

/// The words of the site's names worth refusing: each word of three letters or more, and each
/// name without its spaces.
pub(super) fn name_words(names: SiteNames) -> Vec<String> {
    let mut out = Vec::new();
    for name in names {
        let lower = name.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
            .collect();
        let joined: String = words.concat();
        out.extend(words.iter().map(|w| w.to_string()));
        if words.len() > 1 {
            out.push(joined);
        }
    }
    out
}

/// Whether `pw`, as typed or with its digit-for-letter spellings undone, contains `word`.
pub(super) fn contains(pw: &str, word: &str) -> bool {
    [pw.to_lowercase(), unleet(pw)]
        .iter()
        .any(|f| f.contains(word))
}

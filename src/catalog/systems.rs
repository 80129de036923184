//! Which operations reach a target system, and on whose authority: the document's own, our
//! translation to that system, or "the document predates this system: verify".
//!
//! A wizard names the systems its document was written for (`document.written_for`). An
//! operation list may wrap operations in `for_systems`: they apply only on the systems named, and
//! with a `translation` they are ours. Outside any wrapper, an operation whose effect depends on
//! the Windows release by its kind is "verify" on a system the document was not written for.

use super::{OpTemplate, TargetOs};

/// On whose authority an operation stands on the site's system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance<'a> {
    /// The document's own, on a system it was written for (or independent of the system).
    Document,
    /// Our translation to this system: the note names the system's own equivalent.
    Translated(&'a str),
    /// The document predates this system and nobody translated the operation.
    Verify,
}

impl OpTemplate {
    /// The operation itself, or the operations a `for_systems` wraps.
    pub fn leaves(&self) -> &[OpTemplate] {
        match self {
            OpTemplate::ForSystems { ops, .. } => ops,
            other => std::slice::from_ref(other),
        }
    }

    /// Whether what the operation does depends on the Windows release, by its kind: registry
    /// values change meaning and defaults, the audit categories grew subcategories in 2008, IIS 7
    /// replaced IIS 6's model. Firewall rules, accounts, NetBIOS, Remote Desktop and the rest mean
    /// the same on every release (the exporters write each release's syntax). A Windows service
    /// (they come and go between releases, unlike the product's own) and a manual step in
    /// Windows' own screens depend on the system too, but only their author knows it: they
    /// belong in a `for_systems`.
    pub fn depends_on_system(&self) -> bool {
        matches!(
            self,
            OpTemplate::Registry { .. }
                | OpTemplate::Audit { .. }
                | OpTemplate::IisExtension { .. }
                | OpTemplate::IisRemoveVirtualDirectory { .. }
                | OpTemplate::IisDenyAnonymousWrite { .. }
                | OpTemplate::IisRequireSsl { .. }
        )
    }

    /// The systems this operation can reach among `targets`: a `for_systems` names them, any
    /// other operation reaches all.
    pub fn reaches(&self, targets: &[TargetOs]) -> Vec<TargetOs> {
        match self {
            OpTemplate::ForSystems { systems, .. } => targets
                .iter()
                .copied()
                .filter(|t| systems.contains(t))
                .collect(),
            _ => targets.to_vec(),
        }
    }
}

/// The operations of `templates` that apply on `target`, each with its provenance. Without a
/// target (the site is not filled in yet) only the operations outside `for_systems` apply.
pub fn resolve<'a>(
    templates: impl IntoIterator<Item = &'a OpTemplate>,
    target: Option<TargetOs>,
    written_for: &[TargetOs],
) -> Vec<(&'a OpTemplate, Provenance<'a>)> {
    let documented = |t: TargetOs| written_for.is_empty() || written_for.contains(&t);
    let mut out = Vec::new();
    for template in templates {
        match (template, target) {
            (
                OpTemplate::ForSystems {
                    systems,
                    translation,
                    ops,
                },
                Some(t),
            ) if systems.contains(&t) => {
                let provenance = match translation {
                    Some(note) => Provenance::Translated(note),
                    None if documented(t) => Provenance::Document,
                    None => Provenance::Verify,
                };
                out.extend(ops.iter().map(|op| (op, provenance)));
            }
            (OpTemplate::ForSystems { .. }, _) => {}
            (op, Some(t)) if op.depends_on_system() && !documented(t) => {
                out.push((op, Provenance::Verify));
            }
            (op, _) => out.push((op, Provenance::Document)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ServiceStartup;

    fn service(name: &str) -> OpTemplate {
        OpTemplate::Service {
            name: name.into(),
            display: name.into(),
            startup: ServiceStartup::Disabled,
            stop: false,
        }
    }

    fn registry(value: &str) -> OpTemplate {
        OpTemplate::Registry {
            key: "SYSTEM\\CurrentControlSet\\Control\\Lsa".into(),
            value: value.into(),
            data: crate::catalog::RegistryData::Dword(1),
        }
    }

    fn manual(path: &str) -> OpTemplate {
        OpTemplate::Manual {
            path: path.into(),
            setting: "s".into(),
            value: "v".into(),
            note: None,
        }
    }

    fn names(resolved: &[(&OpTemplate, Provenance)]) -> Vec<(String, Provenance<'static>)> {
        resolved
            .iter()
            .map(|(op, p)| {
                let name = match op {
                    OpTemplate::Service { name, .. } => name.clone(),
                    OpTemplate::Manual { path, .. } => path.clone(),
                    OpTemplate::Registry { value, .. } => value.clone(),
                    _ => unreachable!(),
                };
                let p = match p {
                    Provenance::Translated(_) => Provenance::Translated("note"),
                    Provenance::Document => Provenance::Document,
                    Provenance::Verify => Provenance::Verify,
                };
                (name, p)
            })
            .collect()
    }

    #[test]
    fn each_system_gets_its_variant_with_its_provenance() {
        use TargetOs::*;
        let ops = vec![
            OpTemplate::ForSystems {
                systems: vec![WindowsServer2003],
                translation: None,
                ops: vec![manual("SCW > Select Server")],
            },
            OpTemplate::ForSystems {
                systems: vec![WindowsServer2008, WindowsServer2019],
                translation: Some("note".into()),
                ops: vec![manual("wf.msc")],
            },
            OpTemplate::ForSystems {
                systems: vec![WindowsServer2003, WindowsServer2012R2],
                translation: None,
                ops: vec![service("Browser")],
            },
            registry("RestrictAnonymous"),
            service("NEC MA4000 Arena"),
            manual("MA4000 Manager"),
        ];
        let written = [WindowsServer2003];
        let on = |t| names(&resolve(&ops, Some(t), &written));
        assert_eq!(
            on(WindowsServer2003),
            [
                ("SCW > Select Server".into(), Provenance::Document),
                ("Browser".into(), Provenance::Document),
                ("RestrictAnonymous".into(), Provenance::Document),
                ("NEC MA4000 Arena".into(), Provenance::Document),
                ("MA4000 Manager".into(), Provenance::Document),
            ]
        );
        assert_eq!(
            on(WindowsServer2012R2),
            [
                ("Browser".into(), Provenance::Verify),
                ("RestrictAnonymous".into(), Provenance::Verify),
                ("NEC MA4000 Arena".into(), Provenance::Document),
                ("MA4000 Manager".into(), Provenance::Document),
            ]
        );
        assert_eq!(
            on(WindowsServer2019),
            [
                ("wf.msc".into(), Provenance::Translated("note")),
                ("RestrictAnonymous".into(), Provenance::Verify),
                ("NEC MA4000 Arena".into(), Provenance::Document),
                ("MA4000 Manager".into(), Provenance::Document),
            ]
        );
        // No target yet: nothing system-specific.
        assert_eq!(names(&resolve(&ops, None, &written)).len(), 3);
        // A document that names no system: nothing to verify.
        assert_eq!(
            names(&resolve(&ops, Some(WindowsServer2012R2), &[]))[1],
            ("RestrictAnonymous".into(), Provenance::Document)
        );
    }
}

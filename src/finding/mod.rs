//! [`Finding`]: a rule a code breaks without becoming unreadable, the one type for every rule
//! set (EMVCo MPM, the CPM profile). A parse in lenient mode reports findings; strict mode and
//! the builders turn the first one into an [`Error`].
//!
//! This module imports only the error module, so that both EMV codecs can use it.

use core::fmt;

use crate::error::{Detail, Error, TagPath};

pub mod cpm;
pub mod mpm;

/// Which rule a [`Finding`] reports, by rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// A rule of EMVCo MPM v1.1 (or of safe display).
    Mpm(mpm::Rule),
    /// A rule of the CPM profile.
    Cpm(cpm::Rule),
}

impl Rule {
    /// The rule's stable kebab-case id (`format-ans`, `unsafe-text`, `track2`…). Ids are unique
    /// within a rule set; both sets call a character-set breach `format-…`.
    pub const fn id(self) -> &'static str {
        match self {
            Rule::Mpm(r) => r.id(),
            Rule::Cpm(r) => r.id(),
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl From<mpm::Rule> for Rule {
    fn from(r: mpm::Rule) -> Rule {
        Rule::Mpm(r)
    }
}

impl From<cpm::Rule> for Rule {
    fn from(r: cpm::Rule) -> Rule {
        Rule::Cpm(r)
    }
}

impl PartialEq<mpm::Rule> for Rule {
    fn eq(&self, other: &mpm::Rule) -> bool {
        *self == Rule::Mpm(*other)
    }
}

impl PartialEq<cpm::Rule> for Rule {
    fn eq(&self, other: &cpm::Rule) -> bool {
        *self == Rule::Cpm(*other)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// A rule breach that does not stop a parse: which rule, where, and what is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    /// Which rule.
    pub rule: Rule,
    /// Where (`62.05`; for CPM, `61.5F20`).
    pub path: TagPath,
    /// Byte offset of the data object (for CPM: into the decoded TLV; for a missing object:
    /// where the CRC starts).
    pub offset: usize,
    detail: Detail,
}

impl Finding {
    pub(crate) fn new(rule: impl Into<Rule>, path: TagPath, offset: usize, problem: impl Into<Detail>) -> Finding {
        Finding { rule: rule.into(), path, offset, detail: problem.into() }
    }

    /// What is wrong, in words.
    pub fn message(&self) -> impl fmt::Display + '_ {
        &self.detail
    }

    /// The finding as the error a strict parse or a builder reports.
    pub(crate) fn to_error(self) -> Error {
        Error::new(self.detail, self.offset, Some(self.path))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Finding", 4)?;
        st.serialize_field("rule", self.rule.id())?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("offset", &self.offset)?;
        st.serialize_field("message", &alloc::string::ToString::to_string(&self.detail))?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn a_rule_is_its_set_rule_by_id_display_and_equality() {
        for &r in mpm::Rule::ALL {
            let rule = Rule::from(r);
            assert_eq!(rule, Rule::Mpm(r));
            assert_eq!((rule.id(), rule.to_string()), (r.id(), r.id().to_string()));
            assert!(rule == r);
            assert!(mpm::Rule::ALL.iter().filter(|&&other| other != r).all(|&other| rule != other));
            assert!(cpm::Rule::ALL.iter().all(|&c| rule != c), "{r} is no CPM rule");
        }
        for &r in cpm::Rule::ALL {
            let rule = Rule::from(r);
            assert_eq!(rule, Rule::Cpm(r));
            assert_eq!((rule.id(), rule.to_string()), (r.id(), r.id().to_string()));
            assert!(rule == r);
            assert!(cpm::Rule::ALL.iter().filter(|&&other| other != r).all(|&other| rule != other));
            assert!(mpm::Rule::ALL.iter().all(|&m| rule != m), "{r} is no MPM rule");
        }
        // The same id in both sets is still two rules.
        assert_eq!(mpm::Rule::Ans.id(), cpm::Rule::Ans.id());
        assert_ne!(Rule::from(mpm::Rule::Ans), Rule::from(cpm::Rule::Ans));
    }
}

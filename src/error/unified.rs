//! Why a unified code could not be made or read.

use super::kind::ErrorKind;
use super::quote::Quote;

/// Why a unified code could not be made or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Problem {
    #[error("a unified code carries at least one legacy code")]
    NothingToCarry,
    #[error("the unified code needs {chars} characters; EMVCo allows at most 512 (carry fewer or shorter codes)")]
    TooLong { chars: usize },
    #[error("the codes need {needed} merchant account templates; only 26-51 (26) exist")]
    TooManyTemplates { needed: usize },
    #[error("character {found} cannot be carried: a carried code is printable ASCII only")]
    NotAns { found: Quote<8> },
    #[error("the amount is in currency {found}; a unified code is in CNY (156), so it cannot carry it")]
    ForeignAmount { found: Quote<8> },
    #[error("unified code format version {found} is not one this reader knows (it reads version 1); refuse the code rather than guess")]
    UnknownVersion { found: Quote<8> },
    #[error("template 80 of a unified code has no format version (80.01)")]
    NoVersion,
    #[error("sub-ID {sub:02} has no place in template {id:02} of a unified code")]
    UnexpectedSub { id: u8, sub: u8 },
    #[error("ID {id:02} has no place in a unified code")]
    UnexpectedObject { id: u8 },
    #[error("ID {id:02} follows {after:02}: a unified code writes each data object once, in ascending ID order")]
    OutOfOrder { id: u8, after: u8 },
    #[error("template {id:02} stands where {expected:02} should: carried-code templates start at 26 and take consecutive IDs")]
    TemplateGap { id: u8, expected: u8 },
    #[error("GUID {found} in template {id:02} is not in the unified code's registry")]
    UnknownGuid { id: u8, found: Quote<8> },
    #[error("continuation part in template {id:02} follows no full template of the same GUID")]
    OrphanContinuation { id: u8 },
    #[error("template {id:02} of a unified code holds no code part (05 or 91)")]
    EmptyTemplate { id: u8 },
    #[error("template {id:02} names {named} by its GUID but carries {carried}")]
    ProviderMismatch { id: u8, named: &'static str, carried: &'static str },
    #[error("a unified code's amount is in CNY: 53 must be 156, found {found}")]
    NotCny { found: Quote<8> },
    #[error("{id:02} of a unified code must be {expected}, found {found}")]
    FixedValue { id: u8, expected: &'static str, found: Quote<8> },
    #[error("the code is static (01 is 11 or absent) but {why}: a dynamic unified code says 12 in 01")]
    StaticButDynamic { why: &'static str },
    #[error("data object {id:02} cannot be carried by a unified code: {why}")]
    CannotCarry { id: u8, why: &'static str },
}

impl Problem {
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            Problem::NothingToCarry | Problem::EmptyTemplate { .. } | Problem::NoVersion => ErrorKind::MissingField,
            Problem::TooLong { .. } | Problem::TooManyTemplates { .. } => ErrorKind::CapacityExceeded,
            Problem::NotAns { .. } => ErrorKind::InvalidCharacter,
            Problem::ForeignAmount { .. } | Problem::ProviderMismatch { .. } | Problem::CannotCarry { .. } => {
                ErrorKind::WrongFormat
            }
            Problem::UnknownVersion { .. }
            | Problem::UnexpectedSub { .. }
            | Problem::UnexpectedObject { .. }
            | Problem::OutOfOrder { .. }
            | Problem::TemplateGap { .. }
            | Problem::UnknownGuid { .. }
            | Problem::OrphanContinuation { .. }
            | Problem::NotCny { .. }
            | Problem::FixedValue { .. } => ErrorKind::InvalidValue,
            Problem::StaticButDynamic { .. } => ErrorKind::FieldConflict,
        }
    }
}

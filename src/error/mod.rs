//! The crate's one error type.
//!
//! Every failure carries an [`ErrorKind`] (stable, machine-readable, a kebab-case id via
//! [`ErrorKind::id`]), the byte offset in the input where the problem starts, a
//! [`TagPath`] when the problem sits inside a data object, and a message that says what is
//! wrong and, where it helps, what to do. Building an error never allocates, so the
//! borrowed fast path stays allocation-free even when it fails.
//!
//! The modules that raise errors import their problems from here, and this module imports
//! none of them: `kind` and `path` hold the public [`ErrorKind`] and [`TagPath`], `quote` the
//! one way a message quotes input, and one file per family holds its problems and their
//! messages (`input` for the input as a whole, `mpm`, `cpm`, `paycode`, `providers` for the
//! providers' own merchant codes, `unified`). What a message needs from a family (a data
//! object's or tag's name, a character set) comes from a leaf file of that family that
//! imports nothing but `text`.

use core::fmt;

mod kind;
mod path;
mod quote;

pub(crate) mod cpm;
pub(crate) mod input;
pub(crate) mod mpm;
pub(crate) mod paycode;
pub(crate) mod providers;
pub(crate) mod unified;

pub use kind::ErrorKind;
pub use path::{ObjectPath, TagPath};
pub(crate) use quote::Quote;

pub(crate) use input::Empty;

/// The error for a value that is none of the allowed ones: the crate's `WrongFormat` kind,
/// with the offending text quoted.
pub(crate) fn wrong_value(what: &'static str, expected: &'static str, found: &str, at: usize) -> Error {
    Error::new(providers::Problem::WrongValue { what, expected, found: Quote::new(found) }, at, None)
}

/// The message of an error, by the part of the crate that raised it.
///
/// Kept private so that messages can improve without breaking callers, who match on
/// [`ErrorKind`] instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Detail {
    /// The input as a whole: empty, a hidden character, no known format.
    #[error("{0}")]
    Input(#[from] input::Problem),
    #[error("{0}")]
    Mpm(#[from] mpm::Problem),
    #[error("{0}")]
    Cpm(#[from] cpm::Problem),
    #[error("{0}")]
    PaymentCode(#[from] paycode::Problem),
    /// A provider's own merchant code (URL or app link).
    #[error("{0}")]
    Legacy(#[from] providers::Problem),
    #[error("{0}")]
    Unified(#[from] unified::Problem),
}

impl Detail {
    fn kind(&self) -> ErrorKind {
        match self {
            Detail::Input(p) => p.kind(),
            Detail::Mpm(p) => p.kind(),
            Detail::Cpm(p) => p.kind(),
            Detail::PaymentCode(p) => p.kind(),
            Detail::Legacy(p) => p.kind(),
            Detail::Unified(p) => p.kind(),
        }
    }
}

impl From<Empty> for Detail {
    fn from(what: Empty) -> Detail {
        Detail::Input(what.into())
    }
}

/// Why an input could not be parsed, or a value could not be encoded.
///
/// `Display` gives a one-line message that quotes the offending bytes and says where:
/// `CRC mismatch: payload says 84E1, computed D1A3 (at byte 139, in 63)`.
#[derive(Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{detail} (at byte {offset}{})", PathSuffix(self.path))]
pub struct Error {
    detail: Detail,
    offset: usize,
    path: Option<TagPath>,
}

struct PathSuffix(Option<TagPath>);

impl fmt::Display for PathSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(p) => write!(f, ", in {p}"),
            None => Ok(()),
        }
    }
}

impl Error {
    pub(crate) fn new(detail: impl Into<Detail>, offset: usize, path: Option<TagPath>) -> Error {
        Error { detail: detail.into(), offset, path }
    }

    /// The same problem at another place: a code found inside a larger input (a template's
    /// value) reports where it sits in what the caller passed in.
    pub(crate) fn relocated(mut self, offset: usize, path: Option<TagPath>) -> Error {
        self.offset = offset;
        self.path = path;
        self
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ErrorKind {
        self.detail.kind()
    }

    /// Byte offset in the input where the problem starts. For consumer-presented codes this
    /// is an offset into the decoded binary TLV (see [`crate::emv::cpm`]).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The data object the problem sits in, if any (`62.05`).
    pub fn path(&self) -> Option<TagPath> {
        self.path
    }

    /// The same error, moved by `by` bytes: used when a code is found inside a larger input
    /// (a wrapper URL, a template) so that offsets stay relative to what the caller passed in.
    #[must_use]
    pub fn shifted(mut self, by: usize) -> Error {
        self.offset = self.offset.saturating_add(by);
        self
    }

    /// The message without the location suffix.
    pub fn message(&self) -> impl fmt::Display + '_ {
        &self.detail
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind())
            .field("offset", &self.offset)
            .field("path", &self.path)
            .field("message", &format_args!("{}", self.detail))
            .finish()
    }
}

// Errors are returned by value on every path, the allocation-free borrowed parsers'
// included, and are built without allocating: every problem keeps its quoted input inline. A
// variant that grew `Error` would make every `Result` the crate returns larger, so the size is
// pinned here (96 bytes on 64-bit targets: the largest problem, a merchant-code one with a
// 24-byte quote and two `&'static str`s, then the offset and the tag path).
const _: () = assert!(core::mem::size_of::<Error>() <= 96);

/// The crate's result type.
pub type Result<T, E = Error> = core::result::Result<T, E>;

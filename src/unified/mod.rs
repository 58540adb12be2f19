//! Placeholder module root; see the issue that builds it.

use crate::error::ErrorKind;

/// Why the input was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Problem {
    #[error("unrecognised")]
    Unrecognised,
}

impl Problem {
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            Problem::Unrecognised => ErrorKind::Unrecognised,
        }
    }
}

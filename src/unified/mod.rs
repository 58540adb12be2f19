//! The unified code (being written; see /work/unified_wip.rs until the providers API lands).

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

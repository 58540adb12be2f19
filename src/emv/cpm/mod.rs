//! EMVCo Consumer-Presented Mode (CPM).

use crate::error::ErrorKind;

/// Why a CPM payload could not be parsed or built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Problem {
    #[error("not a consumer-presented code")]
    NotCpm,
}

impl Problem {
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            Problem::NotCpm => ErrorKind::WrongFormat,
        }
    }
}

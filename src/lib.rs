//! # hutong (互通): interoperable China payment QR codes
//!
//! See README.md for the tour.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Input never decides whether the library panics: no unwrap, expect, panic or unchecked
// indexing outside tests. The few table lookups whose index is bounded by construction
// (a `u8` into a 256-entry table, a masked nibble) carry a local allow that says so.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod ecny;
pub mod emv;
mod error;
pub mod paycode;
mod provider;
pub mod providers;
mod recognise;
pub mod text;
pub mod unified;

pub use error::{Error, ErrorKind, Result, TagPath};
pub use provider::{Provider, UnknownProvider};
pub use recognise::{guess_kind, recognise, recognise_with, Code, Finding, Kind, Recognised};

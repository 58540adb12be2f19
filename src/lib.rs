//! # hutong (互通): interoperable China payment QR codes
//!
//! See README.md for the tour.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

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

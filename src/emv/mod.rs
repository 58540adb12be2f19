//! The EMVCo QR wire formats: merchant-presented ([`mpm`]), consumer-presented ([`cpm`]) and
//! their checksum ([`crc16`]).

pub mod cpm;
mod crc;
pub mod mpm;

pub(crate) use crc::parse_hex4;
pub use crc::{crc16, crc_hex};

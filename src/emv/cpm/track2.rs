//! Track 2 Equivalent Data (57) and the other nibble-packed values (5A cn, n fields): each
//! byte holds two decimal digits, so none of them may be read as text.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::cpm::Problem;
use crate::error::{Error, Result};

/// The fields of Track 2 Equivalent Data (57): `PAN D YYMM service-code discretionary`,
/// padded with `F` to whole bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Track2 {
    /// Primary account number (or payment token), 1–19 digits.
    pub pan: String,
    /// Expiry date, `YYMM`.
    pub expiry: String,
    /// Service code, 3 digits.
    pub service_code: String,
    /// Discretionary data, digits (possibly none).
    pub discretionary: String,
}

/// Longest PAN (ISO/IEC 7812).
const MAX_PAN: usize = 19;

impl Track2 {
    /// Decodes the bytes of 57; `None` when they are not digits, a `D` separator, a 4-digit
    /// expiry and a 3-digit service code, with at most one `F` pad at the end.
    pub fn decode(bytes: &[u8]) -> Option<Track2> {
        let mut nibbles: Vec<u8> = bytes.iter().flat_map(|&b| [b >> 4, b & 0x0F]).collect();
        if nibbles.last() == Some(&0xF) {
            nibbles.pop();
        }
        let sep = nibbles.iter().position(|&n| n == 0xD)?;
        let (pan, rest) = (nibbles.get(..sep)?, nibbles.get(sep + 1..)?);
        if pan.is_empty() || pan.len() > MAX_PAN || rest.len() < 7 {
            return None;
        }
        let digits =
            |ns: &[u8]| -> Option<String> { ns.iter().map(|&n| (n <= 9).then_some((b'0' + n) as char)).collect() };
        Some(Track2 {
            pan: digits(pan)?,
            expiry: digits(rest.get(..4)?)?,
            service_code: digits(rest.get(4..7)?)?,
            discretionary: digits(rest.get(7..)?)?,
        })
    }

    /// The bytes of 57. Fails (kind [`InvalidValue`](crate::ErrorKind::InvalidValue)) when a
    /// field is not digits or has the wrong number of them.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let bad = |why| Err(Error::new(Problem::Builder { what: "Track 2 equivalent data (57)", why }, 0, None));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if self.pan.is_empty() || self.pan.len() > MAX_PAN || !all_digits(&self.pan) {
            return bad("needs a PAN of 1-19 digits");
        }
        if self.expiry.len() != 4 || !all_digits(&self.expiry) {
            return bad("needs a 4-digit expiry date YYMM");
        }
        if self.service_code.len() != 3 || !all_digits(&self.service_code) {
            return bad("needs a 3-digit service code");
        }
        if !all_digits(&self.discretionary) {
            return bad("discretionary data must be digits");
        }
        let nibbles = self.pan.bytes().map(|b| b - b'0').chain([0xD]).chain(
            [&self.expiry, &self.service_code, &self.discretionary]
                .into_iter()
                .flat_map(|s| s.bytes())
                .map(|b| b - b'0'),
        );
        Ok(pack(nibbles))
    }
}

/// `PAN D YYMM SSS discretionary`, as the nibbles read.
impl fmt::Display for Track2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}D{}{}{}", self.pan, self.expiry, self.service_code, self.discretionary)
    }
}

/// Packs nibbles two to a byte, padding the last byte with `F`.
pub(super) fn pack(nibbles: impl Iterator<Item = u8>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut high: Option<u8> = None;
    for n in nibbles {
        match high.take() {
            None => high = Some(n),
            Some(h) => out.push((h << 4) | (n & 0x0F)),
        }
    }
    if let Some(h) = high {
        out.push((h << 4) | 0x0F);
    }
    out
}

/// Format cn (5A): digits left-justified, padded with trailing `F`s; `None` if anything else.
pub(super) fn decode_cn(bytes: &[u8]) -> Option<String> {
    let mut s = String::with_capacity(bytes.len() * 2);
    let mut padding = false;
    for n in bytes.iter().flat_map(|&b| [b >> 4, b & 0x0F]) {
        match n {
            0..=9 if !padding => s.push((b'0' + n) as char),
            0xF => padding = true,
            _ => return None,
        }
    }
    (!s.is_empty()).then_some(s)
}

/// Format n (9F19, 9F25): digits right-justified, padded with leading zeros; every nibble
/// is a digit. Gives every digit as written.
pub(super) fn decode_n(bytes: &[u8]) -> Option<String> {
    bytes.iter().flat_map(|&b| [b >> 4, b & 0x0F]).map(|n| (n <= 9).then_some((b'0' + n) as char)).collect()
}

/// Digits as format n: right-justified in `len` bytes, left-padded with zeros.
pub(super) fn encode_n(digits: &str, len: usize) -> Option<Vec<u8>> {
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > len * 2 {
        return None;
    }
    let pad = len * 2 - digits.len();
    Some(pack(core::iter::repeat_n(0, pad).chain(digits.bytes().map(|b| b - b'0'))))
}

/// Digits as format cn: left-justified, `F`-padded to whole bytes.
pub(super) fn encode_cn(digits: &str) -> Option<Vec<u8>> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(pack(digits.bytes().map(|b| b - b'0')))
}

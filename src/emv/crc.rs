//! The EMVCo QR checksum: CRC-16/CCITT-FALSE (CRC-16/IBM-3740: polynomial 0x1021, initial
//! value 0xFFFF, no reflection, no final XOR) over the UTF-8 bytes of the payload up to and
//! including the `6304` that introduces the CRC object.

use crc::{Crc, Table, CRC_16_IBM_3740};

/// Slice-by-16: the payloads are short, but the table turns a byte-at-a-time loop into one
/// that consumes 16 bytes per step, which is most of the parse time saved.
static CCITT_FALSE: Crc<u16, Table<16>> = Crc::<u16, Table<16>>::new(&CRC_16_IBM_3740);

/// CRC-16/CCITT-FALSE of `bytes`.
///
/// ```
/// assert_eq!(hutong::emv::crc16(b"123456789"), 0x29B1);
/// ```
#[inline]
pub fn crc16(bytes: &[u8]) -> u16 {
    CCITT_FALSE.checksum(bytes)
}

/// The four upper-case hex digits EMVCo writes for a CRC value.
#[inline]
#[allow(clippy::indexing_slicing)] // every index is masked to 0..=15
pub fn crc_hex(crc: u16) -> [u8; 4] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    [
        HEX[(crc >> 12) as usize & 0xF],
        HEX[(crc >> 8) as usize & 0xF],
        HEX[(crc >> 4) as usize & 0xF],
        HEX[crc as usize & 0xF],
    ]
}

/// Parses four hex digits of either case.
pub(crate) fn parse_hex4(s: &[u8]) -> Option<u16> {
    if s.len() != 4 {
        return None;
    }
    let mut v: u16 = 0;
    for &b in s {
        let d = (b as char).to_digit(16)?;
        v = (v << 4) | d as u16;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_values() {
        assert_eq!(crc16(b"123456789"), 0x29B1);
        assert_eq!(&crc_hex(0x0A3F), b"0A3F");
        assert_eq!(parse_hex4(b"a13A"), Some(0xA13A));
        assert_eq!(parse_hex4(b"A13G"), None);
    }
}

//! The EMVCo QR checksum: CRC-16/CCITT-FALSE (CRC-16/IBM-3740: polynomial 0x1021, initial
//! value 0xFFFF, no reflection, no final XOR) over the UTF-8 bytes of the payload up to and
//! including the `6304` that introduces the CRC object.

use crc::{Crc, Table, CRC_16_IBM_3740};

/// Slice-by-16: the payloads are short, but the table turns a byte-at-a-time loop into one
/// that consumes 16 bytes per step, which is most of the parse time saved.
static CCITT_FALSE: Crc<u16, Table<16>> = Crc::<u16, Table<16>>::new(&CRC_16_IBM_3740);

/// CRC-16/CCITT-FALSE of `bytes`.
///
/// The crate's tables, with a loop of our own: its loop checks every one of the 16 indices
/// against the slice, where sixteen-byte chunks need no check (a quarter of the instructions
/// at a payload's length).
///
/// ```
/// assert_eq!(hutong::emv::crc16(b"123456789"), 0x29B1);
/// ```
#[inline]
#[allow(clippy::indexing_slicing)] // `u8`s into 256-entry tables
pub fn crc16(bytes: &[u8]) -> u16 {
    let t = CCITT_FALSE.table();
    let mut crc = CRC_16_IBM_3740.init;
    let mut chunks = bytes.chunks_exact(16);
    for chunk in chunks.by_ref() {
        let Some(&(mut c)) = chunk.first_chunk::<16>() else { break };
        let [hi, lo] = crc.to_be_bytes();
        c[0] ^= hi;
        c[1] ^= lo;
        // Table k advances a byte through k more bytes of zeros: the last byte takes table 0.
        crc = c.iter().rev().zip(t).fold(0, |crc, (&b, table)| crc ^ table[usize::from(b)]);
    }
    for &b in chunks.remainder() {
        crc = t[0][usize::from((crc >> 8) as u8 ^ b)] ^ (crc << 8);
    }
    crc
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

    #[test]
    fn the_sixteen_byte_loop_agrees_with_the_crate_at_every_length() {
        let data: alloc::vec::Vec<u8> = (0..80u8).map(|i| i.wrapping_mul(37) ^ 0x5A).collect();
        for len in 0..=data.len() {
            assert_eq!(crc16(&data[..len]), CCITT_FALSE.checksum(&data[..len]), "{len} bytes");
        }
    }

    #[test]
    fn hex_digits_of_either_case_and_nothing_else() {
        assert_eq!(parse_hex4(b"09af"), Some(0x09AF));
        assert_eq!(parse_hex4(b"F0e1"), Some(0xF0E1));
        for bad in [&b"GG00"[..], b"00GG", b"G00G", b"0G0G", b"/000", b":000", b"@000", b"`000", b"g000", b" 000"] {
            assert_eq!(parse_hex4(bad), None, "{bad:?}");
        }
        for (i, d) in [b'1', b'2', b'3', b'4'].into_iter().enumerate() {
            let mut s = *b"0000";
            s[i] = d;
            assert_eq!(parse_hex4(&s), Some(u16::from(d - b'0') << (12 - 4 * i)), "{s:?}");
        }
        assert_eq!(parse_hex4(b"ABC"), None);
        assert_eq!(parse_hex4(b"ABCDE"), None);
    }
}

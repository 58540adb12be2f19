//! The short fields of merchant codes, a few to a few dozen bytes, read a block at a time: the
//! search for a byte eight bytes at a time (a call to memchr costs more than the search), and
//! the byte-class check sixteen at a time, written so that the compiler makes vector code of
//! it (a loop over the field never reaches its vector body on such lengths).

/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// `b` in every byte.
#[inline(always)]
const fn splat(b: u8) -> u64 {
    ONES * b as u64
}

/// The high bit of each zero byte of `w` (any bytes): exact, no carry crosses a byte.
#[inline(always)]
const fn zero_bytes(w: u64) -> u64 {
    !((w & !HIGH).wrapping_add(!HIGH) | w) & HIGH
}

/// The word of the eight bytes of `b` from `i`, when there are eight.
#[inline(always)]
fn word_at(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..).and_then(<[u8]>::first_chunk::<8>).map(|w| u64::from_le_bytes(*w))
}

/// The index of the first `needle` in `hay`.
#[inline]
pub(crate) fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    find_where(hay, |w| zero_bytes(w ^ splat(needle)), |b| b == needle)
}

/// The index of the first byte of `hay` that `byte` matches; `word` sets the high bit of the
/// matching bytes of eight.
#[inline(always)]
fn find_where(hay: &[u8], word: impl Fn(u64) -> u64, byte: impl Fn(u8) -> bool) -> Option<usize> {
    let Some(last) = hay.last_chunk::<8>() else {
        return hay.iter().position(|&b| byte(b));
    };
    let mut i = 0;
    while let Some(w) = word_at(hay, i) {
        let z = word(w);
        if z != 0 {
            return Some(i + (z.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    // The last eight bytes overlap those already searched, which hold no match: the first
    // match among them is the first in `hay`.
    let z = word(u64::from_le_bytes(*last));
    (z != 0).then(|| hay.len() - 8 + (z.trailing_zeros() / 8) as usize)
}

/// Whether `ok` holds for every byte of `b`. `ok` is to be made of comparisons only (no table
/// lookup), so that a block of 16 bytes is a few vector instructions; blocks overlap at the
/// end, two halves of 8 or 4 bytes make a shorter field's block, and fewer than four bytes are
/// read one by one.
#[inline(always)]
pub(crate) fn all_bytes(b: &[u8], ok: impl Fn(u8) -> bool + Copy) -> bool {
    let block = |c: &[u8]| c.iter().fold(true, |all, &x| all & ok(x));
    if let Some(last) = b.last_chunk::<16>() {
        let mut i = 0;
        while let Some(c) = b.get(i..).and_then(<[u8]>::first_chunk::<16>) {
            if !block(c) {
                return false;
            }
            i += 16;
        }
        block(last)
    } else if let (Some(first), Some(last)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        block(first) & block(last)
    } else if let (Some(first), Some(last)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        block(first) & block(last)
    } else {
        b.iter().all(|&c| ok(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn byte_search_agrees_with_a_plain_scan() {
        let hay: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for len in 0..hay.len() {
            for at in 0..=len {
                let mut h = hay.get(..len).unwrap().to_vec();
                if let Some(b) = h.get_mut(at) {
                    *b = b'&';
                }
                // A second needle later, and bytes that differ from the needle by one bit or
                // one borrow, must not move the answer.
                if let Some(b) = h.get_mut(at + 3) {
                    *b = b'&';
                }
                h.extend_from_slice(b"\x80\xA6%'");
                let want = h.iter().position(|&b| b == b'&');
                assert_eq!(find_byte(&h, b'&'), want, "{h:?}");
                assert_eq!(find_byte(h.get(..len).unwrap(), b'&'), want.filter(|&w| w < len), "{h:?}");
            }
        }
        assert_eq!(find_byte(b"\xA6\xA6\xA6\xA6\xA6\xA6\xA6\xA6&", b'&'), Some(8));
        assert_eq!(find_byte(b"\x27\x26", b'&'), Some(1));
        assert_eq!(find_byte(b"\x00\x01\x26\x26\x00\x00\x00\x00\x00", b'&'), Some(2));
    }

    #[test]
    fn all_bytes_reads_every_byte_of_every_length() {
        let digit = |c: u8| c.is_ascii_digit();
        for len in 0..40 {
            let good: Vec<u8> = (0..len).map(|i| b'0' + (i % 10) as u8).collect();
            assert!(all_bytes(&good, digit), "{len}");
            for at in 0..len {
                for bad in [b'a', b'/', b':', 0x80, 0xB0, 0xFF] {
                    let mut v = good.clone();
                    if let Some(b) = v.get_mut(at) {
                        *b = bad;
                    }
                    assert!(!all_bytes(&v, digit), "{len} {at} {bad}");
                }
            }
        }
    }
}

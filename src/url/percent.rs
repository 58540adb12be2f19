//! Percent-escapes: the check that each `%` starts one, and decoding and encoding them with
//! the `percent-encoding` crate.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

use super::word::{all_bytes, find_byte};
use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};

/// What [`percent_encode_component`] escapes: everything but RFC 3986 unreserved characters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Checks that the `%` at `i` is followed by two hex digits.
#[inline]
pub(crate) fn check_escape(bytes: &[u8], i: usize, at: usize) -> Result<()> {
    match bytes.get(i + 1..i + 3) {
        Some([h, l]) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => Ok(()),
        _ => {
            let found = bytes.get(i..bytes.len().min(i + 3)).unwrap_or_default();
            Err(Error::new(Problem::BadPercent { found: Quote::new(found) }, at + i, None))
        }
    }
}

/// Checks that every `%` of `bytes` starts an escape; the offset of the first `%`, if any.
fn check_escapes(bytes: &[u8]) -> Result<Option<usize>> {
    let mut first = None;
    for i in memchr::memchr_iter(b'%', bytes) {
        check_escape(bytes, i, 0)?;
        first.get_or_insert(i);
    }
    Ok(first)
}

/// The error for escapes of `s` that do not decode to UTF-8, at its first `%`.
#[cold]
fn not_utf8(s: &str, first: usize) -> Error {
    Error::new(Problem::NotUtf8 { found: Quote::new(s) }, first, None)
}

/// Decodes `%XX` escapes (RFC 3986; `+` stays `+`). Borrows when there is nothing to decode.
/// Errors: a `%` without two hex digits, or escapes that do not decode to UTF-8
/// ([`InvalidUrl`](crate::ErrorKind::InvalidUrl), offsets relative to `s`).
pub fn percent_decode(s: &str) -> Result<Cow<'_, str>> {
    let bytes = s.as_bytes();
    let Some(first) = check_escapes(bytes)? else {
        return Ok(Cow::Borrowed(s));
    };
    // One allocation: decoding never lengthens the text.
    let mut out = vec![0; bytes.len()];
    let len = decode_escapes_into(bytes, &mut out).map_or(0, <[u8]>::len);
    out.truncate(len);
    String::from_utf8(out).map(Cow::Owned).map_err(|_| not_utf8(s, first))
}

/// `s`, whose escapes are checked already ([`check_escape`]), decoded into `buf` instead of
/// the heap. Errors: a `buf` too short for the decoded text, or escapes that do not decode to
/// UTF-8 ([`InvalidUrl`](crate::ErrorKind::InvalidUrl) at the first `%`, as
/// [`percent_decode`] reports it).
pub(crate) fn percent_decode_into<'b>(s: &str, buf: &'b mut [u8]) -> Result<&'b str> {
    let max = buf.len();
    let Some(decoded) = decode_escapes_into(s.as_bytes(), buf) else {
        return Err(Error::new(Problem::TooLong { len: s.len(), max }, max, None));
    };
    core::str::from_utf8(decoded).map_err(|_| not_utf8(s, memchr::memchr(b'%', s.as_bytes()).unwrap_or(0)))
}

/// `bytes` with its escapes decoded, written to `buf` (a `%` that starts no escape stays as
/// written); `None` when the result does not fit. `percent-encoding` decodes each escape; the
/// loop around it stays here, where it inlines (the crate's iterator is a call per byte).
pub(crate) fn decode_escapes_into<'b>(bytes: &[u8], buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut n = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (byte, step) = match bytes.get(i..i + 3) {
            Some(escape @ [b'%', h, l]) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                (percent_encoding::percent_decode(escape).next()?, 3)
            }
            _ => (b, 1),
        };
        *buf.get_mut(n)? = byte;
        n += 1;
        i += step;
    }
    buf.get(..n)
}

/// `bytes` decoded into `buf` when every byte is one `ok` allows or starts a `%XX` escape and
/// the result fits; `None` otherwise, and the caller's checks then say what is wrong. The runs
/// between escapes are checked and copied whole (`ok` is to vectorise, as for
/// [`all_bytes`]): a wrapped code is mostly such runs.
#[inline]
pub(crate) fn decode_checked<'b>(bytes: &[u8], ok: impl Fn(u8) -> bool + Copy, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut n = 0;
    let mut i = 0;
    loop {
        // Escapes often follow one another (a name in Chinese is nothing else): each is
        // decoded as it comes, without the search and copy of a run.
        while let Some([b'%', high, low, ..]) = bytes.get(i..) {
            *buf.get_mut(n)? = hex_digit(*high)? << 4 | hex_digit(*low)?;
            n += 1;
            i += 3;
        }
        let rest = bytes.get(i..)?;
        if rest.is_empty() {
            return buf.get(..n);
        }
        // A run of text up to the next escape; none when a `%` here starts no escape.
        let run = find_byte(rest, b'%').unwrap_or(rest.len());
        let text = rest.get(..run).filter(|t| !t.is_empty())?;
        if !all_bytes(text, ok) {
            return None;
        }
        buf.get_mut(n..n + run)?.copy_from_slice(text);
        n += run;
        i += run;
    }
}

/// [`hex_digit`] of every byte, `u8::MAX` for a byte that is no hex digit.
static HEX_VALUES: [u8; 256] = hex_table();

// Indices are loop counters below 256, in a const fn where `get` is not available.
#[allow(clippy::indexing_slicing)]
const fn hex_table() -> [u8; 256] {
    let mut table = [u8::MAX; 256];
    let mut b = 0;
    while b < table.len() {
        if let Some(v) = hex_digit(b as u8) {
            table[b] = v;
        }
        b += 1;
    }
    table
}

/// [`hex_digit`] by one load, `u8::MAX` for a byte that is no hex digit: a few digits are
/// checked at once by or-ing their values.
#[inline(always)]
#[allow(clippy::indexing_slicing)] // a u8 always indexes a 256-entry table
pub(crate) fn hex_value(b: u8) -> u8 {
    HEX_VALUES[b as usize]
}

/// The value of a hex digit.
#[inline(always)]
pub(crate) const fn hex_digit(h: u8) -> Option<u8> {
    // Two range tests, no branch per case: setting bit 0x20 lower-cases a letter.
    let digit = h.wrapping_sub(b'0');
    let letter = (h | 0x20).wrapping_sub(b'a');
    if digit < 10 {
        Some(digit)
    } else if letter < 6 {
        Some(letter + 10)
    } else {
        None
    }
}

/// Escapes everything but RFC 3986 unreserved characters (letters, digits, `-._~`) as
/// upper-case `%XX`: the spelling the providers' wrappers use for an inner code.
pub fn percent_encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    out.extend(percent_encoding::utf8_percent_encode(s, COMPONENT));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert!(matches!(percent_decode("abc"), Ok(Cow::Borrowed("abc"))));
        assert_eq!(percent_decode("a%2Fb%2fc%E5%BC%A0+").unwrap(), "a/b/c张+");
        assert_eq!(percent_decode("a%2").unwrap_err().offset(), 1);
        assert_eq!(percent_decode("a%zz").unwrap_err().kind(), crate::ErrorKind::InvalidUrl);
        assert_eq!(percent_decode("%FF").unwrap_err().kind(), crate::ErrorKind::InvalidUrl);
        assert_eq!(percent_encode_component("https://a.b/c?d=e f~"), "https%3A%2F%2Fa.b%2Fc%3Fd%3De%20f~");
        assert_eq!(percent_encode_component("张"), "%E5%BC%A0");
    }

    #[test]
    fn decoding_on_the_stack_agrees_with_the_heap() {
        let mut buf = [0u8; 32];
        for s in ["", "abc", "a%2Fb%2fc%E5%BC%A0+", "%FF", "a%E5%BC"] {
            let heap = percent_decode(s).map(|d| d.into_owned()).map_err(|e| (e.kind(), e.offset()));
            let stack = percent_decode_into(s, &mut buf).map(String::from).map_err(|e| (e.kind(), e.offset()));
            assert_eq!(stack, heap, "{s}");
        }
        let long = "%41".repeat(33);
        assert_eq!(percent_decode_into(&long, &mut buf).unwrap_err().kind(), crate::ErrorKind::TooLong);
        assert_eq!(decode_escapes_into(b"%41%42", &mut [0u8; 2]), Some(b"AB".as_slice()));
        assert_eq!(decode_escapes_into(b"%41%42", &mut [0u8; 1]), None);
        assert_eq!(decode_escapes_into(b"a%%41%4%zz%", &mut [0u8; 16]), Some(b"a%A%4%zz%".as_slice()));
    }

    #[test]
    fn checked_decoding_takes_only_allowed_bytes_and_whole_escapes() {
        let letters = |c: u8| c.is_ascii_alphabetic();
        let mut buf = [0u8; 8];
        let mut decode = |s: &str| decode_checked(s.as_bytes(), letters, &mut buf).map(<[u8]>::to_vec);
        assert_eq!(decode(""), Some(vec![]));
        assert_eq!(decode("ab%2Fc%e5%BC%a0d"), Some(b"ab/c\xE5\xBC\xA0d".to_vec()));
        assert_eq!(decode("%41%42"), Some(b"AB".to_vec()));
        for bad in ["a1", "a%", "a%4", "a%4g", "a%g4", "%%41", "ab%41/", "abcdefghi", "abcdefgh%41"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
        assert_eq!(decode("abcdefg%41"), Some(b"abcdefgA".to_vec()));
        // Escapes one after another, at the start, between runs and at the end.
        assert_eq!(decode("%e5%bc%a0ab%41%42c"), Some(b"\xE5\xBC\xA0abABc".to_vec()));
        assert_eq!(decode("%41%42%43%44%45%46%47%48"), Some(b"ABCDEFGH".to_vec()));
        for bad in ["%", "%4", "%41%", "%41%4", "%41%4g", "%41%g4", "%41a%", "%41a1", "%41%42%43%44%45%46%47%48%49"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
        for (h, v) in [(b'0', 0), (b'9', 9), (b'A', 10), (b'F', 15), (b'a', 10), (b'f', 15)] {
            assert_eq!(hex_digit(h), Some(v));
        }
        for h in [b'/', b':', b'@', b'G', b'`', b'g'] {
            assert_eq!(hex_digit(h), None);
        }
        for b in 0..=255u8 {
            assert_eq!(hex_value(b), hex_digit(b).unwrap_or(u8::MAX), "{b}");
        }
    }
}

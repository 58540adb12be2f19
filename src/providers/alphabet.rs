//! The character sets of the fields of merchant codes, and the scan for the first byte
//! outside one.

use core::fmt;

use crate::url::class::{url_byte_is, B64, URL_SAFE};
use crate::url::decode_checked;
use crate::url::word::{all_bytes, find_byte};

/// The character set a field allows, named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Alphabet {
    /// `[A-Za-z0-9]`.
    Alnum,
    /// `[0-9]`.
    Digits,
    /// `[0-9A-Fa-f]`.
    Hex,
    /// `[A-Za-z0-9_-]`.
    UrlSafe,
    /// `[A-Za-z0-9_-]` then optional `=` padding.
    UrlSafePadded,
    /// Base64 of either alphabet, `=` padding at the end; `+ / =` may be written `%2B %2F %3D`.
    Base64,
    /// A query value: RFC 3986 query characters except `&`, with valid `%XX` escapes.
    Value,
    /// A whole query: RFC 3986 query characters with valid `%XX` escapes.
    Query,
    /// A path: RFC 3986 path characters with valid `%XX` escapes.
    Path,
}

impl fmt::Display for Alphabet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Alphabet::Alnum => "only ASCII letters and digits",
            Alphabet::Digits => "only digits",
            Alphabet::Hex => "only hex digits",
            Alphabet::UrlSafe => "only letters, digits, '-' and '_'",
            Alphabet::UrlSafePadded => "only letters, digits, '-' and '_', then '=' padding",
            Alphabet::Base64 => {
                "only base64 (letters, digits, '+', '/', '-', '_'), then '=' padding; %2B %2F %3D allowed"
            }
            Alphabet::Value => "only URL query characters, others %-escaped ('&' separates parameters)",
            Alphabet::Query => "only URL query characters, others %-escaped",
            Alphabet::Path => "only URL path characters, others %-escaped",
        })
    }
}

/// The index of the first byte of `b` outside `alphabet`. A field is first checked a block
/// of bytes at a time (most are valid); only a refused one is read again byte by byte, for
/// the index. Inlined: with the alphabet known at the call, only its own check remains.
#[inline(always)]
pub(crate) fn first_bad(b: &[u8], alphabet: Alphabet) -> Option<usize> {
    match alphabet {
        Alphabet::Alnum => first_outside(b, is_alnum),
        Alphabet::Digits => first_outside(b, is_digit),
        Alphabet::Hex => first_outside(b, |c| is_digit(c) | ((c | 0x20).wrapping_sub(b'a') < 6)),
        Alphabet::UrlSafe => first_outside(b, is_url_safe),
        Alphabet::UrlSafePadded => {
            let body = b.len() - b.iter().rev().take_while(|&&c| c == b'=').count();
            first_outside(b.get(..body).unwrap_or_default(), is_url_safe)
        }
        Alphabet::Base64 => {
            if all_bytes(base64_body(b), |c| is_url_safe(c) | (c == b'+') | (c == b'/')) {
                None
            } else {
                first_bad_base64(b)
            }
        }
        Alphabet::Value => first_bad_escaped(b, is_value),
        Alphabet::Query => first_bad_escaped(b, is_query),
        Alphabet::Path => first_bad_escaped(b, is_path),
    }
}

/// The index of the first byte of `b` outside a class without escapes.
#[inline(always)]
fn first_outside(b: &[u8], ok: impl Fn(u8) -> bool + Copy) -> Option<usize> {
    if all_bytes(b, ok) {
        None
    } else {
        b.iter().position(|&c| !ok(c))
    }
}

/// `b` decoded into `buf` when it is a valid [`Alphabet::Value`] and fits.
#[inline]
pub(crate) fn decode_value<'b>(b: &[u8], buf: &'b mut [u8]) -> Option<&'b [u8]> {
    decode_checked(b, is_value, buf)
}

// The URL classes of class.rs by comparisons, which vectorise where its table does not: each
// is printable ASCII less a few ranges, written `(first byte, count)`.

/// `URL_PATH` (unreserved, sub-delims, `:`, `@`, `/`): without `"#`, `%`, `<`, `>?`, `[\]^`,
/// `` ` ``, `{|}`.
const PATH_OUT: [(u8, u8); 7] = [(b'"', 2), (b'%', 1), (b'<', 1), (b'>', 2), (b'[', 4), (b'`', 1), (b'{', 3)];
/// A query value (`URL_PATH` and `?`, without `&`): without `"#`, `%&`, `<`, `>`, `[\]^`, `` ` ``,
/// `{|}`.
const VALUE_OUT: [(u8, u8); 7] = [(b'"', 2), (b'%', 2), (b'<', 1), (b'>', 1), (b'[', 4), (b'`', 1), (b'{', 3)];
/// `URL_QUERY` (`URL_PATH`, `?` and `[]{}|^`): without `"#`, `%`, `<`, `>`, `\`, `` ` ``.
const QUERY_OUT: [(u8, u8); 6] = [(b'"', 2), (b'%', 1), (b'<', 1), (b'>', 1), (b'\\', 1), (b'`', 1)];

#[inline(always)]
fn is_path(c: u8) -> bool {
    printable_except(c, &PATH_OUT)
}

#[inline(always)]
pub(crate) fn is_value(c: u8) -> bool {
    printable_except(c, &VALUE_OUT)
}

#[inline(always)]
fn is_query(c: u8) -> bool {
    printable_except(c, &QUERY_OUT)
}

/// Printable ASCII (0x21..=0x7E) outside the ranges of `out`.
#[inline(always)]
fn printable_except(c: u8, out: &[(u8, u8)]) -> bool {
    let excluded = out.iter().fold(false, |any, &(first, count)| any | (c.wrapping_sub(first) < count));
    (c.wrapping_sub(0x21) < 0x5E) & !excluded
}

#[inline(always)]
fn is_alnum(c: u8) -> bool {
    is_letter(c) | is_digit(c)
}

#[inline(always)]
fn is_url_safe(c: u8) -> bool {
    is_alnum(c) | (c == b'-') | (c == b'_')
}

/// `b` without its padding: the `=` and `%3D` at its end.
fn base64_body(b: &[u8]) -> &[u8] {
    let mut body = b;
    loop {
        body = match body {
            [rest @ .., b'='] | [rest @ .., b'%', b'3', b'D' | b'd'] => rest,
            _ => return body,
        };
    }
}

/// Base64 of either alphabet, `+ / =` possibly written `%2B %2F %3D`, padding only at the end.
fn first_bad_base64(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    let mut padding = false;
    while let Some(&c) = b.get(i) {
        let (d, step) = if c == b'%' {
            match b.get(i + 1..i + 3) {
                Some([b'2', b'B' | b'b']) => (b'+', 3),
                Some([b'2', b'F' | b'f']) => (b'/', 3),
                Some([b'3', b'D' | b'd']) => (b'=', 3),
                _ => return Some(i),
            }
        } else {
            (c, 1)
        };
        if d == b'=' {
            padding = true;
        } else if padding || !url_byte_is(d, B64 | URL_SAFE) {
            return Some(i);
        }
        i += step;
    }
    None
}

/// Bytes in `ok`, or `%` and two hex digits: the runs between escapes are checked whole.
#[inline]
fn first_bad_escaped(b: &[u8], ok: impl Fn(u8) -> bool + Copy) -> Option<usize> {
    // Most fields hold no escape: one pass over the whole ('%' is in no class).
    if all_bytes(b, ok) {
        return None;
    }
    let mut i = 0;
    loop {
        let rest = b.get(i..).unwrap_or_default();
        let run = find_byte(rest, b'%').unwrap_or(rest.len());
        let text = rest.get(..run).unwrap_or_default();
        if !all_bytes(text, ok) {
            return text.iter().position(|&c| !ok(c)).map(|p| i + p);
        }
        i += run;
        if i >= b.len() {
            return None;
        }
        if !b.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
            return Some(i);
        }
        i += 3;
    }
}

#[inline(always)]
fn is_letter(c: u8) -> bool {
    (c | 0x20).wrapping_sub(b'a') < 26
}

#[inline(always)]
fn is_digit(c: u8) -> bool {
    c.wrapping_sub(b'0') < 10
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec::Vec;

    /// The bytes of 0..=255 that `alphabet` allows as a one-byte field.
    fn allowed(alphabet: Alphabet) -> Vec<u8> {
        (0..=255u8).filter(|&c| first_bad(&[c], alphabet).is_none()).collect()
    }

    fn set(ranges: &[(u8, u8)], singles: &[u8]) -> Vec<u8> {
        let mut v: Vec<u8> = ranges.iter().flat_map(|&(a, b)| a..=b).chain(singles.iter().copied()).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn simple_alphabets_byte_by_byte() {
        let alnum = [(b'0', b'9'), (b'A', b'Z'), (b'a', b'z')];
        assert_eq!(allowed(Alphabet::Alnum), set(&alnum, &[]));
        assert_eq!(allowed(Alphabet::Digits), set(&[(b'0', b'9')], &[]));
        assert_eq!(allowed(Alphabet::Hex), set(&[(b'0', b'9'), (b'A', b'F'), (b'a', b'f')], &[]));
        assert_eq!(allowed(Alphabet::UrlSafe), set(&alnum, b"-_"));
        assert_eq!(allowed(Alphabet::UrlSafePadded), set(&alnum, b"-=_"));
        assert_eq!(allowed(Alphabet::Base64), set(&alnum, b"+-/=_"));
    }

    #[test]
    fn url_classes_by_comparison_are_the_table_classes() {
        use crate::url::class::{URL_PATH, URL_QUERY};
        for c in 0..=255u8 {
            assert_eq!(is_path(c), url_byte_is(c, URL_PATH), "{c}");
            assert_eq!(is_query(c), url_byte_is(c, URL_QUERY), "{c}");
            assert_eq!(is_value(c), c != b'&' && (c == b'?' || url_byte_is(c, URL_PATH)), "{c}");
        }
    }

    /// The first bad byte found byte by byte, as the block checks must agree with.
    fn first_bad_bytewise(b: &[u8], alphabet: Alphabet) -> Option<usize> {
        let single = |c: u8| first_bad(&[c], alphabet).is_none();
        match alphabet {
            Alphabet::UrlSafePadded => {
                let body = b.len() - b.iter().rev().take_while(|&&c| c == b'=').count();
                b.get(..body).unwrap().iter().position(|&c| c == b'=' || !single(c))
            }
            Alphabet::Base64 => first_bad_base64(b),
            Alphabet::Value | Alphabet::Query | Alphabet::Path => {
                let mut i = 0;
                while let Some(&c) = b.get(i) {
                    if c == b'%' && b.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                        i += 3;
                    } else if c != b'%' && single(c) {
                        i += 1;
                    } else {
                        return Some(i);
                    }
                }
                None
            }
            _ => b.iter().position(|&c| !single(c)),
        }
    }

    #[test]
    fn block_checks_agree_with_byte_checks_at_every_length_and_position() {
        let all = [
            Alphabet::Alnum,
            Alphabet::Digits,
            Alphabet::Hex,
            Alphabet::UrlSafe,
            Alphabet::UrlSafePadded,
            Alphabet::Base64,
            Alphabet::Value,
            Alphabet::Query,
            Alphabet::Path,
        ];
        for alphabet in all {
            for len in 0..40 {
                let good: Vec<u8> = (0..len).map(|i| b"0123456789"[i % 10]).collect();
                assert_eq!(first_bad(&good, alphabet), None, "{alphabet:?} {len}");
                for at in 0..len {
                    for bad in
                        [0u8, b' ', b'!', b'%', b'&', b'+', b'/', b'=', b'?', b'G', b'g', b'_', b'~', 0x7F, 0x80, 0xE5]
                    {
                        let mut v = good.clone();
                        v[at] = bad;
                        assert_eq!(first_bad(&v, alphabet), first_bad_bytewise(&v, alphabet), "{alphabet:?} {v:?}");
                    }
                }
            }
        }
        let escaped = b"a%2Fb%E5%BC%A0c%3D%3d";
        assert_eq!(first_bad(escaped, Alphabet::Value), None);
        assert_eq!(first_bad(b"a%2Fb%E5%BC%A0c%3D%3", Alphabet::Value), Some(18));
        assert_eq!(first_bad(b"abc%2Fdefghijklmn<", Alphabet::Path), Some(17));
        assert_eq!(first_bad(b"AQAB%2Bc%2fd%3D%3d", Alphabet::Base64), None);
        assert_eq!(first_bad(b"AQAB%3Dc", Alphabet::Base64), Some(7));
        assert_eq!(first_bad(b"AQAB=%3D=", Alphabet::Base64), None);
    }

    #[test]
    fn values_decode_when_valid_and_padding_is_cut_from_base64() {
        let mut buf = [0u8; 8];
        assert_eq!(decode_value(b"a%2Fb?c", &mut buf), Some(b"a/b?c".as_slice()));
        assert_eq!(decode_value(b"a&b", &mut buf), None);
        assert_eq!(decode_value(b"a%2", &mut buf), None);
        for (b, body) in [
            (b"ab".as_slice(), b"ab".as_slice()),
            (b"ab=", b"ab"),
            (b"ab==", b"ab"),
            (b"ab%3D", b"ab"),
            (b"ab%3d=%3D", b"ab"),
            (b"a=b", b"a=b"),
            (b"ab%3C", b"ab%3C"),
            (b"ab%4D", b"ab%4D"),
            (b"%3D", b""),
            (b"", b""),
        ] {
            assert_eq!(base64_body(b), body, "{b:?}");
        }
    }

    #[test]
    fn padding_and_offsets() {
        let cases: &[(&str, Alphabet, Option<usize>)] = &[
            ("", Alphabet::UrlSafePadded, None),
            ("ab-_==", Alphabet::UrlSafePadded, None),
            ("==", Alphabet::UrlSafePadded, None),
            ("a!=", Alphabet::UrlSafePadded, Some(1)),
            ("a!==", Alphabet::UrlSafePadded, Some(1)),
            ("a=b", Alphabet::UrlSafePadded, Some(1)),
            ("ab+=", Alphabet::UrlSafePadded, Some(2)),
            ("ab12", Alphabet::Alnum, None),
            ("ab-2", Alphabet::Alnum, Some(2)),
            ("09fF", Alphabet::Hex, None),
            ("09fG", Alphabet::Hex, Some(3)),
            ("a%2Bb%2f%3D", Alphabet::Base64, None),
            ("a==", Alphabet::Base64, None),
            ("a=b", Alphabet::Base64, Some(2)),
            ("a%3Db", Alphabet::Base64, Some(4)),
            ("a%2C", Alphabet::Base64, Some(1)),
            ("a%2", Alphabet::Base64, Some(1)),
        ];
        for &(input, alphabet, want) in cases {
            assert_eq!(first_bad(input.as_bytes(), alphabet), want, "{input:?} {alphabet:?}");
        }
    }

    #[test]
    fn display_names_the_set() {
        let cases = [
            (Alphabet::Alnum, "only ASCII letters and digits"),
            (Alphabet::Digits, "only digits"),
            (Alphabet::Hex, "only hex digits"),
            (Alphabet::UrlSafe, "only letters, digits, '-' and '_'"),
            (Alphabet::UrlSafePadded, "only letters, digits, '-' and '_', then '=' padding"),
            (
                Alphabet::Base64,
                "only base64 (letters, digits, '+', '/', '-', '_'), then '=' padding; %2B %2F %3D allowed",
            ),
            (Alphabet::Value, "only URL query characters, others %-escaped ('&' separates parameters)"),
            (Alphabet::Query, "only URL query characters, others %-escaped"),
            (Alphabet::Path, "only URL path characters, others %-escaped"),
        ];
        for (alphabet, text) in cases {
            assert_eq!(format!("{alphabet}"), text);
        }
    }
}

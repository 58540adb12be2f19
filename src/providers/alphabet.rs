//! The character sets of the fields of merchant codes, and the scan for the first byte
//! outside one.

use core::fmt;

use crate::url::class::{url_byte_is, B64, URL_PATH, URL_QUERY, URL_SAFE};

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

/// The index of the first byte of `b` outside `alphabet`. One tight loop per alphabet; the
/// simple ones are branch-free folds first, so that the common, valid case vectorises.
#[inline]
pub(crate) fn first_bad(b: &[u8], alphabet: Alphabet) -> Option<usize> {
    let simple = |ok: fn(u8) -> bool| {
        if b.iter().fold(true, |all, &c| all & ok(c)) {
            None
        } else {
            b.iter().position(|&c| !ok(c))
        }
    };
    match alphabet {
        Alphabet::Alnum => simple(|c| is_letter(c) | is_digit(c)),
        Alphabet::Digits => simple(is_digit),
        Alphabet::Hex => simple(|c| is_digit(c) | ((c | 0x20).wrapping_sub(b'a') < 6)),
        Alphabet::UrlSafe => simple(|c| is_letter(c) | is_digit(c) | (c == b'-') | (c == b'_')),
        Alphabet::UrlSafePadded => {
            let body = b.len() - b.iter().rev().take_while(|&&c| c == b'=').count();
            let body = b.get(..body).unwrap_or_default();
            let ok = |c: u8| is_letter(c) | is_digit(c) | (c == b'-') | (c == b'_');
            if body.iter().fold(true, |all, &c| all & ok(c)) {
                None
            } else {
                body.iter().position(|&c| !ok(c))
            }
        }
        Alphabet::Base64 => first_bad_base64(b),
        Alphabet::Value => first_bad_escaped(b, |c| c != b'&' && (c == b'?' || url_byte_is(c, URL_PATH))),
        Alphabet::Query => first_bad_escaped(b, |c| url_byte_is(c, URL_QUERY)),
        Alphabet::Path => first_bad_escaped(b, |c| url_byte_is(c, URL_PATH)),
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

/// Bytes in `ok`, or `%` and two hex digits.
#[inline]
fn first_bad_escaped(b: &[u8], ok: impl Fn(u8) -> bool) -> Option<usize> {
    // Branch-free first: most values have no escape at all.
    if b.iter().fold(true, |all, &c| all & ok(c)) {
        return None;
    }
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if ok(c) {
            i += 1;
        } else if c == b'%' && b.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
            i += 3;
        } else {
            return Some(i);
        }
    }
    None
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

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

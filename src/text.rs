//! Character classes of the payment formats, as byte-class tables, and the checks that keep
//! text a person will read trustworthy (no control, bidi-override or stray whitespace).

use crate::error::{ErrorKind, Quoted};

const fn class_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0x20;
    while b <= 0x7E {
        t[b] |= ANS;
        b += 1;
    }
    let mut d = b'0';
    while d <= b'9' {
        t[d as usize] |= NUMERIC | ALNUM | HEX_UPPER | HEX_LOWER;
        d += 1;
    }
    let mut a = b'A';
    while a <= b'Z' {
        t[a as usize] |= ALNUM;
        t[(a + 32) as usize] |= ALNUM;
        a += 1;
    }
    let mut h = b'A';
    while h <= b'F' {
        t[h as usize] |= HEX_UPPER;
        t[(h + 32) as usize] |= HEX_LOWER;
        h += 1;
    }
    t
}

/// EMV "ans": printable ASCII 0x20–0x7E.
pub(crate) const ANS: u8 = 1;
/// EMV "N": decimal digits.
pub(crate) const NUMERIC: u8 = 2;
/// ASCII letters and digits.
pub(crate) const ALNUM: u8 = 4;
/// Digits and `A`–`F`.
pub(crate) const HEX_UPPER: u8 = 8;
/// Digits and `a`–`f`.
pub(crate) const HEX_LOWER: u8 = 16;

/// One lookup per byte instead of a chain of range comparisons on the hot path.
pub(crate) static CLASS: [u8; 256] = class_table();

#[inline]
pub(crate) fn byte_is(b: u8, class: u8) -> bool {
    CLASS[b as usize] & class != 0
}

/// Whether every byte of `s` is in `class`.
#[inline]
pub(crate) fn all_in(s: &str, class: u8) -> bool {
    s.bytes().all(|b| byte_is(b, class))
}

/// The first character of `s` outside the EMV ans set, with its byte offset.
pub(crate) fn first_non_ans(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| !(c.is_ascii() && byte_is(c as u8, ANS)))
}

/// Unicode scalar values in `s`: what EMVCo lengths count.
#[inline]
pub(crate) fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Bidirectional formatting characters that can make a displayed name or URL read
/// differently from what it is (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that must never be trusted inside a code or in text shown to a payer:
/// C0/C1 controls, DEL, bidi controls, and zero-width characters.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// The first unsafe character of `s` (see [`is_unsafe_char`]) with its byte offset.
pub fn find_unsafe(s: &str) -> Option<(usize, char)> {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return None;
    }
    s.char_indices().find(|&(_, c)| is_unsafe_char(c))
}

/// The first unsafe or whitespace character of `s`: tokens and URLs never contain either.
pub fn find_unsafe_or_space(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| is_unsafe_char(c) || c.is_whitespace())
}

/// Why a piece of text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Problem {
    /// A control, bidi-override, zero-width or whitespace character inside a code.
    #[error("{} is not allowed in a payment code: control, bidi-override, zero-width and whitespace characters can hide what a code really says", Quoted(*.0))]
    UnsafeCharacter(char),
}

impl Problem {
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            Problem::UnsafeCharacter(_) => ErrorKind::InvalidCharacter,
        }
    }
}

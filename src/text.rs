//! Character classes of the payment formats, as byte-class tables, and the checks that keep
//! text a person will read trustworthy (no control, bidi-override or stray whitespace).

// Indices are loop counters below 256 in a const fn, where `get` is not available.
#[allow(clippy::indexing_slicing)]
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
#[allow(clippy::indexing_slicing)] // a u8 always indexes a 256-entry table
pub(crate) fn byte_is(b: u8, class: u8) -> bool {
    CLASS[b as usize] & class != 0
}

/// Whether every byte of `b` is EMV ans, printable ASCII 0x20–0x7E: a block at a time (a
/// fold over the bytes spent as much on a short value's tail as on its body).
#[inline]
pub(crate) fn all_ans(b: &[u8]) -> bool {
    crate::url::word::all_bytes(b, |c| (0x20..=0x7E).contains(&c))
}

/// The first character of `s` outside the EMV ans set, with its byte offset. The clean
/// string, the common case, is seen by [`all_ans`]; only one that fails is searched for the
/// character to name.
#[inline]
pub(crate) fn first_non_ans(s: &str) -> Option<(usize, char)> {
    if all_ans(s.as_bytes()) {
        return None;
    }
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

/// Whether `c` lies in one of the inclusive, sorted ranges of a generated table.
fn in_table(c: char, table: &[(u32, u32)]) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                core::cmp::Ordering::Less
            } else if lo > c {
                core::cmp::Ordering::Greater
            } else {
                core::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Bidirectional formatting characters (Unicode's Bidi_Control property: U+061C,
/// U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), which can make a displayed name or URL read
/// differently from what it is.
pub fn is_bidi_control(c: char) -> bool {
    c >= '\u{061C}' && in_table(c, &crate::ucd::BIDI_CONTROL)
}

/// U+3165 to U+FDFF (the CJK ideographs, kana, Hangul syllables, Yi…) hold no character of the
/// sets below: the names payers read, in Chinese, are checked without a table search. A test
/// holds it against the generated tables.
const VISIBLE_BLOCK: core::ops::RangeInclusive<char> = '\u{3165}'..='\u{FDFF}';

/// The crate's one definition of a character that must never be trusted inside a code or in
/// text shown to a payer, because it does not show as itself: C0 and C1 controls and DEL
/// (Unicode's Cc), the line and paragraph separators U+2028 and U+2029 (line breaks, like a
/// C0 newline), Unicode's Bidi_Control characters, and every Default_Ignorable_Code_Point
/// (zero-width characters, the byte order mark, soft hyphen, variation selectors, fillers,
/// invisible operators, tags…). The two Unicode properties come from the Unicode Character
/// Database through `src/ucd.rs`, which `tools/ucd` generates.
pub fn is_invisible(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    if VISIBLE_BLOCK.contains(&c) {
        return false;
    }
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}')
        || in_table(c, &crate::ucd::DEFAULT_IGNORABLE)
        || is_bidi_control(c)
}

/// The first invisible character of `s` (see [`is_invisible`]) with its byte offset.
pub fn find_unsafe(s: &str) -> Option<(usize, char)> {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return None;
    }
    s.char_indices().find(|&(_, c)| is_invisible(c))
}

/// The first unsafe or whitespace character of `s`: tokens and URLs never contain either.
pub fn find_unsafe_or_space(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| is_invisible(c) || c.is_whitespace())
}

/// Whether every byte is printable ASCII other than space (0x21–0x7E). Written as a fold
/// without early exit so that it vectorises: this is the common case and it runs first.
#[inline]
pub(crate) fn all_visible_ascii(s: &[u8]) -> bool {
    s.iter().fold(true, |ok, &b| ok & (b.wrapping_sub(0x21) < 0x5E))
}

/// `"00"` to `"99"`: a header is two table lookups.
pub(crate) static TWO_DIGITS: [&str; 100] = [
    "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18",
    "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37",
    "38", "39", "40", "41", "42", "43", "44", "45", "46", "47", "48", "49", "50", "51", "52", "53", "54", "55", "56",
    "57", "58", "59", "60", "61", "62", "63", "64", "65", "66", "67", "68", "69", "70", "71", "72", "73", "74", "75",
    "76", "77", "78", "79", "80", "81", "82", "83", "84", "85", "86", "87", "88", "89", "90", "91", "92", "93", "94",
    "95", "96", "97", "98", "99",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_ans_sees_any_byte_outside_the_set_at_any_place_and_length() {
        let ans = |b: u8| (0x20..=0x7E).contains(&b);
        for len in 0..=40usize {
            let clean: alloc::vec::Vec<u8> = (0..len).map(|i| b' ' + (i * 7 % 95) as u8).collect();
            assert!(all_ans(&clean), "{len} bytes");
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut v = clean.clone();
                    v[at] = b;
                    assert_eq!(all_ans(&v), ans(b), "{len} bytes, {b:#04x} at {at}");
                }
            }
        }
        // Two bytes outside the set in the same lane of two eight-byte steps: an XOR in place of
        // the OR would cancel them out.
        for len in 16..=40usize {
            for at in 0..len - 8 {
                let mut v = alloc::vec![b'A'; len];
                v[at] = 0x7F;
                v[at + 8] = 0x7F;
                assert!(!all_ans(&v), "{len} bytes, DEL at {at} and {}", at + 8);
            }
        }
    }

    /// The block check and the search name the same first character, wherever it is.
    #[test]
    fn first_non_ans_names_the_first_character_outside_the_set() {
        let others = ['\u{80}', '\u{e9}', '\u{4e2d}', '\u{200b}', '\u{10ffff}'];
        for c in (0u8..128).map(char::from).chain(others) {
            for len in 1..=40 {
                for at in 0..len {
                    let s: alloc::string::String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                    let want = (!(c.is_ascii() && (' '..='~').contains(&c))).then_some((at, c));
                    assert_eq!(first_non_ans(&s), want, "{s:?}");
                }
            }
        }
        assert_eq!(first_non_ans(""), None);
    }

    #[test]
    fn invisible_is_unicodes_default_ignorable_plus_controls_and_bidi() {
        let invisible = [
            '\n', '\u{7F}', '\u{85}', '\u{AD}', '\u{200B}', '\u{200E}', '\u{202E}', '\u{2028}', '\u{2060}', '\u{2066}',
        ];
        let invisible_too = ['\u{3164}', '\u{FE0F}', '\u{FEFF}', '\u{FFA0}', '\u{1D173}', '\u{E0001}', '\u{E0FFF}'];
        for c in invisible.into_iter().chain(invisible_too) {
            assert!(is_invisible(c), "U+{:04X}", c as u32);
        }
        for c in [' ', 'a', '~', '名', '\u{3000}', '\u{A0}', '\u{FFF9}', '\u{FFFD}', '\u{1F600}'] {
            assert!(!is_invisible(c), "U+{:04X}", c as u32);
        }
        assert!(is_bidi_control('\u{061C}') && is_bidi_control('\u{2069}') && !is_bidi_control('\u{2060}'));
    }

    #[test]
    fn the_visible_block_holds_no_invisible_character() {
        let (lo, hi) = (*VISIBLE_BLOCK.start() as u32, *VISIBLE_BLOCK.end() as u32);
        for table in [&crate::ucd::DEFAULT_IGNORABLE[..], &crate::ucd::BIDI_CONTROL[..]] {
            assert!(table.iter().all(|&(a, b)| b < lo || a > hi), "{table:?}");
        }
        // Its neighbours are invisible: the block is as wide as the tables allow.
        assert!(is_invisible('\u{3164}') && is_invisible('\u{FE00}'));
        assert!(!is_invisible('\u{3165}') && !is_invisible('\u{FDFF}') && !is_invisible('张'));
        assert!((lo..=hi).filter_map(char::from_u32).all(|c| !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}')));
    }

    #[test]
    fn generated_tables_are_sorted_and_disjoint() {
        for table in [&crate::ucd::DEFAULT_IGNORABLE[..], &crate::ucd::BIDI_CONTROL[..]] {
            assert!(table.iter().all(|(lo, hi)| lo <= hi));
            assert!(table.windows(2).all(|w| w[0].1 < w[1].0));
        }
    }
}

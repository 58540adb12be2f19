//! The byte classes of the URL grammars of merchant codes (RFC 3986, with the tokens the
//! providers' forms use), as one lookup table.

// Indices are loop counters below 256, or bytes, into a 256-entry table, in a const fn where
// `get` is not available.
#[allow(clippy::indexing_slicing)]
const fn url_class_table() -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut b = 0usize;
    while b < 256 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] |= URL_UNRESERVED | URL_HOST | URL_LABEL | B64 | URL_SAFE;
        }
        b += 1;
    }
    t[b'-' as usize] |= URL_UNRESERVED | URL_HOST | URL_SAFE;
    t[b'_' as usize] |= URL_UNRESERVED | URL_HOST | URL_LABEL | URL_SAFE;
    t[b'.' as usize] |= URL_UNRESERVED | URL_HOST;
    t[b'~' as usize] |= URL_UNRESERVED;
    t[b'+' as usize] |= B64;
    t[b'/' as usize] |= B64;
    let subdelims = b"!$&'()*+,;=:@";
    let mut i = 0;
    while i < subdelims.len() {
        t[subdelims[i] as usize] |= URL_SUBDELIM;
        i += 1;
    }
    // Not RFC 3986, but common in query strings and harmless once the host is fixed.
    let lenient = b"[]{}|^";
    let mut j = 0;
    while j < lenient.len() {
        t[lenient[j] as usize] |= URL_LENIENT;
        j += 1;
    }
    // What may stand unescaped in a path, and in a query or fragment ('#' and '%' are
    // handled by the scanners themselves).
    let mut k = 0;
    while k < 256 {
        if t[k] & (URL_UNRESERVED | URL_SUBDELIM) != 0 {
            t[k] |= URL_PATH | URL_QUERY;
        }
        if t[k] & URL_LENIENT != 0 {
            t[k] |= URL_QUERY;
        }
        k += 1;
    }
    t[b'/' as usize] |= URL_PATH | URL_QUERY;
    t[b'?' as usize] |= URL_QUERY;
    t
}

/// RFC 3986 unreserved: letters, digits, `-._~`.
const URL_UNRESERVED: u16 = 1;
/// RFC 3986 sub-delims plus `:` and `@` (the rest of `pchar`).
const URL_SUBDELIM: u16 = 1 << 1;
/// Host name bytes: letters, digits, `-`, `.`, and `_` (seen in real host names).
const URL_HOST: u16 = 1 << 2;
/// Host label bytes that need no further check: letters, digits, `_`.
pub(crate) const URL_LABEL: u16 = 1 << 3;
/// Standard base64 alphabet without padding: letters, digits, `+`, `/`.
pub(crate) const B64: u16 = 1 << 4;
/// Letters, digits, `-`, `_` (URL-safe tokens).
pub(crate) const URL_SAFE: u16 = 1 << 5;
/// `[]{}|^`: outside RFC 3986, accepted in queries and fragments only.
const URL_LENIENT: u16 = 1 << 6;
/// Unescaped path bytes: unreserved, sub-delims, `:`, `@`, `/`.
pub(crate) const URL_PATH: u16 = 1 << 7;
/// Unescaped query and fragment bytes: path bytes, `?` and `[]{}|^`.
pub(crate) const URL_QUERY: u16 = 1 << 8;

/// One lookup per byte for the URL grammars of merchant codes.
static URL_CLASS: [u16; 256] = url_class_table();

#[inline]
#[allow(clippy::indexing_slicing)] // a u8 always indexes a 256-entry table
pub(crate) fn url_byte_is(b: u8, class: u16) -> bool {
    URL_CLASS[b as usize] & class != 0
}

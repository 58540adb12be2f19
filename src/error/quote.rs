//! Input quoted in a message: the crate's one way to show the bytes a problem is about.

use core::fmt;

use crate::text::is_invisible;

/// How a [`Quote`] is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Between double quotes: `"bax0"`.
    Text,
    /// Without quotes, for values whose shape is already known (a CRC's four hex digits, the
    /// digits of a payment code's prefix): `84E1`.
    Bare,
    /// One character: `'-'`, or `U+0020` for one that does not show as itself.
    Char,
}

/// Up to `N` bytes of input, kept by value so that an error quotes what it is about without
/// allocating. Longer input is cut at a character boundary and marked with `…`.
///
/// What would not show as itself is escaped: invisible characters ([`is_invisible`]) and
/// whitespace other than the space as `\u{…}`, bytes that are not UTF-8 as `\xNN`. A single
/// character ([`Quote::char`]) that does not show as itself is written `U+XXXX`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quote<const N: usize = 24> {
    bytes: [u8; N],
    len: u8,
    /// The input went on after `len` bytes.
    cut: bool,
    form: Form,
}

impl<const N: usize> Quote<N> {
    /// `len` is a `u8`: a quote longer than 255 bytes does not compile.
    const FITS: () = assert!(N <= u8::MAX as usize);

    /// The first `N` bytes of `s` (fewer, to end on a character boundary), between quotes.
    pub(crate) fn new(s: &(impl AsRef<[u8]> + ?Sized)) -> Quote<N> {
        let () = Self::FITS;
        let s = s.as_ref();
        let mut n = s.len().min(N);
        // Step back over the continuation bytes of a character the cut would split (at most
        // three in UTF-8; past that the bytes are not UTF-8 anyway and show as `\xNN`).
        let mut back = 0;
        while n > 0 && back < 3 && s.get(n).is_some_and(|b| b & 0xC0 == 0x80) {
            n -= 1;
            back += 1;
        }
        let mut bytes = [0u8; N];
        if let (Some(dst), Some(src)) = (bytes.get_mut(..n), s.get(..n)) {
            dst.copy_from_slice(src);
        }
        Quote { bytes, len: n as u8, cut: n < s.len(), form: Form::Text }
    }

    /// The same bytes without the quotes.
    pub(crate) fn bare(self) -> Quote<N> {
        Quote { form: Form::Bare, ..self }
    }

    /// The quoted bytes (`len` never exceeds `N`; the fallback is never taken).
    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len as usize).unwrap_or(&self.bytes)
    }
}

impl Quote<4> {
    /// One character: `'-'`, or `U+0020` when it does not show as itself.
    pub(crate) fn char(c: char) -> Quote<4> {
        let mut bytes = [0u8; 4];
        let len = c.encode_utf8(&mut bytes).len();
        Quote { bytes, len: len as u8, cut: false, form: Form::Char }
    }
}

impl<const N: usize> fmt::Display for Quote<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.form == Form::Char {
            for c in self.as_bytes().utf8_chunks().flat_map(|chunk| chunk.valid().chars()) {
                if is_invisible(c) || c.is_whitespace() {
                    write!(f, "U+{:04X}", c as u32)?;
                } else {
                    write!(f, "'{c}'")?;
                }
            }
            return Ok(());
        }
        if self.form == Form::Text {
            f.write_str("\"")?;
        }
        for chunk in self.as_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                if is_invisible(c) || (c.is_whitespace() && c != ' ') {
                    write!(f, "\\u{{{:X}}}", c as u32)?;
                } else {
                    fmt::Write::write_char(f, c)?;
                }
            }
            for b in chunk.invalid() {
                write!(f, "\\x{b:02X}")?;
            }
        }
        if self.cut {
            f.write_str("…")?;
        }
        if self.form == Form::Text {
            f.write_str("\"")?;
        }
        Ok(())
    }
}

impl<const N: usize> fmt::Debug for Quote<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn quotes_cut_at_a_character_boundary_and_escape_hidden_characters() {
        assert_eq!(format!("{}", Quote::<24>::new("abc")), "\"abc\"");
        assert_eq!(format!("{}", Quote::<24>::new("张三李四王五赵六钱七孙八")), "\"张三李四王五赵六…\"");
        assert_eq!(format!("{}", Quote::<24>::new("a\u{202E}b\nc")), "\"a\\u{202E}b\\u{A}c\"");
        assert_eq!(format!("{}", Quote::<24>::new("a b\u{3000}")), "\"a b\\u{3000}\"");
        assert_eq!(format!("{}", Quote::<24>::new(&[b'%', 0xFF])), "\"%\\xFF\"");
        assert_eq!(format!("{}", Quote::<8>::new("0123456789")), "\"01234567…\"");
        assert_eq!(format!("{}", Quote::<8>::new("84e1").bare()), "84e1");
        assert_eq!(format!("{}", Quote::<8>::new(&[b'6', 0xC3]).bare()), "6\\xC3");
    }

    #[test]
    fn a_character_is_itself_or_its_code_point() {
        assert_eq!(format!("{}", Quote::char('-')), "'-'");
        assert_eq!(format!("{}", Quote::char('名')), "'名'");
        assert_eq!(format!("{}", Quote::char(' ')), "U+0020");
        assert_eq!(format!("{}", Quote::char('\u{202E}')), "U+202E");
    }
}

//! The one MPM writer: the owned model's encoder and the unified code's writer both write
//! through it. Data objects go straight into a string; a template's length is patched in once
//! its content is written, from a running count of characters, so every value is scanned once.

use alloc::string::String;

use crate::emv::{crc16, crc_hex};
use crate::text::{char_len, TWO_DIGITS};

/// A data object that two decimal digits cannot express: its ID is above 99, or its value or
/// content is `chars` characters, more than 99.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Overflow {
    /// Where the object's header starts, in bytes.
    pub at: usize,
    /// The length it would need, in characters (0 for a bad ID).
    pub chars: usize,
}

/// A template being written: where its length goes and the count when it was opened.
#[must_use]
pub(crate) struct Open {
    at: usize,
    chars: usize,
}

/// Writes data objects at the end of a string.
pub(crate) struct Writer<'o> {
    out: &'o mut String,
    /// Characters written through this writer, headers included.
    chars: usize,
}

impl<'o> Writer<'o> {
    #[inline]
    pub(crate) fn new(out: &'o mut String) -> Writer<'o> {
        Writer { out, chars: 0 }
    }

    /// The overflow of an object whose header would start here.
    #[cold]
    #[inline(never)]
    fn overflow(&self, chars: usize) -> Overflow {
        Overflow { at: self.out.len(), chars }
    }

    /// Writes `id` with the text `value`.
    #[inline]
    pub(crate) fn text(&mut self, id: u8, value: &str) -> Result<(), Overflow> {
        let chars = char_len(value);
        let (Some(id_digits), Some(len)) = (TWO_DIGITS.get(usize::from(id)), TWO_DIGITS.get(chars)) else {
            return Err(self.overflow(if id > 99 { 0 } else { chars }));
        };
        self.out.push_str(id_digits);
        self.out.push_str(len);
        self.out.push_str(value);
        self.chars += 4 + chars;
        Ok(())
    }

    /// Writes `id` with `value` unless `value` is empty.
    #[inline]
    pub(crate) fn text_if(&mut self, id: u8, value: &str) -> Result<(), Overflow> {
        if value.is_empty() {
            return Ok(());
        }
        self.text(id, value)
    }

    /// Opens template `id`: what follows is its content until [`Writer::close`].
    #[inline]
    pub(crate) fn open(&mut self, id: u8) -> Result<Open, Overflow> {
        let Some(id_digits) = TWO_DIGITS.get(usize::from(id)) else { return Err(self.overflow(0)) };
        let at = self.out.len();
        self.out.push_str(id_digits);
        self.out.push_str("00");
        self.chars += 4;
        Ok(Open { at, chars: self.chars })
    }

    /// Closes a template, writing its content's length.
    #[inline]
    pub(crate) fn close(&mut self, open: Open) -> Result<(), Overflow> {
        let chars = self.chars - open.chars;
        let digits = TWO_DIGITS.get(chars).ok_or(Overflow { at: open.at, chars })?;
        self.out.replace_range(open.at + 2..open.at + 4, digits);
        Ok(())
    }

    /// Appends the CRC object over everything in the string. `keep` is a CRC as parsed: when
    /// it equals the computed one but for letter case, its spelling is kept, so that an
    /// unchanged lenient parse encodes to its input byte for byte.
    #[inline]
    pub(crate) fn crc(self, keep: Option<&str>) {
        self.out.push_str("6304");
        let computed = crc_hex(crc16(self.out.as_bytes()));
        match keep {
            Some(p) if p.as_bytes().eq_ignore_ascii_case(&computed) => self.out.push_str(p),
            _ => self.out.push_str(core::str::from_utf8(&computed).unwrap_or("0000")),
        }
    }
}

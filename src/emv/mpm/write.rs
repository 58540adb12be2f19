//! The one MPM writer: the owned model's encoder and the unified code's writer both write
//! through it. Data objects go straight into a string; a template's length is patched in once
//! its content is written, from a running count of characters, so every value is scanned once.

use alloc::string::String;

use super::parse::all_ascii;
use crate::emv::{crc16, crc_hex};
use crate::text::TWO_DIGITS;

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
    /// Where the ID starts in the string as it is now.
    at: usize,
    /// Where the ID starts once every open template has its length.
    offset: usize,
    chars: usize,
}

/// Writes data objects at the end of a string.
pub(crate) struct Writer<'o> {
    out: &'o mut String,
    /// Characters written through this writer, headers included.
    chars: usize,
    /// The bytes of the lengths of open templates, not yet inserted.
    pending: usize,
}

impl<'o> Writer<'o> {
    #[inline]
    pub(crate) fn new(out: &'o mut String) -> Writer<'o> {
        Writer { out, chars: 0, pending: 0 }
    }

    /// The overflow of an object whose header would start here.
    #[cold]
    #[inline(never)]
    fn overflow(&self, chars: usize) -> Overflow {
        Overflow { at: self.out.len() + self.pending, chars }
    }

    /// Writes `id` with the text `value`. Always inlined: most of an encoding is this, and a
    /// second encoder calling it (of parsed objects) once made the compiler stop inlining it
    /// (encoding the typical payload: 1,989 -> 2,348 instructions).
    #[inline(always)]
    pub(crate) fn text(&mut self, id: u8, value: &str) -> Result<(), Overflow> {
        let chars = if all_ascii(value.as_bytes()) { value.len() } else { value.chars().count() };
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

    /// Opens template `id`: what follows is its content until [`Writer::close`], which
    /// inserts the length after the ID.
    #[inline]
    pub(crate) fn open(&mut self, id: u8) -> Result<Open, Overflow> {
        let Some(id_digits) = TWO_DIGITS.get(usize::from(id)) else { return Err(self.overflow(0)) };
        let at = self.out.len();
        let offset = at + self.pending;
        self.out.push_str(id_digits);
        self.pending += 2;
        self.chars += 4;
        Ok(Open { at, offset, chars: self.chars })
    }

    /// Writes the header of template `id` whose content, written next, is `chars` characters:
    /// a length known before the content needs no [`Writer::close`] and no bytes moved.
    #[inline]
    pub(crate) fn template(&mut self, id: u8, chars: usize) -> Result<(), Overflow> {
        let (Some(id_digits), Some(len)) = (TWO_DIGITS.get(usize::from(id)), TWO_DIGITS.get(chars)) else {
            return Err(self.overflow(if id > 99 { 0 } else { chars }));
        };
        self.out.push_str(id_digits);
        self.out.push_str(len);
        self.chars += 4;
        Ok(())
    }

    /// Closes a template, inserting its content's length: moving the content up by two bytes
    /// costs less than `replace_range`.
    #[inline]
    pub(crate) fn close(&mut self, open: Open) -> Result<(), Overflow> {
        let chars = self.chars - open.chars;
        let digits = TWO_DIGITS.get(chars).ok_or(Overflow { at: open.offset, chars })?;
        self.out.insert_str(open.at + 2, digits);
        self.pending -= 2;
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
            // Hex digits, ASCII: pushed as characters, without a UTF-8 check of the four.
            _ => computed.iter().for_each(|&h| self.out.push(char::from(h))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn objects_are_written_with_two_digit_ids_and_character_lengths() {
        let mut out = "xx".to_string();
        let mut w = Writer::new(&mut out);
        w.text(5, "abc").unwrap();
        w.text_if(6, "").unwrap();
        w.text_if(7, "中文").unwrap();
        let open = w.open(62).unwrap();
        w.text(1, "A").unwrap();
        let inner = w.open(50).unwrap();
        w.text(0, "B").unwrap();
        w.close(inner).unwrap();
        w.close(open).unwrap();
        assert_eq!(out, "xx0503abc0702中文62140101A50050001B");
    }

    #[test]
    fn a_template_of_known_length_is_written_as_its_header_then_its_content() {
        let mut out = "xx".to_string();
        let mut w = Writer::new(&mut out);
        w.template(26, 9).unwrap();
        w.text(0, "ABCDE").unwrap();
        let open = w.open(62).unwrap();
        w.template(50, 0).unwrap();
        w.close(open).unwrap();
        assert_eq!(w.template(100, 1), Err(Overflow { at: 23, chars: 0 }));
        assert_eq!(w.template(27, 100), Err(Overflow { at: 23, chars: 100 }));
        assert_eq!(w.template(99, 100), Err(Overflow { at: 23, chars: 100 }), "ID 99 is valid: the length is not");
        w.template(99, 99).unwrap();
        assert_eq!(out, "xx26090005ABCDE620450009999");
    }

    #[test]
    fn what_two_digits_cannot_express_is_an_overflow_where_its_header_starts() {
        let long = "a".repeat(100);
        let mut out = "xx".to_string();
        let mut w = Writer::new(&mut out);
        assert_eq!(w.text(5, &long), Err(Overflow { at: 2, chars: 100 }));
        assert_eq!(w.text(99, &long), Err(Overflow { at: 2, chars: 100 }), "ID 99 is valid: the length is not");
        assert_eq!(w.text(5, &long[..99]), Ok(()));
        assert_eq!(w.text(100, "a"), Err(Overflow { at: 105, chars: 0 }));
        assert_eq!(w.text_if(100, "a"), Err(Overflow { at: 105, chars: 0 }));
        assert_eq!(w.open(100).err(), Some(Overflow { at: 105, chars: 0 }));
        // A template's content of 100 characters: the overflow points at the template.
        let open = w.open(26).unwrap();
        w.text(0, &long[..46]).unwrap();
        w.text(1, &long[..46]).unwrap();
        assert_eq!(w.close(open), Err(Overflow { at: 105, chars: 100 }));
        let mut out = String::new();
        let mut w = Writer::new(&mut out);
        let open = w.open(26).unwrap();
        w.text(0, &long[..95]).unwrap();
        assert_eq!(w.close(open), Ok(()));
        assert!(out.starts_with("2699"));
    }

    #[test]
    fn an_overflow_inside_open_templates_is_where_the_encoding_puts_it() {
        let long = "a".repeat(100);
        let mut out = "xx".to_string();
        let mut w = Writer::new(&mut out);
        let outer = w.open(62).unwrap();
        w.text(1, "A").unwrap();
        let inner = w.open(50).unwrap();
        // "xx" "62ll" "0101A" "50ll": the next header starts at 15.
        assert_eq!(w.text(0, &long), Err(Overflow { at: 15, chars: 100 }));
        assert_eq!(w.open(100).err(), Some(Overflow { at: 15, chars: 0 }));
        w.text(0, "B").unwrap();
        w.close(inner).unwrap();
        assert_eq!(w.text(2, &long), Err(Overflow { at: 20, chars: 100 }));
        w.close(outer).unwrap();
        assert_eq!(w.text(3, &long), Err(Overflow { at: 20, chars: 100 }));
        w.text(3, "C").unwrap();
        assert_eq!(w.text(4, &long), Err(Overflow { at: 25, chars: 100 }));
        assert_eq!(out, "xx62140101A50050001B0301C");
        // A template too long to close is named where its ID starts, inside another one too.
        let mut out = "xx".to_string();
        let mut w = Writer::new(&mut out);
        let _outer = w.open(62).unwrap();
        let inner = w.open(50).unwrap();
        w.text(0, &long[..50]).unwrap();
        w.text(1, &long[..50]).unwrap();
        assert_eq!(w.close(inner), Err(Overflow { at: 6, chars: 108 }));
    }

    #[test]
    fn the_crc_covers_everything_written_and_keeps_a_parsed_spelling() {
        let body = "000201";
        let computed = core::str::from_utf8(&crc_hex(crc16(b"0002016304"))).unwrap().to_string();
        let lower = computed.to_ascii_lowercase();
        assert_ne!(computed, lower, "the test needs a CRC with a letter");
        for (keep, want) in [(None, &computed), (Some(lower.as_str()), &lower), (Some("0000"), &computed)] {
            let mut out = body.to_string();
            Writer::new(&mut out).crc(keep);
            assert_eq!(out, alloc::format!("{body}6304{want}"), "{keep:?}");
        }
    }
}

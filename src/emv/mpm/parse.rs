//! The borrowed, allocation-free MPM parser.
//!
//! [`Mpm::parse`] validates the whole payload in one pass (root, every template, 62/50–99,
//! the CRC) and keeps only the input. Accessors walk the validated input again on demand:
//! walking is cheaper than storing an index, and it keeps the parsed value two words big.

use super::fields::{is_62_template, is_root_template};
use crate::emv::{crc16, parse_hex4};
use crate::error::mpm::Problem;
use crate::error::{Empty, Error, ObjectPath, Quote, Result, TagPath};
use crate::text::{byte_is, NUMERIC};

/// How strictly to read a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Mode {
    /// EMVCo MPM v1.1: upper-case CRC, lengths `01`–`99`, every template is TLV.
    #[default]
    Strict,
    /// What real generators emit: lower-case CRC, zero-length objects, root templates whose
    /// content is not TLV (kept raw). A wrong CRC, malformed TLV or a missing or malformed CRC
    /// object is still an error.
    Lenient,
}

/// One data object's place in the input, as the walker finds it.
#[derive(Clone, Copy)]
struct Raw {
    id: u8,
    /// Byte offset of the ID.
    start: usize,
    /// Byte range of the value.
    value: (usize, usize),
}

/// Reads the data object at `pos`, whose container ends at `end`; `None` when it is malformed
/// (ask [`read_error`] why).
///
/// Every byte of the input before `ascii_below` is ASCII, so a value that ends there has as
/// many bytes as characters: most values of a payload with some Chinese in it lie before its
/// first Chinese character, and need no character walk.
/// The hot path returns a small `Option` and leaves building the error, which is large, to a
/// cold function: moving a `Result` with the full error through every object cost more than
/// the checks themselves.
#[inline(always)]
fn read_object(bytes: &[u8], pos: usize, end: usize, ascii_below: usize) -> Option<Raw> {
    let (id, n) = header(bytes, pos, end)?;
    let vs = pos + 4;
    let ve = if vs + n <= ascii_below {
        let ve = vs + n;
        (ve <= end).then_some(ve)?
    } else {
        advance_chars(bytes, vs, n, end)?
    };
    Some(Raw { id, start: pos, value: (vs, ve) })
}

/// The ID and the length as written of the header at `pos`, when its four bytes lie before
/// `end` and are digits.
#[inline(always)]
fn header(bytes: &[u8], pos: usize, end: usize) -> Option<(u8, usize)> {
    let h = bytes.get(pos..end)?.first_chunk::<4>()?;
    // One test for the four header bytes: after subtracting '0' from each, a digit's byte is
    // below 10, so neither it nor it plus 6 reaches 16 (a byte below '0' wraps to 0xF_, and
    // the borrows and carries between lanes only come from lanes that already fail).
    let d = u32::from_le_bytes(*h).wrapping_sub(0x3030_3030);
    if (d | d.wrapping_add(0x0606_0606)) & 0xF0F0_F0F0 != 0 {
        return None;
    }
    // Every lane is a digit, so ten times a lane plus the next lane is at most 99: no lane
    // carries, and lanes 0 and 2 hold the ID and the length.
    let pairs = d * 10 + (d >> 8);
    Some((pairs as u8, (pairs >> 16) as u8 as usize))
}

/// Why [`read_object`] refused the object at `pos`: the same checks, slowly, with the message.
#[cold]
#[inline(never)]
fn read_error(bytes: &[u8], pos: usize, end: usize, parent: Option<TagPath>) -> Error {
    let at = |p: Problem, path: Option<TagPath>| Error::new(p, pos, path);
    let rest = bytes.get(pos..end).unwrap_or_default();
    let [i0, i1, l0, l1] = match rest {
        [a, b, c, d, ..] => [*a, *b, *c, *d],
        _ => {
            // A non-digit ID says more about what is wrong than the missing bytes do.
            if rest.iter().take(2).any(|&b| !byte_is(b, NUMERIC)) {
                return at(Problem::InvalidId { found: Quote::new(rest) }, parent);
            }
            return at(Problem::HeaderTruncated { have: rest.len(), found: Quote::new(rest) }, parent);
        }
    };
    if !(byte_is(i0, NUMERIC) && byte_is(i1, NUMERIC)) {
        return at(Problem::InvalidId { found: Quote::new(&[i0, i1]) }, parent);
    }
    let id = (i0 - b'0') * 10 + (i1 - b'0');
    let path = Some(match parent {
        Some(p) => p.child(id as u32),
        None => TagPath::mpm(id),
    });
    if !(byte_is(l0, NUMERIC) && byte_is(l1, NUMERIC)) {
        return at(Problem::InvalidLength { id, found: Quote::new(&[l0, l1]) }, path);
    }
    let need = ((l0 - b'0') * 10 + (l1 - b'0')) as usize;
    let have = bytes.get(pos + 4..end).map_or(0, count_chars);
    at(Problem::Truncated { id, need, have }, path)
}

/// The byte offset `n` characters after `pos`, if it is not past `end`. The input is valid
/// UTF-8, so a character's length follows from its first byte.
#[inline]
fn advance_chars(bytes: &[u8], mut pos: usize, n: usize, end: usize) -> Option<usize> {
    // Most values of a payload with some Chinese in it are still ASCII: one test over the
    // value's bytes then stands for a step per character.
    if bytes.get(pos..end).and_then(|rest| rest.get(..n)).is_some_and(all_ascii) {
        return Some(pos + n);
    }
    for _ in 0..n {
        let b = *bytes.get(pos).filter(|_| pos < end)?;
        pos += match b {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
    }
    (pos <= end).then_some(pos)
}

fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// Whether `b` is ASCII: the OR of every byte has its top bit clear. Sixteen bytes a step,
/// the last step overlapping the one before, with no early exit: the loop becomes vector ORs.
/// Shorter values are read as two words that overlap. `<[u8]>::is_ascii` goes a byte at a
/// time through what is left of a word, and most values are shorter than a word.
pub(super) fn all_ascii(b: &[u8]) -> bool {
    let seen = if let Some(last) = b.last_chunk::<16>() {
        let seen = b.chunks_exact(16).fold(u128::from_le_bytes(*last), |seen, c| {
            seen | c.first_chunk::<16>().map_or(0, |c| u128::from_le_bytes(*c))
        });
        (seen as u64) | ((seen >> 64) as u64)
    } else if let (Some(first), Some(last)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        u64::from_le_bytes(*first) | u64::from_le_bytes(*last)
    } else if let (Some(first), Some(last)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        u64::from(u32::from_le_bytes(*first) | u32::from_le_bytes(*last))
    } else {
        b.iter().fold(0, |seen, &c| seen | u64::from(c))
    };
    seen & 0x8080_8080_8080_8080 == 0
}

/// The length of the longest ASCII prefix of `b`: all of it when [`all_ascii`] says so, else
/// the offset of the first byte above 0x7F, found a word at a time.
fn ascii_prefix(b: &[u8]) -> usize {
    if all_ascii(b) {
        return b.len();
    }
    let mut words = b.chunks_exact(8);
    let mut at = 0;
    for w in words.by_ref() {
        let high = w.first_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w)) & 0x8080_8080_8080_8080;
        if high != 0 {
            return at + (high.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    words.remainder().iter().position(|&c| !c.is_ascii()).map_or(b.len(), |p| at + p)
}

/// What the root walk does with an ID, by one table look-up: most IDs are primitives.
const PRIMITIVE: u8 = 0;
const TEMPLATE: u8 = 1;
const ADDITIONAL_DATA: u8 = 2;
const CRC: u8 = 3;
#[allow(clippy::indexing_slicing)] // every index below the length, at compile time
static ROOT_KINDS: [u8; 256] = {
    let mut kinds = [PRIMITIVE; 256];
    let mut id = 0;
    while id < kinds.len() {
        kinds[id] = if is_root_template(id as u8) { TEMPLATE } else { PRIMITIVE };
        id += 1;
    }
    kinds[super::id::ADDITIONAL_DATA as usize] = ADDITIONAL_DATA;
    kinds[super::id::CRC as usize] = CRC;
    kinds
};

/// The walker's settings for one parse.
#[derive(Clone, Copy)]
struct Walk<'a> {
    bytes: &'a [u8],
    ascii_below: usize,
    mode: Mode,
}

impl Walk<'_> {
    /// The number of data objects in `start..end`, when [`Walk::template`] accepts them:
    /// the walk of a valid payload, with no error to build, so it stays in registers.
    #[inline]
    fn count(&self, start: usize, end: usize, second_level: bool) -> Option<usize> {
        self.count_each(start, end, second_level, |_| {})
    }

    /// [`Walk::count`], showing `each` every object of `start..end` (not those nested deeper)
    /// as it goes: all of them when the content is accepted, some when it is not.
    #[inline]
    fn count_each(&self, start: usize, end: usize, second_level: bool, mut each: impl FnMut(&Raw)) -> Option<usize> {
        let mut pos = start;
        let mut count = 0;
        while pos < end {
            let o = read_object(self.bytes, pos, end, self.ascii_below)?;
            let (vs, ve) = o.value;
            if vs == ve && self.mode == Mode::Strict {
                return None;
            }
            each(&o);
            // Content that is not TLV is accepted in 62/50–99, but only `template` can tell
            // it from an empty object, which is not: let it decide.
            if second_level && is_62_template(o.id) {
                self.count(vs, ve, false)?;
            }
            pos = ve;
            count += 1;
        }
        Some(count)
    }

    /// Validates the content of template `path` (which spans `start..end`) as data objects.
    /// `second_level` is set for 62 and lets its sub-IDs 50–99 be templates in turn.
    #[cold]
    #[inline(never)]
    fn template(&self, start: usize, end: usize, path: TagPath, second_level: bool) -> Result<()> {
        let mut pos = start;
        while pos < end {
            let Some(o) = read_object(self.bytes, pos, end, self.ascii_below) else {
                return Err(read_error(self.bytes, pos, end, Some(path)));
            };
            if o.value.0 == o.value.1 && self.mode == Mode::Strict {
                return Err(Error::new(Problem::ZeroLength { id: o.id }, pos, Some(path.child(o.id as u32))));
            }
            // 62/50–99 content that is not TLV is kept raw in both modes: real codes put bare
            // values there (Mongolia's 62/52) and EMVCo readers must not fail on them. A
            // length 00 met before anything else fails is still an error in strict mode, as
            // it is everywhere else (SPEC section 2).
            if second_level && is_62_template(o.id) {
                if let Err(e) = self.template(o.value.0, o.value.1, path.child(o.id as u32), false) {
                    if e.kind() == crate::ErrorKind::ZeroLength {
                        return Err(e);
                    }
                }
            }
            pos = o.value.1;
        }
        Ok(())
    }
}

/// A parsed EMVCo MPM payload borrowed from its input.
///
/// Parsing checks everything that makes the payload readable (TLV structure at every level,
/// the CRC object and its value) and allocates nothing. Rules that do not stop a reader come
/// back from [`Mpm::findings`].
///
/// ```
/// use hutong::emv::mpm::Mpm;
///
/// let code = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678\
///             520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京\
///             540523.7253031565502016233030412340603***0708A60086670902ME\
///             91320016A0112233449988770708123456786304A13A";
/// let mpm = Mpm::parse(code)?;
/// assert_eq!(mpm.merchant_name(), Some("BEST TRANSPORT"));
/// assert_eq!(mpm.get_path(&[64, 1]).map(|o| o.value()), Some("最佳运输"));
/// assert_eq!(mpm.get_path(&[62, 7]).map(|o| o.value()), Some("A6008667"));
/// assert_eq!(mpm.crc(), "A13A");
/// # Ok::<(), hutong::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Mpm<'a> {
    input: &'a str,
    mode: Mode,
    /// Where the input's first byte above 0x7F is (its length when it has none): at most
    /// [`MAX_SCANNED`], so two bytes.
    ascii_below: u16,
    /// The number of root objects, so that an owned copy sizes its list once.
    count: u16,
}

/// EMVCo's limit on a payload, in characters.
pub(crate) const MAX_CHARS: usize = 512;
/// The most bytes any QR symbol holds (version 40-L in numeric mode: 7,089 characters).
pub(crate) const MAX_SCANNED: usize = 7089;

impl<'a> Mpm<'a> {
    /// Parses `input` in [`Mode::Strict`].
    pub fn parse(input: &'a str) -> Result<Mpm<'a>> {
        Self::parse_with(input, Mode::Strict)
    }

    /// Parses `input` in the given mode.
    pub fn parse_with(input: &'a str, mode: Mode) -> Result<Mpm<'a>> {
        Self::parse_meeting(input, mode, |_| {})
    }

    /// [`Mpm::parse_with`], showing `meet` each root object and each object directly inside a
    /// root template, in payload order, as the parse meets them: a reader that decides on
    /// each object once (the unified reader) then needs no second walk. What was met is
    /// vouched for only when the parse succeeds; a lenient parse may meet some objects of a
    /// template whose content it then keeps raw.
    #[inline]
    pub(crate) fn parse_meeting(input: &'a str, mode: Mode, mut meet: impl FnMut(Met<'a>)) -> Result<Mpm<'a>> {
        let bytes = input.as_bytes();
        if bytes.is_empty() {
            return Err(Error::new(Empty::Mpm, 0, None));
        }
        // Size first, before any work that grows with the input: nothing longer than a QR
        // symbol can hold was scanned, and strict mode holds EMVCo's 512-character cap.
        if bytes.len() > MAX_SCANNED {
            return Err(Error::new(Problem::LongerThanQr { bytes: bytes.len() }, MAX_SCANNED, None));
        }
        let walk = Walk { bytes, ascii_below: ascii_prefix(bytes), mode };
        if mode == Mode::Strict && bytes.len() > MAX_CHARS {
            let chars = if walk.ascii_below == bytes.len() { bytes.len() } else { count_chars(bytes) };
            if chars > MAX_CHARS {
                let at = input.char_indices().nth(MAX_CHARS).map_or(bytes.len(), |(i, _)| i);
                return Err(Error::new(Problem::PayloadTooLong { chars }, at, None));
            }
        }
        let end = bytes.len();
        let mut pos = 0;
        let mut count: u16 = 0;
        // The CRC object ends the walk: it must be the last object.
        let crc = loop {
            if pos >= end {
                return Err(Error::new(Problem::CrcMissing, end, Some(TagPath::mpm(super::id::CRC))));
            }
            let Some(o) = read_object(bytes, pos, end, walk.ascii_below) else {
                return Err(read_error(bytes, pos, end, None));
            };
            let (vs, ve) = o.value;
            pos = ve;
            // At most 7089 / 4 objects: no overflow.
            count += 1;
            #[allow(clippy::indexing_slicing)] // a `u8` into a 256-entry table
            let kind = ROOT_KINDS[o.id as usize];
            let value = |(vs, ve): (usize, usize)| input.get(vs..ve).unwrap_or_default();
            meet(Met { id: o.id, nested: false, value: value(o.value) });
            if kind == PRIMITIVE && vs != ve {
                continue;
            }
            let path = TagPath::mpm(o.id);
            if kind == CRC {
                if ve != end {
                    return Err(Error::new(Problem::CrcNotLast { trailing: end - ve }, o.start, Some(path)));
                }
                break o;
            }
            if vs == ve {
                if mode == Mode::Strict {
                    return Err(Error::new(Problem::ZeroLength { id: o.id }, o.start, Some(path)));
                }
            } else if walk
                .count_each(vs, ve, kind == ADDITIONAL_DATA, |c| {
                    meet(Met { id: c.id, nested: true, value: value(c.value) })
                })
                .is_some()
            {
                continue;
            } else if let Err(e) = walk.template(vs, ve, path, kind == ADDITIONAL_DATA) {
                if mode == Mode::Strict {
                    if e.kind() == crate::ErrorKind::ZeroLength {
                        return Err(e);
                    }
                    return Err(Error::new(Problem::TemplateNotTlv { id: o.id }, o.start, Some(path)));
                }
            }
        };
        let (vs, ve) = crc.value;
        let crc_path = Some(TagPath::mpm(super::id::CRC));
        // The length as written counts characters: `6304` with a non-ASCII character in its
        // value has the right length and a malformed value.
        let chars = if ve <= walk.ascii_below { ve - vs } else { bytes.get(vs..ve).map_or(0, count_chars) };
        if chars != 4 {
            let found = chars.min(99) as u8;
            return Err(Error::new(Problem::CrcLength { found }, crc.start, crc_path));
        }
        let found_bytes = bytes.get(vs..ve).unwrap_or_default();
        let found = parse_hex4(found_bytes)
            .ok_or_else(|| Error::new(Problem::CrcMalformed { found: Quote::new(found_bytes) }, vs, crc_path))?;
        let computed = crc16(bytes.get(..vs).unwrap_or_default());
        if found != computed {
            return Err(Error::new(Problem::CrcMismatch { found: Quote::new(found_bytes), computed }, vs, crc_path));
        }
        if mode == Mode::Strict && found_bytes.iter().any(u8::is_ascii_lowercase) {
            return Err(Error::new(Problem::CrcLowercase { found: Quote::new(found_bytes) }, vs, crc_path));
        }
        // At most `MAX_SCANNED` bytes, checked above: the offset fits.
        Ok(Mpm { input, mode, ascii_below: walk.ascii_below as u16, count })
    }

    /// The payload as parsed; encoding an unchanged payload gives exactly this.
    pub fn as_str(&self) -> &'a str {
        self.input
    }

    /// The mode the payload was parsed in.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The root data objects, in payload order (the CRC object last).
    pub fn objects(&self) -> Objects<'a> {
        Objects {
            src: self.input,
            pos: 0,
            end: self.input.len(),
            parent: None,
            ascii_below: self.ascii_below,
            mode: self.mode,
            left: Some(usize::from(self.count)),
        }
    }

    /// The root data object `id`; the first one if the payload repeats it.
    pub fn get(&self, id: u8) -> Option<DataObject<'a>> {
        self.objects().find(|o| o.id == id)
    }

    /// The data object at `path` (`&[62, 5]` is the reference label, or the [`TagPath`] of an
    /// error or a finding); `None` when absent or when a step of the path is not a template.
    pub fn get_path(&self, path: impl ObjectPath) -> Option<DataObject<'a>> {
        let (ids, len) = path.mpm_ids()?;
        let (&first, rest) = ids.get(..len)?.split_first()?;
        let mut o = self.get(first)?;
        for &id in rest {
            o = o.get(id)?;
        }
        Some(o)
    }

    /// The value of root data object `id`.
    #[inline]
    pub fn value(&self, id: u8) -> Option<&'a str> {
        self.get(id).map(|o| o.value())
    }

    /// The CRC as written (four hex digits).
    pub fn crc(&self) -> &'a str {
        self.input.get(self.input.len().saturating_sub(4)..).unwrap_or_default()
    }

    /// `00` Payload Format Indicator.
    pub fn payload_format_indicator(&self) -> Option<&'a str> {
        self.value(super::id::PAYLOAD_FORMAT_INDICATOR)
    }

    /// `01` Point of Initiation Method (`11` static, `12` dynamic).
    pub fn point_of_initiation(&self) -> Option<&'a str> {
        self.value(super::id::POINT_OF_INITIATION)
    }

    /// `52` Merchant Category Code.
    pub fn merchant_category_code(&self) -> Option<&'a str> {
        self.value(super::id::MERCHANT_CATEGORY_CODE)
    }

    /// `53` Transaction Currency (ISO 4217 numeric, `156` = CNY).
    pub fn transaction_currency(&self) -> Option<&'a str> {
        self.value(super::id::TRANSACTION_CURRENCY)
    }

    /// `54` Transaction Amount, as written.
    pub fn transaction_amount(&self) -> Option<&'a str> {
        self.value(super::id::TRANSACTION_AMOUNT)
    }

    /// `58` Country Code.
    pub fn country_code(&self) -> Option<&'a str> {
        self.value(super::id::COUNTRY_CODE)
    }

    /// `59` Merchant Name.
    pub fn merchant_name(&self) -> Option<&'a str> {
        self.value(super::id::MERCHANT_NAME)
    }

    /// `60` Merchant City.
    pub fn merchant_city(&self) -> Option<&'a str> {
        self.value(super::id::MERCHANT_CITY)
    }

    /// The merchant account information objects (02–51), primitive and template alike.
    pub fn merchant_accounts(&self) -> impl Iterator<Item = DataObject<'a>> + 'a {
        self.objects().filter(|o| matches!(o.id, 2..=51))
    }

    /// The templates (26–51, 80–99) whose GUID equals `guid` ignoring ASCII case.
    pub fn templates_with_guid<'g>(&self, guid: &'g str) -> impl Iterator<Item = DataObject<'a>> + 'g
    where
        'a: 'g,
    {
        self.objects()
            .filter(|o| matches!(o.id, 26..=51 | 80..=99))
            .filter(move |o| o.guid().is_some_and(|g| g.eq_ignore_ascii_case(guid)))
    }
}

impl core::fmt::Debug for Mpm<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Mpm").field("mode", &self.mode).field("input", &self.input).finish()
    }
}

/// An iterator over the data objects of a payload or template, in order.
#[derive(Clone, Debug)]
pub struct Objects<'a> {
    src: &'a str,
    pos: usize,
    end: usize,
    parent: Option<TagPath>,
    /// As in [`Mpm`]: the offset of the input's first byte above 0x7F.
    ascii_below: u16,
    mode: Mode,
    /// The objects still to come, when the walk that validated them counted them; `None`
    /// when nothing walked them since the parse, and `size_hint` counts them.
    left: Option<usize>,
}

impl<'a> Iterator for Objects<'a> {
    type Item = DataObject<'a>;

    #[inline(always)]
    fn next(&mut self) -> Option<DataObject<'a>> {
        if self.pos >= self.end {
            return None;
        }
        match read_object(self.src.as_bytes(), self.pos, self.end, usize::from(self.ascii_below)) {
            Some(o) => {
                self.pos = o.value.1;
                self.left = self.left.map(|left| left.saturating_sub(1));
                let path = match self.parent {
                    Some(p) => p.child(o.id as u32),
                    None => TagPath::mpm(o.id),
                };
                Some(DataObject {
                    src: self.src,
                    id: o.id,
                    offset: o.start,
                    value: o.value,
                    path,
                    ascii_below: self.ascii_below,
                    mode: self.mode,
                })
            }
            // Only reachable for content that was never validated (a nested view of a
            // primitive): stop rather than guess.
            None => {
                self.pos = self.end;
                None
            }
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let walk = Walk { bytes: self.src.as_bytes(), ascii_below: usize::from(self.ascii_below), mode: self.mode };
        let left = self.left.or_else(|| walk.count(self.pos, self.end, false)).unwrap_or(0);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Objects<'_> {}

/// One data object as [`Mpm::parse_meeting`] meets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Met<'a> {
    pub(crate) id: u8,
    /// Whether it sits directly inside a root template (else at the root).
    pub(crate) nested: bool,
    pub(crate) value: &'a str,
}

impl<'a> Met<'a> {
    /// What [`Mpm::parse_meeting`] would have shown of `o`.
    pub(crate) fn of(o: &DataObject<'a>) -> Met<'a> {
        Met { id: o.id, nested: o.path.depth() > 1, value: o.value() }
    }
}

/// One data object of a parsed payload, borrowed from the input.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct DataObject<'a> {
    src: &'a str,
    id: u8,
    offset: usize,
    value: (usize, usize),
    path: TagPath,
    /// As in [`Mpm`]: the offset of the input's first byte above 0x7F.
    ascii_below: u16,
    mode: Mode,
}

impl<'a> DataObject<'a> {
    /// The ID within its template (`5` for 62.05).
    pub fn id(&self) -> u8 {
        self.id
    }

    /// The full path from the root (`62.05`).
    pub fn path(&self) -> TagPath {
        self.path
    }

    /// Byte offset of the object's ID in the input.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Byte offset of the value in the input.
    pub fn value_offset(&self) -> usize {
        self.value.0
    }

    /// The value as written.
    pub fn value(&self) -> &'a str {
        self.src.get(self.value.0..self.value.1).unwrap_or_default()
    }

    /// The whole object as written: ID, length and value.
    pub fn as_str(&self) -> &'a str {
        self.src.get(self.offset..self.value.1).unwrap_or_default()
    }

    /// The length in characters, as the object's length field says.
    pub fn char_len(&self) -> usize {
        // Most values of a payload with some Chinese in it are still ASCII.
        let value = self.value().as_bytes();
        if all_ascii(value) {
            value.len()
        } else {
            count_chars(value)
        }
    }

    /// Whether the specification makes this position a template (26–51, 62, 64, 80–99 at the
    /// root; 50–99 inside 62).
    #[inline]
    pub fn is_template_position(&self) -> bool {
        match *self.path.ids() {
            [id] => is_root_template(id as u8),
            [62, sub] => is_62_template(sub as u8),
            _ => false,
        }
    }

    /// The nested data objects of a template, or `None` when this is not a template position
    /// or (lenient mode, or 62/50–99) the content is not TLV and was kept raw.
    #[inline]
    pub fn children(&self) -> Option<Objects<'a>> {
        if !self.is_template_position() {
            return None;
        }
        self.nested()
    }

    /// The value read as data objects whatever the position says, when it is well-formed:
    /// some networks nest a template in a primitive ID (WeChat Pay in 17). A view only: the
    /// value stays primitive for encoding.
    #[inline]
    pub fn nested(&self) -> Option<Objects<'a>> {
        let (vs, ve) = self.value;
        if vs == ve {
            return None;
        }
        // A strict parse refused every root template whose content is not data objects, so
        // only other positions and lenient parses need the walk that validates (and counts).
        let left = if self.mode == Mode::Strict && self.path.ids().len() == 1 && is_root_template(self.id) {
            None
        } else {
            let walk = Walk { bytes: self.src.as_bytes(), ascii_below: usize::from(self.ascii_below), mode: self.mode };
            Some(walk.count(vs, ve, false)?)
        };
        Some(Objects {
            src: self.src,
            pos: vs,
            end: ve,
            parent: Some(self.path),
            ascii_below: self.ascii_below,
            mode: self.mode,
            left,
        })
    }

    /// The nested object `id` of a template.
    pub fn get(&self, id: u8) -> Option<DataObject<'a>> {
        self.children()?.find(|o| o.id == id)
    }

    /// The template's Globally Unique Identifier (sub-ID 00), when it is the first object.
    pub fn guid(&self) -> Option<&'a str> {
        let mut c = self.children()?;
        c.next().filter(|o| o.id == 0).map(|o| o.value())
    }
}

impl core::fmt::Debug for DataObject<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DataObject")
            .field("path", &self.path)
            .field("offset", &self.offset)
            .field("value", &self.value())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// The documentation's payload: 15 root objects, templates 29, 31, 62, 64 and 91.
    const EXAMPLE: &str = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678\
                           520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京\
                           540523.7253031565502016233030412340603***0708A60086670902ME\
                           91320016A0112233449988770708123456786304A13A";

    #[test]
    fn the_ascii_prefix_ends_at_the_first_high_byte_at_any_place_and_length() {
        for len in 0..=40usize {
            let clean: alloc::vec::Vec<u8> = (0..len).map(|i| b' ' + (i * 7 % 95) as u8).collect();
            assert_eq!(ascii_prefix(&clean), len, "{len} bytes");
            for at in 0..len {
                for high in [0x80u8, 0xC3, 0xE4, 0xFF] {
                    let mut dirty = clean.clone();
                    dirty[at] = high;
                    assert_eq!(ascii_prefix(&dirty), at, "{len} bytes, {high:#04x} at {at}");
                    // A second high byte later changes nothing.
                    if let Some(last) = dirty.last_mut().filter(|_| at + 1 < len) {
                        *last = 0x80;
                        assert_eq!(ascii_prefix(&dirty), at, "{len} bytes, {high:#04x} at {at}, 0x80 last");
                    }
                }
            }
        }
    }

    #[test]
    fn all_ascii_sees_a_high_byte_anywhere_at_any_length() {
        for len in 0..=48 {
            let clean = alloc::vec![b'a'; len];
            assert!(all_ascii(&clean), "{len} bytes");
            for at in 0..len {
                let mut dirty = clean.clone();
                dirty[at] = 0x80;
                assert!(!all_ascii(&dirty), "{len} bytes, high at {at}");
                dirty[at] = 0xFF;
                assert!(!all_ascii(&dirty), "{len} bytes, 0xFF at {at}");
                // Two high bytes: an XOR in place of an OR would cancel them out.
                for other in at + 1..len {
                    let mut dirty = dirty.clone();
                    dirty[other] = 0x80;
                    assert!(!all_ascii(&dirty), "{len} bytes, high at {at} and {other}");
                }
            }
        }
    }

    #[test]
    fn the_object_iterators_know_how_many_objects_remain() {
        let code = EXAMPLE;
        for mode in [Mode::Strict, Mode::Lenient] {
            let mpm = Mpm::parse_with(code, mode).unwrap();
            let mut objects = mpm.objects();
            let mut left = objects.clone().count();
            assert_eq!(left, 15);
            while left > 0 {
                assert_eq!(objects.size_hint(), (left, Some(left)));
                assert_eq!(objects.len(), left);
                let o = objects.next().unwrap();
                if let Some(children) = o.children() {
                    assert_eq!(children.len(), children.clone().count(), "{}", o.path());
                }
                left -= 1;
            }
            assert_eq!(objects.len(), 0);
            assert!(objects.next().is_none());
            assert_eq!(mpm.get(62).unwrap().children().unwrap().len(), 4);
        }
    }

    /// The parse meets each root object and then the objects directly inside it, when it is
    /// a root template, in payload order: what a walk of the parsed payload finds, no more.
    #[test]
    fn the_parse_meets_the_objects_a_walk_finds_in_its_order() {
        let code = EXAMPLE;
        // 62 holding a template (50) whose own objects are not met; 80 holding a raw 50.
        let nested = "000201010211621650120002AB0102CD8022000401AB5010not-a-tlv!5204000053039865802BR5901A6001B6304";
        let nested = alloc::format!("{nested}{:04X}", crc16(nested.as_bytes()));
        for (code, count) in [(code, 28), (nested.as_str(), 13)] {
            for mode in [Mode::Strict, Mode::Lenient] {
                let mut met = Vec::new();
                let mpm = Mpm::parse_meeting(code, mode, |m| met.push(m)).unwrap();
                assert_eq!(Ok(mpm), Mpm::parse_with(code, mode));
                let mut walked = Vec::new();
                for o in mpm.objects() {
                    walked.push(Met::of(&o));
                    for s in o.children().into_iter().flatten() {
                        walked.push(Met::of(&s));
                    }
                }
                assert_eq!(met, walked, "{code}");
                assert_eq!(met.len(), count, "{code}");
            }
        }
        assert!(Mpm::parse_meeting("0002010102", Mode::Strict, |_| {}).is_err());
    }

    #[test]
    fn only_62_reads_its_sub_ids_50_to_99_as_templates() {
        // 80 holds a GUID and a sub-ID 50 whose value is not data objects: 80 is still a
        // template of two objects, and 50 a primitive.
        let payload = "0002010102118022000401AB5010not-a-tlv!5204000053039865802BR5901A6001B6304";
        let code = alloc::format!("{payload}{:04X}", crc16(payload.as_bytes()));
        let mpm = Mpm::parse(&code).unwrap();
        let t = mpm.get(80).unwrap();
        assert_eq!(t.children().unwrap().len(), 2);
        assert_eq!(t.get(50).unwrap().value(), "not-a-tlv!");
        assert!(t.get(50).unwrap().children().is_none());
    }

    /// One data object as written: its length counts characters.
    fn tlv(id: u8, value: &str) -> alloc::string::String {
        alloc::format!("{id:02}{:02}{value}", value.chars().count())
    }

    /// `body` with its CRC object.
    fn signed(body: &str) -> alloc::string::String {
        let payload = alloc::format!("{body}6304");
        alloc::format!("{payload}{:04X}", crc16(payload.as_bytes()))
    }

    /// The data objects of `text` (which starts at byte `base`), read a character at a time:
    /// (ID, byte offset, value).
    fn reference(text: &str, base: usize) -> alloc::vec::Vec<(u8, usize, &str)> {
        let mut out = alloc::vec::Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let id: u8 = rest[..2].parse().unwrap();
            let n: usize = rest[2..4].parse().unwrap();
            let len = rest[4..].char_indices().nth(n).map_or(rest.len() - 4, |(i, _)| i);
            out.push((id, base + text.len() - rest.len(), &rest[4..4 + len]));
            rest = &rest[4 + len..];
        }
        out
    }

    /// Every object the parser finds, root and nested, agrees with the reference reading.
    fn agrees_with_reference(code: &str, mode: Mode) {
        fn check(found: Objects<'_>, expected: &[(u8, usize, &str)]) {
            let found: alloc::vec::Vec<_> = found.collect();
            assert_eq!(found.len(), expected.len());
            for (o, &(id, offset, value)) in found.iter().zip(expected) {
                assert_eq!((o.id(), o.offset(), o.value()), (id, offset, value));
                assert_eq!(o.value_offset(), offset + 4);
                assert_eq!(o.char_len(), value.chars().count(), "{}", o.path());
                if let Some(children) = o.children() {
                    let mut left = reference(value, offset + 4).len();
                    let mut walked = children.clone();
                    while left > 0 {
                        assert_eq!(walked.len(), left, "{}", o.path());
                        walked.next();
                        left -= 1;
                    }
                    check(children, &reference(value, offset + 4));
                }
            }
        }
        let mpm = Mpm::parse_with(code, mode).unwrap();
        check(mpm.objects(), &reference(code, 0));
    }

    #[test]
    fn lengths_count_characters_wherever_a_multibyte_character_falls() {
        // Two-, three- and four-byte characters at the start and end of values, at the end of
        // a template (64.02, 26.01, 62.50), in a 62 sub-template, and ASCII values between.
        for v in ["老王面馆", "a老", "老a", "😀", "a😀", "😀b", "é", "xé", "ABC", "老😀é"] {
            let body = [
                tlv(0, "01"),
                tlv(1, "11"),
                tlv(26, &[tlv(0, "A000000333"), tlv(1, v)].concat()),
                tlv(52, "5812"),
                tlv(53, "156"),
                tlv(58, "CN"),
                tlv(59, v),
                tlv(60, "北京"),
                tlv(62, &[tlv(5, v), tlv(50, &[tlv(0, "GUID"), tlv(1, v)].concat())].concat()),
                tlv(64, &[tlv(0, "ZH"), tlv(1, v), tlv(2, v)].concat()),
            ]
            .concat();
            let code = signed(&body);
            for mode in [Mode::Strict, Mode::Lenient] {
                agrees_with_reference(&code, mode);
                let mpm = Mpm::parse_with(&code, mode).unwrap();
                for path in [&[59][..], &[26, 1], &[62, 5], &[64, 1], &[64, 2]] {
                    assert_eq!(mpm.get_path(path).map(|o| o.value()), Some(v), "{path:?}");
                }
                let sub = mpm.get_path([62, 50]).unwrap();
                assert_eq!(sub.children().unwrap().nth(1).map(|o| o.value()), Some(v));
                assert_eq!(mpm.get(60).unwrap().char_len(), 2);
            }
        }
    }

    #[test]
    fn long_values_of_one_to_four_byte_characters_end_where_their_lengths_say() {
        // Up to 99 characters of one to four bytes, mixed in different orders, so that a value
        // ends after each kind of character and its bytes are never its length.
        let alphabet = ["老", "a", "😀", "é", "王", "Z"];
        for len in [7, 8, 9, 31, 63, 64, 65, 95, 99] {
            for skew in 0..alphabet.len() {
                let v: alloc::string::String =
                    (0..len).map(|i| alphabet[(i * (skew + 1) + skew) % alphabet.len()]).collect();
                let short: alloc::string::String = v.chars().take(len.min(40)).collect();
                let body = [
                    tlv(0, "01"),
                    tlv(59, &v),
                    tlv(60, &short),
                    tlv(
                        64,
                        &[tlv(0, "ZH"), tlv(1, &short), tlv(2, &v[..v.char_indices().nth(len.min(40) / 2).unwrap().0])]
                            .concat(),
                    ),
                ]
                .concat();
                let code = signed(&body);
                agrees_with_reference(&code, Mode::Strict);
                let mpm = Mpm::parse(&code).unwrap();
                assert_eq!(mpm.value(59), Some(v.as_str()));
                assert_eq!(mpm.get(59).unwrap().char_len(), len);
            }
        }
    }

    #[test]
    fn a_length_past_its_container_is_refused_in_characters_not_bytes() {
        // 老王面馆 is 4 characters and 12 bytes: a length of 5 has the bytes but not the
        // characters; one of 12 counts bytes.
        for (need, object) in [(5, "5905老王面馆"), (12, "5912老王面馆"), (10, "5910ABC")] {
            let code = alloc::format!("000201{object}");
            let have = object[4..].chars().count();
            let e = Mpm::parse(&code).unwrap_err();
            assert_eq!(e, Error::new(Problem::Truncated { id: 59, need, have }, 6, Some(TagPath::mpm(59))), "{object}");
        }
        // The same one character too many inside a template, ending where the template ends,
        // with ASCII objects after it: the template's end bounds the walk.
        for value in ["01058😀老王", "0103ABé0105AB老é", "0105ABC"] {
            let body = [tlv(0, "01"), tlv(64, value), tlv(59, "NAME WITH ASCII"), tlv(60, "城市")].concat();
            let code = signed(&body);
            let e = Mpm::parse(&code).unwrap_err();
            assert_eq!(e, Error::new(Problem::TemplateNotTlv { id: 64 }, 6, Some(TagPath::mpm(64))), "{value}");
            let lenient = Mpm::parse_with(&code, Mode::Lenient).unwrap();
            assert!(lenient.get(64).unwrap().children().is_none(), "{value}");
            assert_eq!(lenient.get(59).unwrap().value(), "NAME WITH ASCII");
        }
    }

    #[test]
    fn only_a_strict_root_template_is_trusted_without_a_second_walk() {
        // 26 is a valid template whose sub-ID 30 (a root template ID, one level down) holds a
        // value that is not data objects; 17 is a primitive, also not data objects; 62/50 is
        // kept raw. None of them can be read as data objects, in either mode.
        let body = [
            tlv(0, "01"),
            tlv(17, "not data objects"),
            tlv(26, &[tlv(0, "GUID"), tlv(30, "hello, 世界")].concat()),
            tlv(59, "老王面馆"),
            tlv(62, &[tlv(50, "raw 内容"), tlv(5, "ref")].concat()),
        ]
        .concat();
        let code = signed(&body);
        for mode in [Mode::Strict, Mode::Lenient] {
            let mpm = Mpm::parse_with(&code, mode).unwrap();
            assert!(mpm.get(17).unwrap().nested().is_none(), "{mode:?}");
            assert!(mpm.get_path([26, 30]).unwrap().nested().is_none(), "{mode:?}");
            assert!(mpm.get_path([62, 50]).unwrap().nested().is_none(), "{mode:?}");
            assert_eq!(mpm.get(26).unwrap().children().map(|c| c.len()), Some(2));
            assert_eq!(mpm.get(62).unwrap().children().map(|c| c.len()), Some(2));
            agrees_with_reference(&code, mode);
        }
        // A lenient parse keeps a root template that is not data objects raw: its view must
        // still be validated.
        let body = [tlv(0, "01"), tlv(26, "不是 data objects"), tlv(64, "0002ZH01")].concat();
        let code = signed(&body);
        let mpm = Mpm::parse_with(&code, Mode::Lenient).unwrap();
        assert!(mpm.get(26).unwrap().children().is_none());
        assert!(mpm.get(64).unwrap().nested().is_none());
        assert!(Mpm::parse(&code).is_err());
    }
}

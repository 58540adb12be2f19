//! The owned CPM payload and its typed views.

use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine as _;

use super::ber::{read, BerObject};
use super::tags::tag;
use super::track2::{decode_cn, decode_n, Track2};
use super::{rules, MAX_TEXT_LEN};
use crate::error::cpm::Problem;
use crate::error::{Empty, Error, Result, TagPath};
use crate::finding::Finding;
use crate::provider::Provider;
use crate::text::{byte_is, ALNUM};

/// Registered application provider ids (the first five AID bytes) whose codes the crate
/// routes: UnionPay's `A000000333` covers the CPQRC AIDs `A000000333010101` (debit) and
/// `A000000333010102` (credit).
const RID_ROUTES: &[([u8; 5], Provider)] = &[([0xA0, 0x00, 0x00, 0x03, 0x33], Provider::UnionPay)];

/// A parsed EMVCo consumer-presented payload.
///
/// Parsing checks what makes the payload readable: standard base64, BER-TLV at every level,
/// `85` = `CPV01` first, at least one `61`, no data object twice in one template. Profile
/// rules that do not stop a reader come back from [`ConsumerPayload::findings`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ConsumerPayload {
    objects: Vec<BerObject>,
}

impl ConsumerPayload {
    /// Parses base64 text (standard alphabet, `=` padding, no whitespace).
    pub fn parse(text: &str) -> Result<ConsumerPayload> {
        // The bytes of a text that is not too long; a text that is already fails below.
        let need = text.len().min(MAX_TEXT_LEN) / 4 * 3;
        let mut stack = [0; STACK_TLV_LEN];
        let mut heap = Vec::new();
        let buf = match stack.get_mut(..need) {
            Some(buf) => buf,
            None => {
                heap.resize(need, 0);
                &mut heap[..]
            }
        };
        let tlv = decode_base64(text.as_bytes(), buf).ok_or_else(|| base64_error(text))?;
        ConsumerPayload::from_bytes(tlv)
    }

    /// Parses the decoded BER-TLV bytes.
    pub fn from_bytes(tlv: &[u8]) -> Result<ConsumerPayload> {
        match tlv.first() {
            None => return Err(Error::new(Empty::Cpm, 0, None)),
            Some(&b) if b != tag::PAYLOAD_FORMAT_INDICATOR as u8 => {
                return Err(Error::new(Problem::FirstNotPfi { found: b }, 0, None))
            }
            Some(_) => {}
        }
        let objects = read(tlv)?;
        let payload = ConsumerPayload { objects };
        rules::validate(&payload.objects, tlv.len())?;
        Ok(payload)
    }

    /// Wraps data objects that already form a payload (as [`CpmBuilder`](super::CpmBuilder)
    /// assembles them), checking them as a parse would.
    pub(super) fn from_objects(objects: Vec<BerObject>) -> Result<ConsumerPayload> {
        let payload = ConsumerPayload { objects };
        ConsumerPayload::from_bytes(&payload.to_bytes())
    }

    /// The payload as base64 text: for an unchanged parsed payload, exactly the input.
    pub fn encode(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.to_bytes())
    }

    /// The payload as BER-TLV bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.objects.iter().map(BerObject::encoded_len).sum());
        self.objects.iter().for_each(|o| o.encode_into(&mut out));
        out
    }

    /// The root data objects in order (85 first).
    pub fn objects(&self) -> &[BerObject] {
        &self.objects
    }

    /// The first root data object `tag`.
    pub fn get(&self, tag: u32) -> Option<&BerObject> {
        self.objects.iter().find(|o| o.tag() == tag)
    }

    /// `85` Payload Format Indicator (`CPV01`).
    pub fn format_indicator(&self) -> &str {
        self.get(tag::PAYLOAD_FORMAT_INDICATOR).and_then(|o| core::str::from_utf8(o.bytes()?).ok()).unwrap_or_default()
    }

    /// The application templates (61) in order, each reading the common data template (62)
    /// for what it does not hold itself.
    pub fn applications(&self) -> impl Iterator<Item = Template<'_>> + '_ {
        let common = self.get(tag::COMMON_DATA_TEMPLATE);
        self.objects.iter().filter(|o| o.tag() == tag::APPLICATION_TEMPLATE).map(move |o| Template {
            object: o,
            common,
            path: TagPath::ber(tag::APPLICATION_TEMPLATE),
        })
    }

    /// The common data template (62), if present.
    pub fn common_data(&self) -> Option<Template<'_>> {
        let object = self.get(tag::COMMON_DATA_TEMPLATE)?;
        Some(Template { object, common: None, path: TagPath::ber(tag::COMMON_DATA_TEMPLATE) })
    }

    /// The provider of the first application whose AID the crate routes (UnionPay for
    /// `A000000333…`); `None` when no application has such an AID.
    pub fn route(&self) -> Option<Provider> {
        self.applications().find_map(|a| a.route())
    }

    /// Every profile breach that did not stop the parse (see [`Finding`]).
    pub fn findings(&self) -> Vec<Finding> {
        rules::findings(&self.objects)
    }
}

/// An application template (61) or the common data template (62), with typed access to the
/// data objects the CPM profile defines.
///
/// An application's accessors fall back to the common data template, which holds what both
/// applications share (EMVCo CPM B.2 keeps the PAN and name there); [`Template::own`] does
/// not.
#[derive(Debug, Clone, Copy)]
pub struct Template<'a> {
    object: &'a BerObject,
    common: Option<&'a BerObject>,
    path: TagPath,
}

impl<'a> Template<'a> {
    /// The template object itself.
    pub fn object(&self) -> &'a BerObject {
        self.object
    }

    /// `61` or `62`.
    pub fn path(&self) -> TagPath {
        self.path
    }

    /// The template's own data objects, in order.
    pub fn objects(&self) -> &'a [BerObject] {
        self.object.children().unwrap_or_default()
    }

    /// The data object `tag` of this template only.
    pub fn own(&self, tag: u32) -> Option<&'a BerObject> {
        self.objects().iter().find(|o| o.tag() == tag)
    }

    /// The data object `tag` of this template, else of the common data template.
    pub fn get(&self, tag: u32) -> Option<&'a BerObject> {
        self.own(tag).or_else(|| self.common?.get(tag))
    }

    fn bytes(&self, tag: u32) -> Option<&'a [u8]> {
        self.get(tag)?.bytes()
    }

    fn text(&self, tag: u32) -> Option<&'a str> {
        core::str::from_utf8(self.bytes(tag)?).ok()
    }

    /// `4F` ADF Name: the application's AID (this template's own).
    pub fn aid(&self) -> Option<&'a [u8]> {
        self.own(tag::ADF_NAME)?.bytes()
    }

    /// `50` Application Label.
    pub fn label(&self) -> Option<&'a str> {
        self.text(tag::APPLICATION_LABEL)
    }

    /// `57` Track 2 Equivalent Data, decoded; `None` when absent or malformed (a finding).
    pub fn track2(&self) -> Option<Track2> {
        Track2::decode(self.bytes(tag::TRACK2)?)
    }

    /// The PAN: `5A` without its `F` padding, else the PAN inside `57`.
    pub fn pan(&self) -> Option<String> {
        match self.bytes(tag::PAN) {
            Some(b) => decode_cn(b),
            None => self.track2().map(|t| t.pan),
        }
    }

    /// `5F20` Cardholder Name.
    pub fn cardholder_name(&self) -> Option<&'a str> {
        self.text(tag::CARDHOLDER_NAME)
    }

    /// `5F2D` Language Preference as written (`"zhen"`).
    pub fn language_preference(&self) -> Option<&'a str> {
        self.text(tag::LANGUAGE_PREFERENCE)
    }

    /// `5F2D` split into its two-letter ISO 639-1 codes, most preferred first.
    pub fn languages(&self) -> impl Iterator<Item = &'a str> + 'a {
        let s = self.language_preference().unwrap_or_default();
        (0..s.len() / 2).filter_map(move |i| s.get(i * 2..i * 2 + 2))
    }

    /// `5F50` Issuer URL.
    pub fn issuer_url(&self) -> Option<&'a str> {
        self.text(tag::ISSUER_URL)
    }

    /// `9F08` Application Version Number.
    pub fn application_version(&self) -> Option<u16> {
        match *self.bytes(tag::APPLICATION_VERSION)? {
            [hi, lo] => Some(u16::from_be_bytes([hi, lo])),
            _ => None,
        }
    }

    /// `9F19` Token Requestor ID: 11 digits (the leading pad digit of its 6 bytes dropped).
    pub fn token_requestor_id(&self) -> Option<String> {
        let digits = decode_n(self.bytes(tag::TOKEN_REQUESTOR_ID)?)?;
        Some(match digits.strip_prefix('0') {
            Some(rest) if digits.len() == 12 => rest.into(),
            _ => digits,
        })
    }

    /// `9F24` Payment Account Reference.
    pub fn payment_account_reference(&self) -> Option<&'a str> {
        self.text(tag::PAYMENT_ACCOUNT_REFERENCE)
    }

    /// `9F25` Last 4 Digits of PAN.
    pub fn pan_last4(&self) -> Option<String> {
        decode_n(self.bytes(tag::LAST4)?)
    }

    /// The transparent template, kept as raw TLV: `63` in an application, `64` in the common
    /// data template.
    pub fn transparent(&self) -> Option<&'a BerObject> {
        let t = if self.path.last() == tag::COMMON_DATA_TEMPLATE {
            tag::COMMON_TRANSPARENT_TEMPLATE
        } else {
            tag::APPLICATION_TRANSPARENT_TEMPLATE
        };
        self.own(t)
    }

    /// The provider the application's AID belongs to (UnionPay for `A000000333…`, which
    /// covers CPQRC); `None` for other AIDs and for an AID that is not 5–16 bytes (readers
    /// skip such an application).
    pub fn route(&self) -> Option<Provider> {
        let aid = self.aid().filter(|a| rules::aid_usable(a))?;
        RID_ROUTES.iter().find(|(rid, _)| aid.starts_with(rid)).map(|&(_, p)| p)
    }
}

/// Payloads of up to this many bytes (texts of up to 684 characters, every real code) are
/// decoded into a buffer on the stack, longer ones on the heap. Zeroing a buffer costs about
/// an instruction a byte past 2 KiB, as much as decoding: one sized for the longest text would
/// double the cost of every parse.
const STACK_TLV_LEN: usize = 512;

/// Set in every entry of [`BASE64`] for a byte outside the base64 alphabet (`=` among them),
/// above the 24 bits that four characters' values fill.
const NOT_BASE64: u32 = 0xFF00_0000;

/// For the first to fourth character of a quad, each byte's value in the standard base64
/// alphabet, already shifted to its place among the quad's 24 bits; [`NOT_BASE64`] for the
/// other bytes. A quad's bits are the OR of four lookups, with no shift or check per
/// character.
// Indices stay below 64 on a 64-byte alphabet, below 4 and below 256 for a `u8`, in a const
// block where `get` is not available.
#[allow(clippy::indexing_slicing)]
const BASE64: [[u32; 256]; 4] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut tables = [[NOT_BASE64; 256]; 4];
    let mut place = 0;
    while place < 4 {
        let mut i = 0;
        while i < 64 {
            tables[place][alphabet[i] as usize] = (i as u32) << (18 - 6 * place);
            i += 1;
        }
        place += 1;
    }
    tables
};

/// The bits of base64 character `c` at `place` (0-3) in its quad, or [`NOT_BASE64`].
// `place` is below 4 at every call, and a `u8` always indexes a 256-entry table.
#[allow(clippy::indexing_slicing)]
fn sextet(place: usize, c: u8) -> u32 {
    BASE64[place][usize::from(c)]
}

/// Decodes a CPM text in one pass into `out`, which has room for three bytes per four
/// characters: standard base64 (RFC 4648 alphabet, `=` padding and no other character, no
/// bits after the data), starting with [`PREFIX`](super::PREFIX), at most [`MAX_TEXT_LEN`]
/// characters. `None` for any other text: [`base64_error`] then says why.
fn decode_base64<'a>(text: &[u8], out: &'a mut [u8]) -> Option<&'a [u8]> {
    if text.len() > MAX_TEXT_LEN || text.len() % 4 != 0 || !text.starts_with(super::PREFIX.as_bytes()) {
        return None;
    }
    let (body, last) = text.split_at(text.len() - 4);
    // Characters outside the alphabet set NOT_BASE64 here; what they wrote is never read.
    let mut bad = 0;
    for (quad, bytes) in body.chunks_exact(4).zip(out.chunks_exact_mut(3)) {
        let (&[a, b, c, d], [x, y, z]) = (quad, bytes) else { return None };
        let v = sextet(0, a) | sextet(1, b) | sextet(2, c) | sextet(3, d);
        bad |= v;
        let [_, hi, mid, lo] = v.to_be_bytes();
        (*x, *y, *z) = (hi, mid, lo);
    }
    let &[a, b, c, d] = last else { return None };
    let ab = sextet(0, a) | sextet(1, b);
    // The last quad: its bits, how many of its bytes are data, and the bits that must be zero.
    let (v, data, spare) = match (c, d) {
        (b'=', b'=') => (ab, 1, 0xFFFF),
        (_, b'=') => (ab | sextet(2, c), 2, 0xFF),
        _ => (ab | sextet(2, c) | sextet(3, d), 3, 0),
    };
    if (bad | v) & NOT_BASE64 != 0 || v & spare != 0 {
        return None;
    }
    let end = body.len() / 4 * 3 + data;
    out.get_mut(end - data..end)?.copy_from_slice(v.to_be_bytes().get(1..=data)?);
    out.get(..end)
}

/// Why [`decode_base64`] refused `text`, with the error at the offending character.
fn base64_error(text: &str) -> Error {
    let b = text.as_bytes();
    let char_at = |i: usize| text.get(i..).and_then(|s| s.chars().next()).unwrap_or(char::REPLACEMENT_CHARACTER);
    let bad_char = |i: usize| {
        let c = char_at(i);
        let problem = if c.is_whitespace() { Problem::Base64Whitespace { c } } else { Problem::Base64Char { c } };
        Error::new(problem, i, None)
    };
    if b.is_empty() {
        return Error::new(Empty::Cpm, 0, None);
    }
    // Every CPM text starts with the base64 of 85 05 "CPV"; anything else is another kind of
    // code, unless the difference is whitespace, which is a corrupted copy.
    if let Some(i) = super::PREFIX.bytes().zip(b).position(|(p, &c)| p != c) {
        return if char_at(i).is_whitespace() { bad_char(i) } else { Error::new(Problem::NotCpm, 0, None) };
    }
    // A text that stops inside the prefix does not start with it either (SPEC 7.1).
    if b.len() < super::PREFIX.len() {
        return Error::new(Problem::NotCpm, 0, None);
    }
    if b.len() > MAX_TEXT_LEN {
        return Error::new(Problem::TextTooLong { len: b.len(), max: MAX_TEXT_LEN }, MAX_TEXT_LEN, None);
    }
    if let Some(i) = b.iter().position(|&c| !(byte_is(c, ALNUM) || c == b'+' || c == b'/' || c == b'=')) {
        return bad_char(i);
    }
    let data_end = b.len() - b.iter().rev().take_while(|&&c| c == b'=').count();
    if let Some(i) = b.iter().take(data_end).position(|&c| c == b'=') {
        return Error::new(Problem::Base64Padding, i, None);
    }
    if b.len() - data_end > 2 {
        return Error::new(Problem::Base64Padding, data_end, None);
    }
    if b.len() % 4 != 0 {
        return Error::new(Problem::Base64Length { len: b.len() }, b.len(), None);
    }
    // All that is left: the last character before the padding carries bits past the data.
    let last = data_end - 1;
    Error::new(Problem::Base64LastSymbol { c: char_at(last) }, last, None)
}

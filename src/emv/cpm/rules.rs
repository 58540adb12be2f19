//! The CPM profile: what stops a parse ([`validate`]) and what is only reported
//! ([`findings`]). Generators must not produce either, so the builder turns the first finding
//! into an error.

use alloc::vec::Vec;

use super::ber::BerObject;
use super::tags::tag;
use super::track2::{decode_cn, decode_n, Track2};
use crate::error::cpm::Problem;
use crate::error::{Error, Quote, Result, TagPath};
use crate::finding::cpm::Rule;
use crate::finding::Finding;
use crate::text::{byte_is, ALNUM, ANS};

/// The objects of a sequence that starts at byte `start`, each with its offset.
fn with_offsets(objects: &[BerObject], start: usize) -> impl Iterator<Item = (usize, &BerObject)> {
    objects.iter().scan(start, |pos, o| {
        let at = *pos;
        *pos += o.encoded_len();
        Some((at, o))
    })
}

/// The children of a template at `offset`, each with its offset.
fn children_at(o: &BerObject, offset: usize) -> impl Iterator<Item = (usize, &BerObject)> {
    with_offsets(o.children().unwrap_or_default(), offset + o.header_len())
}

/// The index of the first object (in order) whose tag appeared before it.
///
/// One- and two-byte tags, every tag of the profile, are marked in a set of bits, with no
/// allocation: a slot for each byte value, then one for each two-byte tag (the top three bits
/// of its first byte, whose low five are always `11111`, then its second byte, whose top bit
/// is always clear).
fn first_duplicate(objects: &[BerObject]) -> Option<usize> {
    // 256 + 1024 slots, 64 to a word.
    let mut seen = [0u64; 20];
    for (i, o) in objects.iter().enumerate() {
        let slot = match *o.tag_bytes() {
            [a] => usize::from(a),
            [a, b] => 256 + ((usize::from(a >> 5) << 7) | usize::from(b)),
            _ => return first_duplicate_sorted(objects),
        };
        let (word, bit) = (seen.get_mut(slot / 64)?, 1 << (slot % 64));
        if *word & bit != 0 {
            return Some(i);
        }
        *word |= bit;
    }
    None
}

/// [`first_duplicate`] for templates with longer tags.
fn first_duplicate_sorted(objects: &[BerObject]) -> Option<usize> {
    let mut tags: Vec<(u32, usize)> = objects.iter().enumerate().map(|(i, o)| (o.tag(), i)).collect();
    tags.sort_unstable();
    tags.windows(2).filter(|w| matches!(w, [a, b] if a.0 == b.0)).filter_map(|w| w.get(1).map(|b| b.1)).min()
}

/// What makes a payload (its root data objects) unreadable beyond BER-TLV itself; `len` is
/// the payload's byte count.
pub(super) fn validate(objects: &[BerObject], len: usize) -> Result<()> {
    let root = |t: u32| Some(TagPath::ber(t));
    if let Some(pfi) = objects.first() {
        let v = pfi.bytes().unwrap_or_default();
        let path = root(tag::PAYLOAD_FORMAT_INDICATOR);
        if v != b"CPV01" {
            return Err(Error::new(Problem::PfiValue { found: Quote::new(v) }, 0, path));
        }
        // The text form is detected by its first seven characters, so the bytes under them
        // are fixed too: a long-form length here would make a payload the text parser refuses.
        if pfi.length_bytes() != [5] {
            return Err(Error::new(Problem::PfiForm, 0, path));
        }
    }
    let mut pfi = 0;
    let mut common = 0;
    let mut apps = 0;
    // Offsets are only worked out for an error: each takes a walk over the objects before it.
    let at = |i: usize| with_offsets(objects, 0).nth(i).map_or(0, |(off, _)| off);
    for (i, o) in objects.iter().enumerate() {
        let t = o.tag();
        let count = match t {
            tag::PAYLOAD_FORMAT_INDICATOR => &mut pfi,
            tag::COMMON_DATA_TEMPLATE => &mut common,
            tag::APPLICATION_TEMPLATE => &mut apps,
            _ => continue,
        };
        *count += 1;
        if t != tag::APPLICATION_TEMPLATE && *count > 1 {
            return Err(Error::new(Problem::Duplicate { tag: t }, at(i), root(t)));
        }
        let children = o.children().unwrap_or_default();
        if let Some(j) = first_duplicate(children) {
            let off = at(i);
            let (at, d) = children_at(o, off).nth(j).unwrap_or((off, o));
            return Err(Error::new(Problem::Duplicate { tag: d.tag() }, at, Some(TagPath::ber(t).child(d.tag()))));
        }
    }
    if apps == 0 {
        return Err(Error::new(Problem::NoApplication, len, root(tag::APPLICATION_TEMPLATE)));
    }
    // A template without a usable AID is skipped; when all of them are, nothing is left to pay
    // with, which is the same as having none.
    let usable = |o: &BerObject| o.get(tag::ADF_NAME).and_then(BerObject::bytes).is_some_and(aid_usable);
    if !objects.iter().any(|o| o.tag() == tag::APPLICATION_TEMPLATE && usable(o)) {
        let first = with_offsets(objects, 0).find(|(_, o)| o.tag() == tag::APPLICATION_TEMPLATE);
        let at = first.map_or(len, |(off, _)| off);
        return Err(Error::new(Problem::NoUsableApplication, at, root(tag::APPLICATION_TEMPLATE)));
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Format {
    /// b: any bytes.
    Binary,
    /// ans: printable ASCII.
    Ans,
    /// 50: letters, digits and space.
    Label,
    /// an: letters and digits.
    An,
    /// 5F2D: an, whole two-character codes.
    Languages,
    /// n: packed decimal digits.
    Numeric,
    /// cn: packed digits, `F`-padded.
    CompressedNumeric,
    /// 57.
    Track2,
}

/// The typed data objects of 61 and 62: tag, format, shortest and longest value in bytes
/// (SPEC.md section 7.4). 4F is checked on its own (rule `aid-length`).
const FIELDS: &[(u32, Format, usize, usize)] = &[
    (tag::APPLICATION_LABEL, Format::Label, 1, 16),
    (tag::TRACK2, Format::Track2, 1, 19),
    (tag::PAN, Format::CompressedNumeric, 1, 10),
    (tag::CARDHOLDER_NAME, Format::Ans, 2, 26),
    (tag::LANGUAGE_PREFERENCE, Format::Languages, 2, 8),
    (tag::ISSUER_URL, Format::Ans, 1, usize::MAX),
    (tag::APPLICATION_VERSION, Format::Binary, 2, 2),
    (tag::TOKEN_REQUESTOR_ID, Format::Numeric, 6, 6),
    (tag::PAYMENT_ACCOUNT_REFERENCE, Format::An, 29, 29),
    (tag::LAST4, Format::Numeric, 2, 2),
];

/// Whether readers use an application with this ADF name: EMV AIDs are 5-16 bytes.
pub(super) fn aid_usable(aid: &[u8]) -> bool {
    (5..=16).contains(&aid.len())
}

/// The profile breach of one typed data object, if any.
fn check_field(o: &BerObject) -> Option<(Rule, Problem)> {
    let t = o.tag();
    let v = o.bytes()?;
    if t == tag::ADF_NAME {
        return (!aid_usable(v)).then_some((Rule::AidLength, Problem::AidLength { len: v.len() }));
    }
    let &(_, format, min, max) = FIELDS.iter().find(|f| f.0 == t)?;
    if v.len() < min || v.len() > max {
        return Some((Rule::Length, Problem::FieldLength { tag: t, len: v.len(), min, max }));
    }
    let all = |class: u8| v.iter().all(|&b| byte_is(b, class));
    let (rule, ok, why) = match format {
        Format::Binary => return None,
        Format::Ans => (Rule::Ans, all(ANS), "must be printable ASCII (format ans)"),
        Format::Label => (
            Rule::Ans,
            v.iter().all(|&b| b == b' ' || byte_is(b, ALNUM)),
            "must be letters, digits and spaces (format ans, space the only special character)",
        ),
        Format::An => (Rule::An, all(ALNUM), "must be letters and digits (format an)"),
        Format::Languages => {
            (Rule::An, all(ALNUM) && v.len() % 2 == 0, "must be one to four two-letter ISO 639-1 codes (format an)")
        }
        Format::Numeric => (Rule::Numeric, decode_n(v).is_some(), "must be packed decimal digits (format n)"),
        Format::CompressedNumeric => {
            (Rule::CompressedNumeric, decode_cn(v).is_some(), "must be packed digits padded with F (format cn)")
        }
        Format::Track2 => (
            Rule::Track2,
            Track2::decode(v).is_some(),
            "must be PAN digits, D, YYMM, a 3-digit service code, discretionary digits and at most one F pad",
        ),
    };
    (!ok).then_some((rule, Problem::FieldFormat { tag: t, why }))
}

/// Every finding of a payload (its root data objects), in payload order.
pub(crate) fn findings(objects: &[BerObject]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |rule: Rule, path, offset, problem: Problem| out.push(Finding::new(rule, path, offset, problem));
    let apps = objects.iter().filter(|o| o.tag() == tag::APPLICATION_TEMPLATE).count();
    let mut app_tags: Vec<u32> = objects
        .iter()
        .filter(|o| o.tag() == tag::APPLICATION_TEMPLATE)
        .flat_map(|o| o.children().unwrap_or_default().iter().map(BerObject::tag))
        .collect();
    app_tags.sort_unstable();
    let (mut seen_apps, mut seen_common, mut seen_other) = (0, false, false);
    for (off, o) in with_offsets(objects, 0) {
        let t = o.tag();
        let path = TagPath::ber(t);
        match t {
            tag::PAYLOAD_FORMAT_INDICATOR => continue,
            tag::APPLICATION_TEMPLATE => {
                seen_apps += 1;
                if seen_common || seen_other {
                    let why = "application templates 61 come right after 85";
                    push(Rule::Order, path, off, Problem::Order { tag: t, why });
                }
                if seen_apps == 3 {
                    push(Rule::ApplicationCount, path, off, Problem::TooManyApplications { count: apps });
                }
                if o.get(tag::ADF_NAME).is_none() {
                    push(Rule::AidMissing, path, off, Problem::AidMissing);
                }
            }
            tag::COMMON_DATA_TEMPLATE => {
                seen_common = true;
                if seen_other {
                    let why = "the common data template 62 comes right after the application templates";
                    push(Rule::Order, path, off, Problem::Order { tag: t, why });
                }
                if apps == 1 {
                    push(Rule::CommonDataPlacement, path, off, Problem::CommonDataPlacement);
                }
            }
            _ => {
                seen_other = true;
                continue;
            }
        }
        for (at, c) in children_at(o, off) {
            let ct = c.tag();
            if let Some((rule, problem)) = check_field(c) {
                push(rule, path.child(ct), at, problem);
            }
            if t == tag::COMMON_DATA_TEMPLATE && app_tags.binary_search(&ct).is_ok() {
                push(Rule::CommonDataOverlap, path.child(ct), at, Problem::Overlap { tag: ct });
            }
        }
    }
    out
}

//! The semantic rules of EMVCo MPM v1.1 that do not stop a reader: each breach is a
//! [`Finding`] with a rule id, a tag path and a byte offset. Generators must not produce any
//! of them, so the builder turns the first finding into an error.

use alloc::vec::Vec;

use super::fields::{is_rfu, spec_fast, Format};
use super::parse::{DataObject, Mpm};
use crate::error::mpm::Problem;
use crate::error::{Quote, TagPath};
use crate::finding::mpm::Rule;
use crate::finding::Finding;
use crate::text::{byte_is, first_non_ans, is_invisible, NUMERIC};

struct Sink {
    out: Vec<Finding>,
}

impl Sink {
    fn push(&mut self, rule: Rule, o: &DataObject<'_>, problem: Problem) {
        self.out.push(Finding::new(rule, o.path(), o.offset(), problem));
    }
}

impl<'a> Mpm<'a> {
    /// Every rule breach that did not stop the parse (see [`Finding`]).
    pub fn findings(&self) -> Vec<Finding> {
        findings(self)
    }

    /// The first finding, with `visit` shown each data object on the way, in payload order,
    /// with the template that holds it (`None` at the root): a reader that needs them as well
    /// walks the payload once.
    pub(crate) fn first_finding_visiting(&self, visit: impl Visit<'a>) -> Option<Finding> {
        findings_visiting(self, visit).into_iter().next()
    }
}

/// What the rules show a caller as they walk a payload.
pub(crate) trait Visit<'a>: FnMut(&DataObject<'a>, Option<&DataObject<'a>>) {}
impl<'a, F: FnMut(&DataObject<'a>, Option<&DataObject<'a>>)> Visit<'a> for F {}

/// Every finding of `mpm`, in payload order, then the missing objects.
pub(crate) fn findings(mpm: &Mpm<'_>) -> Vec<Finding> {
    findings_visiting(mpm, |_, _| {})
}

fn findings_visiting<'a>(mpm: &Mpm<'a>, mut visit: impl Visit<'a>) -> Vec<Finding> {
    let mut sink = Sink { out: Vec::new() };
    let mut seen = Ids::default();
    let mut crc_offset = mpm.as_str().len();
    // A flag for the first object, not `enumerate`: its `next` was not inlined, and with it
    // not the objects' own.
    let mut first = true;
    for o in mpm.objects() {
        visit(&o, None);
        let id = o.id();
        if seen.insert(id) {
            sink.push(Rule::DuplicateId, &o, Problem::Duplicate { id });
        }
        if first && id != 0 {
            sink.push(
                Rule::PayloadFormatIndicatorFirst,
                &o,
                Problem::InvalidValue { id, why: "the payload format indicator 00 must come first" },
            );
        }
        first = false;
        if id == super::id::CRC {
            crc_offset = o.offset();
            if o.value().bytes().any(|b| b.is_ascii_lowercase()) {
                sink.push(Rule::CrcLowercase, &o, Problem::CrcLowercase { found: Quote::new(o.value().as_bytes()) });
            }
            continue;
        }
        object(&mut sink, &mut visit, &o, &[id]);
        root_value(&mut sink, &o);
    }
    let seen = seen.all();
    let missing_at =
        |id: u8| Finding::new(Rule::MandatoryMissing, TagPath::mpm(id), crc_offset, Problem::MissingField { id });
    for id in [0u8, 52, 53, 58, 59, 60] {
        if seen & (1 << id) == 0 {
            sink.out.push(missing_at(id));
        }
    }
    if seen & (((1u128 << 52) - 1) & !0b11) == 0 {
        sink.out.push(Finding::new(
            Rule::MerchantAccountMissing,
            TagPath::mpm(2),
            crc_offset,
            Problem::NoMerchantAccount,
        ));
    }
    tip_coupling(&mut sink, mpm, seen);
    // A payload of at most 512 bytes has at most 512 characters: no need to count them.
    let chars = if mpm.as_str().len() > 512 { crate::text::char_len(mpm.as_str()) } else { 0 };
    if chars > 512 {
        sink.out.push(Finding::new(
            Rule::PayloadLength,
            TagPath::mpm(super::id::CRC),
            0,
            Problem::PayloadTooLong { chars },
        ));
    }
    sink.out
}

/// The IDs met so far in one template or at the root, a bit each (IDs are two digits): two
/// words, since a shift of a `u128` by a variable costs a dozen instructions.
#[derive(Default)]
struct Ids([u64; 2]);

impl Ids {
    /// Marks `id` as met; whether it was met before.
    #[inline(always)]
    fn insert(&mut self, id: u8) -> bool {
        let bit = 1u64 << (id & 63);
        // `id` is at most 99, so `id >> 6` is 0 or 1: the fallback is never taken.
        let Some(word) = self.0.get_mut(usize::from((id >> 6) & 1)) else { return false };
        let met = *word & bit != 0;
        *word |= bit;
        met
    }

    fn all(&self) -> u128 {
        let [low, high] = self.0;
        u128::from(low) | (u128::from(high) << 64)
    }
}

/// Rules that hold for any object at `path`, recursing into templates. Inlined into its two
/// callers, the root walk and `template`: each then knows its path's depth, and the call cost
/// more than most of the checks (read-three 13,571 → 12,769 instructions).
#[inline(always)]
fn object<'a>(sink: &mut Sink, visit: &mut impl Visit<'a>, o: &DataObject<'a>, path: &[u8]) {
    let id = o.id();
    let value = o.value();
    if is_rfu(path) {
        sink.push(Rule::Rfu, o, Problem::BadId { id, why: "reserved for future use by EMVCo; readers ignore it" });
    }
    if value.is_empty() {
        sink.push(Rule::ZeroLength, o, Problem::ZeroLength { id });
        return;
    }
    let s = spec_fast(path);
    if s.template {
        match o.children() {
            Some(children) => template(sink, visit, o, children, path),
            None => sink.push(Rule::TemplateNotTlv, o, Problem::TemplateNotTlv { id }),
        }
        return;
    }
    // The character set first, its finding after the length's: a value of N or ans that
    // passes is ASCII, so its length in bytes is its length in characters, with no count.
    let bad = match s.format {
        Format::N => {
            if value.bytes().all(|b| byte_is(b, NUMERIC)) {
                None
            } else {
                value.chars().find(|c| !(c.is_ascii() && byte_is(*c as u8, NUMERIC)))
            }
        }
        Format::Ans => first_non_ans(value).map(|(_, c)| c),
        Format::S => value.chars().find(|&c| is_invisible(c)),
    };
    let ascii = bad.is_none() && s.format != Format::S;
    let chars = || if ascii { value.len() } else { o.char_len() };
    if let Some(fixed) = s.fixed {
        let chars = chars();
        if chars != fixed as usize {
            sink.push(Rule::FixedLength, o, Problem::FixedLength { id, expected: fixed, found: chars });
        }
    // A value has at most as many characters as bytes: one within the maximum in bytes needs
    // no count.
    } else if value.len() > s.max as usize {
        let chars = chars();
        if chars > s.max as usize {
            let rule = if s.name == "globally_unique_identifier" { Rule::GuidLength } else { Rule::MaxLength };
            sink.push(rule, o, Problem::FieldTooLong { id, chars, max: s.max });
        }
    }
    if let Some(c) = bad {
        let (rule, problem) = match s.format {
            Format::N => (Rule::Numeric, Problem::NotNumeric { id, c }),
            Format::Ans => (Rule::Ans, Problem::NotAns { id, c }),
            Format::S => (Rule::UnsafeText, Problem::NotAns { id, c }),
        };
        sink.push(rule, o, problem);
    }
    match *path {
        [62, 9] => consumer_data_request(sink, o),
        [62, 11] => merchant_channel(sink, o),
        _ => {}
    }
}

fn template<'a>(
    sink: &mut Sink,
    visit: &mut impl Visit<'a>,
    o: &DataObject<'a>,
    children: super::Objects<'a>,
    path: &[u8],
) {
    let payment_system = matches!(*path, [26..=51] | [80..=99] | [62, 50..=99]);
    let mut seen = Ids::default();
    let mut first = true;
    for c in children {
        visit(&c, Some(o));
        let cid = c.id();
        if seen.insert(cid) {
            sink.push(Rule::DuplicateId, &c, Problem::Duplicate { id: cid });
        }
        if first && payment_system && cid != 0 {
            sink.push(Rule::GuidMissing, o, Problem::GuidMissing { id: o.id() });
        }
        first = false;
        // The first two IDs of `path`, then `cid`: `depth` is at most 2, so the `get`
        // fallbacks are never taken.
        let mut sub = [0u8; 3];
        let depth = path.len().min(2);
        for (dst, src) in sub.iter_mut().zip(path.iter().take(depth)) {
            *dst = *src;
        }
        if let Some(slot) = sub.get_mut(depth) {
            *slot = cid;
        }
        object(sink, visit, &c, sub.get(..=depth).unwrap_or(&sub));
    }
    let seen = seen.all();
    if path == [64] && (seen & 0b11) != 0b11 {
        let missing = if seen & 1 == 0 { 0 } else { 1 };
        sink.push(Rule::LanguageTemplate, o, Problem::MissingInTemplate { template: 64, id: missing });
    }
}

/// Rules on the values of specific root objects: most root objects have none, and a call
/// for each cost more than the test.
#[inline(always)]
fn root_value(sink: &mut Sink, o: &DataObject<'_>) {
    if matches!(o.id(), 0 | 1 | 54..=57) {
        value_rules(sink, o);
    }
}

/// The rules of [`root_value`], for 00, 01 and 54–57.
fn value_rules(sink: &mut Sink, o: &DataObject<'_>) {
    let id = o.id();
    let v = o.value();
    if v.is_empty() {
        return;
    }
    match id {
        0 if v != "01" => sink.push(
            Rule::PayloadFormatIndicator,
            o,
            Problem::InvalidValue { id, why: "the payload format indicator must be \"01\"" },
        ),
        1 if v != "11" && v != "12" => sink.push(
            Rule::PointOfInitiation,
            o,
            Problem::InvalidValue { id, why: "the point of initiation is \"11\" (static) or \"12\" (dynamic)" },
        ),
        54 | 56 => {
            if let Err(why) = check_amount(v) {
                sink.push(Rule::Amount, o, Problem::InvalidAmount { id, found: Quote::new(v.as_bytes()), why });
            }
        }
        55 if !matches!(v, "01" | "02" | "03") => sink.push(
            Rule::TipIndicator,
            o,
            Problem::InvalidValue { id, why: "the tip indicator is \"01\", \"02\" or \"03\"" },
        ),
        57 => {
            if let Err(why) = check_percentage(v) {
                sink.push(Rule::FeePercentage, o, Problem::InvalidAmount { id, found: Quote::new(v.as_bytes()), why });
            }
        }
        _ => {}
    }
}

fn tip_coupling(sink: &mut Sink, mpm: &Mpm<'_>, seen: u128) {
    // Without 55, 56 and 57 there is nothing to couple, and looking 55 up walks the payload.
    if seen & (0b111 << 55) == 0 {
        return;
    }
    let indicator = mpm.value(55);
    let has = |id: u8| seen & (1 << id) != 0;
    let mut flag = |id: u8, why: &'static str| {
        if let Some(o) = mpm.get(id) {
            sink.push(Rule::TipCoupling, &o, Problem::Conflict { id, why });
        }
    };
    if has(56) && indicator != Some("02") {
        flag(56, "(fixed convenience fee) requires 55 = \"02\"");
    }
    if has(57) && indicator != Some("03") {
        flag(57, "(percentage convenience fee) requires 55 = \"03\"");
    }
    if indicator == Some("02") && !has(56) {
        flag(55, "= \"02\" requires the fixed fee 56");
    }
    if indicator == Some("03") && !has(57) {
        flag(55, "= \"03\" requires the percentage 57");
    }
}

/// EMVCo amount: digits with at most one `.`, at most 13 characters, not zero.
pub(crate) fn check_amount(v: &str) -> Result<(), &'static str> {
    if v.is_empty() {
        return Err("an amount cannot be empty");
    }
    if v.len() > 13 {
        return Err("an amount has at most 13 characters");
    }
    let mut dots = 0;
    let mut nonzero = false;
    for b in v.bytes() {
        match b {
            b'.' => dots += 1,
            b'1'..=b'9' => nonzero = true,
            b'0' => {}
            _ => return Err("only digits and one '.' are allowed (no sign, comma, space or exponent)"),
        }
    }
    if dots > 1 {
        return Err("only one '.' is allowed");
    }
    if v == "." {
        return Err("an amount needs digits");
    }
    if !nonzero {
        return Err("an amount must not be zero");
    }
    Ok(())
}

/// 57: `00.01`–`99.99`, at most 5 characters, no `%`.
fn check_percentage(v: &str) -> Result<(), &'static str> {
    check_amount(v).map_err(|_| "a percentage is digits with at most one '.', not zero")?;
    if v.len() > 5 {
        return Err("a percentage has at most 5 characters");
    }
    let int_part = v.split('.').next().unwrap_or_default();
    if int_part.len() > 2 {
        return Err("a percentage is below 100");
    }
    if v.split('.').nth(1).is_some_and(|d| d.len() > 2) {
        return Err("a percentage has at most two decimals");
    }
    Ok(())
}

fn consumer_data_request(sink: &mut Sink, o: &DataObject<'_>) {
    let mut seen = 0u8;
    for b in o.value().bytes() {
        let bit = match b {
            b'A' => 1,
            b'M' => 2,
            b'E' => 4,
            _ => 8,
        };
        if bit == 8 || seen & bit != 0 {
            sink.push(
                Rule::ConsumerDataRequest,
                o,
                Problem::InvalidValue {
                    id: o.id(),
                    why: "62.09 lists A (address), M (mobile), E (email), each at most once",
                },
            );
            return;
        }
        seen |= bit;
    }
}

fn merchant_channel(sink: &mut Sink, o: &DataObject<'_>) {
    let ok = matches!(o.value().as_bytes(), [b'0'..=b'7', b'0'..=b'3', b'0'..=b'3']);
    if !ok {
        sink.push(
            Rule::MerchantChannel,
            o,
            Problem::InvalidValue { id: o.id(), why: "62.11 is media 0-7, location 0-3, presence 0-3" },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emv::mpm::Mode;
    use alloc::format;
    use alloc::string::{String, ToString};

    fn with_crc(body: &str) -> String {
        let head = format!("{body}6304");
        format!("{head}{:04X}", crate::emv::crc16(head.as_bytes()))
    }

    /// (rule, path, offset, message) of every finding of a leniently parsed `body`.
    fn found(body: &str) -> alloc::vec::Vec<(Rule, String, usize, String)> {
        let payload = with_crc(body);
        let mpm = Mpm::parse_with(&payload, Mode::Lenient).unwrap_or_else(|e| panic!("{payload}: {e}"));
        findings(&mpm)
            .into_iter()
            .filter_map(|f| match f.rule {
                crate::Rule::Mpm(r) => Some((r, f.path.to_string(), f.offset, f.to_error().message().to_string())),
                _ => None,
            })
            .collect()
    }

    /// The length of a value that fails its character set is counted in characters, and its
    /// length finding comes before its character finding; a value that passes is counted in
    /// bytes, which are then its characters.
    #[test]
    fn lengths_are_characters_whatever_the_character_set_says() {
        const HEAD: &str = "00020101021115040123";
        let tail = "53031565802CN5901A6001B";
        // 52 is N of 4: "58中" is 3 characters in 5 bytes, and not numeric.
        let f = found(&format!("{HEAD}520358中{tail}"));
        let at52 = HEAD.len();
        assert_eq!(
            f.iter().map(|(r, p, o, _)| (*r, p.as_str(), *o)).collect::<alloc::vec::Vec<_>>(),
            [(Rule::FixedLength, "52", at52), (Rule::Numeric, "52", at52)],
            "{f:?}"
        );
        assert!(f[0].3.contains('3'), "{f:?}");
        // 52 = "58 2": four ASCII characters, one not a digit: no length finding.
        let f = found(&format!("{HEAD}520458 2{tail}"));
        assert_eq!(f.iter().map(|(r, ..)| *r).collect::<alloc::vec::Vec<_>>(), [Rule::Numeric], "{f:?}");
        // 58 is ans of 2: "中" is one character in three bytes.
        let f = found(&format!("{HEAD}5204581253031565801中5901A6001B"));
        assert_eq!(
            f.iter().map(|(r, p, ..)| (*r, p.as_str())).collect::<alloc::vec::Vec<_>>(),
            [(Rule::FixedLength, "58"), (Rule::Ans, "58")],
            "{f:?}"
        );
        assert!(f[0].3.contains('1'), "{f:?}");
        // 59 is ans of at most 25: 20 Chinese characters are 60 bytes but 20 characters.
        let name = "中".repeat(20);
        let f = found(&format!("{HEAD}5204581253031565802CN5920{name}6001B"));
        assert_eq!(f.iter().map(|(r, p, ..)| (*r, p.as_str())).collect::<alloc::vec::Vec<_>>(), [(Rule::Ans, "59")]);
        // ... and 26 of them are too many characters as well.
        let name = "中".repeat(26);
        let f = found(&format!("{HEAD}5204581253031565802CN5926{name}6001B"));
        assert_eq!(
            f.iter().map(|(r, p, ..)| (*r, p.as_str())).collect::<alloc::vec::Vec<_>>(),
            [(Rule::MaxLength, "59"), (Rule::Ans, "59")],
            "{f:?}"
        );
        // 64.01 is S of at most 25: 25 Chinese characters pass, 26 do not.
        for (n, want) in [(25, alloc::vec![]), (26, alloc::vec![Rule::MaxLength])] {
            let name = "中".repeat(n);
            let body = format!("{HEAD}5204581253031565802CN5901A6001B64{:02}0002ZH01{n:02}{name}", 10 + n);
            let f = found(&body);
            assert_eq!(f.iter().map(|(r, ..)| *r).collect::<alloc::vec::Vec<_>>(), want, "{n}: {f:?}");
        }
        // 55 is N of 2: "5中" is 2 characters in 4 bytes, so only its character set fails.
        let f = found(&format!("{HEAD}52045812530315655025中5802CN5901A6001B"));
        assert!(f.iter().any(|(r, p, ..)| *r == Rule::Numeric && p == "55"), "{f:?}");
        assert!(!f.iter().any(|(r, p, ..)| *r == Rule::FixedLength && p == "55"), "{f:?}");
    }

    /// Duplicates are found by ID at the root and in a template, above 63 as below.
    #[test]
    fn a_repeated_id_is_found_in_either_word_of_the_set() {
        const BASE: &str = "00020101021115040123520458125303156";
        for (body, path) in [
            (format!("{BASE}5802CN5901A6001B6001C"), "60"),
            (format!("{BASE}5802CN5901A6001B64100101A0101B"), "64.01"),
            (format!("{BASE}5802CN5901A6001B5901C"), "59"),
            (format!("{BASE}5802CN5901A6001B80100001A0101B80100001A0101B"), "80"),
            (format!("{BASE}5802CN5901A6001B26100001A0001B"), "26.00"),
        ] {
            let f = found(&body);
            assert!(f.iter().any(|(r, p, ..)| *r == Rule::DuplicateId && p == path), "{body}: {f:?}");
        }
        let clean = found(&format!("{BASE}5802CN5901A6001B64110002ZH0101A80100001A0101B81100001A0101B"));
        assert!(clean.iter().all(|(r, ..)| *r != Rule::DuplicateId), "{clean:?}");
    }

    #[test]
    fn amounts() {
        for ok in ["98.73", "98", "98.", "0.01", "1234567890.12"] {
            assert_eq!(check_amount(ok), Ok(()), "{ok}");
        }
        for bad in ["0", "0.00", "98,73", "3 705", "-5", "1e3", "1.2.3", "", ".", "12345678901234"] {
            assert!(check_amount(bad).is_err(), "{bad}");
        }
        assert!(check_percentage("99.99").is_ok());
        assert!(check_percentage("100").is_err());
        assert!(check_percentage("1.234").is_err());
        assert!(check_percentage("5%").is_err());
    }
}

//! Reading a unified code back (SPEC 5.6, "Reading a unified code"). Every check is made
//! whatever the code says of itself; the order of the checks is the order in SPEC, so that
//! every implementation reports the same first error.

use alloc::string::String;
use alloc::vec::Vec;

use super::guid::{self, GuidEntry, Network};
use super::{whole_typing, CarriedCode, FORMAT_VERSION, SUB_CODE, SUB_CONTINUATION, SUB_VERSION};
use super::{TEMPLATE_ROOM, UNIONPAY_ACCOUNT_TYPING};
use crate::ecny::{CodeType, EcnyTyping};
use crate::emv::mpm::id::CRC;
use crate::emv::mpm::{DataObject, Met, Mode, Mpm};
use crate::error::unified::Problem;
use crate::error::{Error, Quote, Result, TagPath};
use crate::finding::Finding;
use crate::providers::{Form, MerchantCode, UnionPayAccount};

/// A unified code, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct UnifiedCode {
    /// The carried codes, in order: UnionPay's account (15) first, then the templates.
    pub carried: Vec<CarriedCode>,
    /// The e-CNY typing of the whole code, computed from the carried codes (SPEC 5.5).
    pub ecny: EcnyTyping,
}

impl UnifiedCode {
    /// The carried legacy codes, byte for byte, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.carried.iter().map(|c| c.code.as_str())
    }
}

/// The root IDs a unified code may hold (63 is placed by the EMV parser; 80 only as the
/// version marker, which [`Root::of`] checks).
fn allowed_at_root(id: u8) -> bool {
    // One load per root object the walk shows the layout, where the `matches!` was a chain of
    // range tests.
    #[allow(clippy::indexing_slicing)] // `id` stays below the length, at compile time
    static ALLOWED: [bool; 100] = {
        let mut allowed = [false; 100];
        let mut id = 0;
        while id < 100 {
            allowed[id] = matches!(id, 0 | 1 | 15 | 26..=51 | 52 | 53 | 54 | 58 | 59 | 60 | 62 | 63 | 64);
            id += 1;
        }
        allowed
    };
    ALLOWED.get(usize::from(id)).copied().unwrap_or(false)
}

/// Whether root template `t` is a version marker (SPEC 5.7): template 80 with hutong's GUID.
fn is_marker(t: &DataObject<'_>) -> bool {
    t.id() == 80 && t.guid().is_some_and(guid::is_hutong)
}

/// The most templates a unified code holds: 26–51.
const MAX_TEMPLATES: usize = 26;

/// A template 26–51 and its first three sub-objects: a GUID, a part and what must not be.
#[derive(Clone, Copy)]
struct Template<'a> {
    object: DataObject<'a>,
    subs: [Option<DataObject<'a>>; 3],
}

/// The root objects the reader looks at, found in one pass over the payload, with the first
/// breach of the layout (SPEC 5.6 checks 7 and 8) in payload order.
struct Root<'a> {
    point_of_initiation: Option<DataObject<'a>>,
    account: Option<DataObject<'a>>,
    currency: Option<DataObject<'a>>,
    amount: Option<DataObject<'a>>,
    country: Option<DataObject<'a>>,
    additional: Option<DataObject<'a>>,
    language: Option<DataObject<'a>>,
    /// The first sub-object of 62 or 64 that the layout does not write.
    merchant_data_error: Option<Error>,
    /// The version marker (SPEC 5.7): template 80 with hutong's GUID, when there is one.
    marker: Option<DataObject<'a>>,
    /// Templates 26–51 in payload order, the first 26 (the 27th is a layout error anyway):
    /// held inline, since a code has few.
    templates: [Option<Template<'a>>; MAX_TEMPLATES],
    template_count: usize,
    /// The ID of the object before the next one, for the order check.
    last: Option<u8>,
    layout_error: Option<Error>,
}

impl<'a> Root<'a> {
    fn new() -> Root<'a> {
        Root {
            point_of_initiation: None,
            account: None,
            currency: None,
            amount: None,
            country: None,
            additional: None,
            language: None,
            merchant_data_error: None,
            marker: None,
            templates: [None; MAX_TEMPLATES],
            template_count: 0,
            last: None,
            layout_error: None,
        }
    }

    fn of(mpm: &Mpm<'a>) -> Root<'a> {
        let mut r = Root::new();
        for o in mpm.objects() {
            r.visit(&o, None);
        }
        r
    }

    /// Takes in the next data object in payload order, with the template that holds it.
    /// Inlined into the rules' walk, which calls it for every object.
    #[inline(always)]
    fn visit(&mut self, o: &DataObject<'a>, template: Option<&DataObject<'a>>) {
        match template {
            None => self.visit_root(o),
            Some(t) => self.visit_sub(o, t),
        }
    }

    #[inline(always)]
    fn visit_root(&mut self, o: &DataObject<'a>) {
        let id = o.id();
        if self.layout_error.is_none() {
            if !allowed_at_root(id) && !is_marker(o) {
                self.layout_error = Some(Error::new(Problem::UnexpectedObject { id }, o.offset(), Some(o.path())));
            } else if let Some(after) = self.last.filter(|&a| id <= a && id != 63) {
                self.layout_error = Some(Error::new(Problem::OutOfOrder { id, after }, o.offset(), Some(o.path())));
            }
        }
        self.last = Some(id);
        let slot = match id {
            1 => &mut self.point_of_initiation,
            15 => &mut self.account,
            53 => &mut self.currency,
            54 => &mut self.amount,
            58 => &mut self.country,
            62 => &mut self.additional,
            64 => &mut self.language,
            80 if is_marker(o) => &mut self.marker,
            26..=51 => {
                if let Some(slot) = self.templates.get_mut(self.template_count) {
                    *slot = Some(Template { object: *o, subs: [None; 3] });
                    self.template_count += 1;
                }
                return;
            }
            _ => return,
        };
        // The first of each, as `Mpm::get` finds it; a repeat is a layout error above.
        slot.get_or_insert(*o);
    }

    /// A sub-object of root template `t`: kept for templates 26–51, checked for 62 and 64.
    #[inline(always)]
    fn visit_sub(&mut self, s: &DataObject<'a>, t: &DataObject<'a>) {
        let holds = |kept: Option<DataObject<'a>>| kept.is_some_and(|k| k.offset() == t.offset());
        if holds(self.additional) || holds(self.language) {
            if self.merchant_data_error.is_none() {
                self.merchant_data_error = merchant_data_error(s, t.id());
            }
            return;
        }
        // Sub-objects follow their template: only the last one kept can hold this one.
        let last = self.template_count.checked_sub(1).and_then(|i| self.templates.get_mut(i));
        if let Some(Some(kept)) = last.filter(|k| k.is_some_and(|k| k.object.offset() == t.offset())) {
            if let Some(slot) = kept.subs.iter_mut().find(|slot| slot.is_none()) {
                *slot = Some(*s);
            }
        }
    }

    /// Templates 26–51, in payload order: borrowed, since each holds four data objects.
    fn templates(&self) -> impl Iterator<Item = &Template<'a>> + '_ {
        self.templates.iter().map_while(Option::as_ref)
    }
}

/// Why sub-object `s` of 62 or 64 (`id`) is not what the layout writes: 62 holds the bill
/// number and the reference label, 64 the language (`ZH`) and the names.
fn merchant_data_error(s: &DataObject<'_>, id: u8) -> Option<Error> {
    let allowed: &[u8] = if id == 62 { &[1, 5] } else { &[0, 1, 2] };
    if !allowed.contains(&s.id()) {
        return Some(Error::new(Problem::UnexpectedSub { id, sub: s.id() }, s.offset(), Some(s.path())));
    }
    if (id, s.id()) == (64, 0) && s.value() != "ZH" {
        let found = Quote::new(s.value().as_bytes());
        let problem = Problem::FixedValue { id: 0, expected: "ZH (64.00)", found };
        return Some(Error::new(problem, s.offset(), Some(s.path())));
    }
    None
}

/// A carried code whose parts are being collected: the templates `first..end` of the root.
struct Open<'a> {
    entry: &'static GuidEntry,
    guid: &'a str,
    template: DataObject<'a>,
    first: usize,
    end: usize,
    /// Whether the last template was full (99 characters): only then may a 91 follow.
    full: bool,
}

/// Reads a unified code: parses it as a strict EMVCo payload, then makes every check of
/// SPEC 5.6, in order. The carried codes come back byte for byte, UnionPay's account (15)
/// first, each checked to be what its template says it is.
///
/// ```
/// use hutong::unified;
///
/// let alipay = "https://qr.alipay.com/bax08123k4y9xyzabc12e045";
/// let code = unified::from_legacy(alipay)?;
/// let read = unified::read(&code)?;
/// assert_eq!(read.carried[0].form, "alipay-qr");
/// assert!(read.codes().eq([alipay]));
/// assert_eq!(read.ecny.to_string(), "QT04/QET05");
/// # Ok::<(), hutong::Error>(())
/// ```
pub fn read(code: &str) -> Result<UnifiedCode> {
    read_with(code, Mode::Strict)
}

/// [`read`], with the payload parsed in `mode`. A lenient parse reads nothing more than a
/// strict one: its findings are themselves a breach of the layout (SPEC 5.6 check 6), so the
/// mode changes only which error a broken code gets.
pub fn read_with(code: &str, mode: Mode) -> Result<UnifiedCode> {
    if mode == Mode::Strict {
        // A code as the writer writes it is read as the parse meets its objects.
        let mut reader = AsWritten::new();
        let mpm = Mpm::parse_meeting(code, mode, |m| reader.meet(m))?;
        return match reader.finish() {
            Some(read) => Ok(read),
            None => read_by_rules(&mpm),
        };
    }
    read_mpm(&Mpm::parse_with(code, mode)?)
}

/// [`read`] on a payload already parsed, in whichever mode: a lenient parse's findings are
/// themselves a breach of the layout.
pub(crate) fn read_mpm(mpm: &Mpm<'_>) -> Result<UnifiedCode> {
    match read_as_written(mpm) {
        Some(code) => Ok(code),
        None => read_by_rules(mpm),
    }
}

/// [`read_mpm`] for any code: the MPM rules' walk finds the first finding, and the reader's
/// root objects on the way.
fn read_by_rules(mpm: &Mpm<'_>) -> Result<UnifiedCode> {
    // The rules and the layout look at the same root objects: one walk finds both.
    let mut root = Root::new();
    let finding = mpm.first_finding_visiting(|o, template| root.visit(o, template));
    read_root(mpm, &root, finding)
}

/// A unified code as the writer writes it, read as the parse meets its objects: an answer
/// only when the code passes every check of SPEC 5.6; `None` leaves it to [`read_by_rules`],
/// which finds its first error, or reads what this reader does not take (a version marker, a
/// code continued over several templates, a lenient parse).
///
/// Every object must sit where the layout puts it, in ascending order, and pass a check that
/// implies each MPM rule at its position: SPEC section 1.2's formats and lengths, the values
/// of 00 and 01, 54's amount rules, no repeated ID, 00 first, the GUID first in 26–51, 00 and
/// 01 in 64, the mandatory objects and a merchant account. A strict parse has already refused
/// the rest: empty objects, templates that are not data objects, a lower-case CRC, more than
/// 512 characters. The reader's own checks follow, through the same calls as [`read_root`]
/// makes: 53 is 156 and 58 is CN, 62 and 64 hold what the layout writes, templates follow from
/// 26 on, each a known GUID and one part that is, on its own, a code the GUID may carry
/// (`guid::lookup`, `MerchantCode::parse`, `GuidEntry::carries`), and a static code has no
/// amount and no per-order code.
///
/// So reading the codes a wallet meets takes one walk, the parse's own: no rule table, no
/// finding list, no second pass. The tests below and the unified fuzz target hold it to the
/// rules' walk: a strict read and a lenient one, which never comes here, agree exactly on
/// every code that parses strictly.
struct AsWritten {
    /// Whether the code is known not to be one this reader takes.
    declined: bool,
    /// The mandatory objects met: 00, 52, 53, 58, 59, 60 and a merchant account, a bit each.
    have: u8,
    /// The lowest ID the next root object may have: strictly ascending IDs, as the layout
    /// writes them, leave no room for a repeat, and with 00 among them 00 comes first. The
    /// strict parse puts 63 last.
    next: u8,
    next_template: u8,
    dynamic: bool,
    amount: bool,
    /// The root template whose objects are being met (0 for none), and what it has shown:
    /// how many objects for 26–51, which ones (a bit each) for 62 and 64.
    template: u8,
    subs: u8,
    entry: Option<&'static GuidEntry>,
    carried: Carried,
}

/// All of [`AsWritten::have`]'s bits.
const ALL_MANDATORY: u8 = 0x7F;

/// Whether `v` is 1 to `max` characters of EMV ans.
fn ans(v: &str, max: usize) -> bool {
    !v.is_empty() && v.len() <= max && crate::text::all_ans(v.as_bytes())
}

impl AsWritten {
    fn new() -> AsWritten {
        AsWritten {
            declined: false,
            have: 0,
            next: 0,
            next_template: 26,
            dynamic: false,
            amount: false,
            template: 0,
            subs: 0,
            entry: None,
            // Nothing allocated before a code is carried: most codes that fail, fail first.
            carried: Carried::with_capacity(0),
        }
    }

    /// Takes in the next object the parse meets.
    #[inline]
    fn meet(&mut self, m: Met<'_>) {
        if self.declined {
            return;
        }
        let fine = if m.nested { self.sub(m) } else { self.closed() && self.root(m) };
        self.declined = !fine;
    }

    /// Whether the template met last holds all it must: 26–51 a GUID and a part, 64 its
    /// language and name.
    fn closed(&self) -> bool {
        match self.template {
            26..=51 => self.subs == 2,
            64 => self.subs & 0b11 == 0b11,
            _ => true,
        }
    }

    fn root(&mut self, m: Met<'_>) -> bool {
        let (id, v) = (m.id, m.value);
        if id != CRC {
            if id < self.next {
                return false;
            }
            self.next = id + 1;
        }
        self.template = 0;
        match id {
            0 => {
                self.have |= 1;
                v == "01"
            }
            1 => {
                self.dynamic = v == "12";
                self.dynamic || v == "11"
            }
            15 => {
                self.have |= 0x40;
                if !ans(v, 99) || UnionPayAccount::parse(v).is_err() {
                    return false;
                }
                let provider = Some(crate::Provider::UnionPay);
                let path = TagPath::mpm(id);
                self.carried.push(
                    CarriedCode { provider, form: Form::UnionPayEmv15.id(), code: v.into(), path },
                    UNIONPAY_ACCOUNT_TYPING,
                );
                true
            }
            // From 26 on without a gap.
            26..=51 if id == self.next_template => {
                self.next_template += 1;
                self.have |= 0x40;
                (self.template, self.subs) = (id, 0);
                true
            }
            52 => {
                self.have |= 2;
                v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit())
            }
            53 => {
                self.have |= 4;
                v == "156"
            }
            54 => {
                self.amount = true;
                ans(v, 13) && crate::emv::mpm::check_amount(v).is_ok()
            }
            58 => {
                self.have |= 8;
                v == "CN"
            }
            59 => {
                self.have |= 0x10;
                ans(v, 25)
            }
            60 => {
                self.have |= 0x20;
                ans(v, 15)
            }
            62 | 64 => {
                (self.template, self.subs) = (id, 0);
                true
            }
            // The strict parse checked its four upper-case hexadecimal digits.
            CRC => true,
            _ => false,
        }
    }

    /// An object inside the root template met last.
    fn sub(&mut self, m: Met<'_>) -> bool {
        let (sid, v) = (m.id, m.value);
        match self.template {
            // A GUID, then one part, and nothing else.
            26..=51 => {
                self.subs += 1;
                match self.subs {
                    1 => {
                        self.entry = guid::lookup(v);
                        sid == 0 && ans(v, 32) && self.entry.is_some()
                    }
                    2 => sid == SUB_CODE && ans(v, 99) && self.carry(v),
                    _ => false,
                }
            }
            // 62's bill number and reference label; 64's language, which is ZH, and names.
            62 | 64 => {
                let (bit, fine) = match (self.template, sid) {
                    (62, 1) => (1, ans(v, 25)),
                    (62, 5) => (2, ans(v, 25)),
                    (64, 0) => (1, v == "ZH"),
                    (64, 1) => (2, visible(v, 25)),
                    (64, 2) => (4, visible(v, 15)),
                    _ => return false,
                };
                let repeated = self.subs & bit != 0;
                self.subs |= bit;
                fine && !repeated
            }
            _ => false,
        }
    }

    /// Whether `code`, the part of the template met last, is on its own a code its GUID may
    /// carry; if so it is carried.
    fn carry(&mut self, code: &str) -> bool {
        let Some(entry) = self.entry else { return false };
        let Ok(parsed) = MerchantCode::parse(code) else { return false };
        let (provider, form, typing) = parsed.identity();
        if !entry.carries(provider) {
            return false;
        }
        let path = TagPath::mpm(self.template).child(u32::from(SUB_CODE));
        self.carried.push(CarriedCode { provider, form: form.id(), code: code.into(), path }, typing);
        true
    }

    /// The code read, once every object has been met.
    fn finish(self) -> Option<UnifiedCode> {
        if self.declined || !self.closed() || self.have != ALL_MANDATORY {
            return None;
        }
        let Carried { codes, typings } = self.carried;
        let typings = typings.get(..codes.len())?;
        // A static code has neither an amount nor a per-order carried code.
        let per_order = typings.iter().any(|t| t.qt == CodeType::MerchantDynamic);
        if !self.dynamic && (self.amount || per_order) {
            return None;
        }
        Some(UnifiedCode { ecny: whole_typing(typings, self.dynamic), carried: codes })
    }
}

/// [`AsWritten`] on a payload parsed already: its objects, met in the parse's order.
fn read_as_written(mpm: &Mpm<'_>) -> Option<UnifiedCode> {
    // A lenient parse lets through what only the rules refuse.
    if mpm.mode() != Mode::Strict {
        return None;
    }
    let mut reader = AsWritten::new();
    for o in mpm.objects() {
        reader.meet(Met::of(&o));
        if o.is_template_position() {
            for s in o.nested().into_iter().flatten() {
                reader.meet(Met::of(&s));
            }
        }
    }
    reader.finish()
}

/// Whether text `v` (format S) has 1 to `max` characters, none invisible.
fn visible(v: &str, max: usize) -> bool {
    !v.is_empty() && (v.len() <= max || v.chars().count() <= max) && !v.chars().any(crate::text::is_invisible)
}

/// How an EMV code stands as a unified code (SPEC 5.7, section 9): one that holds a version
/// marker presents itself as unified and is read with its errors; any other is unified exactly
/// when it passes every check, and is otherwise no unified code (`Ok(None)`).
pub(crate) fn as_unified(mpm: &Mpm<'_>) -> Result<Option<UnifiedCode>> {
    let root = Root::of(mpm);
    if root.marker.is_some() {
        return read_mpm(mpm).map(Some);
    }
    // Most EMV codes break the layout: that answer costs one pass, without the rules.
    if root.layout_error.is_some() {
        return Ok(None);
    }
    Ok(read_mpm(mpm).ok())
}

/// The checks of SPEC 5.6 in order, on the root objects and the first finding of `mpm`.
fn read_root<'a>(mpm: &Mpm<'a>, root: &Root<'a>, finding: Option<Finding>) -> Result<UnifiedCode> {
    // 1–2. The version, before anything a later version may change: a code without a marker
    // is of version 1.
    if let Some(marker) = root.marker {
        let Some(version) = marker.get(SUB_VERSION) else {
            return Err(Error::new(Problem::NoVersion, marker.offset(), Some(marker.path())));
        };
        if version.value() != FORMAT_VERSION {
            let found = Quote::new(version.value().as_bytes());
            return Err(Error::new(Problem::UnknownVersion { found }, version.offset(), Some(version.path())));
        }
        for s in marker.children().into_iter().flatten() {
            if !matches!(s.id(), 0 | SUB_VERSION) {
                return Err(Error::new(Problem::UnexpectedSub { id: 80, sub: s.id() }, s.offset(), Some(s.path())));
            }
        }
    }
    // 3. A unified code is a strict EMV payload with no finding, whatever mode it was parsed in.
    if let Some(f) = finding {
        return Err(f.to_error());
    }
    // 4. The layout: known IDs, once each, in ascending order; CNY, CN, and merchant data that
    // holds only what the layout writes (62's bill number and reference label, 64's names).
    if let Some(e) = root.layout_error {
        return Err(e);
    }
    if let Some(c) = root.currency.filter(|c| c.value() != "156") {
        return Err(Error::new(
            Problem::NotCny { found: Quote::new(c.value().as_bytes()) },
            c.offset(),
            Some(c.path()),
        ));
    }
    if let Some(c) = root.country.filter(|c| c.value() != "CN") {
        let found = Quote::new(c.value().as_bytes());
        return Err(Error::new(Problem::FixedValue { id: 58, expected: "CN", found }, c.offset(), Some(c.path())));
    }
    if let Some(e) = root.merchant_data_error {
        return Err(e);
    }
    // 5. The carried codes: UnionPay's account, then the templates' codes, each checked.
    let mut carried = Carried::with_capacity(root.template_count + 1);
    if let Some(acct) = root.account {
        UnionPayAccount::parse(acct.value())
            .map_err(|e| e.relocated(acct.value_offset() + e.offset(), Some(acct.path())))?;
        let code = CarriedCode {
            provider: Some(crate::Provider::UnionPay),
            form: Form::UnionPayEmv15.id(),
            code: acct.value().into(),
            path: acct.path(),
        };
        carried.push(code, UNIONPAY_ACCOUNT_TYPING);
    }
    let mut open: Option<Open<'_>> = None;
    for (i, (expected, Template { object: t, subs: [guid, part, extra] })) in (26u8..).zip(root.templates()).enumerate()
    {
        let id = t.id();
        if id != expected {
            return Err(Error::new(Problem::TemplateGap { id, expected }, t.offset(), Some(t.path())));
        }
        let guid = guid.as_ref().filter(|s| s.id() == 0);
        if let Some(extra) = extra {
            return Err(Error::new(Problem::UnexpectedSub { id, sub: extra.id() }, extra.offset(), Some(extra.path())));
        }
        let (Some(guid), Some(part)) = (guid, part.as_ref()) else {
            return Err(Error::new(Problem::EmptyTemplate { id }, t.offset(), Some(t.path())));
        };
        let Some(entry) = guid::lookup(guid.value()) else {
            let found = Quote::new(guid.value().as_bytes());
            return Err(Error::new(Problem::UnknownGuid { id, found }, guid.offset(), Some(guid.path())));
        };
        // Fewer bytes than the room is fewer characters: counting them is for a full template.
        let full = t.value().len() >= TEMPLATE_ROOM && t.char_len() == TEMPLATE_ROOM;
        match part.id() {
            SUB_CODE => {
                if let Some(done) = open.take() {
                    finish(&done, root, &mut carried)?;
                }
                open = Some(Open { entry, guid: guid.value(), template: *t, first: i, end: i + 1, full });
            }
            SUB_CONTINUATION => match open.as_mut() {
                Some(o) if o.full && o.guid.eq_ignore_ascii_case(guid.value()) => {
                    o.end = i + 1;
                    o.full = full;
                }
                _ => return Err(Error::new(Problem::OrphanContinuation { id }, part.offset(), Some(part.path()))),
            },
            sub => return Err(Error::new(Problem::UnexpectedSub { id, sub }, part.offset(), Some(part.path()))),
        }
    }
    if let Some(done) = open.take() {
        finish(&done, root, &mut carried)?;
    }
    let Carried { codes: carried, typings } = carried;
    let typings = typings.get(..carried.len()).unwrap_or_default();
    if carried.is_empty() {
        return Err(Error::new(Problem::NothingToCarry, 0, None));
    }
    // 6. Static or dynamic.
    let dynamic = is_dynamic(root.point_of_initiation)?;
    if !dynamic {
        // A static code may have neither an amount nor a per-order carried code; the error
        // points at 01 when it says static, else at what makes the code dynamic.
        let per_order = carried.iter().zip(typings).find(|(_, t)| t.qt == CodeType::MerchantDynamic);
        let conflict = match (root.amount, per_order) {
            (Some(amount), _) => Some(("an amount (54) is present", amount.offset(), amount.path())),
            (None, Some((code, _))) => Some((
                "a carried code is a dynamic (per-order) code",
                mpm.get_path(code.path).map_or(0, |o| o.offset()),
                code.path,
            )),
            (None, None) => None,
        };
        if let Some((why, offset, path)) = conflict {
            let (offset, path) = root.point_of_initiation.map_or((offset, path), |poi| (poi.offset(), poi.path()));
            return Err(Error::new(Problem::StaticButDynamic { why }, offset, Some(path)));
        }
    }
    Ok(UnifiedCode { carried, ecny: whole_typing(typings, dynamic) })
}

/// Whether a code is dynamic by its 01 (SPEC 5.6 check 20): `12` is dynamic; `11`, or no 01
/// at all, static; any other value is refused. (Check 6's `poi-value` finding refuses such a
/// value first; this does not rely on it.)
fn is_dynamic(point_of_initiation: Option<DataObject<'_>>) -> Result<bool> {
    match point_of_initiation {
        Some(poi) if poi.value() == "12" => Ok(true),
        Some(poi) if poi.value() != "11" => {
            let found = Quote::new(poi.value().as_bytes());
            let problem = Problem::FixedValue { id: 1, expected: "11 or 12", found };
            Err(Error::new(problem, poi.offset(), Some(poi.path())))
        }
        _ => Ok(false),
    }
}

/// The carried codes found so far, with their typings: at most UnionPay's account and one per
/// template, held inline.
struct Carried {
    codes: Vec<CarriedCode>,
    typings: [EcnyTyping; MAX_TEMPLATES + 1],
}

impl Carried {
    fn with_capacity(codes: usize) -> Carried {
        Carried { codes: Vec::with_capacity(codes), typings: [UNIONPAY_ACCOUNT_TYPING; MAX_TEMPLATES + 1] }
    }

    fn push(&mut self, code: CarriedCode, typing: EcnyTyping) {
        if let Some(slot) = self.typings.get_mut(self.codes.len()) {
            *slot = typing;
        }
        self.codes.push(code);
    }
}

/// Joins a carried code's parts (those of the templates `open.first..open.end`) and checks
/// that it is, on its own, a code its GUID may carry.
fn finish(open: &Open<'_>, root: &Root<'_>, carried: &mut Carried) -> Result<()> {
    let templates = root.templates.get(open.first..open.end).unwrap_or_default();
    let parts = || templates.iter().flatten().filter_map(|&Template { subs: [_, part, _], .. }| part);
    let mut found = parts();
    let (first, second) = (found.next(), found.next());
    // One part, the usual case, is copied in one go.
    let code: String = match second {
        None => first.map_or("", |p| p.value()).into(),
        Some(_) => parts().map(|p| p.value()).collect(),
    };
    let first = first.unwrap_or(open.template);
    // Where byte `at` of the joined code sits in the payload, and in which part.
    let locate = |at: usize| -> (usize, TagPath) {
        let mut start = 0;
        for p in parts() {
            if at < start + p.value().len() {
                return (p.value_offset() + (at - start), p.path());
            }
            start += p.value().len();
        }
        let last = parts().next_back().unwrap_or(open.template);
        (last.value_offset() + last.value().len(), last.path())
    };
    if let Some((at, c)) = crate::text::first_non_ans(&code) {
        let (offset, path) = locate(at);
        let found = Quote::new(code.get(at..at + c.len_utf8()).unwrap_or_default().as_bytes());
        return Err(Error::new(Problem::NotAns { found }, offset, Some(path)));
    }
    let (provider, form, typing) = MerchantCode::parse(&code)
        .map_err(|e| {
            let (offset, path) = locate(e.offset());
            e.relocated(offset, Some(path))
        })?
        .identity();
    if !open.entry.carries(provider) {
        let named = match open.entry.network {
            Network::Provider(p) => p.name(),
            Network::Hutong => "a provider without a GUID of its own",
        };
        let carried = provider.map_or("a code of no provider", |p| p.name());
        let id = open.template.id();
        return Err(Error::new(
            Problem::ProviderMismatch { id, named, carried },
            first.value_offset(),
            Some(first.path()),
        ));
    }
    carried.push(CarriedCode { provider, form: form.id(), code, path: first.path() }, typing);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use alloc::format;
    use alloc::string::ToString;

    /// A payload of `body` and its CRC. These tests build codes that break the strict rules
    /// on purpose, and parse them leniently.
    fn with_crc(body: &str) -> String {
        let head = format!("{body}6304");
        format!("{head}{:04X}", crate::emv::crc16(head.as_bytes()))
    }

    /// Check 20 on its own: 12 dynamic, 11 or nothing static, anything else refused at 01.
    #[test]
    fn only_12_is_dynamic_and_only_11_or_nothing_static() {
        for (poi, want) in [("12", Some(true)), ("11", Some(false)), ("13", None), ("1", None), ("", None)] {
            let payload = with_crc(&format!(
                "000201{}{poi}52040000",
                if poi.is_empty() { "0100".to_string() } else { format!("01{:02}", poi.len()) }
            ));
            let mpm = Mpm::parse_with(&payload, Mode::Lenient).unwrap_or_else(|e| panic!("{payload}: {e}"));
            match (is_dynamic(mpm.get(1)), want) {
                (Ok(got), Some(want)) => assert_eq!(got, want, "{poi}"),
                (Err(e), None) => {
                    assert_eq!(
                        (e.kind(), e.offset(), e.path().map(|p| p.to_string())),
                        (ErrorKind::InvalidValue, 6, Some("01".into()))
                    );
                    assert!(e.message().to_string().contains(&format!("must be 11 or 12, found \"{poi}\"")), "{e}");
                }
                (got, want) => panic!("{poi}: {got:?}, want {want:?}"),
            }
        }
        assert_eq!(is_dynamic(None).ok(), Some(false));
    }

    /// However many templates a hostile code holds, the reader collects 26 at most (the first,
    /// in payload order): the 27th is a layout error anyway.
    #[test]
    fn a_code_s_templates_are_collected_26_at_most() {
        let body: String = (26u8..=51).chain(26..=35).map(|id| format!("{id}060002AB")).collect();
        let payload = with_crc(&format!("000201{body}"));
        let mpm = Mpm::parse_with(&payload, Mode::Lenient).unwrap();
        assert_eq!(mpm.objects().filter(|o| (26..=51).contains(&o.id())).count(), 36);
        let root = Root::of(&mpm);
        assert!(root.templates().map(|t| t.object.id()).eq(26..=51));
        let e = root.layout_error.unwrap();
        assert_eq!((e.kind(), e.path().map(|p| p.to_string())), (ErrorKind::InvalidValue, Some("26".into())));
        assert_eq!(e.offset(), 6 + 26 * 10);
    }

    /// A carried code's character outside printable ASCII is quoted and located in the part
    /// that holds it, at its byte in the payload. (Check 3 refuses such a code first, as a
    /// finding; `finish` does not rely on it.)
    #[test]
    fn a_carried_character_outside_ascii_is_located_in_its_part() {
        let template = |id: u8, sub: u8, part: &str| {
            let n = part.chars().count();
            format!("{id}{:02}0010alt.hutong{sub:02}{n:02}{part}", 18 + n)
        };
        // (first part, second part, the part that holds the character, its byte in that part)
        let cases = [
            ("https://a.cn/xyz", "p中q", 1, 1),
            ("https://a.cn/xyz", "中", 1, 0),
            ("https://a.cn/x中", "pq", 0, 14),
            ("https://a.cn/xé", "pq", 0, 14),
        ];
        for (first, second, holder, at) in cases {
            let body = format!("000201{}{}", template(26, 5, first), template(27, 91, second));
            let payload = with_crc(&body);
            let mpm = Mpm::parse_with(&payload, Mode::Lenient).unwrap();
            let (t26, t27) = (mpm.get(26).unwrap(), mpm.get(27).unwrap());
            let parts = [t26.get(SUB_CODE).unwrap(), t27.get(SUB_CONTINUATION).unwrap()];
            let open = Open {
                entry: guid::lookup("alt.hutong").unwrap(),
                guid: "alt.hutong",
                template: t26,
                first: 0,
                end: 2,
                full: false,
            };
            let mut carried = Carried::with_capacity(0);
            let mut root = Root::new();
            let finding = mpm.first_finding_visiting(|o, t| root.visit(o, t));
            assert_eq!(finding.map(|f| f.rule), Some(crate::Rule::Mpm(crate::emv::mpm::Rule::Ans)));
            let e = finish(&open, &root, &mut carried).unwrap_err();
            let (kind, offset, path) = (e.kind(), e.offset(), e.path().map(|p| p.to_string()));
            let want = parts.get(holder).map(|p| (p.value_offset() + at, p.path().to_string())).unwrap();
            assert_eq!(
                (kind, offset, path),
                (ErrorKind::InvalidCharacter, want.0, Some(want.1)),
                "{first} {second}: {e}"
            );
            let c = payload.get(offset..).and_then(|s| s.chars().next()).unwrap();
            assert!(!c.is_ascii(), "{first} {second}: the offset points at {c:?}");
            let message = e.message().to_string();
            assert!(
                message.starts_with(&format!("character \"{c}\" "))
                    && message.ends_with("cannot be carried: a carried code is printable ASCII only"),
                "{message}"
            );
        }
    }

    // ---- The layout walk against the rules' walk ----

    const WECHAT: &str = "weixin://wxpay/bizpayurl?pr=p4lpSuKzz";
    const ALIPAY: &str = "https://qr.alipay.com/bavh4wjlxf12tper3a";

    fn tlv(id: u8, value: &str) -> String {
        format!("{id:02}{:02}{value}", value.chars().count())
    }

    /// A code as the writer lays it out: its root objects by ID, in order.
    fn base() -> Vec<(u8, String)> {
        let template = |guid: &str, code: &str| format!("{}{}", tlv(0, guid), tlv(SUB_CODE, code));
        Vec::from([
            (0, "01".into()),
            (1, "12".into()),
            (26, template("com.qq.weixin.pay", WECHAT)),
            (27, template("COM.ALIPAY.OPENAPI", ALIPAY)),
            (52, "5812".into()),
            (53, "156".into()),
            (58, "CN".into()),
            (59, "LAO WANG NOODLES".into()),
            (60, "SHENZHEN".into()),
            (62, format!("{}{}", tlv(1, "B1"), tlv(5, "R1"))),
            (64, format!("{}{}{}", tlv(0, "ZH"), tlv(1, "老王面馆"), tlv(2, "深圳"))),
        ])
    }

    /// [`base`] with `id` set to `value`, or taken out for `None`.
    fn with(id: u8, value: Option<&str>) -> Vec<(u8, String)> {
        let mut objects: Vec<(u8, String)> = base().into_iter().filter(|(i, _)| *i != id).collect();
        if let Some(v) = value {
            let at = objects.iter().position(|(i, _)| *i > id).unwrap_or(objects.len());
            objects.insert(at, (id, v.into()));
        }
        objects
    }

    fn payload(objects: &[(u8, String)]) -> String {
        with_crc(&objects.iter().map(|(id, v)| tlv(*id, v)).collect::<String>())
    }

    /// Whether [`AsWritten`] takes `payload` (parsed strictly), after holding its answer equal
    /// to the rules' walk's, whichever it is, met by the parse and on a parsed payload alike.
    fn layout_takes(payload: &str) -> bool {
        let mpm = Mpm::parse(payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
        let mut reader = AsWritten::new();
        assert_eq!(Mpm::parse_meeting(payload, Mode::Strict, |m| reader.meet(m)), Ok(mpm));
        let taken = reader.finish();
        assert_eq!(taken, read_as_written(&mpm), "{payload}");
        assert_eq!(read(payload), read_by_rules(&mpm), "{payload}");
        assert_eq!(read_mpm(&mpm), read_by_rules(&mpm), "{payload}");
        if let Some(code) = &taken {
            assert_eq!(Ok(code), read_by_rules(&mpm).as_ref(), "{payload}");
            assert_eq!(mpm.findings(), [], "{payload}");
        }
        taken.is_some()
    }

    /// Every code the writer writes is read by the layout walk, at every length limit of the
    /// layout, with and without each optional object; and so reads as the rules' walk reads it.
    #[test]
    fn the_layout_walk_takes_every_code_the_writer_writes() {
        use crate::unified::{merge, Merchant};
        let long = "weixin://wxpay/bizpayurl?sign=D066548BBCDED8077EFCFE3FB2C3EA93&appid=wxbb37d2f2a4276b0b&mch_id=1243409657&product_id=ubE7R5IiAWNKTJiHXRQI&time_stamp=1873715164&nonce_str=VLqPb5cMpkON74U4YD4MKVh";
        let unionpay = "https://qr.95516.com/00010000/62027533387488456892269917213370";
        let merchants = [
            Merchant::default(),
            Merchant {
                name: "N".repeat(25),
                city: "C".repeat(15),
                mcc: "5812".into(),
                amount: "1234567890.12".into(),
                name_zh: "名".repeat(25),
                city_zh: "城".repeat(15),
                bill_number: "B".repeat(25),
                reference_label: "R".repeat(25),
                ..Merchant::default()
            },
            Merchant { name_zh: "老王面馆".into(), bill_number: "1".into(), ..Merchant::default() },
            Merchant { reference_label: "R".into(), dynamic: true, ..Merchant::default() },
            Merchant { unionpay_account: "3302586030738011474381979297112".into(), ..Merchant::default() },
        ];
        let sets: [&[&str]; 4] = [&[ALIPAY], &[WECHAT, ALIPAY, unionpay], &[unionpay, WECHAT], &[]];
        let (mut read, mut continued) = (0, 0);
        for m in &merchants {
            for codes in sets {
                let Ok(code) = merge(codes, m) else { continue };
                assert!(layout_takes(&code), "{code}");
                read += 1;
            }
            // A code continued over two templates is left to the rules' walk, and read.
            if let Ok(code) = merge(&[ALIPAY, long], m) {
                assert!(!layout_takes(&code), "{code}");
                assert!(Mpm::parse(&code).and_then(|mpm| read_mpm(&mpm)).is_ok(), "{code}");
                continued += 1;
            }
        }
        assert!(read >= 15 && continued >= 3, "{read} {continued}");
        assert!(layout_takes(&payload(&base())));
        for (id, value) in [(62, None), (64, None), (64, Some("0002ZH0101A")), (27, None)] {
            assert!(layout_takes(&payload(&with(id, value))), "{id} {value:?}");
        }
        // Static: without 01, or with 11, when nothing carried is a per-order code.
        let alipay_only = |poi: Option<&str>| {
            let mut objects = with(1, poi);
            objects.retain(|(id, _)| *id != 26);
            for (id, value) in objects.iter_mut().filter(|(id, _)| *id == 27) {
                *id = 26;
                let code = "https://qr.alipay.com/fkx12345abcdef6789xyz";
                *value = format!("{}{}", tlv(0, "COM.ALIPAY.OPENAPI"), tlv(SUB_CODE, code));
            }
            payload(&objects)
        };
        assert!(layout_takes(&alipay_only(None)));
        assert!(layout_takes(&alipay_only(Some("11"))));
        // UnionPay's account alone.
        let account = with(15, Some("3302586030738011474381979297112"));
        let account: Vec<_> = account.into_iter().filter(|(id, _)| !(26..=51).contains(id)).collect();
        assert!(layout_takes(&payload(&account)));
    }

    /// A code with anything the layout does not write, or that breaks a rule, is left to the
    /// rules' walk, which reads it as before.
    #[test]
    fn the_layout_walk_leaves_everything_else_to_the_rules() {
        let template = |subs: &[(u8, &str)]| subs.iter().map(|(id, v)| tlv(*id, v)).collect::<String>();
        let guid = "COM.ALIPAY.OPENAPI";
        let edits: Vec<(u8, Option<String>)> = Vec::from([
            // Breaches of the MPM rules.
            (0, Some("02".into())),
            (0, None),
            (1, Some("13".into())),
            (15, Some("33025860307380114743819792971中".into())),
            (27, Some(template(&[(SUB_CODE, ALIPAY), (0, guid)]))),
            (27, Some(template(&[(0, &"G".repeat(33)), (SUB_CODE, ALIPAY)]))),
            (27, Some(template(&[(0, "COM.ALIPAY.OPENAPI\u{7f}"), (SUB_CODE, ALIPAY)]))),
            (27, Some(template(&[(0, guid), (6, ALIPAY)]))),
            (27, Some(template(&[(0, guid), (SUB_CODE, "https://qr.alipay.com/bax中")]))),
            (27, Some(template(&[(0, guid), (SUB_CODE, ALIPAY), (7, "X")]))),
            (27, Some(template(&[(0, guid)]))),
            (52, Some("581".into())),
            (52, Some("58A2".into())),
            (52, None),
            (53, Some("15A".into())),
            (53, Some("1560".into())),
            (53, None),
            (54, Some("0".into())),
            (54, Some("12345678901.23".into())),
            (54, Some("1.2.3".into())),
            (54, Some("1\u{7f}".into())),
            (55, Some("01".into())),
            (58, Some("C".into())),
            (58, Some("CHN".into())),
            (58, Some("C\u{7f}".into())),
            (58, None),
            (59, Some("N".repeat(26))),
            (59, Some("NAME\u{7f}".into())),
            (59, None),
            (60, Some("C".repeat(16))),
            (60, Some("CITY\u{7f}".into())),
            (60, None),
            (61, Some("518000".into())),
            (62, Some(template(&[(1, &"B".repeat(26))]))),
            (62, Some(template(&[(5, "R\u{7f}")]))),
            (62, Some(template(&[(1, "B"), (1, "C")]))),
            (62, Some(template(&[(5, "R"), (5, "S")]))),
            (62, Some(template(&[(2, "M")]))),
            (64, Some(template(&[(0, "EN"), (1, "老王")]))),
            (64, Some(template(&[(0, "ZH")]))),
            (64, Some(template(&[(1, "老王")]))),
            (64, Some(template(&[(0, "ZH"), (1, &"名".repeat(26))]))),
            (64, Some(template(&[(0, "ZH"), (1, "老王"), (2, &"城".repeat(16))]))),
            (64, Some(template(&[(0, "ZH"), (1, "老\u{200b}王")]))),
            (64, Some(template(&[(0, "ZH"), (1, "老王"), (2, "深\u{200b}圳")]))),
            (64, Some(template(&[(0, "ZH"), (1, "老王"), (1, "老王")]))),
            (64, Some(template(&[(0, "ZH"), (0, "ZH"), (1, "老王")]))),
            (64, Some(template(&[(0, "ZH"), (1, "老王"), (2, "深圳"), (2, "深圳")]))),
            (64, Some(template(&[(0, "ZH"), (1, "老王"), (3, "X")]))),
            (80, Some(template(&[(0, crate::unified::HUTONG_GUID), (SUB_VERSION, "1")]))),
            // The reader's own checks.
            (1, Some("11".into())),
            (15, Some("123".into())),
            (15, Some("33025A60307380114743819792971AB".into())),
            (53, Some("840".into())),
            (58, Some("HK".into())),
            (27, Some(template(&[(0, "COM.EXAMPLE.PAY"), (SUB_CODE, ALIPAY)]))),
            (27, Some(template(&[(0, guid), (SUB_CODE, WECHAT)]))),
            (27, Some(template(&[(0, guid), (SUB_CODE, "https://qr.alipay.com/")]))),
            (27, Some(template(&[(0, guid), (SUB_CONTINUATION, ALIPAY)]))),
        ]);
        for (id, value) in &edits {
            let code = payload(&with(*id, value.as_deref()));
            assert!(!layout_takes(&code), "{id} {value:?}: {code}");
        }
        // No merchant account; out of order; a repeat; 00 not first.
        let no_account: Vec<_> = base().into_iter().filter(|(id, _)| !(26..=51).contains(id)).collect();
        let mut swapped = base();
        swapped.swap(7, 8);
        let mut repeated = base();
        repeated.insert(8, (58, "CN".into()));
        let mut first = base();
        first.swap(0, 1);
        let mut gap = base();
        gap.retain(|(id, _)| *id != 26);
        let mut static_with_amount = with(1, Some("11"));
        static_with_amount.retain(|(id, _)| *id != 26);
        static_with_amount.insert(3, (54, "1.00".into()));
        for (id, _) in static_with_amount.iter_mut().filter(|(id, _)| *id == 27) {
            *id = 26;
        }
        for objects in [no_account, swapped, repeated, first, gap, static_with_amount] {
            let code = payload(&objects);
            assert!(!layout_takes(&code), "{code}");
        }
        // A lenient parse is left to the rules, even of a code the layout walk takes.
        let code = payload(&base());
        let mpm = Mpm::parse_with(&code, Mode::Lenient).unwrap();
        assert!(read_as_written(&mpm).is_none());
        assert_eq!(read_mpm(&mpm), read_by_rules(&Mpm::parse(&code).unwrap()));
    }
}

//! The unified, e-CNY-compatible payment code: one EMVCo MPM v1.1 payload that carries any
//! number of providers' legacy codes, byte for byte (SPEC.md, "The unified code").
//!
//! Layout, in short:
//! - root: `00`=`01`, `01`=`11`/`12`, UnionPay International account in `15` when known,
//!   `52` MCC, `53`=`156`, `54` amount, `58`=`CN`, `59`/`60` merchant, `62` bill number and
//!   reference, `64` (`ZH`) Chinese name and city;
//! - one template per carried code in 26–51: `00` GUID from the [registry](GUIDS), `05` the
//!   legacy code (first part), `90` the form id; a code too long for one template continues in
//!   the next templates, each `00` GUID + `91` next part;
//! - template 80: `00`=`cn.hutong.unified`, `01` format version, `02` QT, `03` QET of the
//!   whole code.
//!
//! ```
//! use hutong::unified::{self, Merchant};
//!
//! let wechat = "weixin://wxpay/bizpayurl?pr=p4lpSuKzz";
//! let alipay = "https://qr.alipay.com/bax08123k4y9xyzabc12e045";
//! let merchant = Merchant { name: "TEST SHOP".into(), city: "SHENZHEN".into(), ..Merchant::default() };
//! let code = unified::merge(&[wechat, alipay], &merchant)?;
//! let back: Vec<String> = unified::split(&code)?.into_iter().map(|c| c.code).collect();
//! assert_eq!(back, [wechat, alipay]);
//! # Ok::<(), hutong::Error>(())
//! ```

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::ecny::{CodeType, EcnyTyping, EncodingType};
use crate::emv::mpm::{Mode, Mpm};
use crate::error::{Error, ErrorKind, Result, Snippet, TagPath};
use crate::providers::MerchantCode;
use crate::Provider;

/// Format version written in 80.01.
pub const FORMAT_VERSION: &str = "01";

/// GUID of the e-CNY compatibility template (80).
pub const UNIFIED_GUID: &str = "cn.hutong.unified";

/// GUID of a template carrying a code of no known provider (aggregated codes).
pub const CARRIED_GUID: &str = "cn.hutong.carried";

/// Sub-ID of the first (or only) part of a carried legacy code: the same place WeChat Pay
/// puts its `code_url` in EMV codes abroad.
pub const SUB_CODE: u8 = 5;
/// Sub-ID of the form id of a carried code.
pub const SUB_FORM: u8 = 90;
/// Sub-ID of a continuation part.
pub const SUB_CONTINUATION: u8 = 91;

/// A provider's GUID in the unified code, and the aliases accepted on input (compared
/// ignoring ASCII case). Real GUIDs are used where public codes show one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuidEntry {
    /// The provider.
    pub provider: Provider,
    /// The GUID written.
    pub guid: &'static str,
    /// Other GUIDs read as this provider.
    pub aliases: &'static [&'static str],
    /// Where the GUID comes from.
    pub source: &'static str,
}

/// The GUID registry (SPEC.md, "GUID registry").
pub const GUIDS: &[GuidEntry] = &[
    GuidEntry {
        provider: Provider::WeChatPay,
        guid: "com.qq.weixin.pay",
        aliases: &[],
        source: "real: Mongolian and Singaporean EMV codes",
    },
    GuidEntry {
        provider: Provider::Alipay,
        guid: "COM.ALIPAY.OPENAPI",
        aliases: &["com.alipay"],
        source: "real: Singaporean SGQR codes",
    },
    GuidEntry {
        provider: Provider::AlipayPlus,
        guid: "com.alipayplus",
        aliases: &[],
        source: "documented here: the real Alipay+ GUID is 37 characters, over the 32 allowed",
    },
    GuidEntry {
        provider: Provider::UnionPay,
        guid: "A000000333",
        aliases: &["cn.com.95516", "com.unionpay"],
        source: "real: UnionPay's registered RID (its CPM AIDs are A000000333…)",
    },
    GuidEntry { provider: Provider::ECny, guid: "cn.pbcdci.ecny", aliases: &[], source: "documented here" },
    GuidEntry { provider: Provider::Bestpay, guid: "cn.com.bestpay", aliases: &[], source: "documented here" },
    GuidEntry { provider: Provider::CmPay, guid: "com.cmpay", aliases: &[], source: "documented here" },
    GuidEntry { provider: Provider::UnicomPay, guid: "com.unicompay", aliases: &[], source: "documented here" },
    GuidEntry { provider: Provider::QqWallet, guid: "com.qq.qianbao", aliases: &[], source: "documented here" },
    GuidEntry { provider: Provider::JdPay, guid: "com.jd.pay", aliases: &[], source: "documented here" },
    GuidEntry { provider: Provider::WeBank, guid: "com.webank", aliases: &[], source: "documented here" },
    GuidEntry { provider: Provider::Lakala, guid: "com.lakala", aliases: &[], source: "documented here" },
    GuidEntry { provider: Provider::Suning, guid: "com.suning.pay", aliases: &[], source: "documented here" },
];

/// The GUID written for `provider` (or for a code of no known provider).
pub fn guid_for(provider: Option<Provider>) -> &'static str {
    provider.and_then(|p| GUIDS.iter().find(|e| e.provider == p)).map_or(CARRIED_GUID, |e| e.guid)
}

/// The provider a GUID names, aliases and letter case included. `Some(None)` is the GUID of
/// codes with no known provider; `None` is a GUID this format does not use.
pub fn provider_for_guid(guid: &str) -> Option<Option<Provider>> {
    if guid.eq_ignore_ascii_case(CARRIED_GUID) {
        return Some(None);
    }
    GUIDS
        .iter()
        .find(|e| e.guid.eq_ignore_ascii_case(guid) || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(guid)))
        .map(|e| Some(e.provider))
}

/// Why a unified code could not be made or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Problem {
    #[error("a unified code carries at least one legacy code")]
    NothingToCarry,
    #[error("the unified code needs {chars} characters; EMVCo allows at most 512 (carry fewer or shorter codes)")]
    TooLong { chars: usize },
    #[error("the codes need {needed} merchant account templates; only 26-51 (26) exist")]
    TooManyTemplates { needed: usize },
    #[error("character {found} cannot be carried: merchant account templates hold printable ASCII only")]
    NotAns { found: Snippet },
    #[error("the amount is in currency {found}; a unified code is in CNY (156), so it cannot carry it")]
    ForeignAmount { found: Snippet },
    #[error("not a unified code: it has no template 80 with GUID cn.hutong.unified")]
    NotUnified,
    #[error("continuation part in template {id:02} follows no code of the same GUID")]
    OrphanContinuation { id: u8 },
    #[error("template {id:02} of a unified code has no code part (05 or 91)")]
    EmptyTemplate { id: u8 },
}

impl Problem {
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            Problem::NothingToCarry | Problem::EmptyTemplate { .. } => ErrorKind::MissingField,
            Problem::TooLong { .. } | Problem::TooManyTemplates { .. } => ErrorKind::CapacityExceeded,
            Problem::NotAns { .. } => ErrorKind::InvalidCharacter,
            Problem::NotUnified | Problem::ForeignAmount { .. } => ErrorKind::WrongFormat,
            Problem::OrphanContinuation { .. } => ErrorKind::InvalidValue,
        }
    }
}

/// What the unified code says of the merchant. Fields left empty get the defaults in
/// SPEC.md: MCC `0000`, name and city `NA` (EMVCo makes 59 and 60 mandatory).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct Merchant {
    /// `59`, printable ASCII, at most 25 characters.
    pub name: String,
    /// `60`, printable ASCII, at most 15 characters.
    pub city: String,
    /// `52` Merchant Category Code (ISO 18245).
    pub mcc: String,
    /// `54` amount in yuan (`12.50`); makes the code dynamic.
    pub amount: String,
    /// `64.01` name in Chinese.
    pub name_zh: String,
    /// `64.02` city in Chinese.
    pub city_zh: String,
    /// `62.01` bill number.
    pub bill_number: String,
    /// `62.05` reference label.
    pub reference_label: String,
    /// `15` UnionPay International account (31 digits), when the merchant has one.
    pub unionpay_account: String,
}

/// One legacy code carried by a unified (or any EMV) code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CarriedCode {
    /// The provider; `None` for an aggregated code.
    pub provider: Option<Provider>,
    /// The form id (`wechat-native`, `unionpay-emv15`…).
    pub form: String,
    /// The legacy code, byte for byte.
    pub code: String,
    /// Where it starts (`26.05`, `15`).
    pub path: TagPath,
}

/// The form id of a UnionPay International account carried in root `15`.
pub const UNIONPAY_EMV_FORM: &str = "unionpay-emv15";

struct Piece<'a> {
    provider: Option<Provider>,
    form: &'static str,
    code: &'a str,
    ecny: EcnyTyping,
}

/// A legacy merchant code as the unified code carries it.
fn piece(code: &str) -> Result<Piece<'_>> {
    let parsed = MerchantCode::parse(code)?;
    Ok(Piece { provider: parsed.provider(), form: parsed.form().id(), code, ecny: parsed.ecny() })
}

/// The unified code carrying one legacy merchant code, with default merchant data.
pub fn from_legacy(code: &str) -> Result<String> {
    // One piece needs no vector: the hot conversion then allocates only its output.
    write(&[piece(code)?], &Merchant::default())
}

/// The unified code carrying several legacy merchant codes (in this order) for `merchant`.
pub fn merge(codes: &[&str], merchant: &Merchant) -> Result<String> {
    let mut pieces: Vec<Piece<'_>> = Vec::with_capacity(codes.len());
    for c in codes {
        pieces.push(piece(c)?);
    }
    write(&pieces, merchant)
}

/// Splits `code` into parts of `first`, then `rest` characters (carried codes are ASCII).
fn chunks(code: &str, first: usize, rest: usize) -> impl Iterator<Item = &str> {
    let mut pos = 0;
    let mut n = 0;
    core::iter::from_fn(move || {
        if pos >= code.len() && n > 0 {
            return None;
        }
        let room = if n == 0 { first } else { rest };
        let end = (pos + room).min(code.len());
        let part = code.get(pos..end)?;
        pos = end;
        n += 1;
        Some(part)
    })
}

/// Checks the merchant's fields against what their data objects allow, so that the code can
/// be written directly: a unified code is always a strict EMVCo payload without findings.
fn check_merchant(m: &Merchant) -> Result<()> {
    use crate::emv::mpm::Problem as P;
    let ans = |v: &str, path: &[u8], max: u8| -> Result<()> {
        let id = path.last().copied().unwrap_or(0);
        let at = |p: P, offset: usize| Error::new(p, offset, Some(mpm_path(path)));
        if let Some((i, c)) = crate::text::first_non_ans(v) {
            return Err(at(P::NotAns { id, c }, i));
        }
        if v.len() > max as usize {
            return Err(at(P::FieldTooLong { id, chars: v.len(), max }, 0));
        }
        Ok(())
    };
    let text = |v: &str, path: &[u8], max: u8| -> Result<()> {
        let id = path.last().copied().unwrap_or(0);
        if let Some((i, c)) = crate::text::find_unsafe(v) {
            return Err(Error::new(P::NotAns { id, c }, i, Some(mpm_path(path))));
        }
        let chars = crate::text::char_len(v);
        if chars > max as usize {
            return Err(Error::new(P::FieldTooLong { id, chars, max }, 0, Some(mpm_path(path))));
        }
        Ok(())
    };
    ans(&m.name, &[59], 25)?;
    ans(&m.city, &[60], 15)?;
    ans(&m.bill_number, &[62, 1], 25)?;
    ans(&m.reference_label, &[62, 5], 25)?;
    ans(&m.unionpay_account, &[15], 99)?;
    text(&m.name_zh, &[64, 1], 25)?;
    text(&m.city_zh, &[64, 2], 15)?;
    if !m.mcc.is_empty() {
        if let Some((i, c)) = m.mcc.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(Error::new(P::NotNumeric { id: 52, c }, i, Some(TagPath::mpm(52))));
        }
        if m.mcc.len() != 4 {
            return Err(Error::new(
                P::FixedLength { id: 52, expected: 4, found: m.mcc.len() },
                0,
                Some(TagPath::mpm(52)),
            ));
        }
    }
    if !m.amount.is_empty() {
        if let Err(why) = crate::emv::mpm::check_amount(&m.amount) {
            let found = Snippet::new(m.amount.as_bytes());
            return Err(Error::new(P::InvalidAmount { id: 54, found, why }, 0, Some(TagPath::mpm(54))));
        }
    }
    if !m.city_zh.is_empty() && m.name_zh.is_empty() {
        return Err(Error::new(P::MissingField { id: 1 }, 0, Some(mpm_path(&[64, 1]))));
    }
    Ok(())
}

fn mpm_path(path: &[u8]) -> TagPath {
    let (&first, rest) = path.split_first().unwrap_or((&0, &[]));
    rest.iter().fold(TagPath::mpm(first), |p, &id| p.child(id as u32))
}

/// Writes data objects straight into a string: the unified code's layout is fixed, so the
/// general model and its rule engine (ten times slower) are not needed to produce it.
struct Writer {
    out: String,
}

impl Writer {
    fn header(&mut self, id: u8, chars: usize) {
        for n in [id as usize, chars] {
            self.out.push_str(crate::text::TWO_DIGITS.get(n).copied().unwrap_or("??"));
        }
    }

    fn text(&mut self, id: u8, v: &str) {
        self.header(id, crate::text::char_len(v));
        self.out.push_str(v);
    }

    fn text_if(&mut self, id: u8, v: &str) {
        if !v.is_empty() {
            self.text(id, v);
        }
    }

    /// Opens template `id`; returns where its length goes.
    fn open(&mut self, id: u8) -> usize {
        self.header(id, 0);
        self.out.len() - 2
    }

    /// Closes the template opened at `at`, writing its content's length.
    fn close(&mut self, at: usize) {
        let chars = self.out.get(at + 2..).map_or(0, crate::text::char_len);
        if let Some(&d) = crate::text::TWO_DIGITS.get(chars) {
            self.out.replace_range(at..at + 2, d);
        }
    }
}

/// The unified code for `pieces` and `merchant` (layout: SPEC.md section 5.1).
fn write(pieces: &[Piece<'_>], merchant: &Merchant) -> Result<String> {
    if pieces.is_empty() && merchant.unionpay_account.is_empty() {
        return Err(Error::new(Problem::NothingToCarry, 0, None));
    }
    check_merchant(merchant)?;
    let mut templates = 0usize;
    for p in pieces {
        if let Some((at, c)) = crate::text::first_non_ans(p.code) {
            let found = Snippet::new(p.code.get(at..at + c.len_utf8()).unwrap_or_default().as_bytes());
            return Err(Error::new(Problem::NotAns { found }, at, None));
        }
        let (first, rest) = room(p);
        templates += 1 + p.code.len().saturating_sub(first).div_ceil(rest);
    }
    if templates > 26 {
        return Err(Error::new(Problem::TooManyTemplates { needed: templates }, 0, None));
    }
    let dynamic = !merchant.amount.is_empty() || pieces.iter().any(|p| p.ecny.qt == CodeType::MerchantDynamic);
    let mut w = Writer { out: String::with_capacity(512) };
    w.text(0, "01");
    w.text(1, if dynamic { "12" } else { "11" });
    w.text_if(15, &merchant.unionpay_account);
    let mut id = 26u8;
    for p in pieces {
        let guid = guid_for(p.provider);
        let (first, rest) = room(p);
        for (i, part) in chunks(p.code, first, rest).enumerate() {
            let at = w.open(id);
            w.text(0, guid);
            if i == 0 {
                w.text(SUB_CODE, part);
                w.text(SUB_FORM, p.form);
            } else {
                w.text(SUB_CONTINUATION, part);
            }
            w.close(at);
            id += 1;
        }
    }
    w.text(52, if merchant.mcc.is_empty() { "0000" } else { &merchant.mcc });
    w.text(53, "156");
    w.text_if(54, &merchant.amount);
    w.text(58, "CN");
    w.text(59, if merchant.name.is_empty() { "NA" } else { &merchant.name });
    w.text(60, if merchant.city.is_empty() { "NA" } else { &merchant.city });
    if !(merchant.bill_number.is_empty() && merchant.reference_label.is_empty()) {
        let at = w.open(62);
        w.text_if(1, &merchant.bill_number);
        w.text_if(5, &merchant.reference_label);
        w.close(at);
    }
    if !merchant.name_zh.is_empty() {
        let at = w.open(64);
        w.text(0, "ZH");
        w.text(1, &merchant.name_zh);
        w.text_if(2, &merchant.city_zh);
        w.close(at);
    }
    let typing = whole_typing(pieces, !merchant.unionpay_account.is_empty(), dynamic);
    let at = w.open(80);
    w.text(0, UNIFIED_GUID);
    w.text(1, FORMAT_VERSION);
    w.text(2, typing.qt.as_str());
    if let Some(qet) = typing.qet {
        w.text(3, qet.as_str());
    }
    w.close(at);
    w.out.push_str("6304");
    let crc = crate::emv::crc_hex(crate::emv::crc16(w.out.as_bytes()));
    w.out.push_str(core::str::from_utf8(&crc).unwrap_or("0000"));
    let chars = crate::text::char_len(&w.out);
    if chars > 512 {
        return Err(Error::new(Problem::TooLong { chars }, 0, None));
    }
    Ok(w.out)
}

/// Room for a code's first part (beside the GUID and the form id) and for each continuation
/// part (beside the GUID): a template's content is at most 99 characters.
fn room(p: &Piece<'_>) -> (usize, usize) {
    let guid = guid_for(p.provider).len();
    (99usize.saturating_sub(4 + guid + 4 + p.form.len() + 4), 99 - (4 + guid + 4))
}

/// The typing of the whole code: one carried code keeps its own (UnionPay's account alone is
/// UnionPay's standard code); several make an aggregated merchant code.
fn whole_typing(pieces: &[Piece<'_>], unionpay_account: bool, dynamic: bool) -> EcnyTyping {
    let qt = if dynamic { CodeType::MerchantDynamic } else { CodeType::MerchantStatic };
    match pieces {
        [one] if !unionpay_account => one.ecny,
        [] if unionpay_account => EcnyTyping { qt, qet: Some(EncodingType::UnionPay) },
        _ => EcnyTyping { qt, qet: Some(EncodingType::Aggregated) },
    }
}

/// Whether `mpm` is a unified code (it has template 80 with GUID `cn.hutong.unified`).
pub fn is_unified(mpm: &Mpm<'_>) -> bool {
    mpm.templates_with_guid(UNIFIED_GUID).next().is_some()
}

/// The e-CNY typing a unified code declares in template 80.
pub fn typing(mpm: &Mpm<'_>) -> Option<EcnyTyping> {
    let t = mpm.templates_with_guid(UNIFIED_GUID).next()?;
    let qt = CodeType::from_code(t.get(2)?.value())?;
    let qet = t.get(3).and_then(|o| EncodingType::from_code(o.value()));
    Some(EcnyTyping { qt, qet })
}

/// Every legacy code a unified code carries, in order: UnionPay's `15` first, then each
/// provider template's code with its continuations joined.
pub fn split(unified: &str) -> Result<Vec<CarriedCode>> {
    let mpm = Mpm::parse_with(unified, Mode::Lenient)?;
    split_mpm(&mpm)
}

/// [`split`] on a parsed payload.
pub fn split_mpm(mpm: &Mpm<'_>) -> Result<Vec<CarriedCode>> {
    if !is_unified(mpm) {
        return Err(Error::new(Problem::NotUnified, 0, None));
    }
    let mut out: Vec<CarriedCode> = Vec::new();
    let mut open: Option<(usize, String)> = None; // (index in out, GUID) of the code being continued
    for o in mpm.objects() {
        if o.id() == crate::emv::mpm::id::UNIONPAY {
            out.push(CarriedCode {
                provider: Some(Provider::UnionPay),
                form: UNIONPAY_EMV_FORM.into(),
                code: o.value().into(),
                path: o.path(),
            });
            open = None;
            continue;
        }
        if !matches!(o.id(), 26..=51) {
            continue;
        }
        let Some(guid) = o.guid() else { continue };
        let Some(provider) = provider_for_guid(guid) else {
            open = None;
            continue;
        };
        if let Some(start) = o.get(SUB_CODE) {
            let form = o.get(SUB_FORM).map(|f| f.value().to_string()).unwrap_or_default();
            out.push(CarriedCode { provider, form, code: start.value().into(), path: start.path() });
            open = Some((out.len() - 1, guid.to_ascii_lowercase()));
        } else if let Some(part) = o.get(SUB_CONTINUATION) {
            match &open {
                Some((i, g)) if g.eq_ignore_ascii_case(guid) => {
                    if let Some(c) = out.get_mut(*i) {
                        c.code.push_str(part.value());
                    }
                }
                _ => return Err(Error::new(Problem::OrphanContinuation { id: o.id() }, o.offset(), Some(o.path()))),
            }
        } else {
            return Err(Error::new(Problem::EmptyTemplate { id: o.id() }, o.offset(), Some(o.path())));
        }
    }
    Ok(out)
}

/// The legacy codes a unified code carries, as strings.
pub fn to_legacy(unified: &str) -> Result<Vec<String>> {
    Ok(split(unified)?.into_iter().map(|c| c.code).collect())
}

/// The unified code for a foreign or domestic EMV MPM code that carries Chinese providers:
/// UnionPay's `15` is kept, each provider's carried legacy code becomes a template, and the
/// merchant data (MCC, amount, name, city, 64) are copied.
pub fn from_emv(mpm: &Mpm<'_>) -> Result<String> {
    let carried = crate::providers::carried(mpm);
    let mut pieces = Vec::new();
    for c in &carried {
        if let Some(code) = c.legacy {
            if let Ok(p) = piece(code) {
                pieces.push(p);
            }
        }
    }
    let currency = mpm.transaction_currency();
    if mpm.transaction_amount().is_some() && currency != Some("156") {
        let found = Snippet::new(currency.unwrap_or_default().as_bytes());
        return Err(Error::new(Problem::ForeignAmount { found }, 0, Some(TagPath::mpm(53))));
    }
    let merchant = Merchant {
        name: mpm.merchant_name().unwrap_or_default().into(),
        city: mpm.merchant_city().unwrap_or_default().into(),
        mcc: mpm.merchant_category_code().unwrap_or_default().into(),
        amount: mpm.transaction_amount().unwrap_or_default().into(),
        name_zh: mpm.get_path(&[64, 1]).map(|o| o.value().into()).unwrap_or_default(),
        city_zh: mpm.get_path(&[64, 2]).map(|o| o.value().into()).unwrap_or_default(),
        bill_number: mpm.get_path(&[62, 1]).map(|o| o.value().into()).unwrap_or_default(),
        reference_label: mpm.get_path(&[62, 5]).map(|o| o.value().into()).unwrap_or_default(),
        unionpay_account: mpm.value(crate::emv::mpm::id::UNIONPAY).unwrap_or_default().into(),
    };
    write(&pieces, &merchant)
}

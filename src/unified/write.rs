//! Writing the unified code: from legacy merchant codes (`merge`, `from_legacy`) and from
//! EMV codes that carry Chinese providers (`from_emv`).

use alloc::vec::Vec;

use super::{guid::guid_for, Merchant, SUB_CODE, SUB_CONTINUATION, TEMPLATE_ROOM};
use crate::ecny::{CodeType, EcnyTyping};
use crate::emv::mpm::write::{Overflow, Writer};
use crate::emv::mpm::Mpm;
use crate::error::mpm::Problem as P;
use crate::error::unified::Problem;
use crate::error::{Error, Quote, Result, TagPath};
use crate::providers::{MerchantCode, UnionPayAccount};
use crate::Provider;
use alloc::borrow::Cow;
use alloc::string::String;

struct Piece<'a> {
    provider: Option<Provider>,
    code: &'a str,
    ecny: EcnyTyping,
}

/// A legacy merchant code as the unified code carries it.
fn piece(code: &str) -> Result<Piece<'_>> {
    let parsed = MerchantCode::parse(code)?;
    Ok(Piece { provider: parsed.provider(), code, ecny: parsed.ecny() })
}

/// The default merchant as a static, so that the hot conversion neither builds nor drops one.
static NO_MERCHANT: Merchant = Merchant::EMPTY;

/// The unified code carrying one legacy merchant code, with default merchant data.
pub fn from_legacy(code: &str) -> Result<String> {
    // One piece needs no vector: the hot conversion then allocates only its output.
    write(&[piece(code)?], &NO_MERCHANT)
}

/// The unified code carrying several legacy merchant codes (in this order) for `merchant`.
/// A code may also be an EMV code that carries Chinese providers, a unified code included:
/// its carried codes are taken in its order (a unified code's are read and checked as
/// [`read`](super::read) does), and a UnionPay account in its 15 becomes the merchant's unless
/// one is given.
pub fn merge<'c>(codes: &[&'c str], merchant: &Merchant) -> Result<String> {
    // Each code is parsed as it comes, so that the first bad one is the error; a unified
    // code's carried codes are owned (a long one spans templates).
    let mut legacy: Vec<(Cow<'c, str>, Option<Provider>, EcnyTyping)> = Vec::with_capacity(codes.len());
    let mut push = |code: Cow<'c, str>| -> Result<()> {
        let p = piece(&code)?;
        let (provider, ecny) = (p.provider, p.ecny);
        legacy.push((code, provider, ecny));
        Ok(())
    };
    let mut account: Option<Cow<'c, str>> = None;
    for &c in codes {
        if !c.starts_with("00") {
            push(Cow::Borrowed(c))?;
            continue;
        }
        let mpm = Mpm::parse(c)?;
        if let Some(unified) = super::read::as_unified(&mpm)? {
            for carried in unified.carried {
                if carried.form == super::UNIONPAY_EMV_FORM {
                    account.get_or_insert(Cow::Owned(carried.code));
                } else {
                    push(Cow::Owned(carried.code))?;
                }
            }
            continue;
        }
        for carried in emv_pieces(&mpm)? {
            match carried {
                EmvPiece::Legacy(code) => push(Cow::Borrowed(code))?,
                EmvPiece::UnionPayAccount(acct) => {
                    account.get_or_insert(Cow::Borrowed(acct));
                }
            }
        }
    }
    let pieces: Vec<Piece<'_>> =
        legacy.iter().map(|(code, provider, ecny)| Piece { provider: *provider, code, ecny: *ecny }).collect();
    match account {
        Some(acct) if merchant.unionpay_account.is_empty() => {
            write(&pieces, &Merchant { unionpay_account: acct.into_owned(), ..merchant.clone() })
        }
        _ => write(&pieces, merchant),
    }
}

/// The unified code for an EMV MPM code that carries Chinese providers: UnionPay's `15` and
/// each provider's carried legacy code, with the merchant data. Nothing is dropped silently:
/// what a unified code cannot hold (a tip or fee, another country or currency, a language
/// other than Chinese, another network's template, an unknown object) is refused with an
/// error that names it.
pub fn from_emv(mpm: &Mpm<'_>) -> Result<String> {
    let mut pieces = Vec::new();
    let mut unionpay_account = "";
    for p in emv_pieces(mpm)? {
        match p {
            EmvPiece::Legacy(code) => pieces.push(piece(code)?),
            EmvPiece::UnionPayAccount(acct) => unionpay_account = acct,
        }
    }
    let currency = mpm.transaction_currency();
    if mpm.transaction_amount().is_some() && currency != Some("156") {
        let found = Quote::new(currency.unwrap_or_default().as_bytes());
        return Err(Error::new(Problem::ForeignAmount { found }, 0, Some(TagPath::mpm(53))));
    }
    let merchant = Merchant {
        name: mpm.merchant_name().unwrap_or_default().into(),
        city: mpm.merchant_city().unwrap_or_default().into(),
        mcc: mpm.merchant_category_code().unwrap_or_default().into(),
        amount: mpm.transaction_amount().unwrap_or_default().into(),
        dynamic: mpm.point_of_initiation() == Some("12"),
        name_zh: mpm.get_path([64, 1]).map(|o| o.value().into()).unwrap_or_default(),
        city_zh: mpm.get_path([64, 2]).map(|o| o.value().into()).unwrap_or_default(),
        bill_number: mpm.get_path([62, 1]).map(|o| o.value().into()).unwrap_or_default(),
        reference_label: mpm.get_path([62, 5]).map(|o| o.value().into()).unwrap_or_default(),
        unionpay_account: unionpay_account.into(),
    };
    write(&pieces, &merchant)
}

/// What an EMV code gives a unified code.
enum EmvPiece<'a> {
    /// A provider's legacy code carried in a template (WeChat Pay's `code_url`…).
    Legacy(&'a str),
    /// A UnionPay International account (root 15).
    UnionPayAccount(&'a str),
}

/// The codes an EMV code gives a unified code, refusing every data object whose content a
/// unified code cannot hold. A provider template is carried as the legacy code it holds; its
/// other sub-objects (a merchant id) are not kept, since the code is what a wallet pays.
fn emv_pieces<'a>(mpm: &Mpm<'a>) -> Result<Vec<EmvPiece<'a>>> {
    let carried = crate::providers::carried(mpm);
    let mut out = Vec::new();
    for o in mpm.objects() {
        let id = o.id();
        let refuse = |why: &'static str| Err(Error::new(Problem::CannotCarry { id, why }, o.offset(), Some(o.path())));
        match id {
            0 | 52 | 54 | 59 | 60 | 63 => {}
            1 if matches!(o.value(), "11" | "12") => {}
            1 => return refuse("a point of initiation other than 11 or 12"),
            53 if o.value() == "156" => {}
            53 => return refuse("a unified code is in CNY (156)"),
            58 if o.value() == "CN" => {}
            58 => return refuse("a unified code is for merchants in mainland China (CN)"),
            55..=57 => return refuse("a unified code has no tip or convenience fee"),
            15 => match UnionPayAccount::parse(o.value()) {
                Ok(_) => out.push(EmvPiece::UnionPayAccount(o.value())),
                Err(_) => return refuse("not a UnionPay International account (8 + 8 digits + 15 letters or digits)"),
            },
            62 | 64 if o.children().is_none() => return refuse("its content is not data objects"),
            62 => {
                for s in o.children().into_iter().flatten() {
                    if !matches!(s.id(), 1 | 5) {
                        let (id, path) = (s.id(), s.path());
                        let why = "a unified code keeps only the bill number (01) and reference label (05) of 62";
                        return Err(Error::new(Problem::CannotCarry { id, why }, s.offset(), Some(path)));
                    }
                }
            }
            64 => {
                for s in o.children().into_iter().flatten() {
                    let ok = match s.id() {
                        0 => s.value().eq_ignore_ascii_case("zh"),
                        1 | 2 => true,
                        _ => false,
                    };
                    if !ok {
                        let (id, path) = (s.id(), s.path());
                        let why = "a unified code's 64 holds Chinese (ZH) names only";
                        return Err(Error::new(Problem::CannotCarry { id, why }, s.offset(), Some(path)));
                    }
                }
            }
            _ => match carried.iter().find(|c| c.path == o.path()).and_then(|c| c.legacy) {
                Some(code) => out.push(EmvPiece::Legacy(code)),
                None => return refuse("it is not a Chinese provider's template carrying a merchant code"),
            },
        }
    }
    Ok(out)
}

/// Checks the merchant's fields against what their data objects allow, so that the code can
/// be written directly: a unified code is always a strict EMVCo payload without findings.
fn check_merchant(m: &Merchant) -> Result<()> {
    // An empty field (most are) passes every check: it is left out or given its default.
    let ans = |v: &str, path: &[u8], max: u8| -> Result<()> {
        if v.is_empty() {
            return Ok(());
        }
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
        if v.is_empty() {
            return Ok(());
        }
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
    text(&m.name_zh, &[64, 1], 25)?;
    text(&m.city_zh, &[64, 2], 15)?;
    if !m.unionpay_account.is_empty() {
        UnionPayAccount::parse(&m.unionpay_account).map_err(|e| e.relocated(e.offset(), Some(TagPath::mpm(15))))?;
    }
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
            let found = Quote::new(m.amount.as_bytes());
            return Err(Error::new(P::InvalidAmount { id: 54, found, why }, 0, Some(TagPath::mpm(54))));
        }
    }
    if !m.city_zh.is_empty() && m.name_zh.is_empty() {
        return Err(Error::new(P::MissingInTemplate { template: 64, id: 1 }, 0, Some(mpm_path(&[64, 1]))));
    }
    Ok(())
}

fn mpm_path(path: &[u8]) -> TagPath {
    let (&first, rest) = path.split_first().unwrap_or((&0, &[]));
    rest.iter().fold(TagPath::mpm(first), |p, &id| p.child(id as u32))
}

/// Room for one part of a code beside its template's GUID: every part, the first (in 05) and
/// each continuation (in 91), fills its template up to 99 characters.
pub(super) fn room(guid: &str) -> usize {
    TEMPLATE_ROOM.saturating_sub(4 + guid.len() + 4)
}

/// The unified code for `pieces` and `merchant` (layout: SPEC.md section 5.1).
fn write(pieces: &[Piece<'_>], merchant: &Merchant) -> Result<String> {
    if pieces.is_empty() && merchant.unionpay_account.is_empty() {
        return Err(Error::new(Problem::NothingToCarry, 0, None));
    }
    check_merchant(merchant)?;
    let mut templates = 0usize;
    for p in pieces {
        // A code is printable ASCII (0x20 to 0x7E).
        if let Some((at, c)) = crate::text::first_non_ans(p.code) {
            let found = Quote::new(p.code.get(at..at + c.len_utf8()).unwrap_or_default().as_bytes());
            return Err(Error::new(Problem::NotAns { found }, at, None));
        }
        templates += p.code.len().div_ceil(room(guid_for(p.provider))).max(1);
    }
    if templates > 26 {
        return Err(Error::new(Problem::TooManyTemplates { needed: templates }, 0, None));
    }
    let dynamic = merchant.dynamic
        || !merchant.amount.is_empty()
        || pieces.iter().any(|p| p.ecny.qt == CodeType::MerchantDynamic);
    let mut out = String::with_capacity(256);
    // A static code leaves 01 out (SPEC 5.1): six characters that say nothing a reader cannot
    // take from 01's absence.
    out.push_str(if dynamic { "000201010212" } else { "000201" });
    // The checks above keep every value and template within two digits; an overflow here
    // would be a bug, reported rather than written.
    let overflow = |e: Overflow| Error::new(Problem::TooLong { chars: e.chars.max(100) }, e.at, None);
    accounts(&mut Writer::new(&mut out), pieces, merchant).map_err(overflow)?;
    merchant_data(&mut out, merchant).map_err(overflow)?;
    Writer::new(&mut out).crc(None);
    // A character is at least a byte: only a code of more than 512 bytes needs counting.
    if out.len() > 512 {
        let chars = crate::text::char_len(&out);
        if chars > 512 {
            return Err(Error::new(Problem::TooLong { chars }, 0, None));
        }
    }
    Ok(out)
}

/// The accounts of SPEC.md 5.1: UnionPay's (15) and the templates of the carried codes.
fn accounts(w: &mut Writer<'_>, pieces: &[Piece<'_>], merchant: &Merchant) -> Result<(), Overflow> {
    w.text_if(15, &merchant.unionpay_account)?;
    let mut id = 26u8;
    for p in pieces {
        let guid = guid_for(p.provider);
        let mut rest = p.code;
        let mut first = true;
        while first || !rest.is_empty() {
            let (part, next) = rest.split_at(rest.len().min(room(guid)));
            // The GUID and the code are ASCII (checked), a character a byte: the template's
            // length is known before its content is written.
            w.template(id, 4 + guid.len() + 4 + part.len())?;
            w.text(0, guid)?;
            w.text(if first { SUB_CODE } else { SUB_CONTINUATION }, part)?;
            id += 1;
            rest = next;
            first = false;
        }
    }
    Ok(())
}

/// The merchant's data objects of SPEC.md 5.1, 52 to 64, in order. An object whose value is
/// fixed (the currency, the country, a default) is written whole, header and all: only the
/// merchant's own values go through the writer's count. Nothing here is inside a template.
fn merchant_data(out: &mut String, merchant: &Merchant) -> Result<(), Overflow> {
    // The MCC is four digits (checked).
    out.push_str("5204");
    out.push_str(if merchant.mcc.is_empty() { "0000" } else { &merchant.mcc });
    out.push_str("5303156");
    Writer::new(out).text_if(54, &merchant.amount)?;
    out.push_str("5802CN");
    if merchant.name.is_empty() {
        out.push_str("5902NA");
    } else {
        Writer::new(out).text(59, &merchant.name)?;
    }
    if merchant.city.is_empty() {
        out.push_str("6002NA");
    } else {
        Writer::new(out).text(60, &merchant.city)?;
    }
    let w = &mut Writer::new(out);
    if !(merchant.bill_number.is_empty() && merchant.reference_label.is_empty()) {
        let open = w.open(62)?;
        w.text_if(1, &merchant.bill_number)?;
        w.text_if(5, &merchant.reference_label)?;
        w.close(open)?;
    }
    if !merchant.name_zh.is_empty() {
        let open = w.open(64)?;
        w.text(0, "ZH")?;
        w.text(1, &merchant.name_zh)?;
        w.text_if(2, &merchant.city_zh)?;
        w.close(open)?;
    }
    // Version 1 writes no version marker (SPEC 5.7).
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_of_512_characters_is_written_and_one_longer_is_not() {
        let mut at_most = false;
        for k in 300..480 {
            let code = alloc::format!("https://pay.example.cn/{}", "a".repeat(k));
            match from_legacy(&code) {
                Ok(s) => {
                    assert!(s.len() <= 512, "{k}");
                    at_most |= s.len() == 512;
                }
                Err(e) => assert!(alloc::format!("{}", e.message()).contains("at most 512"), "{k}: {e}"),
            }
        }
        assert!(at_most, "no code of exactly 512 characters was tried");
        // Characters, not bytes, are counted: with a name in Chinese, 512 characters are more
        // bytes, and are still written.
        let merchant = Merchant { name_zh: "商店".into(), ..Merchant::default() };
        let mut chars_512 = false;
        for k in 300..480 {
            let code = alloc::format!("https://pay.example.cn/{}", "a".repeat(k));
            if let Ok(s) = merge(&[&code], &merchant) {
                assert!(s.chars().count() <= 512, "{k}");
                chars_512 |= s.chars().count() == 512 && s.len() > 512;
            }
        }
        assert!(chars_512, "no code of exactly 512 characters and more bytes was tried");
    }

    #[test]
    fn the_merchant_s_data_objects_each_with_its_default() {
        let data = |m: &Merchant| {
            let mut out = String::new();
            merchant_data(&mut out, m).unwrap();
            out
        };
        assert_eq!(data(&NO_MERCHANT), "5204000053031565802CN5902NA6002NA");
        let m = Merchant {
            name: "SHOP".into(),
            city: "BEIJING".into(),
            mcc: "5411".into(),
            amount: "12.50".into(),
            name_zh: "商店".into(),
            city_zh: "北京".into(),
            bill_number: "B1".into(),
            reference_label: "R".into(),
            ..Merchant::default()
        };
        assert_eq!(
            data(&m),
            "520454115303156540512.505802CN5904SHOP6007BEIJING62110102B10501R64180002ZH0102商店0202北京"
        );
        let only = |m: Merchant| data(&m);
        assert_eq!(only(Merchant { name: "A".into(), ..Merchant::default() }), "5204000053031565802CN5901A6002NA");
        assert_eq!(only(Merchant { city: "B".into(), ..Merchant::default() }), "5204000053031565802CN5902NA6001B");
        assert_eq!(
            only(Merchant { reference_label: "R".into(), ..Merchant::default() }),
            "5204000053031565802CN5902NA6002NA62050501R"
        );
    }
}

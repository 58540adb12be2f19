//! The Chinese providers carried inside an EMVCo MPM payload (SPEC.md 6.4): UnionPay in ID
//! 15/16 with an account's layout, WeChat Pay in the reserved primitive ID 17 or a 26–51
//! template, Alipay and Alipay+ templates, resolved by GUID in the one registry, with the
//! legacy code they carry (WeChat's sub-ID 05 `code_url`) when it is, on its own, a code the
//! GUID may carry, so that EMV and legacy forms convert losslessly.

use alloc::vec::Vec;

use super::merchant::MerchantCode;
use super::unionpay::UnionPayAccount;
use crate::emv::mpm::{DataObject, Mpm};
use crate::error::TagPath;
use crate::provider::Provider;
use crate::unified::GuidEntry;

/// One provider found in an MPM payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Carried<'a> {
    /// The provider.
    pub provider: Provider,
    /// Where: `15`, `17`, `34`, …
    pub path: TagPath,
    /// The data object as parsed.
    pub object: DataObject<'a>,
    /// The GUID (sub-ID 00) as written, for templates (and WeChat's template in 17).
    pub guid: Option<&'a str>,
    /// Sub-ID 01 (merchant id or account) as written, for templates.
    pub merchant_id: Option<&'a str>,
    /// The provider's legacy merchant code carried verbatim (WeChat 17/05 `code_url`), when a
    /// sub-object holds one that parses as that provider's code.
    pub legacy: Option<&'a str>,
    /// The UnionPay International account, when ID 15/16 has the 31-character layout.
    pub unionpay: Option<UnionPayAccount<'a>>,
}

impl<'a> Carried<'a> {
    /// The legacy code, parsed.
    pub fn legacy_code(&self) -> Option<MerchantCode<'a>> {
        self.legacy.and_then(|s| MerchantCode::parse(s).ok())
    }
}

/// Every Chinese provider carried by `mpm`, in payload order.
///
/// ```
/// use hutong::emv::mpm::{Mode, Mpm};
/// use hutong::providers::carried;
/// use hutong::Provider;
///
/// let mn = "0002010102121531422604964226049600000000001020417810017com.qq.weixin.pay01091367888090202NT0537weixin://wxpay/bizpayurl?pr=siTObRFz126540014A00000084300010108HPSMMNUB0220MN09005151019910985533410037A111278300000000.alipayplus.v2025051351120008songo.mn5204581153034965406102.435802MN5916Songo.mn-Eastpay6011ULAANBAATAR62340125HPSM2506121043450000000065201180240014A0000008430001010201630412F8";
/// let found = carried(&Mpm::parse_with(mn, Mode::Lenient)?);
/// let providers: Vec<_> = found.iter().map(|c| c.provider).collect();
/// assert_eq!(providers, [Provider::UnionPay, Provider::WeChatPay, Provider::AlipayPlus]);
/// assert_eq!(found[0].unionpay.map(|a| a.merchant_id()), Some("000000000010204"));
/// assert_eq!(found[1].legacy, Some("weixin://wxpay/bizpayurl?pr=siTObRFz1"));
/// # Ok::<(), hutong::Error>(())
/// ```
pub fn carried<'a>(mpm: &Mpm<'a>) -> Vec<Carried<'a>> {
    let mut out = Vec::new();
    for o in mpm.objects() {
        let id = o.id();
        let base = Carried {
            provider: Provider::UnionPay,
            path: o.path(),
            object: o,
            guid: None,
            merchant_id: None,
            legacy: None,
            unionpay: None,
        };
        match id {
            // 15/16 name UnionPay only when they hold an account of UnionPay's layout.
            15 | 16 => {
                if let Ok(account) = UnionPayAccount::parse(o.value()) {
                    out.push(Carried { unionpay: Some(account), ..base });
                }
            }
            2..=51 | 80..=99 => {
                // Templates in 02–25 break the specification but are real (WeChat in 17):
                // read any well-formed value as data objects and go by its GUID.
                let Some(guid) = o.nested().and_then(|mut n| n.next()).filter(|s| s.id() == 0).map(|s| s.value())
                else {
                    continue;
                };
                let Some(entry) = crate::unified::guid::lookup(guid) else {
                    continue;
                };
                let legacy = legacy_in(&o, entry);
                // hutong's own GUID names no provider: such a template counts only through
                // the provider of a code it carries.
                let Some(provider) = entry.provider().or_else(|| legacy.and_then(|(_, p)| p)) else {
                    continue;
                };
                let merchant_id = sub(&o, 1).map(|s| s.value());
                out.push(Carried { provider, guid: Some(guid), merchant_id, legacy: legacy.map(|(c, _)| c), ..base });
            }
            _ => {}
        }
    }
    out
}

fn sub<'a>(o: &DataObject<'a>, id: u8) -> Option<DataObject<'a>> {
    o.nested()?.find(|s| s.id() == id)
}

/// The first sub-object value (05 first) that is, on its own, a printable-ASCII merchant
/// code that a template of `entry` may carry, with that code's provider.
fn legacy_in<'a>(o: &DataObject<'a>, entry: &GuidEntry) -> Option<(&'a str, Option<Provider>)> {
    let fits = |v: &'a str| {
        if crate::text::first_non_ans(v).is_some() {
            return None;
        }
        let p = MerchantCode::parse(v).ok()?.provider();
        entry.carries(p).then_some((v, p))
    };
    if let Some(found) = sub(o, 5).and_then(|s| fits(s.value())) {
        return Some(found);
    }
    o.nested()?.filter(|s| s.id() != 0).find_map(|s| fits(s.value()))
}

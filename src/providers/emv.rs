//! The Chinese providers carried inside an EMVCo MPM payload (FORMATS.md §4.3, §5.6, §6.6,
//! §10): UnionPay in ID 15/16, WeChat Pay in the reserved primitive ID 17 or a 26–51 template,
//! Alipay and Alipay+ templates, resolved by GUID ignoring case, with the legacy code they
//! carry (WeChat's sub-ID 05 `code_url`) so that EMV and legacy forms convert losslessly.

use alloc::vec::Vec;

use super::{MerchantCode, UnionPayAccount};
use crate::emv::mpm::{DataObject, Mpm};
use crate::error::TagPath;
use crate::Provider;

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

/// The GUID of the WeChat Pay template (FORMATS.md §5.6).
pub const WECHAT_GUID: &str = "com.qq.weixin.pay";

/// The provider a template GUID names, compared ignoring ASCII case: `com.qq.weixin.pay`
/// WeChat Pay; any GUID containing `alipayplus` Alipay+; `com.alipay` and `com.alipay.*`
/// (`COM.ALIPAY.OPENAPI`) Alipay; AIDs under UnionPay's RID `A000000333` UnionPay. RID
/// `A000000843` is not attributed to Alipay+: every public sample uses it for Mongolian banks.
pub fn provider_of_guid(guid: &str) -> Option<Provider> {
    let starts = |p: &str| guid.get(..p.len()).is_some_and(|g| g.eq_ignore_ascii_case(p));
    if guid.eq_ignore_ascii_case(WECHAT_GUID) {
        Some(Provider::WeChatPay)
    } else if guid.as_bytes().windows(10).any(|w| w.eq_ignore_ascii_case(b"alipayplus")) {
        Some(Provider::AlipayPlus)
    } else if guid.eq_ignore_ascii_case("com.alipay") || starts("com.alipay.") {
        Some(Provider::Alipay)
    } else if starts("A000000333") {
        Some(Provider::UnionPay)
    } else {
        None
    }
}

/// Every Chinese provider carried by `mpm`, in payload order.
///
/// ```
/// use hutong::emv::mpm::Mpm;
/// use hutong::providers::carried;
/// use hutong::Provider;
///
/// let mn = "0002010102121531422604964226049600000000001020417810017com.qq.weixin.pay01091367888090202NT0537weixin://wxpay/bizpayurl?pr=siTObRFz126540014A00000084300010108HPSMMNUB0220MN09005151019910985533410037A111278300000000.alipayplus.v2025051351120008songo.mn5204581153034965406102.435802MN5916Songo.mn-Eastpay6011ULAANBAATAR62340125HPSM2506121043450000000065201180240014A0000008430001010201630412F8";
/// let found = carried(&Mpm::parse_lenient(mn)?);
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
            15 | 16 => out.push(Carried { unionpay: UnionPayAccount::parse(o.value()).ok(), ..base }),
            2..=51 | 80..=99 => {
                // Templates in 02–25 break the specification but are real (WeChat in 17):
                // read any well-formed value as data objects and go by its GUID.
                let Some(guid) = o.nested().and_then(|mut n| n.next()).filter(|s| s.id() == 0).map(|s| s.value())
                else {
                    continue;
                };
                let Some(provider) = provider_of_guid(guid) else {
                    continue;
                };
                let merchant_id = sub(&o, 1).map(|s| s.value());
                let legacy = legacy_in(&o, provider);
                out.push(Carried { provider, guid: Some(guid), merchant_id, legacy, ..base });
            }
            _ => {}
        }
    }
    out
}

fn sub<'a>(o: &DataObject<'a>, id: u8) -> Option<DataObject<'a>> {
    o.nested()?.find(|s| s.id() == id)
}

/// The first sub-object value (05 first for WeChat Pay) that parses as a merchant code of
/// `provider` (an Alipay code for Alipay+).
fn legacy_in<'a>(o: &DataObject<'a>, provider: Provider) -> Option<&'a str> {
    let fits = |v: &str| {
        MerchantCode::parse(v)
            .ok()
            .and_then(|c| c.provider())
            .is_some_and(|p| p == provider || (provider == Provider::AlipayPlus && p == Provider::Alipay))
    };
    if provider == Provider::WeChatPay {
        if let Some(v) = sub(o, 5).map(|s| s.value()).filter(|v| fits(v)) {
            return Some(v);
        }
    }
    o.nested()?.filter(|s| s.id() != 0).map(|s| s.value()).find(|v| fits(v))
}

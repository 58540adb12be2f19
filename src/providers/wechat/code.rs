//! The WeChat Pay code, by form ([`WeChatCode`]), its fields' types, and the checks of its
//! fields that parsing and the constructors share.

use alloc::string::String;

use super::mode1::Mode1;
use crate::ecny::{typing, CodeType, EcnyTyping};
use crate::error::providers::Problem;
use crate::error::{Error, Result};
use crate::provider::Provider;
use crate::providers::alphabet::Alphabet;
use crate::providers::check::{check, wrong_form};
use crate::providers::form::Form;
use crate::providers::hosts::Site;
use crate::providers::params::Params;
use crate::url::Origin;

/// Longest `code_url` the API returns (`string[1,512]`); tokens are bounded so that the whole
/// link fits.
const CODE_URL_MAX: u16 = 512;
pub(super) const PR_MAX: u16 = CODE_URL_MAX - 28;

/// The authority of a `weixin://` pay link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WeixinHost {
    /// `wxpay`: every documented link.
    Wxpay,
    /// `pay.weixin.qq.com`: combined-order links (`weixin://pay.weixin.qq.com/bizpayurl/up?…`).
    PayWeixinQqCom,
}

impl WeixinHost {
    /// The authority as written.
    pub const fn as_str(self) -> &'static str {
        match self {
            WeixinHost::Wxpay => "wxpay",
            WeixinHost::PayWeixinQqCom => "pay.weixin.qq.com",
        }
    }
}

/// The parameter that carries a Native `code_url`'s token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NativeParam {
    /// `pr=<letters and digits>`: every documented code.
    Pr,
    /// `sr=<digits>`: a variant reported in public code.
    Sr,
}

impl NativeParam {
    /// The parameter name.
    pub const fn as_str(self) -> &'static str {
        match self {
            NativeParam::Pr => "pr",
            NativeParam::Sr => "sr",
        }
    }
}

/// Which client branch a `wxp://` receive code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum F2fBranch {
    /// `wxp://f2f…` (all seen start `f2f0`).
    F2f,
    /// `wxp://wbf2f…`.
    Wbf2f,
}

/// The domain family of a WeChat Pay web code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WeChatDomain {
    /// `payapp.weixin.qq.com`, `wxpay.tenpay.com`.
    Legacy,
    /// `payapp.wechatpay.cn`, `wxpay.wechatpay.cn`, `sjt.wxpapp.wechatpay.cn`.
    WechatpayCn,
}

/// The path family of a business or small-merchant code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BusinessPath {
    /// `payapp…/materialqr/entry/…` (business material code).
    MaterialQrEntry,
    /// `payapp…/qrpay/order/…`.
    QrPayOrder,
    /// `wxpay…/md/…`.
    Md,
    /// `payapp…/sjt/qr/…` (small merchant, 商家码 / 小微).
    SjtQr,
    /// `sjt.wxpapp.wechatpay.cn/lnk/qr/…` (small merchant).
    LnkQr,
}

impl BusinessPath {
    /// The path prefix, up to and including its last `/`.
    pub const fn prefix(self) -> &'static str {
        match self {
            BusinessPath::MaterialQrEntry => "/materialqr/entry/",
            BusinessPath::QrPayOrder => "/qrpay/order/",
            BusinessPath::Md => "/md/",
            BusinessPath::SjtQr => "/sjt/qr/",
            BusinessPath::LnkQr => "/lnk/qr/",
        }
    }

    /// The host of this path family in `domain`; `None` when it has no host there.
    pub fn host(self, domain: WeChatDomain) -> Option<&'static str> {
        self.origin_text(domain).and_then(|t| t.strip_prefix("https://"))
    }

    const fn origin_text(self, domain: WeChatDomain) -> Option<&'static str> {
        match (self, domain) {
            (BusinessPath::MaterialQrEntry | BusinessPath::QrPayOrder | BusinessPath::SjtQr, WeChatDomain::Legacy) => {
                Some("https://payapp.weixin.qq.com")
            }
            (
                BusinessPath::MaterialQrEntry | BusinessPath::QrPayOrder | BusinessPath::SjtQr,
                WeChatDomain::WechatpayCn,
            ) => Some("https://payapp.wechatpay.cn"),
            (BusinessPath::Md, WeChatDomain::Legacy) => Some("https://wxpay.tenpay.com"),
            (BusinessPath::Md, WeChatDomain::WechatpayCn) => Some("https://wxpay.wechatpay.cn"),
            (BusinessPath::LnkQr, WeChatDomain::WechatpayCn) => Some("https://sjt.wxpapp.wechatpay.cn"),
            (BusinessPath::LnkQr, WeChatDomain::Legacy) => None,
        }
    }

    fn origin<'a>(self, domain: WeChatDomain) -> Option<Origin<'a>> {
        self.origin_text(domain).map(Origin::of_text)
    }

    pub(super) fn on(site: Site) -> &'static [BusinessPath] {
        match site {
            Site::PayAppWeixin | Site::PayAppWechatpay => {
                &[BusinessPath::MaterialQrEntry, BusinessPath::QrPayOrder, BusinessPath::SjtQr]
            }
            Site::WxpayTenpay | Site::WxpayWechatpay => &[BusinessPath::Md],
            Site::SjtWxpapp => &[BusinessPath::LnkQr],
            _ => &[],
        }
    }
}

/// A WeChat Pay merchant code, by form. Build one with the constructors ([`WeChatCode::native`]…),
/// which check each field's alphabet and length.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WeChatCode<'a> {
    /// `weixin://wxpay/bizpayurl?pr=<token>` ([`Form::WeChatNative`]).
    #[non_exhaustive]
    Native {
        /// The link's authority (`wxpay`).
        host: WeixinHost,
        /// The token's parameter (`pr`).
        param: NativeParam,
        /// The token: letters and digits for `pr` (7–11 seen), digits for `sr`.
        token: &'a str,
    },
    /// `weixin://wxpay/bizpayurl/up?pr=<token>&groupid=<id>` ([`Form::WeChatNativeUp`]).
    NativeUp(NativeUp<'a>),
    /// `weixin://wxpay/bizpayurl?sign=…&appid=…&…` ([`Form::WeChatMode1`]).
    Mode1(Mode1<'a>),
    /// `weixin://wxpay/s/<token>` ([`Form::WeChatShort`]).
    #[non_exhaustive]
    Short {
        /// The short link's token: letters, digits, `-`, `_`; at most 48 (the link is ≤ 64).
        token: &'a str,
    },
    /// `wxp://<token>`, the token starting `f2f` or `wbf2f` ([`Form::WeChatF2f`]).
    #[non_exhaustive]
    F2f {
        /// Everything after `wxp://`: letters, digits, `-`, `_`, then optional `=` padding.
        token: &'a str,
    },
    /// `https://wx.tenpay.com/f2f?t=<t>` ([`Form::WeChatTenpayF2f`]).
    #[non_exhaustive]
    TenpayF2f {
        /// Scheme and host as written.
        origin: Origin<'a>,
        /// `t`: base64, its `+ / =` usually escaped as `%2B %2F %3D` (kept as written).
        t: &'a str,
    },
    /// `https://payapp.weixin.qq.com/qr/<id>[?t=<t>][#<fragment>]` ([`Form::WeChatPayApp`]).
    #[non_exhaustive]
    PayApp {
        /// Scheme and host (`payapp.weixin.qq.com` or `payapp.wechatpay.cn`) as written.
        origin: Origin<'a>,
        /// The code id after `/qr/`: letters, digits, `-`, `_`.
        id: &'a str,
        /// `t`, when present.
        t: Option<&'a str>,
        /// The fragment (`wechat_pay`), when present.
        fragment: Option<&'a str>,
    },
    /// Business and small-merchant codes ([`Form::WeChatBusiness`]).
    #[non_exhaustive]
    Business {
        /// Scheme and host as written.
        origin: Origin<'a>,
        /// The path family.
        path: BusinessPath,
        /// The path after the family's prefix, as written (internals unknown).
        rest: &'a str,
        /// The query, when present, as written.
        query: Option<&'a str>,
        /// The fragment, when present, as written.
        fragment: Option<&'a str>,
    },
}

/// `weixin://<host>/bizpayurl/up?pr=<token>&groupid=<id>`, parameters in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NativeUp<'a> {
    pub(super) host: WeixinHost,
    pub(super) params: Params<'a, UpKey>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum UpKey {
    Pr,
    GroupId,
}

impl UpKey {
    pub(super) fn name(self) -> &'static str {
        match self {
            UpKey::Pr => "pr",
            UpKey::GroupId => "groupid",
        }
    }
}

impl<'a> NativeUp<'a> {
    /// A `/up` link on `wxpay` with `pr` then `groupid`.
    pub fn new(token: &'a str, group_id: &'a str) -> Result<NativeUp<'a>> {
        check_up(UpKey::Pr, token, 0)?;
        check_up(UpKey::GroupId, group_id, 0)?;
        Ok(NativeUp {
            host: WeixinHost::Wxpay,
            params: Params::from_pairs(&[(UpKey::Pr, token), (UpKey::GroupId, group_id)], UpKey::name),
        })
    }

    /// The link's authority.
    pub fn host(&self) -> WeixinHost {
        self.host
    }

    /// `pr`.
    pub fn token(&self) -> &str {
        self.params.get(UpKey::Pr).unwrap_or_default()
    }

    /// `groupid` (`00` in every sample).
    pub fn group_id(&self) -> &str {
        self.params.get(UpKey::GroupId).unwrap_or_default()
    }

    /// The parameters in the order written.
    pub fn params(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.params.iter().map(|(k, v)| (k.name(), v))
    }
}

pub(super) fn check_up(k: UpKey, v: &str, at: usize) -> Result<()> {
    match k {
        UpKey::Pr => check(v, at, "pr", Alphabet::Alnum, 1, PR_MAX),
        UpKey::GroupId => check(v, at, "groupid", Alphabet::Alnum, 1, 32),
    }
}

impl<'a> WeChatCode<'a> {
    /// `weixin://wxpay/bizpayurl?pr=<token>`; the token is 1–484 letters and digits.
    pub fn native(token: &'a str) -> Result<WeChatCode<'a>> {
        check(token, 0, "pr", Alphabet::Alnum, 1, PR_MAX)?;
        Ok(WeChatCode::Native { host: WeixinHost::Wxpay, param: NativeParam::Pr, token })
    }

    /// `weixin://wxpay/bizpayurl/up?pr=<token>&groupid=<group_id>`.
    pub fn native_up(token: &'a str, group_id: &'a str) -> Result<WeChatCode<'a>> {
        NativeUp::new(token, group_id).map(WeChatCode::NativeUp)
    }

    /// `weixin://wxpay/s/<token>`; 1–48 letters, digits, `-`, `_`.
    pub fn short(token: &'a str) -> Result<WeChatCode<'a>> {
        check(token, 0, "the short-link token", Alphabet::UrlSafe, 1, 48)?;
        Ok(WeChatCode::Short { token })
    }

    /// `wxp://<token>`; the token starts `f2f` or `wbf2f`.
    pub fn f2f(token: &'a str) -> Result<WeChatCode<'a>> {
        check_f2f(token, 0)?;
        Ok(WeChatCode::F2f { token })
    }

    /// `https://wx.tenpay.com/f2f?t=<t>`; `t` is base64 (escaped or not), kept as given.
    pub fn tenpay_f2f(t: &'a str) -> Result<WeChatCode<'a>> {
        check(t, 0, "t", Alphabet::Base64, 1, 256)?;
        Ok(WeChatCode::TenpayF2f { origin: Origin::of_text("https://wx.tenpay.com"), t })
    }

    /// `https://payapp…/qr/<id>[?t=<t>][#<fragment>]`.
    pub fn payapp(
        domain: WeChatDomain,
        id: &'a str,
        t: Option<&'a str>,
        fragment: Option<&'a str>,
    ) -> Result<WeChatCode<'a>> {
        check_payapp(id, 0, t, 0, fragment, 0)?;
        let origin = match domain {
            WeChatDomain::Legacy => Origin::of_text("https://payapp.weixin.qq.com"),
            WeChatDomain::WechatpayCn => Origin::of_text("https://payapp.wechatpay.cn"),
        };
        Ok(WeChatCode::PayApp { origin, id, t, fragment })
    }

    /// A business or small-merchant code: `https://<host><prefix><rest>[?query][#fragment]`.
    pub fn business(
        domain: WeChatDomain,
        path: BusinessPath,
        rest: &'a str,
        query: Option<&'a str>,
        fragment: Option<&'a str>,
    ) -> Result<WeChatCode<'a>> {
        let Some(origin) = path.origin(domain) else {
            return Err(wrong_form(Provider::WeChatPay, path.prefix(), 0, "lnk/qr only on sjt.wxpapp.wechatpay.cn"));
        };
        check_business(rest, 0, query, 0, fragment, 0)?;
        Ok(WeChatCode::Business { origin, path, rest, query, fragment })
    }

    /// The form.
    pub fn form(&self) -> Form {
        match self {
            WeChatCode::Native { .. } => Form::WeChatNative,
            WeChatCode::NativeUp(_) => Form::WeChatNativeUp,
            WeChatCode::Mode1(_) => Form::WeChatMode1,
            WeChatCode::Short { .. } => Form::WeChatShort,
            WeChatCode::F2f { .. } => Form::WeChatF2f,
            WeChatCode::TenpayF2f { .. } => Form::WeChatTenpayF2f,
            WeChatCode::PayApp { .. } => Form::WeChatPayApp,
            WeChatCode::Business { .. } => Form::WeChatBusiness,
        }
    }

    /// The e-CNY typing: Native order codes are merchant dynamic (QT04), mode 1 and business
    /// codes merchant static (QT03), the receive codes personal (QT01); all QET04.
    pub fn ecny(&self) -> EcnyTyping {
        let qt = match self {
            WeChatCode::Native { .. } | WeChatCode::NativeUp(_) => CodeType::MerchantDynamic,
            WeChatCode::Mode1(_) | WeChatCode::Short { .. } | WeChatCode::Business { .. } => CodeType::MerchantStatic,
            WeChatCode::F2f { .. } | WeChatCode::TenpayF2f { .. } | WeChatCode::PayApp { .. } => {
                CodeType::PersonalReceive
            }
        };
        typing(qt, Provider::WeChatPay.encoding_type())
    }

    /// For `wxp://` codes, the client branch.
    pub fn f2f_branch(&self) -> Option<F2fBranch> {
        match self {
            WeChatCode::F2f { token } if token.starts_with("wbf2f") => Some(F2fBranch::Wbf2f),
            WeChatCode::F2f { .. } => Some(F2fBranch::F2f),
            _ => None,
        }
    }

    /// Appends the code rebuilt from its fields.
    pub fn encode_into(&self, out: &mut String) {
        match self {
            WeChatCode::Native { host, param, token } => {
                out.push_str("weixin://");
                out.push_str(host.as_str());
                out.push_str("/bizpayurl?");
                out.push_str(param.as_str());
                out.push('=');
                out.push_str(token);
            }
            WeChatCode::NativeUp(up) => {
                out.push_str("weixin://");
                out.push_str(up.host.as_str());
                out.push_str("/bizpayurl/up?");
                up.params.encode_into(out, UpKey::name);
            }
            WeChatCode::Mode1(m) => {
                out.push_str("weixin://wxpay/bizpayurl?");
                m.encode_into(out);
            }
            WeChatCode::Short { token } => {
                out.push_str("weixin://wxpay/s/");
                out.push_str(token);
            }
            WeChatCode::F2f { token } => {
                out.push_str("wxp://");
                out.push_str(token);
            }
            WeChatCode::TenpayF2f { origin, t } => {
                origin.encode_into(out);
                out.push_str("/f2f?t=");
                out.push_str(t);
            }
            WeChatCode::PayApp { origin, id, t, fragment } => {
                origin.encode_into(out);
                out.push_str("/qr/");
                out.push_str(id);
                if let Some(t) = t {
                    out.push_str("?t=");
                    out.push_str(t);
                }
                push_fragment(out, *fragment);
            }
            WeChatCode::Business { origin, path, rest, query, fragment } => {
                origin.encode_into(out);
                out.push_str(path.prefix());
                out.push_str(rest);
                if let Some(q) = query {
                    out.push('?');
                    out.push_str(q);
                }
                push_fragment(out, *fragment);
            }
        }
    }

    /// The code rebuilt from its fields.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(64);
        self.encode_into(&mut s);
        s
    }
}

fn push_fragment(out: &mut String, fragment: Option<&str>) {
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
}

pub(super) fn check_f2f(token: &str, at: usize) -> Result<()> {
    if !(token.is_empty() || token.starts_with("f2f") || token.starts_with("wbf2f")) {
        return Err(wrong_form(Provider::WeChatPay, token, at, "wxp://f2f… or wxp://wbf2f…"));
    }
    check(token, at, "the wxp:// token", Alphabet::UrlSafePadded, 5, 128)
}

pub(super) fn check_payapp(
    id: &str,
    id_at: usize,
    t: Option<&str>,
    t_at: usize,
    fragment: Option<&str>,
    f_at: usize,
) -> Result<()> {
    check(id, id_at, "the code id after /qr/", Alphabet::UrlSafe, 1, 64)?;
    if let Some(t) = t {
        check(t, t_at, "t", Alphabet::Base64, 1, 128)?;
    }
    if let Some(f) = fragment {
        check(f, f_at, "the fragment", Alphabet::UrlSafe, 1, 64)?;
    }
    Ok(())
}

pub(super) fn check_business(
    rest: &str,
    rest_at: usize,
    query: Option<&str>,
    q_at: usize,
    fragment: Option<&str>,
    f_at: usize,
) -> Result<()> {
    check(rest, rest_at, "the code after the path prefix", Alphabet::Path, 0, 512)?;
    if let Some(q) = query {
        check(q, q_at, "the query", Alphabet::Query, 0, 1024)?;
    }
    if rest.is_empty() && query.is_none_or(str::is_empty) {
        return Err(Error::new(Problem::Missing { what: "the code after the path prefix" }, rest_at, None));
    }
    if let Some(f) = fragment {
        check(f, f_at, "the fragment", Alphabet::Query, 0, 256)?;
    }
    Ok(())
}

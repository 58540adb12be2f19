//! WeChat Pay (微信支付), SPEC.md section 6.3: the Native `code_url` (`weixin://wxpay/bizpayurl…`),
//! mode 1 long and short links, and the receive codes (`wxp://`, `wx.tenpay.com`, `payapp…`,
//! business and small-merchant hosts).
//!
//! Recognise: the `weixin` and `wxp` app schemes (lower case, as the client matches them) and
//! the hosts of [`super::SITES`]. Parse: one function per family below. Encode:
//! [`WeChatCode::encode_into`]. Fields: [`WeChatCode`].

use alloc::string::String;

use super::alphabet::Alphabet;
use super::check::{check, no_fragment, split_query, wrong_form};
use super::form::Form;
use super::hosts::Site;
use super::params::Params;
use crate::ecny::{typing, CodeType, EcnyTyping};
use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};
use crate::provider::Provider;
use crate::url::{Origin, Pairs, Url};

/// Longest `code_url` the API returns (`string[1,512]`); tokens are bounded so that the whole
/// link fits.
const CODE_URL_MAX: u16 = 512;
const PR_MAX: u16 = CODE_URL_MAX - 28;

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

    fn on(site: Site) -> &'static [BusinessPath] {
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
    host: WeixinHost,
    params: Params<'a, UpKey>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum UpKey {
    Pr,
    GroupId,
}

impl UpKey {
    fn name(self) -> &'static str {
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

fn check_up(k: UpKey, v: &str, at: usize) -> Result<()> {
    match k {
        UpKey::Pr => check(v, at, "pr", Alphabet::Alnum, 1, PR_MAX),
        UpKey::GroupId => check(v, at, "groupid", Alphabet::Alnum, 1, 32),
    }
}

/// Which parameter names a mode 1 link uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode1Spelling {
    /// Current v2 API: `sign appid mch_id product_id time_stamp nonce_str`.
    V2,
    /// V2.7 (2014): `sign appid productid timestamp noncestr`, no merchant id.
    V27,
}

/// A mode 1 (static product) link: `weixin://wxpay/bizpayurl?sign=…&appid=…&…`, parameters
/// in the order and spelling written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mode1<'a> {
    spelling: Mode1Spelling,
    params: Params<'a, M1>,
}

/// A mode 1 parameter name; the `…Old` ones are the V2.7 spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum M1 {
    Sign,
    AppId,
    MchId,
    ProductId,
    TimeStamp,
    NonceStr,
    ProductIdOld,
    TimestampOld,
    NonceStrOld,
}

impl M1 {
    fn name(self) -> &'static str {
        match self {
            M1::Sign => "sign",
            M1::AppId => "appid",
            M1::MchId => "mch_id",
            M1::ProductId => "product_id",
            M1::TimeStamp => "time_stamp",
            M1::NonceStr => "nonce_str",
            M1::ProductIdOld => "productid",
            M1::TimestampOld => "timestamp",
            M1::NonceStrOld => "noncestr",
        }
    }

    fn from_name(name: &str) -> Option<M1> {
        Some(match name {
            "sign" => M1::Sign,
            "appid" => M1::AppId,
            "mch_id" => M1::MchId,
            "product_id" => M1::ProductId,
            "time_stamp" => M1::TimeStamp,
            "nonce_str" => M1::NonceStr,
            "productid" => M1::ProductIdOld,
            "timestamp" => M1::TimestampOld,
            "noncestr" => M1::NonceStrOld,
            _ => return None,
        })
    }

    fn spelling(self) -> Option<Mode1Spelling> {
        match self {
            M1::Sign | M1::AppId => None,
            M1::MchId | M1::ProductId | M1::TimeStamp | M1::NonceStr => Some(Mode1Spelling::V2),
            M1::ProductIdOld | M1::TimestampOld | M1::NonceStrOld => Some(Mode1Spelling::V27),
        }
    }

    fn required(spelling: Mode1Spelling) -> &'static [M1] {
        match spelling {
            Mode1Spelling::V2 => &[M1::Sign, M1::AppId, M1::MchId, M1::ProductId, M1::TimeStamp, M1::NonceStr],
            Mode1Spelling::V27 => &[M1::Sign, M1::AppId, M1::ProductIdOld, M1::TimestampOld, M1::NonceStrOld],
        }
    }

    /// Checks one value: `sign` 32–64 hex (MD5, SHA-1, HMAC-SHA256), `appid` `wx` + 16 hex,
    /// `mch_id` digits, `product_id` ≤ 32 characters (escaped: ≤ 96 bytes), `time_stamp` Unix
    /// seconds, `nonce_str` ≤ 32 letters and digits.
    fn check(self, v: &str, at: usize) -> Result<()> {
        let what = self.name();
        match self {
            M1::Sign => check(v, at, what, Alphabet::Hex, 32, 64),
            M1::AppId => {
                check(v, at, what, Alphabet::Alnum, 1, 18)?;
                let hex = v.strip_prefix("wx").filter(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()));
                match hex {
                    Some(_) => Ok(()),
                    None => Err(Error::new(
                        Problem::WrongValue { what, expected: "\"wx\" and 16 hex digits", found: Quote::new(v) },
                        at,
                        None,
                    )),
                }
            }
            M1::MchId => check(v, at, what, Alphabet::Digits, 1, 32),
            M1::ProductId | M1::ProductIdOld => check(v, at, what, Alphabet::Value, 1, 96),
            M1::TimeStamp | M1::TimestampOld => check(v, at, what, Alphabet::Digits, 1, 10),
            M1::NonceStr | M1::NonceStrOld => check(v, at, what, Alphabet::Alnum, 1, 32),
        }
    }
}

impl<'a> Mode1<'a> {
    /// A v2 link, parameters in the documented order.
    pub fn v2(
        sign: &'a str,
        app_id: &'a str,
        mch_id: &'a str,
        product_id: &'a str,
        time_stamp: &'a str,
        nonce_str: &'a str,
    ) -> Result<Mode1<'a>> {
        let pairs = [
            (M1::Sign, sign),
            (M1::AppId, app_id),
            (M1::MchId, mch_id),
            (M1::ProductId, product_id),
            (M1::TimeStamp, time_stamp),
            (M1::NonceStr, nonce_str),
        ];
        Self::build(Mode1Spelling::V2, &pairs)
    }

    /// A V2.7 link (`productid`, `timestamp`, `noncestr`), parameters in the documented order.
    pub fn v27(
        sign: &'a str,
        app_id: &'a str,
        product_id: &'a str,
        timestamp: &'a str,
        nonce_str: &'a str,
    ) -> Result<Mode1<'a>> {
        let pairs = [
            (M1::Sign, sign),
            (M1::AppId, app_id),
            (M1::ProductIdOld, product_id),
            (M1::TimestampOld, timestamp),
            (M1::NonceStrOld, nonce_str),
        ];
        Self::build(Mode1Spelling::V27, &pairs)
    }

    fn build(spelling: Mode1Spelling, pairs: &[(M1, &'a str)]) -> Result<Mode1<'a>> {
        for &(k, v) in pairs {
            k.check(v, 0)?;
        }
        Ok(Mode1 { spelling, params: Params::from_pairs(pairs, M1::name) })
    }

    fn parse(q: &'a str, at: usize) -> Result<Mode1<'a>> {
        const FORM: &str = "WeChat Pay mode 1";
        let (params, offsets) = Params::parse(q, at, FORM, M1::from_name)?;
        let mut spelling = None;
        for (i, (k, v)) in params.iter().enumerate() {
            let vat = offsets.get(i).copied().unwrap_or(at);
            if let Some(s) = k.spelling() {
                if spelling.is_some_and(|prev| prev != s) {
                    return Err(Error::new(
                        Problem::MixedSpelling { form: FORM, found: Quote::new(k.name()) },
                        vat,
                        None,
                    ));
                }
                spelling = Some(s);
            }
            k.check(v, vat)?;
        }
        let spelling = spelling.unwrap_or(Mode1Spelling::V2);
        if let Some(missing) = M1::required(spelling).iter().find(|k| params.get(**k).is_none()) {
            return Err(Error::new(Problem::Missing { what: missing.name() }, at + q.len(), None));
        }
        Ok(Mode1 { spelling, params })
    }

    /// The parameter spelling.
    pub fn spelling(&self) -> Mode1Spelling {
        self.spelling
    }

    /// `sign` (upper-case hex in the documentation; kept as written).
    pub fn sign(&self) -> &str {
        self.params.get(M1::Sign).unwrap_or_default()
    }

    /// `appid` (`wx` + 16 hex digits).
    pub fn app_id(&self) -> &str {
        self.params.get(M1::AppId).unwrap_or_default()
    }

    /// `mch_id`; `None` in the V2.7 spelling, which has none.
    pub fn mch_id(&self) -> Option<&str> {
        self.params.get(M1::MchId)
    }

    /// `product_id` / `productid`, as written (may hold `%XX` escapes).
    pub fn product_id(&self) -> &str {
        self.params.get(M1::ProductId).or(self.params.get(M1::ProductIdOld)).unwrap_or_default()
    }

    /// `time_stamp` / `timestamp` (Unix seconds).
    pub fn time_stamp(&self) -> &str {
        self.params.get(M1::TimeStamp).or(self.params.get(M1::TimestampOld)).unwrap_or_default()
    }

    /// `nonce_str` / `noncestr`.
    pub fn nonce_str(&self) -> &str {
        self.params.get(M1::NonceStr).or(self.params.get(M1::NonceStrOld)).unwrap_or_default()
    }

    /// The parameters in the order and spelling written.
    pub fn params(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.params.iter().map(|(k, v)| (k.name(), v))
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
                m.params.encode_into(out, M1::name);
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

fn check_f2f(token: &str, at: usize) -> Result<()> {
    if !(token.is_empty() || token.starts_with("f2f") || token.starts_with("wbf2f")) {
        return Err(wrong_form(Provider::WeChatPay, token, at, "wxp://f2f… or wxp://wbf2f…"));
    }
    check(token, at, "the wxp:// token", Alphabet::UrlSafePadded, 5, 128)
}

fn check_payapp(
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

fn check_business(
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

/// `weixin://…` and `wxp://…` links.
#[inline]
pub(crate) fn parse_app(input: &str) -> Result<WeChatCode<'_>> {
    const WXP: &str = "wxp://";
    const WEIXIN: &str = "weixin://";
    if let Some(rest) = input.strip_prefix(WXP) {
        let (token, query) = split_query(rest, WXP.len(), "wxp://")?;
        if let Some((q, at)) = query {
            let found = Quote::new(q);
            return Err(Error::new(Problem::Unexpected { form: "wxp://", part: "query", found }, at, None));
        }
        check_f2f(token, WXP.len())?;
        return Ok(WeChatCode::F2f { token });
    }
    let Some(rest) = input.strip_prefix(WEIXIN) else {
        return Err(wrong_form(Provider::WeChatPay, input, 0, "a lower-case \"weixin://\" or \"wxp://\" link"));
    };
    let (host, after, after_at) = if let Some(r) = rest.strip_prefix("wxpay/") {
        (WeixinHost::Wxpay, r, WEIXIN.len() + 6)
    } else if let Some(r) = rest.strip_prefix("pay.weixin.qq.com/") {
        (WeixinHost::PayWeixinQqCom, r, WEIXIN.len() + 18)
    } else {
        return Err(not_payment(input));
    };
    if host == WeixinHost::Wxpay {
        if let Some(r) = after.strip_prefix("s/") {
            let at = after_at + 2;
            let (token, query) = split_query(r, at, "WeChat Pay short link")?;
            if let Some((q, qat)) = query {
                let found = Quote::new(q);
                return Err(Error::new(
                    Problem::Unexpected { form: "WeChat Pay short link", part: "query", found },
                    qat,
                    None,
                ));
            }
            check(token, at, "the short-link token", Alphabet::UrlSafe, 1, 48)?;
            return Ok(WeChatCode::Short { token });
        }
    }
    let Some(r) = after.strip_prefix("bizpayurl") else {
        return Err(not_payment(input));
    };
    let at = after_at + 9;
    // The common case: `?pr=<letters and digits>` and nothing else.
    if let Some(token) = r.strip_prefix("?pr=") {
        if !token.is_empty() && token.len() <= PR_MAX as usize && token.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Ok(WeChatCode::Native { host, param: NativeParam::Pr, token });
        }
    }
    // And `/up?pr=<letters and digits>&groupid=<letters and digits>`.
    if let Some(q) = r.strip_prefix("/up?pr=").and_then(|_| r.get(4..)) {
        let alnum = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
        if let Some((pr, group)) = q.get(3..).and_then(|v| v.split_once("&groupid=")) {
            if alnum(pr) && alnum(group) && pr.len() <= PR_MAX as usize && group.len() <= 32 {
                let (p0, g0) = (3, 3 + pr.len() + 9);
                let params =
                    Params::from_spans(q, &[(UpKey::Pr, p0, p0 + pr.len()), (UpKey::GroupId, g0, g0 + group.len())]);
                return Ok(WeChatCode::NativeUp(NativeUp { host, params }));
            }
        }
    }
    let (path, query) = split_query(r, at, "WeChat Pay Native")?;
    let (q, qat) = query.unwrap_or(("", at + path.len()));
    match path {
        "" => {
            // The first parameter tells the families apart: Native links have only `pr`/`sr`.
            let first = Pairs::new(q, qat).next().map_or("", |p| p.name);
            if first == "pr" || first == "sr" || q.is_empty() {
                parse_native(host, q, qat)
            } else if host == WeixinHost::Wxpay {
                Mode1::parse(q, qat).map(WeChatCode::Mode1)
            } else {
                Err(wrong_form(Provider::WeChatPay, input, 0, "weixin://pay.weixin.qq.com/bizpayurl/up?pr=…"))
            }
        }
        "/up" => {
            let (params, offsets) = Params::parse(q, qat, "WeChat Pay Native /up", |n| match n {
                "pr" => Some(UpKey::Pr),
                "groupid" => Some(UpKey::GroupId),
                _ => None,
            })?;
            for (i, (k, v)) in params.iter().enumerate() {
                check_up(k, v, offsets.get(i).copied().unwrap_or(qat))?;
            }
            for k in [UpKey::Pr, UpKey::GroupId] {
                if params.get(k).is_none() {
                    return Err(Error::new(Problem::Missing { what: k.name() }, qat + q.len(), None));
                }
            }
            Ok(WeChatCode::NativeUp(NativeUp { host, params }))
        }
        _ => Err(wrong_form(Provider::WeChatPay, path, at, "weixin://wxpay/bizpayurl?… or …/bizpayurl/up?…")),
    }
}

fn parse_native(host: WeixinHost, q: &str, qat: usize) -> Result<WeChatCode<'_>> {
    let (params, offsets) = Params::parse(q, qat, "WeChat Pay Native", |n| match n {
        "pr" => Some(NativeParam::Pr),
        "sr" => Some(NativeParam::Sr),
        _ => None,
    })?;
    let mut it = params.iter_parsed();
    let Some((param, token)) = it.next() else {
        return Err(Error::new(Problem::Missing { what: "pr" }, qat, None));
    };
    if let Some((extra, _)) = it.next() {
        let found = Quote::new(extra.as_str());
        let at = offsets.get(1).copied().unwrap_or(qat);
        return Err(Error::new(Problem::UnexpectedParam { form: "WeChat Pay Native", found }, at, None));
    }
    let at = offsets.first().copied().unwrap_or(qat);
    match param {
        NativeParam::Pr => check(token, at, "pr", Alphabet::Alnum, 1, PR_MAX)?,
        NativeParam::Sr => check(token, at, "sr", Alphabet::Digits, 1, PR_MAX)?,
    }
    Ok(WeChatCode::Native { host, param, token })
}

/// Where the value of `t=` starts (the end of the query when it is shorter).
fn t_offset(u: &Url<'_>) -> usize {
    let q = u.query_offset();
    (q + 2).min(q + u.query().map_or(0, str::len))
}

/// The value of a query that must be exactly `t=<value>` (`None` without a query).
#[inline]
fn only_t<'a>(u: &Url<'a>, form: &'static str) -> Result<Option<&'a str>> {
    let Some(q) = u.query() else {
        return Ok(None);
    };
    if let Some(t) = q.strip_prefix("t=").filter(|t| !t.contains('&')) {
        return Ok(Some(t));
    }
    // Anything else: let the general reader name the problem.
    let (params, _) = Params::parse(q, u.query_offset(), form, |n| (n == "t").then_some(()))?;
    let t = params.iter_parsed().next().map_or("", |(_, v)| v);
    Ok(Some(t))
}

fn not_payment(input: &str) -> Error {
    Error::new(
        Problem::NotPayment {
            provider: "WeChat",
            found: Quote::new(input),
            why: "only wxpay/bizpayurl and wxpay/s/ links pay; bindurl binds a card",
        },
        0,
        None,
    )
}

/// Web codes on WeChat Pay's hosts.
#[inline]
pub(crate) fn parse_web<'a>(u: &Url<'a>, site: Site) -> Result<WeChatCode<'a>> {
    let origin = Origin::of(u);
    let path = u.path();
    let pat = u.path_offset();
    if site == Site::WxTenpay {
        if path != "/f2f" {
            return Err(wrong_form(Provider::WeChatPay, path, pat, "https://wx.tenpay.com/f2f?t=…"));
        }
        no_fragment(u, "WeChat Pay tenpay f2f")?;
        let Some(t) = only_t(u, "WeChat Pay tenpay f2f")? else {
            return Err(Error::new(Problem::Missing { what: "t" }, u.query_offset(), None));
        };
        check(t, t_offset(u), "t", Alphabet::Base64, 1, 256)?;
        return Ok(WeChatCode::TenpayF2f { origin, t });
    }
    if matches!(site, Site::PayAppWeixin | Site::PayAppWechatpay) {
        if let Some(id) = path.strip_prefix("/qr/") {
            let t = match u.query() {
                None => None,
                Some(_) => Some(only_t(u, "WeChat Pay payapp")?.unwrap_or_default()),
            };
            let t_at = t_offset(u);
            check_payapp(id, pat + 4, t, t_at, u.fragment(), u.fragment_offset())?;
            return Ok(WeChatCode::PayApp { origin, id, t, fragment: u.fragment() });
        }
    }
    for &bp in BusinessPath::on(site) {
        if let Some(rest) = path.strip_prefix(bp.prefix()) {
            let rest_at = pat + bp.prefix().len();
            check_business(rest, rest_at, u.query(), u.query_offset(), u.fragment(), u.fragment_offset())?;
            return Ok(WeChatCode::Business { origin, path: bp, rest, query: u.query(), fragment: u.fragment() });
        }
    }
    let expected = match site {
        Site::PayAppWeixin | Site::PayAppWechatpay => "/qr/…, /materialqr/entry/…, /qrpay/order/… or /sjt/qr/…",
        Site::WxpayTenpay | Site::WxpayWechatpay => "/md/…",
        _ => "/lnk/qr/…",
    };
    Err(wrong_form(Provider::WeChatPay, path, pat, expected))
}

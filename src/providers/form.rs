//! [`Form`]: every form of merchant code the crate reads, with its stable id and provider.

use core::fmt;

use crate::provider::Provider;

/// Every form of merchant code the crate reads, with a stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Form {
    /// `weixin://wxpay/bizpayurl?pr=<token>`: WeChat Pay Native dynamic `code_url`.
    #[cfg_attr(feature = "serde", serde(rename = "wechat-native"))]
    WeChatNative,
    /// `weixin://wxpay/bizpayurl/up?pr=<token>&groupid=<id>`: Native `code_url`, `/up` variant.
    #[cfg_attr(feature = "serde", serde(rename = "wechat-native-up"))]
    WeChatNativeUp,
    /// `weixin://wxpay/bizpayurl?sign=…&appid=…&…`: Native mode 1 static product code.
    #[cfg_attr(feature = "serde", serde(rename = "wechat-mode1"))]
    WeChatMode1,
    /// `weixin://wxpay/s/<token>`: short link (mode 1).
    #[cfg_attr(feature = "serde", serde(rename = "wechat-short"))]
    WeChatShort,
    /// `wxp://f2f0…` / `wxp://wbf2f…`: personal receive code.
    #[cfg_attr(feature = "serde", serde(rename = "wechat-f2f"))]
    WeChatF2f,
    /// `https://wx.tenpay.com/f2f?t=<base64>`: personal receive code.
    #[cfg_attr(feature = "serde", serde(rename = "wechat-tenpay-f2f"))]
    WeChatTenpayF2f,
    /// `https://payapp.weixin.qq.com/qr/<id>?t=…#wechat_pay` (and `payapp.wechatpay.cn`).
    #[cfg_attr(feature = "serde", serde(rename = "wechat-payapp"))]
    WeChatPayApp,
    /// Business and small-merchant codes (`materialqr/entry`, `qrpay/order`, `md`, `sjt/qr`, `lnk/qr`).
    #[cfg_attr(feature = "serde", serde(rename = "wechat-business"))]
    WeChatBusiness,
    /// `https://qr.alipay.com/<token>[?query]`, any letter case.
    #[cfg_attr(feature = "serde", serde(rename = "alipay-qr"))]
    AlipayQr,
    /// `alipays://platformapi/startapp?…&qrcode=<escaped code>` and `alipayqr://…`.
    #[cfg_attr(feature = "serde", serde(rename = "alipay-wrapper"))]
    AlipayWrapper,
    /// `https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=<base64>`: older personal receive code.
    #[cfg_attr(feature = "serde", serde(rename = "alipay-receive"))]
    AlipayReceive,
    /// `https://qr.95516.com/<8-digit institution>/<payload>`.
    #[cfg_attr(feature = "serde", serde(rename = "unionpay-qr"))]
    UnionPayQr,
    /// `https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=<escaped code>`.
    #[cfg_attr(feature = "serde", serde(rename = "unionpay-gateway"))]
    UnionPayGateway,
    /// UnionPay International's account in an EMVCo MPM code's ID 15 (acquirer IIN, forwarding
    /// IIN, merchant ID: [`UnionPayAccount`](super::UnionPayAccount)), as a unified or foreign
    /// EMV code carries it; typed QT03/QET02. Not a URL: [`MerchantCode::parse`](super::MerchantCode::parse)
    /// never returns it.
    #[cfg_attr(feature = "serde", serde(rename = "unionpay-emv15"))]
    UnionPayEmv15,
    /// `http://m.bestpay.com.cn/#/apa/<token>face2face`: Bestpay personal receive code.
    #[cfg_attr(feature = "serde", serde(rename = "bestpay-f2f"))]
    BestpayF2f,
    /// `https://i.qianbao.qq.com/wallet/sqrcode.htm?…`: QQ Wallet personal receive code.
    #[cfg_attr(feature = "serde", serde(rename = "qq-wallet"))]
    QqWallet,
    /// `dcep://uniwallet/unipay[?…]`: e-CNY wallet payment link.
    #[cfg_attr(feature = "serde", serde(rename = "ecny-app"))]
    EcnyApp,
    /// Any other `http(s)` URL (聚合码 aggregated codes, acquirers' cashier pages): carried as
    /// written, with no provider.
    #[cfg_attr(feature = "serde", serde(rename = "aggregated"))]
    Aggregated,
    /// A code matched by a pattern added to a [`Registry`](super::Registry).
    #[cfg_attr(feature = "serde", serde(rename = "registered"))]
    Registered,
}

impl Form {
    /// Every form, in a fixed order.
    pub const ALL: [Form; 19] = [
        Form::WeChatNative,
        Form::WeChatNativeUp,
        Form::WeChatMode1,
        Form::WeChatShort,
        Form::WeChatF2f,
        Form::WeChatTenpayF2f,
        Form::WeChatPayApp,
        Form::WeChatBusiness,
        Form::AlipayQr,
        Form::AlipayWrapper,
        Form::AlipayReceive,
        Form::UnionPayQr,
        Form::UnionPayGateway,
        Form::UnionPayEmv15,
        Form::BestpayF2f,
        Form::QqWallet,
        Form::EcnyApp,
        Form::Aggregated,
        Form::Registered,
    ];

    /// The stable kebab-case id (`wechat-native`, `alipay-qr`, …).
    pub const fn id(self) -> &'static str {
        match self {
            Form::WeChatNative => "wechat-native",
            Form::WeChatNativeUp => "wechat-native-up",
            Form::WeChatMode1 => "wechat-mode1",
            Form::WeChatShort => "wechat-short",
            Form::WeChatF2f => "wechat-f2f",
            Form::WeChatTenpayF2f => "wechat-tenpay-f2f",
            Form::WeChatPayApp => "wechat-payapp",
            Form::WeChatBusiness => "wechat-business",
            Form::AlipayQr => "alipay-qr",
            Form::AlipayWrapper => "alipay-wrapper",
            Form::AlipayReceive => "alipay-receive",
            Form::UnionPayQr => "unionpay-qr",
            Form::UnionPayGateway => "unionpay-gateway",
            Form::UnionPayEmv15 => "unionpay-emv15",
            Form::BestpayF2f => "bestpay-f2f",
            Form::QqWallet => "qq-wallet",
            Form::EcnyApp => "ecny-app",
            Form::Aggregated => "aggregated",
            Form::Registered => "registered",
        }
    }

    /// The provider whose form this is; `None` for [`Form::Aggregated`] and
    /// [`Form::Registered`] (a registered code's provider comes from its pattern).
    pub const fn provider(self) -> Option<Provider> {
        Some(match self {
            Form::WeChatNative
            | Form::WeChatNativeUp
            | Form::WeChatMode1
            | Form::WeChatShort
            | Form::WeChatF2f
            | Form::WeChatTenpayF2f
            | Form::WeChatPayApp
            | Form::WeChatBusiness => Provider::WeChatPay,
            Form::AlipayQr | Form::AlipayWrapper | Form::AlipayReceive => Provider::Alipay,
            Form::UnionPayQr | Form::UnionPayGateway | Form::UnionPayEmv15 => Provider::UnionPay,
            Form::BestpayF2f => Provider::Bestpay,
            Form::QqWallet => Provider::QqWallet,
            Form::EcnyApp => Provider::Ecny,
            Form::Aggregated | Form::Registered => return None,
        })
    }

    /// Whether the form wraps another code ([`MerchantCode::inner`](super::MerchantCode::inner)).
    pub const fn is_wrapper(self) -> bool {
        matches!(self, Form::AlipayWrapper | Form::UnionPayGateway)
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The id matched no form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownForm;

impl fmt::Display for UnknownForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown merchant code form id")
    }
}

impl core::str::FromStr for Form {
    type Err = UnknownForm;

    /// Parses a stable id such as `wechat-native`.
    fn from_str(s: &str) -> Result<Form, UnknownForm> {
        Form::ALL.into_iter().find(|f| f.id() == s).ok_or(UnknownForm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unionpay_emv15_is_the_form_the_unified_code_names() {
        assert_eq!(Form::UnionPayEmv15.id(), crate::unified::UNIONPAY_EMV_FORM);
        assert_eq!("unionpay-emv15".parse(), Ok(Form::UnionPayEmv15));
        assert_eq!(Form::UnionPayEmv15.provider(), Some(Provider::UnionPay));
        assert!(!Form::UnionPayEmv15.is_wrapper());
    }
}

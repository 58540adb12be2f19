//! [`Form`]: every form of merchant code the crate reads, with its stable id and provider.

use crate::id::id_enum;

use crate::provider::Provider;

id_enum! {
    /// Every form of merchant code the crate reads, with a stable id.
    #[non_exhaustive]
    pub enum Form ("a merchant code form id") {
        /// `weixin://wxpay/bizpayurl?pr=<token>`: WeChat Pay Native dynamic `code_url`.
        WeChatNative = "wechat-native",
        /// `weixin://wxpay/bizpayurl/up?pr=<token>&groupid=<id>`: Native `code_url`, `/up` variant.
        WeChatNativeUp = "wechat-native-up",
        /// `weixin://wxpay/bizpayurl?sign=…&appid=…&…`: Native mode 1 static product code.
        WeChatMode1 = "wechat-mode1",
        /// `weixin://wxpay/s/<token>`: short link (mode 1).
        WeChatShort = "wechat-short",
        /// `wxp://f2f0…` / `wxp://wbf2f…`: personal receive code.
        WeChatF2f = "wechat-f2f",
        /// `https://wx.tenpay.com/f2f?t=<base64>`: personal receive code.
        WeChatTenpayF2f = "wechat-tenpay-f2f",
        /// `https://payapp.weixin.qq.com/qr/<id>?t=…#wechat_pay` (and `payapp.wechatpay.cn`).
        WeChatPayApp = "wechat-payapp",
        /// Business and small-merchant codes (`materialqr/entry`, `qrpay/order`, `md`, `sjt/qr`, `lnk/qr`).
        WeChatBusiness = "wechat-business",
        /// `https://qr.alipay.com/<token>[?query]`, any letter case.
        AlipayQr = "alipay-qr",
        /// `alipays://platformapi/startapp?…&qrcode=<escaped code>` and `alipayqr://…`.
        AlipayWrapper = "alipay-wrapper",
        /// `https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=<base64>`: older personal receive code.
        AlipayReceive = "alipay-receive",
        /// `https://qr.95516.com/<8-digit institution>/<payload>`.
        UnionPayQr = "unionpay-qr",
        /// `https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=<escaped code>`.
        UnionPayGateway = "unionpay-gateway",
        /// UnionPay International's account in an EMVCo MPM code's ID 15 (acquirer IIN, forwarding
        /// IIN, merchant ID: [`UnionPayAccount`](super::UnionPayAccount)), as a unified or foreign
        /// EMV code carries it; typed QT03/QET02. Not a URL: [`MerchantCode::parse`](super::MerchantCode::parse)
        /// never returns it.
        UnionPayEmv15 = "unionpay-emv15",
        /// `http://m.bestpay.com.cn/#/apa/<token>face2face`: Bestpay personal receive code.
        BestpayF2f = "bestpay-f2f",
        /// `https://i.qianbao.qq.com/wallet/sqrcode.htm?…`: QQ Wallet personal receive code.
        QqWallet = "qq-wallet",
        /// `dcep://uniwallet/unipay[?…]`: e-CNY wallet payment link.
        EcnyApp = "ecny-app",
        /// Any other `http(s)` URL (聚合码 aggregated codes, acquirers' cashier pages): carried as
        /// written, with no provider.
        Aggregated = "aggregated",
        /// A code matched by a pattern added to a [`Registry`](super::Registry).
        Registered = "registered",
    }
}

impl Form {
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

//! The payment providers the crate knows, with the stable ids used in reports.

use crate::id::id_enum;

use crate::ecny::EncodingType;

id_enum! {
    /// A payment provider (wallet or network) whose codes the crate recognises.
    #[non_exhaustive]
    pub enum Provider ("a provider id") {
        /// WeChat Pay (微信支付, Tenpay).
        WeChatPay = "wechat-pay",
        /// Alipay (支付宝), mainland.
        Alipay = "alipay",
        /// Alipay+ (cross-border network of Ant Group).
        AlipayPlus = "alipay-plus",
        /// UnionPay (银联, Cloud QuickPass 云闪付, UnionPay International).
        UnionPay = "unionpay",
        /// e-CNY, the digital yuan (数字人民币).
        Ecny = "e-cny",
        /// China Telecom Bestpay (翼支付).
        Bestpay = "bestpay",
        /// China Mobile Hebao (和包, CMPay).
        CmPay = "cmpay",
        /// China Unicom wallet (沃钱包 / 联通支付).
        UnicomPay = "unicom-pay",
        /// QQ Wallet (QQ钱包).
        QqWallet = "qq-wallet",
        /// JD Pay (京东支付).
        JdPay = "jd-pay",
        /// WeBank (微众银行).
        WeBank = "webank",
        /// Lakala (拉卡拉).
        Lakala = "lakala",
        /// Suning Pay (苏宁支付).
        Suning = "suning",
    }
}

impl Provider {
    /// The provider's usual name.
    pub const fn name(self) -> &'static str {
        match self {
            Provider::WeChatPay => "WeChat Pay",
            Provider::Alipay => "Alipay",
            Provider::AlipayPlus => "Alipay+",
            Provider::UnionPay => "UnionPay",
            Provider::Ecny => "e-CNY",
            Provider::Bestpay => "Bestpay",
            Provider::CmPay => "China Mobile Hebao",
            Provider::UnicomPay => "China Unicom Pay",
            Provider::QqWallet => "QQ Wallet",
            Provider::JdPay => "JD Pay",
            Provider::WeBank => "WeBank",
            Provider::Lakala => "Lakala",
            Provider::Suning => "Suning Pay",
        }
    }
}

impl Provider {
    /// The e-CNY encoding type (QET) of the provider's own receive codes, the one map from
    /// provider to encoding (SPEC.md 5.5, 6.3): QET04 WeChat Pay, QET05 Alipay and Alipay+,
    /// QET02 UnionPay, QET01 e-CNY, QET03 (other) every other provider.
    pub(crate) const fn encoding_type(self) -> EncodingType {
        match self {
            Provider::WeChatPay => EncodingType::WeChat,
            Provider::Alipay | Provider::AlipayPlus => EncodingType::Alipay,
            Provider::UnionPay => EncodingType::UnionPay,
            Provider::Ecny => EncodingType::Ecny,
            Provider::Bestpay
            | Provider::CmPay
            | Provider::UnicomPay
            | Provider::QqWallet
            | Provider::JdPay
            | Provider::WeBank
            | Provider::Lakala
            | Provider::Suning => EncodingType::Aggregated,
        }
    }
}

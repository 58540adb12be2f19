//! The payment providers the crate knows, with the stable ids used in reports.

use core::fmt;
use core::str::FromStr;

use crate::ecny::EncodingType;

/// A payment provider (wallet or network) whose codes the crate recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Provider {
    /// WeChat Pay (微信支付, Tenpay).
    #[cfg_attr(feature = "serde", serde(rename = "wechat-pay"))]
    WeChatPay,
    /// Alipay (支付宝), mainland.
    #[cfg_attr(feature = "serde", serde(rename = "alipay"))]
    Alipay,
    /// Alipay+ (cross-border network of Ant Group).
    #[cfg_attr(feature = "serde", serde(rename = "alipay-plus"))]
    AlipayPlus,
    /// UnionPay (银联, Cloud QuickPass 云闪付, UnionPay International).
    #[cfg_attr(feature = "serde", serde(rename = "unionpay"))]
    UnionPay,
    /// e-CNY, the digital yuan (数字人民币).
    #[cfg_attr(feature = "serde", serde(rename = "e-cny"))]
    Ecny,
    /// China Telecom Bestpay (翼支付).
    #[cfg_attr(feature = "serde", serde(rename = "bestpay"))]
    Bestpay,
    /// China Mobile Hebao (和包, CMPay).
    #[cfg_attr(feature = "serde", serde(rename = "cmpay"))]
    CmPay,
    /// China Unicom wallet (沃钱包 / 联通支付).
    #[cfg_attr(feature = "serde", serde(rename = "unicom-pay"))]
    UnicomPay,
    /// QQ Wallet (QQ钱包).
    #[cfg_attr(feature = "serde", serde(rename = "qq-wallet"))]
    QqWallet,
    /// JD Pay (京东支付).
    #[cfg_attr(feature = "serde", serde(rename = "jd-pay"))]
    JdPay,
    /// WeBank (微众银行).
    #[cfg_attr(feature = "serde", serde(rename = "webank"))]
    WeBank,
    /// Lakala (拉卡拉).
    #[cfg_attr(feature = "serde", serde(rename = "lakala"))]
    Lakala,
    /// Suning Pay (苏宁支付).
    #[cfg_attr(feature = "serde", serde(rename = "suning"))]
    Suning,
}

impl Provider {
    /// Every provider, in a fixed order.
    pub const ALL: [Provider; 13] = [
        Provider::WeChatPay,
        Provider::Alipay,
        Provider::AlipayPlus,
        Provider::UnionPay,
        Provider::Ecny,
        Provider::Bestpay,
        Provider::CmPay,
        Provider::UnicomPay,
        Provider::QqWallet,
        Provider::JdPay,
        Provider::WeBank,
        Provider::Lakala,
        Provider::Suning,
    ];

    /// The stable id (`wechat-pay`, `e-cny`, …) used in reports and test vectors.
    pub const fn id(self) -> &'static str {
        match self {
            Provider::WeChatPay => "wechat-pay",
            Provider::Alipay => "alipay",
            Provider::AlipayPlus => "alipay-plus",
            Provider::UnionPay => "unionpay",
            Provider::Ecny => "e-cny",
            Provider::Bestpay => "bestpay",
            Provider::CmPay => "cmpay",
            Provider::UnicomPay => "unicom-pay",
            Provider::QqWallet => "qq-wallet",
            Provider::JdPay => "jd-pay",
            Provider::WeBank => "webank",
            Provider::Lakala => "lakala",
            Provider::Suning => "suning",
        }
    }

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

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The id matched no provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownProvider;

impl fmt::Display for UnknownProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown provider id")
    }
}

impl FromStr for Provider {
    type Err = UnknownProvider;

    /// Parses a stable id such as `wechat-pay`.
    fn from_str(s: &str) -> Result<Provider, UnknownProvider> {
        Provider::ALL.into_iter().find(|p| p.id() == s).ok_or(UnknownProvider)
    }
}

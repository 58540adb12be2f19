//! Who can pay which code: the interoperability table of China's QR payments, with dates,
//! scope, confidence and public sources, and the carried code a wallet should open in a
//! unified code (SPEC.md, "Who can pay which code").
//!
//! Since 2021 the walls between wallets have opened one door at a time: UnionPay's app and
//! banks' apps pay WeChat personal codes and Alipay collection codes, the telecom operators'
//! wallets and JD pay WeChat codes, visitors' wallets pay through Alipay+, UnionPay and the
//! cross-border gateway; WeChat Pay and Alipay still do not pay each other's codes. That is
//! knowledge with dates, not a wire rule, so the answer is a dated, sourced [`Verdict`], never
//! a bare boolean, and what no public source says stays [`Verdict::Unknown`].
//!
//! - [`Table`] holds the facts: one [`Fact`] per payer [`Wallet`], merchant-code [`CodeKind`]
//!   and date from which a source documents it, each with a [`Scope`], a [`Confidence`] and
//!   its [`Source`]s. [`Table::new`] reads the built-in table (`data/interop.tsv` and
//!   `data/interop-sources.tsv`); integrators add, replace and remove facts at run time.
//! - [`Table::answer`] gives the verdict for a wallet and a code kind on a [`Date`];
//!   [`Table::can_pay`] does it for any recognised code; [`Table::pick`] chooses, among the
//!   codes a unified code carries, the one a wallet should open: its own provider's code
//!   first, then one it is known to pay, or none.
//! - [`CodeKind::of`] maps the crate's form ids (`wechat-native`, `alipay-qr`, …) to the
//!   table's kinds.
//! - [`Acquirer`] answers the other direction (the merchant scans the payer's payment code):
//!   whether a merchant's acquirer, given its contracts, can take a code.
//!
//! ```
//! use hutong::interop::{Date, Table, Verdict, Wallet};
//! use hutong::unified::{self, Merchant};
//!
//! let codes = [
//!     "weixin://wxpay/bizpayurl?pr=p4lpSuKzz",
//!     "https://qr.alipay.com/bax08123k4y9xyzabc12e045",
//!     "https://qr.95516.com/00010000/62027533387488456892269917213370",
//! ];
//! let code = unified::merge(&codes, &Merchant::default())?;
//! let table = Table::new();
//! let on: Date = "2026-11-30".parse()?;
//!
//! // Each wallet opens its own provider's code.
//! let (carried, pick) = table.pick_unified(&code, Wallet::Alipay, on)?.unwrap();
//! assert_eq!(carried.code, codes[1]);
//! assert!(pick.answer.own);
//!
//! // Before UnionPay's app paid every kind of WeChat code (2024-06-19), the table does not
//! // guess: a WeChat-only unified code is "unknown" for it, then "pays".
//! let wechat_only = unified::merge(&codes[..1], &Merchant::default())?;
//! let before = table.pick_unified(&wechat_only, Wallet::UnionPayApp, "2024-01-01".parse()?)?;
//! assert!(before.is_none());
//! let after = table.pick_unified(&wechat_only, Wallet::UnionPayApp, on)?.unwrap();
//! assert_eq!(after.1.answer.verdict, Verdict::Pays);
//! # Ok::<(), hutong::Error>(())
//! ```

mod acquirer;
mod date;
mod table;

pub use acquirer::{Acceptance, Acquirer};
pub use date::Date;
pub use table::{Answer, Basis, CodeAnswer, Fact, Pick, Source, Table, BUILTIN_FACTS, BUILTIN_SOURCES};

use crate::providers::{Form, MerchantCode};
use crate::Provider;

pub(crate) use crate::error::wrong_value;
use crate::id::id_enum;

id_enum! {
    /// A payer's app: the wallet that scans a merchant's code.
    ///
    /// Visitors' wallets are grouped by the network that links them to mainland merchants.
    #[non_exhaustive]
    pub enum Wallet ("a payer wallet") {
        /// WeChat (Weixin Pay, 微信支付).
        WeChat = "wechat",
        /// Alipay (支付宝).
        Alipay = "alipay",
        /// UnionPay's app, Cloud QuickPass (云闪付).
        UnionPayApp = "unionpay-app",
        /// Banks' own apps (ICBC, ABC, BOC, CCB, BoCom, CMB, CITIC, CGB…).
        BankApp = "bank-app",
        /// The e-CNY app (数字人民币).
        EcnyApp = "ecny-app",
        /// China Mobile Hebao (和包).
        Hebao = "hebao",
        /// China Telecom Bestpay (翼支付).
        Bestpay = "bestpay",
        /// China Unicom WoWallet (沃钱包).
        WoWallet = "wowallet",
        /// The JD Finance app (JD Pay, 京东支付).
        Jd = "jd",
        /// The Meituan app.
        Meituan = "meituan",
        /// Visitors' Alipay+ partner wallets (AlipayHK, Touch 'n Go, Kakao Pay…).
        VisitorAlipayPlus = "visitor-alipay-plus",
        /// Visitors' UnionPay-powered wallets (BoC Pay, Octopus, PayMe…).
        VisitorUnionPay = "visitor-unionpay",
        /// Visitors' wallets linked to Weixin Pay (PayNet wallets, K PLUS, Boost…).
        VisitorWeixinPay = "visitor-weixin-pay",
        /// Visitors' wallets on the Cross-border Interconnection Payment Gateway (CPG, 跨境二维码统一网关).
        VisitorCpg = "visitor-cpg",
    }
}

impl Wallet {
    /// The wallet's usual name.
    pub const fn name(self) -> &'static str {
        match self {
            Wallet::WeChat => "WeChat",
            Wallet::Alipay => "Alipay",
            Wallet::UnionPayApp => "UnionPay app (云闪付)",
            Wallet::BankApp => "bank apps",
            Wallet::EcnyApp => "e-CNY app",
            Wallet::Hebao => "China Mobile Hebao",
            Wallet::Bestpay => "China Telecom Bestpay",
            Wallet::WoWallet => "China Unicom WoWallet",
            Wallet::Jd => "JD app",
            Wallet::Meituan => "Meituan app",
            Wallet::VisitorAlipayPlus => "visitors' Alipay+ wallets",
            Wallet::VisitorUnionPay => "visitors' UnionPay wallets",
            Wallet::VisitorWeixinPay => "visitors' Weixin-Pay-linked wallets",
            Wallet::VisitorCpg => "visitors' CPG wallets",
        }
    }

    /// The provider whose codes are the wallet's own, which it opens first in a unified code:
    /// banks' apps and UnionPay-powered wallets are on UnionPay's QR network; the Meituan app
    /// and the cross-border gateway's wallets have none.
    pub const fn provider(self) -> Option<Provider> {
        Some(match self {
            Wallet::WeChat | Wallet::VisitorWeixinPay => Provider::WeChatPay,
            Wallet::Alipay => Provider::Alipay,
            Wallet::UnionPayApp | Wallet::BankApp | Wallet::VisitorUnionPay => Provider::UnionPay,
            Wallet::EcnyApp => Provider::Ecny,
            Wallet::Hebao => Provider::CmPay,
            Wallet::Bestpay => Provider::Bestpay,
            Wallet::WoWallet => Provider::UnicomPay,
            Wallet::Jd => Provider::JdPay,
            Wallet::VisitorAlipayPlus => Provider::AlipayPlus,
            Wallet::Meituan | Wallet::VisitorCpg => return None,
        })
    }
}

id_enum! {
    /// A kind of merchant-presented code, as the interop facts distinguish them.
    ///
    /// WeChat's codes come in three kinds because the openings came in three steps: personal
    /// collection codes first, business collection codes later and at pilot merchants, and
    /// Native payment codes only where a source says "every kind".
    #[non_exhaustive]
    pub enum CodeKind ("a merchant-code kind") {
        /// WeChat personal collection codes (个人收款码): forms `wechat-f2f`,
        /// `wechat-tenpay-f2f`, `wechat-payapp`.
        WeChatPersonal = "wechat-personal",
        /// WeChat business collection codes (商业收款码, 经营收款码): form `wechat-business`.
        WeChatBusiness = "wechat-business",
        /// WeChat Pay Native payment codes, made through the merchant's API: forms
        /// `wechat-native`, `wechat-native-up`, `wechat-mode1`, `wechat-short`.
        WeChatNative = "wechat-native",
        /// Alipay collection codes (收款码): forms `alipay-qr`, `alipay-receive`.
        AlipayCollection = "alipay-collection",
        /// Alipay app links (`alipays://`, `alipayqr://`): form `alipay-wrapper`.
        AlipayAppLink = "alipay-app-link",
        /// UnionPay QR codes (银联二维码): forms `unionpay-qr`, `unionpay-gateway`, and
        /// `unionpay-emv15` (UnionPay's EMV account in ID 15).
        UnionPayQr = "unionpay-qr",
        /// e-CNY merchant codes and payment links: form `ecny-app`.
        EcnyCode = "ecny-code",
        /// An acquirer's or bank's aggregated code (聚合码): form `aggregated`.
        Aggregated = "aggregated",
        /// Bestpay receive codes: form `bestpay-f2f`.
        BestpayCode = "bestpay-code",
        /// China Mobile Hebao codes (registered at run time; no public format).
        HebaoCode = "hebao-code",
        /// China Unicom WoWallet codes (registered at run time; no public format).
        WoWalletCode = "wowallet-code",
    }
}

impl CodeKind {
    /// The provider that issues codes of this kind; `None` for aggregated codes.
    pub const fn provider(self) -> Option<Provider> {
        Some(match self {
            CodeKind::WeChatPersonal | CodeKind::WeChatBusiness | CodeKind::WeChatNative => Provider::WeChatPay,
            CodeKind::AlipayCollection | CodeKind::AlipayAppLink => Provider::Alipay,
            CodeKind::UnionPayQr => Provider::UnionPay,
            CodeKind::EcnyCode => Provider::Ecny,
            CodeKind::BestpayCode => Provider::Bestpay,
            CodeKind::HebaoCode => Provider::CmPay,
            CodeKind::WoWalletCode => Provider::UnicomPay,
            CodeKind::Aggregated => return None,
        })
    }

    /// The kind of a built-in form; `None` for QQ Wallet codes (no fact covers them) and
    /// registered codes (whose kind follows their provider: use [`CodeKind::of`]).
    pub const fn of_form(form: Form) -> Option<CodeKind> {
        Some(match form {
            Form::WeChatF2f | Form::WeChatTenpayF2f | Form::WeChatPayApp => CodeKind::WeChatPersonal,
            Form::WeChatBusiness => CodeKind::WeChatBusiness,
            Form::WeChatNative | Form::WeChatNativeUp | Form::WeChatMode1 | Form::WeChatShort => CodeKind::WeChatNative,
            Form::AlipayQr | Form::AlipayReceive => CodeKind::AlipayCollection,
            Form::AlipayWrapper => CodeKind::AlipayAppLink,
            Form::UnionPayQr | Form::UnionPayGateway | Form::UnionPayEmv15 => CodeKind::UnionPayQr,
            Form::EcnyApp => CodeKind::EcnyCode,
            Form::BestpayF2f => CodeKind::BestpayCode,
            Form::Aggregated => CodeKind::Aggregated,
            Form::QqWallet | Form::Registered => return None,
        })
    }

    /// The kind of a code by its provider and form id, as a unified or EMV code names them
    /// ([`CarriedCode`](crate::unified::CarriedCode)): the form decides; a form id that is not
    /// a built-in form (`registered`, `emv-template`, none) falls back to
    /// the provider where the provider has one kind only. A WeChat Pay or Alipay+ code of no
    /// known form has no kind: the table's WeChat kinds differ, and Alipay+ codes are
    /// overseas merchants' codes no fact covers.
    ///
    /// ```
    /// use hutong::interop::CodeKind;
    /// use hutong::Provider;
    ///
    /// assert_eq!(CodeKind::of(Some(Provider::WeChatPay), "wechat-f2f"), Some(CodeKind::WeChatPersonal));
    /// assert_eq!(CodeKind::of(Some(Provider::UnionPay), "unionpay-emv15"), Some(CodeKind::UnionPayQr));
    /// assert_eq!(CodeKind::of(Some(Provider::CmPay), "registered"), Some(CodeKind::HebaoCode));
    /// assert_eq!(CodeKind::of(Some(Provider::WeChatPay), "emv-template"), None);
    /// ```
    pub fn of(provider: Option<Provider>, form: &str) -> Option<CodeKind> {
        if let Ok(form) = form.parse::<Form>() {
            if form != Form::Registered {
                return CodeKind::of_form(form);
            }
        }
        match provider? {
            Provider::UnionPay => Some(CodeKind::UnionPayQr),
            Provider::Ecny => Some(CodeKind::EcnyCode),
            Provider::Bestpay => Some(CodeKind::BestpayCode),
            Provider::CmPay => Some(CodeKind::HebaoCode),
            Provider::UnicomPay => Some(CodeKind::WoWalletCode),
            _ => None,
        }
    }

    /// The kind of a parsed merchant code (a registered code's kind follows its provider).
    pub fn of_code(code: &MerchantCode<'_>) -> Option<CodeKind> {
        CodeKind::of(code.provider(), code.form().id())
    }
}

id_enum! {
    /// Whether a wallet pays a kind of code.
    #[non_exhaustive]
    pub enum Verdict ("a verdict") {
        /// A source documents that it does.
        Pays = "pays",
        /// Sources say that it does not.
        DoesNot = "does-not",
        /// No public source settles it, or the date is before the first source: never read
        /// this as "no", nor as "yes".
        Unknown = "unknown",
    }
}

id_enum! {
    /// Where a route works, as its source states it.
    #[non_exhaustive]
    pub enum Scope ("a scope") {
        /// Everywhere the code's network is accepted.
        Nationwide = "nationwide",
        /// Only some of the wallets the row groups (nearly 30 banks' apps, eight visitors' wallets).
        SomeWallets = "some-wallets",
        /// Only in pilot cities or regions.
        PilotCities = "pilot-cities",
        /// Only at pilot merchants.
        PilotMerchants = "pilot-merchants",
        /// Where the code's acquirer enabled the wallet (aggregated codes).
        PerAcquirer = "per-acquirer",
        /// The source does not say.
        Unstated = "unstated",
    }
}

id_enum! {
    /// How well a fact is attested.
    #[non_exhaustive]
    pub enum Confidence ("a confidence") {
        /// The issuer's own statement, a regulator, or a major outlet.
        Confirmed = "confirmed",
        /// A secondary source: a translation, an aggregator, a blog, a help page.
        Reported = "reported",
        /// Sources disagree, or none was found.
        Unclear = "unclear",
    }
}

//! The other direction: the merchant scans the payer's payment code (付款码). Whether that
//! works depends on the merchant's acquirer, not on the code: an acquirer without an e-CNY or
//! Bestpay contract refuses those codes although their shape is known.

use alloc::vec::Vec;
use core::fmt;

use crate::error::Result;
use crate::paycode::{self, Route, Router};
use crate::Provider;

/// A merchant's acquirer and the networks it has contracts with, set at run time.
///
/// The presets hold what public sources say of three common acquirers; banks and aggregators
/// differ one from another, so start them from [`Acquirer::new`] with their own contracts.
///
/// ```
/// use hutong::interop::Acquirer;
/// use hutong::Provider;
///
/// let shop = Acquirer::new("Acme Payments").with(Provider::WeChatPay).with(Provider::Alipay);
/// assert!(shop.accepts("134567890123456789")?.accepted);      // WeChat Pay
/// let ecny = shop.accepts("0123456789012345678")?;              // e-CNY
/// assert!(!ecny.accepted);
/// assert_eq!(ecny.to_string(), "Acme Payments cannot take this e-CNY payment code: no contract with e-CNY");
/// # Ok::<(), hutong::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acquirer<'a> {
    name: &'a str,
    networks: Vec<Provider>,
}

impl<'a> Acquirer<'a> {
    /// An acquirer with no contract yet.
    pub fn new(name: &'a str) -> Acquirer<'a> {
        Acquirer { name, networks: Vec::new() }
    }

    /// A WeChat Pay direct merchant (Tenpay 付款码支付): WeChat Pay codes only. WeChat Pay's
    /// Quick Pay documentation; UnionPay's payment codes were still refused in 2021-10.
    pub fn wechat_pay_direct() -> Acquirer<'static> {
        Acquirer::new("WeChat Pay direct").with(Provider::WeChatPay)
    }

    /// An Alipay direct merchant (当面付 条码支付): Alipay codes, and Alipay+ wallets' codes
    /// (Alipay's payment-code documentation; Alipay+ Code Format Specification, 2023-09).
    pub fn alipay_direct() -> Acquirer<'static> {
        Acquirer::new("Alipay direct").with(Provider::Alipay).with(Provider::AlipayPlus)
    }

    /// UnionPay's barcode front platform (条码支付综合前置平台): UnionPay, Alipay and WeChat Pay
    /// codes (reported, 2023-12); its e-CNY acceptance is not documented, so it is not assumed.
    pub fn unionpay_front() -> Acquirer<'static> {
        Acquirer::new("UnionPay front platform")
            .with(Provider::UnionPay)
            .with(Provider::Alipay)
            .with(Provider::WeChatPay)
    }

    /// The same acquirer with a contract with `network`.
    #[must_use]
    pub fn with(mut self, network: Provider) -> Acquirer<'a> {
        self.add(network);
        self
    }

    /// Adds a contract with `network`.
    pub fn add(&mut self, network: Provider) -> &mut Self {
        if !self.networks.contains(&network) {
            self.networks.push(network);
        }
        self
    }

    /// Ends the contract with `network`; returns whether there was one.
    pub fn remove(&mut self, network: Provider) -> bool {
        let before = self.networks.len();
        self.networks.retain(|&n| n != network);
        before != self.networks.len()
    }

    /// The acquirer's name.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The networks it has contracts with, in the order added.
    pub fn networks(&self) -> &[Provider] {
        &self.networks
    }

    /// Whether it has a contract with `network`.
    pub fn takes(&self, network: Provider) -> bool {
        self.networks.contains(&network)
    }

    /// Whether it can take a payment code, routed with the built-in table
    /// ([`paycode::route`]); routing errors are returned as they are.
    pub fn accepts(&self, code: &str) -> Result<Acceptance<'a, 'static>> {
        Ok(self.accepts_route(paycode::route(code)?))
    }

    /// [`accepts`](Acquirer::accepts) with the integrator's own routing table.
    pub fn accepts_with<'r>(&self, router: &'r Router<'_>, code: &str) -> Result<Acceptance<'a, 'r>> {
        Ok(self.accepts_route(router.route(code)?))
    }

    /// Whether it can take a code already routed: it can when it has a contract with the
    /// code's network ([`Route::network`]: JD Pay's `62` codes go through UnionPay).
    pub fn accepts_route<'r>(&self, route: Route<'r>) -> Acceptance<'a, 'r> {
        Acceptance { acquirer: self.name, accepted: self.takes(route.network()), route }
    }
}

/// Whether an acquirer can take a payment code, and the code's route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Acceptance<'a, 'r> {
    /// The acquirer's name.
    pub acquirer: &'a str,
    /// Whether it has a contract with the code's network.
    pub accepted: bool,
    /// Where the code goes.
    pub route: Route<'r>,
}

impl fmt::Display for Acceptance<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (issuer, network) = (self.route.provider().name(), self.route.network().name());
        if self.accepted {
            write!(f, "{} can take this {issuer} payment code through {network}", self.acquirer)
        } else {
            write!(f, "{} cannot take this {issuer} payment code: no contract with {network}", self.acquirer)
        }
    }
}

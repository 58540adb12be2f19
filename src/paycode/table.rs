//! The built-in routing table (SPEC.md section 8.2) and its bucket index, both built at compile time
//! so that [`route`](super::route) needs no allocation and no set-up call.

use super::{Charset, Confidence, Key, Placement, RoutingRule};
use crate::provider::Provider::{self, *};

const fn spec(prefix: &'static str, min: u8, max: u8, provider: Provider) -> RoutingRule<'static> {
    RoutingRule::digits(prefix, min, max, provider).confidence(Confidence::Spec)
}

const fn public(prefix: &'static str, min: u8, max: u8, provider: Provider) -> RoutingRule<'static> {
    RoutingRule::digits(prefix, min, max, provider).confidence(Confidence::PublicCode)
}

/// Every built-in rule, highest priority first: where several rules match one code, the first
/// is the answer and the others' providers are its candidates. Patterns with a character class
/// (`1[0-5]`, `62[2-7]0105`) are written out one prefix per rule, so matching stays a prefix
/// comparison.
pub(super) static BUILTIN: &[RoutingRule<'static>] = &[
    // CCB 龙支付 is a subset of UnionPay's 62/19 and must come before it to keep its label.
    public("6220105", 19, 19, UnionPay).variant("ccb-long-pay"),
    public("6230105", 19, 19, UnionPay).variant("ccb-long-pay"),
    public("6240105", 19, 19, UnionPay).variant("ccb-long-pay"),
    public("6250105", 19, 19, UnionPay).variant("ccb-long-pay"),
    public("6260105", 19, 19, UnionPay).variant("ccb-long-pay"),
    public("6270105", 19, 19, UnionPay).variant("ccb-long-pay"),
    public("62", 19, 19, UnionPay),
    // JD Pay's 62 codes cannot be told from other UnionPay-network codes: a candidate only.
    public("62", 19, 19, JdPay).route(UnionPay).variant("unionpay-network"),
    spec("10", 18, 18, WeChatPay),
    spec("11", 18, 18, WeChatPay),
    spec("12", 18, 18, WeChatPay),
    spec("13", 18, 18, WeChatPay),
    spec("14", 18, 18, WeChatPay),
    spec("15", 18, 18, WeChatPay).variant("hong-kong-wallet"),
    spec("25", 16, 24, Alipay),
    spec("26", 16, 24, Alipay),
    spec("27", 16, 24, Alipay),
    spec("28", 16, 24, Alipay),
    spec("29", 16, 24, Alipay),
    spec("30", 16, 24, Alipay),
    // Alipay+ codes inside Alipay's window: only the (non-public) issuer list could tell them
    // apart, so they stay candidates behind Alipay.
    spec("28", 17, 19, AlipayPlus).variant("legacy"),
    spec("25", 24, 24, AlipayPlus).variant("issuer-user-number"),
    spec("26", 24, 24, AlipayPlus).variant("issuer-user-number"),
    spec("27", 24, 24, AlipayPlus).variant("issuer-user-number"),
    spec("28", 24, 24, AlipayPlus).variant("issuer-user-number"),
    spec("29", 24, 24, AlipayPlus).variant("issuer-user-number"),
    spec("30", 24, 24, AlipayPlus).variant("issuer-user-number"),
    public("01", 19, 19, Ecny),
    public("51", 18, 18, Bestpay),
    public("18", 18, 18, JdPay),
    public("5678", 19, 19, WeBank),
    public("810", 19, 19, Lakala).variant("points"),
    public("820", 19, 19, Lakala).variant("points"),
    public("812", 19, 19, Lakala).variant("finance"),
    public("822", 19, 19, Lakala).variant("finance"),
    // "At least 16 digits" in the one public router; 32 is the auth_code field every
    // acquiring API gives it, and an upper bound keeps the rule from claiming any long number.
    public("83", 16, 32, Suning),
    RoutingRule::digits("fp", 35, 35, Alipay)
        .charset(Charset::Alphanumeric)
        .confidence(Confidence::PublicCode)
        .variant("face-pay"),
];

/// Most built-in rules that share one three-digit bucket (62x: CCB, UnionPay, JD Pay).
const BUCKET_WIDTH: usize = 4;

/// Most built-in rules the index can hold.
const MAX_RULES: usize = 64;

/// A rule and its prefix key.
pub(super) type Slot = (&'static RoutingRule<'static>, Key);

/// RoutingRule numbers by a code's first three digits (see [`Lookup`](super::Lookup)), in priority
/// order.
pub(super) struct Index {
    pub slots: [Slot; MAX_RULES],
    pub buckets: [[u8; BUCKET_WIDTH]; 1000],
    pub counts: [u8; 1000],
    pub other: [u8; 4],
    pub other_count: u8,
    pub all: [u8; MAX_RULES],
    pub all_count: u8,
}

// Filler for unused slots, never read: counts bound every walk.
const FILLER: Slot = (&RoutingRule::digits("-", 0, 0, Alipay), Key::new("-"));

// A const fn (where `get` is not available) that only ever runs at compile time, for
// `INDEX`: an index out of bounds would fail the build, never panic at run time.
#[allow(clippy::indexing_slicing)]
const fn build_index() -> Index {
    let mut ix = Index {
        slots: [FILLER; MAX_RULES],
        buckets: [[0; BUCKET_WIDTH]; 1000],
        counts: [0; 1000],
        other: [0; 4],
        other_count: 0,
        all: [0; MAX_RULES],
        all_count: 0,
    };
    assert!(BUILTIN.len() <= MAX_RULES, "the built-in table outgrew its index");
    let mut i = 0;
    while i < BUILTIN.len() {
        ix.slots[i] = (&BUILTIN[i], Key::new(BUILTIN[i].prefix));
        ix.all[i] = i as u8;
        match Placement::of(BUILTIN[i].prefix.as_bytes()) {
            Placement::Buckets { first, count } => {
                let mut k = first;
                while k < first + count {
                    let n = ix.counts[k] as usize;
                    assert!(n < BUCKET_WIDTH, "a three-digit bucket of the built-in table is full");
                    ix.buckets[k][n] = i as u8;
                    ix.counts[k] += 1;
                    k += 1;
                }
            }
            Placement::Other => {
                ix.other[ix.other_count as usize] = i as u8;
                ix.other_count += 1;
            }
            Placement::ScanOnly => {}
        }
        i += 1;
    }
    ix.all_count = BUILTIN.len() as u8;
    ix
}

pub(super) static INDEX: Index = build_index();

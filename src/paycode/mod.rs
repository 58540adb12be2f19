//! Consumer payment codes (付款码, `auth_code`): the digits a payer's app shows as a barcode or
//! QR code and a merchant's scanner reads. They carry no provider name, only a number whose
//! prefix and length say which wallet issued it (SPEC.md section 8).
//!
//! - [`route`] answers from the built-in table without allocating: the [`Provider`] that issued
//!   the code, the one whose API takes it ([`Route::network`]), a [`variant`](Route::variant)
//!   such as `hong-kong-wallet` or `ccb-long-pay`, the [`candidates`](Route::candidates) whose
//!   rules match too, and the code's e-CNY typing (`QT02`).
//! - [`Router`] starts from the same table and takes rules at run time, so an integrator can
//!   add a new wallet or override a rule without forking.
//!
//! Digits that no rule matches are an [`ErrorKind::Unrecognised`](crate::ErrorKind) error:
//! the router never guesses.
//!
//! ```
//! use hutong::paycode::route;
//! use hutong::Provider;
//!
//! let r = route("134567890123456789")?;
//! assert_eq!(r.provider(), Provider::WeChatPay);
//! assert_eq!(r.ecny().to_string(), "QT02");
//!
//! let err = route("13456789012345678").unwrap_err();
//! assert_eq!(err.message().to_string(), "prefix 13 is WeChat Pay, which uses 18 digits; got 17");
//! # Ok::<(), hutong::Error>(())
//! ```

pub(crate) mod charset;
mod router;
mod table;

use crate::id::id_enum;

pub use charset::Charset;
pub use router::Router;

use crate::ecny::{CodeType, EcnyTyping};
use crate::error::paycode::Problem;
use crate::error::{Empty, Error, Quote, Result};
use crate::provider::Provider;
use crate::text::{byte_is, ALNUM, NUMERIC};

id_enum! {
    /// How well a routing rule is attested (the marks of SPEC.md section 8.2).
    pub enum Confidence ("a rule's confidence") {
        /// The provider's own documentation says so.
        Spec = "spec",
        /// Seen in public source code only.
        PublicCode = "public-code",
        /// Registered at run time by the integrator.
        Integrator = "integrator",
    }
}

/// One routing rule: codes that start with `prefix`, are `min_len`–`max_len` characters long
/// and use `charset` belong to `provider` and are paid through `route`.
///
/// ```
/// use hutong::paycode::{Router, RoutingRule};
/// use hutong::Provider;
///
/// let mut router = Router::new();
/// router.add(RoutingRule::digits("97", 20, 20, Provider::CmPay).variant("pilot"))?;
/// let r = router.route("97000000000000000001")?;
/// assert_eq!((r.provider(), r.variant()), (Provider::CmPay, Some("pilot")));
/// # Ok::<(), hutong::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RoutingRule<'a> {
    /// What the code starts with (`"13"`, `"6220105"`, `"fp"`).
    pub prefix: &'a str,
    /// Shortest code, in characters, prefix included.
    pub min_len: u8,
    /// Longest code, in characters, prefix included.
    pub max_len: u8,
    /// The characters the whole code is made of.
    pub charset: Charset,
    /// The wallet or network that issued the code.
    pub provider: Provider,
    /// The provider whose payment API takes the code (JD Pay's `62` codes go through UnionPay).
    pub route: Provider,
    /// A finer label (`hong-kong-wallet`, `ccb-long-pay`, `face-pay`).
    pub variant: Option<&'a str>,
    /// How well the rule is attested.
    pub confidence: Confidence,
}

impl<'a> RoutingRule<'a> {
    /// A rule for all-digit codes, routed to `provider` itself, with no variant and
    /// [`Confidence::Integrator`].
    pub const fn digits(prefix: &'a str, min_len: u8, max_len: u8, provider: Provider) -> RoutingRule<'a> {
        RoutingRule {
            prefix,
            min_len,
            max_len,
            charset: Charset::Digits,
            provider,
            route: provider,
            variant: None,
            confidence: Confidence::Integrator,
        }
    }

    /// The same rule with another routing provider.
    #[must_use]
    pub const fn route(mut self, route: Provider) -> RoutingRule<'a> {
        self.route = route;
        self
    }

    /// The same rule with a variant label.
    #[must_use]
    pub const fn variant(mut self, variant: &'a str) -> RoutingRule<'a> {
        self.variant = Some(variant);
        self
    }

    /// The same rule with another character set.
    #[must_use]
    pub const fn charset(mut self, charset: Charset) -> RoutingRule<'a> {
        self.charset = charset;
        self
    }

    /// The same rule with another confidence mark.
    #[must_use]
    pub const fn confidence(mut self, confidence: Confidence) -> RoutingRule<'a> {
        self.confidence = confidence;
        self
    }

    /// Whether a code of `len` characters fits the rule's lengths.
    #[inline]
    pub const fn allows_len(&self, len: usize) -> bool {
        len >= self.min_len as usize && len <= self.max_len as usize
    }

    /// Why the rule cannot be registered, if it cannot.
    fn check(&self) -> Option<&'static str> {
        let class = self.charset.class();
        if self.prefix.is_empty() {
            Some("a rule needs a prefix: without one it would claim every code of its length")
        } else if !self.prefix.bytes().all(|b| byte_is(b, class)) {
            Some("the prefix has characters outside the rule's character set")
        } else if self.min_len > self.max_len {
            Some("the shortest length is greater than the longest")
        } else if (self.max_len as usize) < self.prefix.len() {
            Some("the longest length is shorter than the prefix")
        } else {
            None
        }
    }
}

/// The built-in rules, highest priority first (the table of SPEC.md section 8.2, one prefix a row).
pub fn builtin_rules() -> &'static [RoutingRule<'static>] {
    table::BUILTIN
}

/// Where a payment code goes: the answer of [`route`] and [`Router::route`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<'r> {
    rule: RoutingRule<'r>,
    /// Bit `i` set: `Provider::ALL[i]` has a rule that matches the code too.
    candidates: u32,
}

impl<'r> Route<'r> {
    /// The wallet or network that issued the code.
    pub fn provider(&self) -> Provider {
        self.rule.provider
    }

    /// The provider whose payment API takes the code.
    pub fn network(&self) -> Provider {
        self.rule.route
    }

    /// The finer label of the matching rule (`hong-kong-wallet`, `ccb-long-pay`, `face-pay`,
    /// `points`, `finance`).
    pub fn variant(&self) -> Option<&'r str> {
        self.rule.variant
    }

    /// Other providers whose rules match the same code (JD Pay for every UnionPay `62` code,
    /// Alipay+ inside Alipay's window), in [`Provider::ALL`] order.
    pub fn candidates(&self) -> Candidates {
        Candidates { mask: self.candidates }
    }

    /// How well the matching rule is attested.
    pub fn confidence(&self) -> Confidence {
        self.rule.confidence
    }

    /// The rule that matched.
    pub fn rule(&self) -> &RoutingRule<'r> {
        &self.rule
    }

    /// The e-CNY interconnection typing: a personal payment code (`QT02`), which has no
    /// receive-code encoding.
    pub fn ecny(&self) -> EcnyTyping {
        EcnyTyping { qt: CodeType::PersonalPayment, qet: None }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Route<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Route", 6)?;
        // Provider ids through `id()`: the stable ids of reports and test vectors.
        st.serialize_field("provider", self.provider().id())?;
        st.serialize_field("network", self.network().id())?;
        st.serialize_field("variant", &self.variant())?;
        st.serialize_field("candidates", &alloc::vec::Vec::from_iter(self.candidates().map(Provider::id)))?;
        st.serialize_field("confidence", &self.confidence())?;
        st.serialize_field("ecny", &self.ecny())?;
        st.end()
    }
}

/// The other providers of a [`Route`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidates {
    mask: u32,
}

impl Iterator for Candidates {
    type Item = Provider;

    fn next(&mut self) -> Option<Provider> {
        while self.mask != 0 {
            let i = self.mask.trailing_zeros() as usize;
            self.mask &= self.mask - 1;
            if let Some(&p) = Provider::ALL.get(i) {
                return Some(p);
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.mask.count_ones() as usize;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Candidates {}

// Candidates are a bit set indexed by the discriminant; `Candidates` maps bit `i` back to
// `Provider::ALL[i]`, so the two orders must agree.
const _: () = {
    let mut rest: &[Provider] = Provider::ALL;
    let mut i = 0;
    while let [p, tail @ ..] = rest {
        assert!(*p as usize == i, "Provider::ALL must list providers in declaration order");
        rest = tail;
        i += 1;
    }
};

#[inline]
fn provider_bit(p: Provider) -> u32 {
    1 << (p as u32 & 31)
}

/// A rule's prefix as a masked little-endian word, so that testing it against a code is one
/// comparison instead of a slice compare; prefixes longer than 8 bytes fall back to the slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    word: u64,
    mask: u64,
    long: bool,
}

impl Key {
    pub(crate) const fn new(prefix: &str) -> Key {
        let p = prefix.as_bytes();
        if p.len() > 8 {
            return Key { word: 0, mask: 0, long: true };
        }
        let (mut word, mut mask, mut i, mut rest) = (0u64, 0u64, 0, p);
        while let [b, tail @ ..] = rest {
            word |= (*b as u64) << (8 * i);
            mask |= 0xFF << (8 * i);
            rest = tail;
            i += 1;
        }
        Key { word, mask, long: false }
    }

    /// Whether the code whose first 8 bytes (zero-padded) are `head` starts with `prefix`.
    /// Zero padding cannot fake a match: a registered prefix holds only letters and digits.
    #[inline(always)]
    fn matches(self, head: u64, code: &[u8], prefix: &str) -> bool {
        if self.long {
            code.starts_with(prefix.as_bytes())
        } else {
            head & self.mask == self.word
        }
    }
}

/// The first 8 bytes of `b`, zero-padded, little-endian.
#[inline(always)]
fn head(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    for (slot, &c) in w.iter_mut().zip(b) {
        *slot = c;
    }
    u64::from_le_bytes(w)
}

/// Routes `code` with the built-in table.
///
/// Errors: [`Empty`](crate::ErrorKind::Empty);
/// [`InvalidCharacter`](crate::ErrorKind::InvalidCharacter) for anything but digits (letters
/// and digits after `fp`), spaces included, quoting the character and its offset;
/// [`WrongLength`](crate::ErrorKind::WrongLength) when a prefix belongs to a provider whose
/// lengths the code does not fit; [`Unrecognised`](crate::ErrorKind::Unrecognised) when no
/// rule matches.
///
/// ```
/// use hutong::paycode::route;
/// use hutong::Provider;
///
/// let r = route("6225881234567890123")?;
/// assert_eq!(r.network(), Provider::UnionPay);
/// assert_eq!(r.candidates().collect::<Vec<_>>(), [Provider::JdPay]);
/// # Ok::<(), hutong::Error>(())
/// ```
pub fn route(code: &str) -> Result<Route<'static>> {
    let b = code.as_bytes();
    if b.is_empty() {
        return Err(Error::new(Empty::PaymentCode, 0, None));
    }
    let ix = &table::INDEX;
    let numbers = match Lookup::of(b) {
        Lookup::Bucket(k) => ix.buckets.get(k).zip(ix.counts.get(k)).and_then(|(s, &n)| s.get(..n as usize)),
        Lookup::Other => ix.other.get(..ix.other_count as usize),
        Lookup::All => ix.all.get(..ix.all_count as usize),
    };
    resolve(code, numbers.unwrap_or_default().iter().filter_map(|&i| ix.slots.get(i as usize).copied()))
}

/// Which rules a code must be tried against.
pub(crate) enum Lookup {
    /// The code starts with three digits: the bucket of that number.
    Bucket(usize),
    /// The code starts with something other than a digit: rules whose prefix does too.
    Other,
    /// A short code, or a digit followed by other characters: every rule (rare, and mostly
    /// on the way to an error).
    All,
}

impl Lookup {
    #[inline]
    fn of(b: &[u8]) -> Lookup {
        match b {
            [d0 @ b'0'..=b'9', d1 @ b'0'..=b'9', d2 @ b'0'..=b'9', ..] => {
                Lookup::Bucket((d0 - b'0') as usize * 100 + (d1 - b'0') as usize * 10 + (d2 - b'0') as usize)
            }
            [b'0'..=b'9', ..] => Lookup::All,
            _ => Lookup::Other,
        }
    }
}

/// Which buckets a rule belongs in, so that every code it can match finds it.
pub(crate) enum Placement {
    /// Buckets `first..first + count`: a prefix of three or more leading digits has one, a
    /// two-digit prefix ten, a one-digit prefix a hundred.
    Buckets { first: usize, count: usize },
    /// A prefix that starts with a letter.
    Other,
    /// A digit prefix with a letter in its first three characters: only codes on the
    /// [`Lookup::All`] path can match it.
    ScanOnly,
}

impl Placement {
    pub(crate) const fn of(p: &[u8]) -> Placement {
        let mut digits = 0;
        let mut number = 0;
        let mut rest = p;
        while digits < 3 {
            let [d @ b'0'..=b'9', tail @ ..] = rest else { break };
            number = number * 10 + (*d - b'0') as usize;
            rest = tail;
            digits += 1;
        }
        match digits {
            3 => Placement::Buckets { first: number, count: 1 },
            0 if p.is_empty() => Placement::Buckets { first: 0, count: 1000 },
            0 => Placement::Other,
            1 if p.len() == 1 => Placement::Buckets { first: number * 100, count: 100 },
            2 if p.len() == 2 => Placement::Buckets { first: number * 10, count: 10 },
            _ => Placement::ScanOnly,
        }
    }
}

/// Matches `code` (not empty) against `rules` in priority order: the first rule whose prefix,
/// characters and length fit is the answer, and the providers of the other fitting rules are
/// its candidates.
#[inline]
fn resolve<'r>(code: &str, rules: impl Iterator<Item = (&'r RoutingRule<'r>, Key)>) -> Result<Route<'r>> {
    let b = code.as_bytes();
    // Without early exit, so that the common all-digit case vectorises.
    let all_digits = b.iter().fold(true, |ok, &c| ok & (c.wrapping_sub(b'0') < 10));
    let (non_digit, non_alnum) = if all_digits {
        (None, None)
    } else {
        let all_alnum = b.iter().fold(true, |ok, &c| ok & c.is_ascii_alphanumeric());
        let non_alnum = if all_alnum { None } else { b.iter().position(|&c| !byte_is(c, ALNUM)) };
        (b.iter().position(|&c| !byte_is(c, NUMERIC)), non_alnum)
    };
    let bad_for = |r: &RoutingRule<'_>| match r.charset {
        Charset::Digits => non_digit,
        Charset::Alphanumeric => non_alnum,
    };
    let mut found: Option<&RoutingRule<'r>> = None;
    let mut first_prefix: Option<&RoutingRule<'r>> = None;
    let mut candidates = 0u32;
    let h = head(b);
    for (rule, key) in rules {
        if !key.matches(h, b, rule.prefix) {
            continue;
        }
        first_prefix.get_or_insert(rule);
        if bad_for(rule).is_some() || !rule.allows_len(b.len()) {
            continue;
        }
        match found {
            None => found = Some(rule),
            Some(p) if p.provider != rule.provider => candidates |= provider_bit(rule.provider),
            Some(_) => {}
        }
    }
    if let Some(&rule) = found {
        return Ok(Route { rule, candidates });
    }
    let invalid = |i: usize| {
        let c = code.get(i..).and_then(|s| s.chars().next()).unwrap_or(char::REPLACEMENT_CHARACTER);
        Error::new(Problem::InvalidCharacter { c }, i, None)
    };
    match first_prefix {
        None => match non_digit {
            Some(i) => Err(invalid(i)),
            None => Err(Error::new(
                Problem::Unrecognised { len: b.len(), start: Quote::new(b.get(..4).unwrap_or(b)).bare() },
                0,
                None,
            )),
        },
        Some(rule) => match bad_for(rule) {
            Some(i) => Err(invalid(i)),
            None => {
                let at = b.len().min(rule.max_len as usize);
                let problem = Problem::WrongLength {
                    prefix: Quote::new(b.get(..rule.prefix.len()).unwrap_or(b)).bare(),
                    provider: rule.provider,
                    min: rule.min_len,
                    max: rule.max_len,
                    charset: rule.charset,
                    got: b.len(),
                };
                Err(Error::new(problem, at, None))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bucket placement as `(first, count)`, or which of the other placements it is.
    fn placed(prefix: &str) -> Result<(usize, usize), &'static str> {
        match Placement::of(prefix.as_bytes()) {
            Placement::Buckets { first, count } => Ok((first, count)),
            Placement::Other => Err("other"),
            Placement::ScanOnly => Err("scan-only"),
        }
    }

    /// Every code a prefix can start is in one of its buckets: a three-digit start is one
    /// bucket, two digits ten, one digit a hundred, none (the empty prefix) all thousand; a
    /// letter first is `Other`, a letter among the first three after a digit `ScanOnly`.
    #[test]
    fn a_prefix_is_placed_in_the_buckets_of_the_codes_it_can_start() {
        let cases = [
            ("", Ok((0, 1000))),
            ("0", Ok((0, 100))),
            ("1", Ok((100, 100))),
            ("7", Ok((700, 100))),
            ("9", Ok((900, 100))),
            ("00", Ok((0, 10))),
            ("62", Ok((620, 10))),
            ("99", Ok((990, 10))),
            ("000", Ok((0, 1))),
            ("622", Ok((622, 1))),
            ("6220105", Ok((622, 1))),
            ("999x", Ok((999, 1))),
            ("fp", Err("other")),
            ("x1", Err("other")),
            ("1a", Err("scan-only")),
            ("1a2", Err("scan-only")),
            ("12a", Err("scan-only")),
        ];
        for (prefix, expected) in cases {
            assert_eq!(placed(prefix), expected, "{prefix:?}");
        }
    }

    /// A code of three leading digits is looked up in the bucket of that number; a shorter
    /// run of leading digits tries every rule; a code that starts otherwise, the letter rules.
    #[test]
    fn a_code_is_looked_up_by_its_first_three_digits() {
        let lookup = |code: &str| match Lookup::of(code.as_bytes()) {
            Lookup::Bucket(k) => Ok(k),
            Lookup::Other => Err("other"),
            Lookup::All => Err("all"),
        };
        let cases = [
            ("000", Ok(0)),
            ("007", Ok(7)),
            ("134567890123456789", Ok(134)),
            ("999", Ok(999)),
            ("620x", Ok(620)),
            ("62", Err("all")),
            ("6", Err("all")),
            ("6x22", Err("all")),
            ("62x2", Err("all")),
            ("fp12", Err("other")),
            (":12", Err("other")),
            ("", Err("other")),
        ];
        for (code, expected) in cases {
            assert_eq!(lookup(code), expected, "{code:?}");
        }
    }
}

//! A routing table that can change at run time.

use alloc::vec::Vec;

use super::{resolve, table, Key, Lookup, Placement, Route, RoutingRule};
use crate::error::paycode::Problem;
use crate::error::{Empty, Error, Result};

/// A payment-code routing table: the built-in rules plus the integrator's own.
///
/// Rules are kept highest priority first. [`Router::add`] puts a rule in front of every other,
/// so a new wallet or an override wins wherever it matches; the providers of the rules it
/// shadows are reported as [candidates](Route::candidates). [`Router::replace`] drops the
/// rules with the same prefix first, for when the old answer is simply wrong.
///
/// ```
/// use hutong::paycode::{Router, RoutingRule};
/// use hutong::{ErrorKind, Provider};
///
/// let mut router = Router::new();
/// assert_eq!(router.route("8800000000000000000").unwrap_err().kind(), ErrorKind::Unrecognised);
/// router.add(RoutingRule::digits("88", 19, 19, Provider::UnicomPay))?;
/// assert_eq!(router.route("8800000000000000000")?.provider(), Provider::UnicomPay);
/// # Ok::<(), hutong::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Router<'a> {
    rules: Vec<RoutingRule<'a>>,
    /// `keys[i]` is the prefix key of `rules[i]`.
    keys: Vec<Key>,
    /// RoutingRule numbers (priority order) by a code's first three digits.
    buckets: Vec<Vec<u16>>,
    /// RoutingRule numbers for codes that start with a letter.
    other: Vec<u16>,
}

impl Default for Router<'_> {
    fn default() -> Self {
        Router::new()
    }
}

impl<'a> Router<'a> {
    /// Most rules a router holds (indices are 16-bit).
    pub const MAX_RULES: usize = u16::MAX as usize;

    /// A router with the built-in rules (the table of [`route`](super::route)).
    pub fn new() -> Router<'a> {
        let mut r = Router { rules: table::BUILTIN.to_vec(), keys: Vec::new(), buckets: Vec::new(), other: Vec::new() };
        r.reindex();
        r
    }

    /// A router with no rules at all.
    pub fn empty() -> Router<'a> {
        let mut r = Router { rules: Vec::new(), keys: Vec::new(), buckets: Vec::new(), other: Vec::new() };
        r.reindex();
        r
    }

    /// The rules, highest priority first.
    pub fn rules(&self) -> &[RoutingRule<'a>] {
        &self.rules
    }

    /// Adds `rule` ahead of every other rule.
    ///
    /// Refused (kind [`InvalidValue`](crate::ErrorKind::InvalidValue)) when its prefix is
    /// empty or has characters outside its charset, or its lengths cannot hold its prefix.
    pub fn add(&mut self, rule: RoutingRule<'a>) -> Result<&mut Self> {
        if let Some(why) = rule.check() {
            return Err(Error::new(Problem::InvalidRule { why }, 0, None));
        }
        if self.rules.len() >= Self::MAX_RULES {
            return Err(Error::new(Problem::TooManyRules { max: Self::MAX_RULES }, 0, None));
        }
        self.rules.insert(0, rule);
        self.reindex();
        Ok(self)
    }

    /// Removes every rule whose prefix is `prefix`; returns how many there were.
    pub fn remove(&mut self, prefix: &str) -> usize {
        let before = self.rules.len();
        self.rules.retain(|r| r.prefix != prefix);
        self.reindex();
        before - self.rules.len()
    }

    /// Removes the rules with `rule`'s prefix, then adds `rule`.
    pub fn replace(&mut self, rule: RoutingRule<'a>) -> Result<&mut Self> {
        if let Some(why) = rule.check() {
            return Err(Error::new(Problem::InvalidRule { why }, 0, None));
        }
        self.remove(rule.prefix);
        self.add(rule)
    }

    /// Routes `code` (see [`route`](super::route) for the answers and errors).
    pub fn route(&self, code: &str) -> Result<Route<'_>> {
        let b = code.as_bytes();
        if b.is_empty() {
            return Err(Error::new(Empty::PaymentCode, 0, None));
        }
        let slot = |i: usize| Some((self.rules.get(i)?, *self.keys.get(i)?));
        let numbers: &[u16] = match Lookup::of(b) {
            Lookup::Bucket(k) => self.buckets.get(k).map(Vec::as_slice).unwrap_or_default(),
            Lookup::Other => &self.other,
            Lookup::All => return resolve(code, (0..self.rules.len()).filter_map(slot)),
        };
        resolve(code, numbers.iter().filter_map(|&i| slot(i as usize)))
    }

    fn reindex(&mut self) {
        let mut buckets: Vec<Vec<u16>> = (0..1000).map(|_| Vec::new()).collect();
        let mut other = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let i = i as u16;
            match Placement::of(rule.prefix.as_bytes()) {
                Placement::Buckets { first, count } => {
                    buckets.iter_mut().skip(first).take(count).for_each(|b| b.push(i));
                }
                Placement::Other => other.push(i),
                Placement::ScanOnly => {}
            }
        }
        self.keys = self.rules.iter().map(|r| Key::new(r.prefix)).collect();
        self.buckets = buckets;
        self.other = other;
    }
}

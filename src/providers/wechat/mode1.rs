//! WeChat Pay mode 1 (static product) links: `weixin://wxpay/bizpayurl?sign=…&appid=…&…`, in
//! the v2 and the V2.7 parameter spellings.

use alloc::string::String;

use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};
use crate::providers::alphabet::{first_bad, Alphabet};
use crate::providers::check::check;
use crate::providers::params::{InOrder, Params};

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
    /// seconds, `nonce_str` ≤ 32 letters and digits. Inlined: a fixed key leaves only its own
    /// check.
    #[inline(always)]
    fn check(self, v: &str, at: usize) -> Result<()> {
        let what = self.name();
        match self {
            M1::Sign => check(v, at, what, Alphabet::Hex, 32, 64),
            M1::AppId => {
                // `wx` and 16 hex digits are 18 letters and digits: such a value passes the
                // alphabet and length check too, which only the others need for their error.
                let hex = match v.as_bytes() {
                    [b'w', b'x', h @ ..] => h.len() == 16 && first_bad(h, Alphabet::Hex).is_none(),
                    _ => false,
                };
                if hex {
                    return Ok(());
                }
                check(v, at, what, Alphabet::Alnum, 1, 18)?;
                Err(Error::new(
                    Problem::WrongValue { what, expected: "\"wx\" and 16 hex digits", found: Quote::new(v) },
                    at,
                    None,
                ))
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

    /// The v2 spelling in its documented order, every value valid: what [`parse`](Self::parse)
    /// gives for it, without its lookups and second passes. `None` for anything else.
    pub(super) fn parse_in_order(q: &'a str) -> Option<Mode1<'a>> {
        let mut pairs = InOrder::new(q);
        // Written out, not looped: each name is then compared as a constant. Every alphabet
        // here lacks `&`, and the usual lengths (an MD5 sign, an app id, ten-digit merchant id
        // and time) spare the searches for the end of a value.
        M1::Sign.check(pairs.take_sized(M1::Sign, "sign=", Some(32))?, 0).ok()?;
        M1::AppId.check(pairs.take_sized(M1::AppId, "appid=", Some(18))?, 0).ok()?;
        M1::MchId.check(pairs.take_sized(M1::MchId, "mch_id=", Some(10))?, 0).ok()?;
        M1::ProductId.check(pairs.take(M1::ProductId, "product_id=")?, 0).ok()?;
        M1::TimeStamp.check(pairs.take_sized(M1::TimeStamp, "time_stamp=", Some(10))?, 0).ok()?;
        M1::NonceStr.check(pairs.take_sized(M1::NonceStr, "nonce_str=", None)?, 0).ok()?;
        Some(Mode1 { spelling: Mode1Spelling::V2, params: pairs.finish()? })
    }

    pub(super) fn parse(q: &'a str, at: usize) -> Result<Mode1<'a>> {
        const FORM: &str = "WeChat Pay mode 1";
        let params = Params::parse(q, at, FORM, M1::from_name)?;
        let mut spelling = None;
        for (k, v, vat) in params.iter_at(at) {
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

    /// Appends the query, `name=value` pairs in the order and spelling written.
    pub(super) fn encode_into(&self, out: &mut String) {
        self.params.encode_into(out, M1::name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use alloc::format;

    const SIGN: &str = "D066548BBCDED8077EFCFE3FB2C3EA93";
    const REST: &str = "product_id=ubE7R5IiAWNKTJiHXRQI&time_stamp=1873715164&nonce_str=VLqPb5cMpkON74U4YD4MKVh";

    fn v2(sign: &str, mch_id: &str, rest: &str) -> alloc::string::String {
        format!("sign={sign}&appid=wxbb37d2f2a4276b0b&mch_id={mch_id}&{rest}")
    }

    #[test]
    fn app_ids_are_wx_and_16_hex_digits_and_other_values_say_what_is_wrong() {
        let outcome = |v: &str| M1::AppId.check(v, 9).map_err(|e| (e.kind(), e.offset(), format!("{}", e.message())));
        for ok in ["wxbb37d2f2a4276b0b", "wx0123456789ABCDEF", "wxabcdefabcdefabcd"] {
            assert_eq!(outcome(ok), Ok(()), "{ok}");
        }
        let wrong = "\"wx\" and 16 hex digits";
        for (v, kind, at, says) in [
            ("", ErrorKind::MissingParameter, 9, "appid"),
            ("wx-b37d2f2a4276b0b", ErrorKind::InvalidCharacter, 11, "'-'"),
            ("wxbb37d2f2a4276b0b0", ErrorKind::WrongFormat, 9, "19"),
            ("wxbb37d2f2a4276b0", ErrorKind::WrongFormat, 9, wrong),
            ("wxbb37d2f2a4276b0g", ErrorKind::WrongFormat, 9, wrong),
            ("wXbb37d2f2a4276b0b", ErrorKind::WrongFormat, 9, wrong),
            ("xwbb37d2f2a4276b0b", ErrorKind::WrongFormat, 9, wrong),
            ("w", ErrorKind::WrongFormat, 9, wrong),
            ("wx", ErrorKind::WrongFormat, 9, wrong),
        ] {
            let (k, o, m) = outcome(v).unwrap_err();
            assert_eq!((k, o), (kind, at), "{v}: {m}");
            assert!(m.contains(says), "{v}: {m}");
        }
    }

    #[test]
    fn the_documented_order_is_read_in_one_pass_as_the_general_reading_reads_it() {
        let long_sign = "0123456789abcdef".repeat(4);
        for q in [
            v2(SIGN, "1243409657", REST),
            v2(&long_sign, "1243409657", REST),
            v2(SIGN, "12434096", REST),
            v2(SIGN, "1243409657", "product_id=a%2Fb&time_stamp=187371516&nonce_str=x"),
            v2(SIGN, "1243409657", "product_id=p&time_stamp=18737151&nonce_str=VLqPb5cMpkON74U4YD4MKVh"),
        ] {
            let fast = Mode1::parse_in_order(&q);
            assert!(fast.is_some(), "{q}");
            assert_eq!(fast, Mode1::parse(&q, 25).ok(), "{q}");
        }
        let v27 = format!("sign={SIGN}&appid=wxbb37d2f2a4276b0b&productid=p&timestamp=1&noncestr=n");
        for q in [
            v27,
            format!("appid=wxbb37d2f2a4276b0b&sign={SIGN}&mch_id=1&{REST}"),
            v2(SIGN, "1243409657", "time_stamp=1873715164&product_id=p&nonce_str=n"),
            v2(SIGN, "1243409657", "product_id=p&time_stamp=1873715164"),
            v2(SIGN, "1243409657", &format!("{REST}&x=1")),
            v2(SIGN, "1243409657", &format!("{REST}&")),
            v2(&SIGN[1..], "1243409657", REST),
            v2(SIGN, "12434096x7", REST),
            v2(SIGN, "1243409657", "product_id=a&b&time_stamp=1873715164&nonce_str=n"),
            v2(SIGN, "1243409657", "product_id=p&time_stamp=1873715164&nonce_str=n&"),
            v2(SIGN, "1243409657", "product_id=p&time_stamp=18737151645&nonce_str=n"),
            v2(SIGN, "1243409657", "product_id=p&time_stamp=1873715164&nonce_str=n-n"),
        ] {
            assert_eq!(Mode1::parse_in_order(&q), None, "{q}");
        }
    }
}

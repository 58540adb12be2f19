//! QQ Wallet (QQ钱包), SPEC.md section 6.3: the personal receive code
//! `https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay&a=1&u=<QQ number>&ac=<hex>&n=<name>&f=wallet`.
//!
//! Recognise: host `i.qianbao.qq.com`. Parse: [`parse_web`]. Encode:
//! [`QqWalletCode::encode_into`]. Fields: [`QqWalletCode`].

use alloc::string::String;

use super::alphabet::{decode_value, is_value, Alphabet};
use super::check::{check, no_fragment, wrong_form};
use super::params::{InOrder, Params};
use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};
use crate::provider::Provider;
use crate::url::word::{all_bytes, find_byte};
use crate::url::{decode_escapes_into, hex_value, Origin, Url};

const PATH: &str = "/wallet/sqrcode.htm";
const FORM: &str = "QQ Wallet";
/// Longest display name read, decoded.
const NAME_MAX: usize = 256;

/// A parameter of a QQ Wallet receive code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QqKey {
    /// `m` (`tenpay`).
    M,
    /// `a` (`1`).
    A,
    /// `u`: the payee's QQ number (5–12 digits).
    U,
    /// `ac`: a hex check value.
    Ac,
    /// `n`: the payee's display name, %-escaped UTF-8.
    N,
    /// `f` (`wallet`).
    F,
}

impl QqKey {
    /// Every key, in the documented order.
    pub const ALL: [QqKey; 6] = [QqKey::M, QqKey::A, QqKey::U, QqKey::Ac, QqKey::N, QqKey::F];

    /// The parameter name.
    pub const fn name(self) -> &'static str {
        match self {
            QqKey::M => "m",
            QqKey::A => "a",
            QqKey::U => "u",
            QqKey::Ac => "ac",
            QqKey::N => "n",
            QqKey::F => "f",
        }
    }

    #[inline(always)]
    fn check(self, v: &str, at: usize) -> Result<()> {
        match self {
            QqKey::M => check(v, at, "m", Alphabet::Alnum, 1, 16),
            QqKey::A => check(v, at, "a", Alphabet::Digits, 1, 4),
            QqKey::U => check(v, at, "u (the QQ number)", Alphabet::Digits, 5, 12),
            QqKey::Ac => check(v, at, "ac", Alphabet::Hex, 1, 64),
            QqKey::N => check_name(v, at),
            QqKey::F => check(v, at, "f", Alphabet::Alnum, 1, 16),
        }
    }
}

/// The display name is shown to the payer: once decoded it must be text with no control,
/// bidi, zero-width or invisible character. The common name is seen to be such text without
/// decoding it ([`is_plain_name`]); any other is decoded on the stack: no allocation.
fn check_name(v: &str, at: usize) -> Result<()> {
    if is_plain_name(v.as_bytes()) {
        return Ok(());
    }
    check_decoded_name(v, at)
}

/// Whether [`check_decoded_name`] accepts the name `v` for certain, read once without
/// decoding it: value characters (printable ASCII, none of them invisible) and characters of
/// U+4000 to U+CFFF escaped as three `%XX` (a lead byte of E4 to EC and two continuation
/// bytes: always UTF-8, and inside the block `text::is_invisible` knows to hold no invisible
/// character: the CJK ideographs of a name in Chinese, most Hangul), at most [`NAME_MAX`]
/// bytes once decoded. `false` says nothing: the name is then decoded and checked. A test
/// holds the two equal.
#[inline(always)]
fn is_plain_name(b: &[u8]) -> bool {
    let mut i = 0;
    let mut len = 0;
    loop {
        // A name in Chinese is nothing but such escapes.
        while let Some(&[b'%', h0, l0, b'%', h1, l1, b'%', h2, l2]) = b.get(i..).and_then(<[u8]>::first_chunk::<9>) {
            let digits = [hex_value(h0), hex_value(l0), hex_value(h1), hex_value(l1), hex_value(h2), hex_value(l2)];
            if digits.iter().fold(0, |any, &d| any | d) > 0xF {
                return false;
            }
            let [lead_high, lead_low, high1, _, high2, _] = digits;
            // E4..=EC, then 80..=BF twice.
            if lead_high != 0xE || lead_low.wrapping_sub(4) > 8 || high1 & 0xC != 8 || high2 & 0xC != 8 {
                return false;
            }
            i += 9;
            len += 3;
        }
        let rest = b.get(i..).unwrap_or_default();
        if rest.is_empty() {
            return len <= NAME_MAX;
        }
        // Text up to the next escape; none when a `%` here starts no such character.
        let run = find_byte(rest, b'%').unwrap_or(rest.len());
        let Some(text) = rest.get(..run).filter(|t| !t.is_empty()) else {
            return false;
        };
        if !all_bytes(text, is_value) {
            return false;
        }
        i += run;
        len += run;
    }
}

/// [`check_name`] by decoding the name.
#[inline(never)]
fn check_decoded_name(v: &str, at: usize) -> Result<()> {
    let mut buf = [0u8; NAME_MAX];
    // One pass for the common name; any fault is found and named by the checks after it.
    let decoded = match decode_value(v.as_bytes(), &mut buf) {
        Some(decoded) => decoded,
        None => decode_name(v, at, &mut buf)?,
    };
    let Ok(text) = core::str::from_utf8(decoded) else {
        return Err(Error::new(Problem::NotUtf8 { found: Quote::new(v) }, at, None));
    };
    if let Some((_, c)) = text.char_indices().find(|&(_, c)| crate::text::is_invisible(c)) {
        return Err(Error::new(Problem::Invisible { c }, at, None));
    }
    Ok(())
}

/// The name checked against its alphabet, then decoded into `buf`.
#[cold]
fn decode_name<'b>(v: &str, at: usize, buf: &'b mut [u8; NAME_MAX]) -> Result<&'b [u8]> {
    check(v, at, "n (the name)", Alphabet::Value, 0, (NAME_MAX * 3) as u16)?;
    decode_escapes_into(v.as_bytes(), buf).ok_or_else(|| {
        Error::new(
            Problem::TokenLength { what: "n (the name), decoded", len: NAME_MAX + 1, min: 0, max: NAME_MAX as u16 },
            at,
            None,
        )
    })
}

/// A QQ Wallet personal receive code, parameters in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QqWalletCode<'a> {
    origin: Origin<'a>,
    params: Params<'a, QqKey>,
}

impl<'a> QqWalletCode<'a> {
    /// `https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay&a=1&u=<qq>&ac=<ac>[&n=<name>]&f=wallet`;
    /// `name` is given %-escaped, as it will be written.
    pub fn personal(qq: &'a str, ac: &'a str, name: Option<&'a str>) -> Result<QqWalletCode<'a>> {
        let with_name;
        let without_name;
        let pairs: &[(QqKey, &'a str)] = match name {
            Some(n) => {
                with_name = [
                    (QqKey::M, "tenpay"),
                    (QqKey::A, "1"),
                    (QqKey::U, qq),
                    (QqKey::Ac, ac),
                    (QqKey::N, n),
                    (QqKey::F, "wallet"),
                ];
                &with_name
            }
            None => {
                without_name =
                    [(QqKey::M, "tenpay"), (QqKey::A, "1"), (QqKey::U, qq), (QqKey::Ac, ac), (QqKey::F, "wallet")];
                &without_name
            }
        };
        for &(k, v) in pairs {
            k.check(v, 0)?;
        }
        Ok(QqWalletCode {
            origin: Origin::of_text("https://i.qianbao.qq.com"),
            params: Params::from_pairs(pairs, QqKey::name),
        })
    }

    /// Scheme and host as written.
    pub fn origin(&self) -> Origin<'a> {
        self.origin
    }

    /// The value of `key`, as written.
    pub fn get(&self, key: QqKey) -> Option<&str> {
        self.params.get(key)
    }

    /// `u`: the payee's QQ number.
    pub fn qq_number(&self) -> &str {
        self.params.get(QqKey::U).unwrap_or_default()
    }

    /// The parameters in the order written.
    pub fn params(&self) -> impl Iterator<Item = (QqKey, &str)> + '_ {
        self.params.iter()
    }

    /// Appends the code rebuilt from its fields.
    pub fn encode_into(&self, out: &mut String) {
        self.origin.encode_into(out);
        out.push_str(PATH);
        out.push('?');
        self.params.encode_into(out, QqKey::name);
    }

    /// The code rebuilt from its fields.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(96);
        self.encode_into(&mut s);
        s
    }
}

/// The query as the wallet writes it, `m=tenpay&a=1&u=…&ac=…[&n=…]&f=wallet`: the pairs of
/// fixed value are compared whole (their values pass their checks, which a test holds), and
/// only `u`, `ac` and `n` are found and checked. What the general reading gives; `None` for
/// anything else.
#[inline(always)]
fn parse_common(q: &str) -> Option<Params<'_, QqKey>> {
    const HEAD: &str = "m=tenpay&a=1&u=";
    const TAIL: &str = "&f=wallet";
    let body = q.strip_prefix(HEAD)?.strip_suffix(TAIL)?;
    let (u, rest) = body.split_at_checked(find_byte(body.as_bytes(), b'&')?)?;
    let rest = rest.strip_prefix("&ac=")?;
    let (ac, name) = rest.split_at_checked(find_byte(rest.as_bytes(), b'&').unwrap_or(rest.len()))?;
    QqKey::U.check(u, 0).ok()?;
    QqKey::Ac.check(ac, 0).ok()?;
    let u_at = HEAD.len();
    let ac_at = u_at + u.len() + "&ac=".len();
    let f_at = q.len() - "wallet".len();
    let fixed = |k: QqKey| match k {
        QqKey::M => (k, 2, 8),
        QqKey::A => (k, 11, 12),
        _ => (k, f_at, q.len()),
    };
    let u = (QqKey::U, u_at, u_at + u.len());
    let ac = (QqKey::Ac, ac_at, ac_at + ac.len());
    if name.is_empty() {
        return Some(Params::of_spans(q, [fixed(QqKey::M), fixed(QqKey::A), u, ac, fixed(QqKey::F)]));
    }
    check_name(name.strip_prefix("&n=")?, 0).ok()?;
    let n = (QqKey::N, ac.2 + "&n=".len(), f_at - "&f=".len());
    Some(Params::of_spans(q, [fixed(QqKey::M), fixed(QqKey::A), u, ac, n, fixed(QqKey::F)]))
}

/// The documented query, `m a u ac [n] f` in that order, every value valid: what the general
/// reading gives, without its lookups. `None` for anything else.
fn parse_in_order(q: &str) -> Option<Params<'_, QqKey>> {
    let mut pairs = InOrder::new(q);
    // Every alphabet here lacks `&`: `m=tenpay&a=1` and the last `f` need no search for their end.
    QqKey::M.check(pairs.take_sized(QqKey::M, "m=", Some(6))?, 0).ok()?;
    QqKey::A.check(pairs.take_sized(QqKey::A, "a=", Some(1))?, 0).ok()?;
    QqKey::U.check(pairs.take(QqKey::U, "u=")?, 0).ok()?;
    QqKey::Ac.check(pairs.take(QqKey::Ac, "ac=")?, 0).ok()?;
    if pairs.next_is("n=") {
        check_name(pairs.take(QqKey::N, "n=")?, 0).ok()?;
    }
    QqKey::F.check(pairs.take_sized(QqKey::F, "f=", None)?, 0).ok()?;
    pairs.finish()
}

/// Codes on `i.qianbao.qq.com`.
pub(crate) fn parse_web<'a>(u: &Url<'a>) -> Result<QqWalletCode<'a>> {
    if u.path() != PATH {
        return Err(wrong_form(
            Provider::QqWallet,
            u.path(),
            u.path_offset(),
            "https://i.qianbao.qq.com/wallet/sqrcode.htm?…",
        ));
    }
    no_fragment(u, FORM)?;
    let q = u.query().unwrap_or_default();
    if let Some(params) = parse_common(q).or_else(|| parse_in_order(q)) {
        return Ok(QqWalletCode { origin: Origin::of(u), params });
    }
    let params = Params::parse(q, u.query_offset(), FORM, |n| QqKey::ALL.into_iter().find(|k| k.name() == n))?;
    for (k, v, at) in params.iter_at(u.query_offset()) {
        k.check(v, at)?;
    }
    if params.get(QqKey::U).is_none() {
        return Err(Error::new(Problem::Missing { what: "u (the QQ number)" }, u.query_offset() + q.len(), None));
    }
    Ok(QqWalletCode { origin: Origin::of(u), params })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_too_long_once_decoded_says_so() {
        let message = |v: &str| check_name(v, 7).map_err(|e| (e.offset(), alloc::format!("{}", e.message())));
        assert!(message(&"a".repeat(NAME_MAX)).is_ok());
        // Up to three bytes a character, escaped: only the decoded length can be too long.
        for len in [NAME_MAX + 1, NAME_MAX + 4, 300, NAME_MAX * 3] {
            let (at, text) = message(&"a".repeat(len)).unwrap_err();
            assert_eq!(at, 7, "{len}");
            assert!(text.contains("n (the name), decoded"), "{len}: {text}");
        }
        let (_, text) = message(&"a".repeat(NAME_MAX * 3 + 1)).unwrap_err();
        assert!(!text.contains("decoded"), "{text}");
    }

    /// `b` escaped as `%XX` each, in upper or lower case.
    fn escaped(b: &[u8], lower: bool) -> alloc::string::String {
        b.iter().map(|c| if lower { alloc::format!("%{c:02x}") } else { alloc::format!("%{c:02X}") }).collect()
    }

    #[test]
    fn a_plain_name_is_one_the_decoding_check_accepts() {
        // Every lead byte with every second byte, and with every third, escaped: the fast path
        // takes exactly the characters U+4000..=U+CFFF, and the decoding check accepts them.
        let edges = [0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF];
        for lead in 0..=255u8 {
            for other in 0..=255u8 {
                for &edge in &edges {
                    for (lower, triple) in [(false, [lead, other, edge]), (true, [lead, edge, other])] {
                        let name = escaped(&triple, lower);
                        let plain = is_plain_name(name.as_bytes());
                        let c = core::str::from_utf8(&triple).ok().and_then(|t| t.chars().next());
                        assert_eq!(plain, c.is_some_and(|c| ('\u{4000}'..='\u{CFFF}').contains(&c)), "{name}");
                        if plain {
                            assert!(check_decoded_name(&name, 0).is_ok(), "{name}");
                        }
                    }
                }
            }
        }
        // Every byte alone and around characters: value characters are plain, the rest not.
        for c in 0..=255u8 {
            for (before, after) in [("", ""), ("%E5%BC%A0", ""), ("", "%E5%BC%A0"), ("ab", "%e4%b8%89cd")] {
                let mut name = alloc::vec::Vec::from(before.as_bytes());
                name.push(c);
                name.extend_from_slice(after.as_bytes());
                let plain = is_plain_name(&name);
                assert_eq!(plain, is_value(c), "{name:?}");
                if let (true, Ok(name)) = (plain, core::str::from_utf8(&name)) {
                    assert!(check_decoded_name(name, 0).is_ok(), "{name:?}");
                }
            }
        }
    }

    #[test]
    fn a_plain_name_has_nothing_but_hex_digits_in_its_escapes() {
        // Every byte in each digit's place of a character, and two non-digits in any two
        // places (the six digits are checked together).
        let name = *b"%E5%BC%A0";
        let places = [1, 2, 4, 5, 7, 8];
        for &p in &places {
            for c in 0..=255u8 {
                let mut v = name;
                v[p] = c;
                let digit = |i: usize| char::from(v[i]).to_digit(16).map(|d| d as u8);
                let byte = |i: usize| Some(digit(i)? << 4 | digit(i + 1)?);
                let decoded = [byte(1), byte(4), byte(7)];
                let c = decoded.iter().copied().collect::<Option<alloc::vec::Vec<u8>>>();
                let c = c.and_then(|b| alloc::string::String::from_utf8(b).ok()).and_then(|t| t.chars().next());
                let want = c.is_some_and(|c| ('\u{4000}'..='\u{CFFF}').contains(&c));
                assert_eq!(is_plain_name(&v), want, "{v:?}");
                if want {
                    assert!(check_decoded_name(core::str::from_utf8(&v).unwrap(), 0).is_ok(), "{v:?}");
                }
            }
        }
        for &p in &places {
            for &q in &places {
                for bad in [b'G', b'g', b'/', b':', b'@', b'`', b'%', b'&', 0x80, 0xFF] {
                    let mut v = name;
                    v[p] = bad;
                    v[q] = bad;
                    assert!(!is_plain_name(&v), "{v:?}");
                }
            }
        }
    }

    #[test]
    fn a_plain_name_is_at_most_the_longest_decoded() {
        let cases = [
            ("a".repeat(NAME_MAX), true),
            ("a".repeat(NAME_MAX + 1), false),
            ("%E5%BC%A0".repeat(NAME_MAX / 3) + "a", true),
            ("%E5%BC%A0".repeat(NAME_MAX / 3) + "ab", false),
            ("%E5%BC%A0".repeat(NAME_MAX / 3 + 1), false),
            ("ab%E5%BC%A0".repeat(NAME_MAX / 5), true),
            (alloc::string::String::new(), true),
        ];
        for (name, plain) in cases {
            assert_eq!(is_plain_name(name.as_bytes()), plain, "{}", name.len());
            assert_eq!(check_name(&name, 3), check_decoded_name(&name, 3), "{}", name.len());
        }
    }

    #[test]
    fn check_name_is_the_decoding_check_on_mixed_names() {
        // Pieces that are plain, and pieces that are not, joined at random.
        let pieces = [
            "%E5%BC%A0",
            "%e4%b8%89",
            "%EC%BF%BF",
            "%E3%85%A4",
            "%ED%80%80",
            "%E2%80%8B",
            "%41",
            "%C3%A9",
            "%FF",
            "%E5%BC",
            "%E5%BC%",
            "%E5%BCA0",
            "%",
            "%4",
            "%G1",
            "a",
            "Z9",
            "-._~",
            "+",
            "&",
            "#",
            " ",
            "\u{200B}",
            "张",
            "%E5%BC%A0%E5",
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut plain = 0;
        for _ in 0..20_000 {
            let n = (next() % 6) as usize;
            let name: alloc::string::String = (0..n).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
            plain += usize::from(is_plain_name(name.as_bytes()));
            assert_eq!(check_name(&name, 9), check_decoded_name(&name, 9), "{name}");
        }
        assert!(plain > 1000, "{plain}");
    }

    /// The general reading of a query: every pair known, once, checked, `u` present.
    fn read_generally(q: &str) -> Option<Params<'_, QqKey>> {
        let params = Params::parse(q, 0, FORM, |n| QqKey::ALL.into_iter().find(|k| k.name() == n)).ok()?;
        params.iter_at(0).all(|(k, v, at)| k.check(v, at).is_ok()).then_some(())?;
        params.get(QqKey::U).is_some().then_some(params)
    }

    #[test]
    fn the_common_query_is_read_as_the_general_reading_reads_it() {
        for (k, v) in [(QqKey::M, "tenpay"), (QqKey::A, "1"), (QqKey::F, "wallet")] {
            assert_eq!(k.check(v, 0), Ok(()));
        }
        let ms = ["m=tenpay&", "m=tenpay2&", "m=&", "m=tenpa&", "", "a=1&"];
        let as_ = ["a=1&", "a=12&", "a=&", "", "m=tenpay&"];
        let us = ["u=123456789", "u=12345", "u=1234", "u=123456789012", "u=1234567890123", "u=12a45", "u=", "u"];
        let acs = ["&ac=0A1B2C3D", "&ac=0a", "&ac=", "&ac=0G", "&ac=0A&x", "&ac=0A&", "&ac", "&aC=0A", ""];
        let ns = ["", "&n=%E5%BC%A0%E4%B8%89", "&n=Tom", "&n=", "&n=%FF", "&n=%E2%80%8B", "&n=a&b", "&n=%E5", "&n"];
        let fs = ["&f=wallet", "&f=walle", "&f=wallett", "&f=", "&f=wallet&", "", "&f=wallet#"];
        let mut common = 0;
        for m in ms {
            for a in as_ {
                for u in us {
                    for ac in acs {
                        for n in ns {
                            for f in fs {
                                let q = alloc::format!("{m}{a}{u}{ac}{n}{f}");
                                let fast = parse_common(&q);
                                if fast.is_some() {
                                    common += 1;
                                    assert_eq!(fast, read_generally(&q), "{q}");
                                }
                                // Every query of the fixed pairs, `u` and `ac` that the
                                // general reading takes is read in one pass.
                                let usual = m == "m=tenpay&" && a == "a=1&" && f == "&f=wallet" && !ac.is_empty();
                                if usual && read_generally(&q).is_some() {
                                    assert!(fast.is_some(), "{q}");
                                }
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(common, 3 * 2 * 4);
        let q = "m=tenpay&a=1&u=123456789&ac=0A1B2C3D&n=%E5%BC%A0%E4%B8%89&f=wallet";
        assert_eq!(
            parse_common(q).map(|p| p.iter().map(|(k, _)| k).collect::<alloc::vec::Vec<_>>()),
            Some(QqKey::ALL.to_vec())
        );
    }

    #[test]
    fn the_documented_order_is_read_in_one_pass() {
        let keys = |q| parse_in_order(q).map(|p| p.iter().map(|(k, _)| k).collect::<alloc::vec::Vec<_>>());
        let all = "m=tenpay&a=1&u=123456789&ac=0A1B2C3D&n=%E5%BC%A0%E4%B8%89&f=wallet";
        assert_eq!(keys(all), Some(QqKey::ALL.to_vec()));
        let no_name = "m=tenpay&a=1&u=123456789&ac=0A1B2C3D&f=wallet";
        assert_eq!(keys(no_name), Some(alloc::vec![QqKey::M, QqKey::A, QqKey::U, QqKey::Ac, QqKey::F]));
        assert_eq!(
            keys("m=tenpay2&a=12&u=123456789&ac=0A&f=w"),
            Some(alloc::vec![QqKey::M, QqKey::A, QqKey::U, QqKey::Ac, QqKey::F])
        );
        for q in [
            "a=1&m=tenpay&u=123456789&ac=0A1B2C3D&f=wallet",
            "m=tenpay&a=1&u=1234&ac=0A1B2C3D&f=wallet",
            "m=tenpay&a=1&u=123456789&ac=0A1B2C3G&f=wallet",
            "m=tenpay&a=1&u=123456789&ac=0A1B2C3D&n=%E2%80%8B&f=wallet",
            "m=tenpay&a=1&u=123456789&ac=0A1B2C3D&n=%FF&f=wallet",
            "m=tenpay&a=1&u=123456789&ac=0A1B2C3D&f=wallet&",
            "m=tenpay&a=1&u=123456789&ac=0A1B2C3D&f=wal-let",
            "m=tenpay&a=1&u=123456789&ac=0A1B2C3D",
        ] {
            assert_eq!(keys(q), None, "{q}");
        }
    }
}

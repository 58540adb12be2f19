//! The one-call recogniser against every row of tests/data/legacy.tsv and its outcome
//! table: kind, providers, byte-exact re-encoding, and rejection of what is not a code.

mod common;

use hutong::{recognise, Kind};

#[test]
fn every_legacy_row_gets_its_outcome() {
    let rows = common::tsv("legacy.tsv");
    assert!(rows.len() >= 50);
    let mut failures = Vec::new();
    for row in rows {
        let (input, kind, provider, note) = (common::unescape(&row[0]), row[1].as_str(), row[2].as_str(), &row[3]);
        let got = recognise(&input);
        let ok = match (kind, &got) {
            ("merchant-code" | "payment-code" | "emv-mpm", Ok(r)) => {
                let want_kind = match kind {
                    "merchant-code" => Kind::MerchantCode,
                    "payment-code" => Kind::PaymentCode,
                    _ => Kind::EmvMpm,
                };
                let providers: Vec<&str> = r.providers().iter().map(|p| p.id()).collect();
                let want: Vec<&str> = provider.split('+').collect();
                r.kind() == want_kind && providers == want && r.encode().as_deref() == Ok(input.as_str())
            }
            ("reject", Err(_)) => true,
            ("not-provider", Err(_)) => true,
            ("not-provider", Ok(r)) => r.providers().is_empty(),
            _ => false,
        };
        if !ok {
            failures
                .push(format!("{kind} {provider} ({note}): {input:?} -> {:?}", got.map(|r| (r.kind(), r.providers()))));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn errors_say_what_is_wrong_and_where() {
    let e = recognise("").unwrap_err();
    assert_eq!(e.kind().id(), "empty");
    let e = recognise("hello world").unwrap_err();
    assert_eq!(e.kind().id(), "invalid-character");
    assert_eq!(e.offset(), 5);
    let e = recognise("not a code").unwrap_err();
    assert_eq!(e.offset(), 3);
    let e = recognise("plain").unwrap_err();
    assert_eq!(e.kind().id(), "unrecognised");
    let e = recognise("1391390996030824x").unwrap_err();
    assert_eq!(e.kind().id(), "invalid-character", "{e}");
}

#[test]
fn every_kind_has_its_e_cny_typing() {
    let cases = [
        ("134567890123456789", "QT02"),
        ("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", "QT02"),
        ("weixin://wxpay/bizpayurl?pr=p4lpSuKzz", "QT04/QET04"),
        ("https://qr.95516.com/00010000/62027533387488456892269917213370", "QT03/QET02"),
    ];
    for (input, want) in cases {
        let r = recognise(input).unwrap();
        assert_eq!(r.ecny().map(|t| t.to_string()).as_deref(), Some(want), "{input}");
    }
}

#[test]
fn a_payment_code_with_digits_of_another_script_is_an_invalid_character() {
    for (input, at) in [("１34567890123456789", 0), ("13456789012345678９", 17), ("١٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩", 0)]
    {
        let e = hutong::recognise(input).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (hutong::ErrorKind::InvalidCharacter, at), "{input}: {e}");
    }
}

/// `describe` names what was found in one line: the kind, the provider or count of objects,
/// the payment code's variant and network, the CPM applications' AIDs and labels.
#[test]
fn each_kind_is_described_in_one_line() {
    let unified = hutong::unified::from_legacy("weixin://wxpay/bizpayurl?pr=p4lpSuKzz").unwrap();
    let crc = &unified[unified.len() - 4..];
    let cases = [
        ("134567890123456789", "WeChat Pay payment code, route to wechat-pay".to_string()),
        ("154567890123456789", "WeChat Pay payment code (hong-kong-wallet), route to wechat-pay".to_string()),
        ("6220105111111111111", "UnionPay payment code (ccb-long-pay), route to unionpay".to_string()),
        ("weixin://wxpay/bizpayurl?pr=p4lpSuKzz", "WeChat Pay merchant code, form wechat-native".to_string()),
        ("https://pay.example.com/x", "unrecognised (aggregated) merchant code, form aggregated".to_string()),
        (
            "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
            "EMVCo CPM, 1 application(s); AID A0000000555555".to_string(),
        ),
        (unified.as_str(), format!("EMVCo MPM, 9 data objects, CRC {crc}")),
    ];
    for (input, want) in cases {
        assert_eq!(recognise(input).unwrap().describe(), want, "{input}");
    }
}

/// An input that is not all digits is told to be an EMV code by its end only when it starts
/// with two digits and ends with `6304` and four hex digits: each of the three conditions is
/// needed.
#[test]
fn a_code_is_guessed_emv_by_its_crc_object_only_when_every_part_fits() {
    let cases = [
        ("12x6304abcd", Some(Kind::EmvMpm)),
        ("12x6304ABCD", Some(Kind::EmvMpm)),
        ("1x6304ABCD", None),
        ("x16304ABCD", None),
        ("xy6304ABCD", None),
        ("12x6304ABCG", None),
        ("12x6304WXYZ", None),
        ("12x6305ABCD", None),
        ("12x6304ABC", None),
        // The other ways in: `0002` first, or `00` first in what is not all digits; digits
        // alone are a payment code, whatever they end with.
        ("0002", Some(Kind::EmvMpm)),
        ("00x1", Some(Kind::EmvMpm)),
        ("0012", Some(Kind::PaymentCode)),
        ("1263040000", Some(Kind::PaymentCode)),
    ];
    for (input, want) in cases {
        assert_eq!(hutong::guess_kind(input), want, "{input:?}");
    }
}

/// `contents` reads a foreign EMV code's templates once for all four of its parts: each part
/// must still be what its own method gives, for every kind of code in the test data (unified
/// codes made from the legacy rows included, foreign EMV codes that carry a Chinese provider
/// and those that carry none).
#[test]
fn contents_are_what_each_method_gives() {
    let mut inputs: Vec<String> = Vec::new();
    for (file, escaped) in [("legacy.tsv", true), ("mpm.tsv", false), ("cpm.tsv", false)] {
        for row in common::tsv(file) {
            inputs.push(if escaped { common::unescape(&row[0]) } else { row[0].clone() });
        }
    }
    let unified: Vec<String> =
        inputs.iter().filter_map(|i| recognise(i).ok()?.unified()?.ok()).filter(|u| u.starts_with("00")).collect();
    assert!(unified.len() >= 10, "{} unified codes", unified.len());
    inputs.extend(unified);
    let (mut checked, mut foreign_carrying, mut foreign_bare) = (0, 0, 0);
    for input in &inputs {
        let Ok(code) = recognise(input) else { continue };
        let contents = code.contents();
        assert_eq!(contents.providers, code.providers(), "{input}");
        assert_eq!(contents.ecny, code.ecny(), "{input}");
        assert_eq!(contents.unified, code.unified(), "{input}");
        assert_eq!(contents.carried, code.carried(), "{input}");
        checked += 1;
        if code.kind() == Kind::EmvMpm {
            match contents.unified {
                Some(Ok(u)) if u == *input => {}
                Some(_) => foreign_carrying += 1,
                None => foreign_bare += 1,
            }
        }
    }
    assert!(
        checked >= 200 && foreign_carrying >= 5 && foreign_bare >= 100,
        "{checked} {foreign_carrying} {foreign_bare}"
    );
}

/// A parsed EMV code's encoding (the round-trip check) is written from the objects where they
/// lie; it must be what the owned model encodes, byte for byte or error for error, in either
/// mode: a lower-case CRC kept in lenient mode, templates that read and those that do not.
#[test]
fn an_emv_code_encodes_as_its_owned_model_does() {
    use hutong::emv::mpm::{MerchantPayload, Mode, Mpm};
    use hutong::{recognise_with, Code};
    let mut payloads: Vec<String> = common::tsv("mpm.tsv").into_iter().map(|row| row[0].clone()).collect();
    // The CRC in lower case: lenient mode keeps its spelling.
    payloads.extend(payloads.clone().into_iter().map(|p| {
        let (body, crc) = p.split_at(p.len().saturating_sub(4));
        format!("{body}{}", crc.to_ascii_lowercase())
    }));
    let (mut compared, mut lowercase_kept) = (0, 0);
    for p in &payloads {
        for mode in [Mode::Strict, Mode::Lenient] {
            let Ok(code) = recognise_with(p, mode) else { continue };
            let Code::EmvMpm(m) = code.code() else { continue };
            let owned = MerchantPayload::from(m).encode();
            assert_eq!(code.encode(), owned, "{mode:?} {p}");
            assert_eq!(Mpm::parse_with(p, mode).map(|m| MerchantPayload::from(&m).encode()).ok(), Some(owned.clone()));
            compared += 1;
            lowercase_kept +=
                usize::from(owned.as_deref() == Ok(p.as_str()) && p.ends_with(|c: char| c.is_ascii_lowercase()));
        }
    }
    assert!(compared >= 400 && lowercase_kept >= 50, "{compared} {lowercase_kept}");
}

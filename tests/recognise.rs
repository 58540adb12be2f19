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

//! Replays, on stable Rust, every input kept in fuzz/regressions/<target>/ (inputs that once
//! crashed a fuzz target or broke its property), through the same properties the targets check.

use std::path::Path;

use hutong::emv::cpm::ConsumerPayload;
use hutong::emv::mpm::{MerchantPayload, Mode, Mpm};
use hutong::providers::MerchantCode;

fn check(target: &str, data: &[u8]) {
    if target == "cpm" {
        if let Ok(p) = ConsumerPayload::from_bytes(data) {
            assert_eq!(p.to_bytes(), data);
        }
    }
    let Ok(input) = std::str::from_utf8(data) else { return };
    match target {
        "mpm" => {
            if Mpm::parse(input).is_ok() {
                assert!(Mpm::parse_with(input, Mode::Lenient).is_ok());
            }
            if let Ok(m) = Mpm::parse_with(input, Mode::Lenient) {
                assert_eq!(MerchantPayload::from(&m).encode().unwrap(), input);
            }
        }
        "cpm" => {
            if let Ok(p) = ConsumerPayload::parse(input) {
                assert_eq!(p.encode(), input);
            }
        }
        "legacy" => match MerchantCode::parse(input) {
            Ok(c) => assert_eq!(c.encode(), input),
            Err(e) => assert!(e.offset() <= input.len(), "offset {} past {}", e.offset(), input.len()),
        },
        "paycode" => {
            if let Err(e) = hutong::paycode::route(input) {
                assert!(e.offset() <= input.len());
            }
        }
        "unified" => {
            let _ = hutong::unified::read(input).map(|u| u.carried);
        }
        _ => {}
    }
    // Every input also goes through the one-call recogniser.
    if let Ok(r) = hutong::recognise_with(input, Mode::Lenient) {
        assert_eq!(r.encode().as_deref(), Ok(input));
    }
}

#[test]
fn kept_fuzz_inputs_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    for target in std::fs::read_dir(&root).expect("fuzz/regressions exists") {
        let target = target.unwrap();
        if !target.file_type().unwrap().is_dir() {
            continue;
        }
        let name = target.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(target.path()).unwrap() {
            let path = file.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            check(&name, &data);
            replayed += 1;
        }
    }
    assert!(replayed >= 1, "no regression inputs found under {}", root.display());
}

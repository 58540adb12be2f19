//! QR symbols drawn by examples/common/qr_render.rs read back byte for byte: every valid row
//! of tests/data/mpm.tsv (the non-ASCII ones among them), every merchant code of legacy.tsv,
//! and the unified codes `hutong::unified::merge` writes for them (as the merge example
//! does) go through PNG bytes, `image` and `rqrr` as a printed code goes through a phone.
//! rqrr is not the decoder the scan example tries first (that is rxing), so what render and
//! merge draw is checked by a reader of its own; rxing must read every symbol byte for byte
//! too. Each symbol is the smallest version at its level, byte mode only, with the ECI 000026
//! designator exactly when the payload is not printable ASCII; the terminal and SVG
//! renderings carry the same modules; and the scanner's rule checks catch a symbol that breaks
//! EMVCo MPM 4.12.

mod common;
#[path = "../examples/common/qr_render.rs"]
mod qr_render;
#[path = "../examples/common/qr_scan.rs"]
mod qr_scan;

use image::{GrayImage, Luma};
use qr_render::{data_bits, needs_utf8_eci, Symbol, QUIET_ZONE};
use qr_scan::Segment;
use qrcode::types::{EcLevel, Version};

/// Pixels per module: small keeps the test fast, and rqrr must find the symbol at that size.
const SCALE: u32 = 3;

fn valid_mpm_rows() -> Vec<String> {
    common::tsv("mpm.tsv").into_iter().filter(|r| common::verdict(&r[3]) == "valid").map(|r| r[0].clone()).collect()
}

fn legacy_merchant_codes() -> Vec<String> {
    common::tsv("legacy.tsv")
        .into_iter()
        .filter(|r| r[1] == "merchant-code" || r[1] == "emv-mpm")
        .map(|r| common::unescape(&r[0]))
        .collect()
}

/// Renders `payload`, scans the PNG back with rqrr and with rxing, and checks everything a
/// scanner can see.
fn round_trip(payload: &str, ec: EcLevel) {
    let symbol = Symbol::new(payload, ec).unwrap_or_else(|e| panic!("{e}: {payload}"));
    let v = symbol.version();
    if v > 1 {
        assert!(data_bits(payload, Version::Normal(v - 1), ec).is_err(), "version {v} is not the smallest: {payload}");
    }
    let png = symbol.png(SCALE).unwrap();
    let img = image::load_from_memory(&png).expect("the PNG decodes").to_luma8();
    assert_eq!(img.width(), symbol.outer_width() as u32 * SCALE);
    let mut expected = Vec::new();
    if !payload.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        expected.push(Segment::Eci(26));
    }
    expected.push(Segment::Byte(payload.len()));

    let by_rqrr = qr_scan::scan_rqrr(img.clone()).unwrap_or_else(|e| panic!("rqrr: {e}: {payload}"));
    let by_rxing = qr_scan::read_rxing(&img).symbols;
    assert_eq!(by_rxing.len(), 1, "rxing reads one symbol: {payload}");
    for scanned in [&by_rqrr, &by_rxing[0]] {
        let decoder = scanned.decoder.name();
        assert_eq!(scanned.content, payload.as_bytes(), "{decoder}: content differs");
        assert_eq!(scanned.version, v as usize, "{decoder}: {payload}");
        assert_eq!(scanned.ec, ec, "{decoder}: {payload}");
        assert_eq!(scanned.segments.as_deref(), Some(expected.as_slice()), "{decoder}: {payload}");
        assert_eq!(scanned.breaches(), Vec::<String>::new(), "{decoder}: {payload}");
    }
    assert_eq!(by_rqrr.mask, by_rxing[0].mask, "{payload}");
}

#[test]
fn every_valid_mpm_vector_scans_back_byte_for_byte() {
    let rows = valid_mpm_rows();
    let non_ascii = rows.iter().filter(|p| needs_utf8_eci(p)).count();
    assert!(rows.len() >= 140 && non_ascii >= 20, "{} payloads, {non_ascii} non-ASCII", rows.len());
    for p in &rows {
        round_trip(p, EcLevel::M);
    }
}

#[test]
fn every_legacy_merchant_code_scans_back_byte_for_byte() {
    let codes = legacy_merchant_codes();
    assert!(codes.len() >= 25, "{} codes", codes.len());
    for c in &codes {
        round_trip(c, EcLevel::M);
    }
}

#[test]
fn merged_codes_scan_back_byte_for_byte() {
    // What the merge example prints and draws: each merchant code alone, with and without
    // Chinese merchant text, and each run of WeChat Pay, Alipay and UnionPay codes together.
    let codes: Vec<(String, String)> = common::tsv("legacy.tsv")
        .into_iter()
        .filter(|r| r[1] == "merchant-code")
        .map(|r| (r[2].clone(), common::unescape(&r[0])))
        .collect();
    let noodles = noodles();
    let mut merged = 0;
    for (_, c) in &codes {
        for m in [&noodles, &hutong::unified::Merchant::default()] {
            let code = hutong::unified::merge(&[c.as_str()], m).unwrap_or_else(|e| panic!("{e}: {c}"));
            round_trip(&code, EcLevel::M);
            merged += 1;
        }
    }
    let of = |provider: &'static str| codes.iter().filter(move |(p, _)| p == provider).map(|(_, c)| c.as_str());
    let mut too_long = 0;
    for ((w, a), u) in of("wechat-pay").zip(of("alipay")).zip(of("unionpay")) {
        // merge refuses a unified code over EMVCo's 512 characters (long mode-1 URLs together).
        let Ok(code) = hutong::unified::merge(&[w, a, u], &noodles) else {
            too_long += 1;
            continue;
        };
        round_trip(&code, EcLevel::M);
        merged += 1;
    }
    assert!(too_long <= 3, "{too_long} runs of three codes refused");
    assert!(merged >= 70, "{merged} merged codes");
}

#[test]
fn every_error_correction_level_scans_back() {
    let chinese = chinese_unified_code();
    for ec in [EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H] {
        round_trip("https://qr.alipay.com/bax08123k4y9xyzabc12e045", ec);
        round_trip(&chinese, ec);
    }
    let l = Symbol::new(&chinese, EcLevel::L).unwrap().version();
    let h = Symbol::new(&chinese, EcLevel::H).unwrap().version();
    assert!(l < h, "more correction needs a larger symbol: L {l}, H {h}");
}

fn noodles() -> hutong::unified::Merchant {
    hutong::unified::Merchant {
        name: "LAO WANG NOODLES".into(),
        city: "SHENZHEN".into(),
        name_zh: "老王面馆".into(),
        city_zh: "深圳".into(),
        ..Default::default()
    }
}

fn chinese_unified_code() -> String {
    hutong::unified::merge(&["weixin://wxpay/bizpayurl?pr=p4lpSuKzz"], &noodles()).unwrap()
}

/// The first `n` bits of a bit stream, as a string of 0 and 1.
fn head(bytes: &[u8], n: usize) -> String {
    bytes.iter().map(|b| format!("{b:08b}")).collect::<String>()[..n].to_string()
}

#[test]
fn chinese_payload_gets_the_utf8_eci_and_ascii_does_not() {
    let chinese = chinese_unified_code();
    assert!(chinese.contains("老王面馆"));
    let bits = data_bits(&chinese, Version::Normal(40), EcLevel::M).unwrap().into_bytes();
    // ECI mode 0111, designator 26 in one byte (00011010), then byte mode 0100.
    assert_eq!(head(&bits, 16), "0111000110100100");
    assert!(Symbol::new(&chinese, EcLevel::M).unwrap().has_eci());

    let ascii = "https://qr.alipay.com/bax08123k4y9xyzabc12e045";
    let bits = data_bits(ascii, Version::Normal(40), EcLevel::M).unwrap().into_bytes();
    // Straight into byte mode, 16-bit count at version 40: 46 bytes.
    assert_eq!(head(&bits, 20), format!("0100{:016b}", ascii.len()));
    assert!(!Symbol::new(ascii, EcLevel::M).unwrap().has_eci());
}

#[test]
fn digits_stay_in_byte_mode() {
    // qrcode's own encoder would use numeric mode here; EMVCo wants byte mode.
    let payment_code = "134567890123456789";
    let bits = data_bits(payment_code, Version::Normal(2), EcLevel::M).unwrap().into_bytes();
    assert_eq!(head(&bits, 12), format!("0100{:08b}", payment_code.len()));
    round_trip(payment_code, EcLevel::M);
}

/// A module grid drawn by anything: `dark(x, y)` over `width` modules plus the quiet zone.
fn draw(width: usize, dark: impl Fn(usize, usize) -> bool) -> GrayImage {
    let side = (width + 2 * QUIET_ZONE) as u32 * SCALE;
    GrayImage::from_fn(side, side, |px, py| {
        let (x, y) = ((px / SCALE) as usize, (py / SCALE) as usize);
        let inside = (QUIET_ZONE..QUIET_ZONE + width).contains(&x) && (QUIET_ZONE..QUIET_ZONE + width).contains(&y);
        Luma([if inside && dark(x - QUIET_ZONE, y - QUIET_ZONE) { 0 } else { 255 }])
    })
}

#[test]
fn the_scanner_flags_a_symbol_that_breaks_the_emv_rules() {
    // qrcode's default encoder: mixed numeric/alphanumeric/byte segments and no ECI.
    let chinese = chinese_unified_code();
    let foreign = qrcode::QrCode::new(chinese.as_bytes()).unwrap();
    let img = draw(foreign.width(), |x, y| foreign[(x, y)] == qrcode::Color::Dark);
    let scanned = qr_scan::scan_rqrr(img.clone()).unwrap();
    assert_eq!(scanned.content, chinese.as_bytes());
    let by_rxing = &qr_scan::read_rxing(&img).symbols;
    assert_eq!(by_rxing.len(), 1);
    assert_eq!((&by_rxing[0].content, &by_rxing[0].segments), (&scanned.content, &scanned.segments));
    let segments = scanned.segments.as_deref().expect("an undamaged symbol's segments are readable");
    assert!(segments.iter().any(|s| matches!(s, Segment::Numeric(_))), "{segments:?}");
    assert!(!segments.contains(&Segment::Eci(26)));
    let breaches = scanned.breaches().join("\n");
    assert!(breaches.contains("not byte mode"), "{breaches}");
    assert!(breaches.contains("no ECI 000026"), "{breaches}");
}

#[test]
fn terminal_text_carries_the_same_modules() {
    let chinese = chinese_unified_code();
    let symbol = Symbol::new(&chinese, EcLevel::M).unwrap();
    let n = symbol.outer_width();
    for invert in [false, true] {
        let text = symbol.terminal(invert);
        let rows: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        assert_eq!(rows.len(), n.div_ceil(2));
        assert!(rows.iter().all(|r| r.len() == n));
        // Back from half blocks to modules: a glyph half is a light module (dark with invert).
        let lit = |x: usize, y: usize| {
            let c = rows[y / 2][x];
            if y % 2 == 0 {
                matches!(c, '█' | '▀')
            } else {
                matches!(c, '█' | '▄')
            }
        };
        let grid = rqrr::SimpleGrid::from_func(symbol.width(), |x, y| lit(x + QUIET_ZONE, y + QUIET_ZONE) == invert);
        let (_, content) = rqrr::Grid::new(grid).decode().expect("terminal modules decode");
        assert_eq!(content, chinese);
        let quiet_lit = (0..n).all(|x| (0..QUIET_ZONE).all(|y| lit(x, y) != invert && lit(y, x) != invert));
        assert!(quiet_lit, "the quiet zone is light");
    }
}

#[test]
fn svg_carries_the_same_modules() {
    let payload = "https://qr.95516.com/00010000/62027533387488456892269917213370";
    let symbol = Symbol::new(payload, EcLevel::M).unwrap();
    let scale = 5;
    let svg = symbol.svg(scale);
    let side = symbol.outer_width() as u32 * scale;
    assert!(svg.contains(&format!("width=\"{side}\" height=\"{side}\"")), "{svg}");
    // qrcode draws each dark module as a subpath "M{x} {y}h…" in user units.
    let path = svg.split("d=\"").nth(1).and_then(|d| d.split('"').next()).expect("one path of dark modules");
    let mut dark = vec![false; symbol.width() * symbol.width()];
    for part in path.split('M').skip(1) {
        let mut nums = part.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
        let (Some(x), Some(y)) = (nums.next(), nums.next()) else { continue };
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let (x, y) = (x / scale as usize - QUIET_ZONE, y / scale as usize - QUIET_ZONE);
        dark[y * symbol.width() + x] = true;
    }
    let grid = rqrr::SimpleGrid::from_func(symbol.width(), |x, y| dark[y * symbol.width() + x]);
    let (_, content) = rqrr::Grid::new(grid).decode().expect("SVG modules decode");
    assert_eq!(content, payload);
}

//! merge's counter sign (examples/common/counter_sign.rs) for the README's merge example: the
//! PNG scans back to the unified code byte for byte, the names are drawn above the symbol and
//! the wallets below it, and the quiet zone stays white.
//!
//! The sign's text needs a font with Chinese glyphs: the test draws with a subset of
//! WenQuanYi Micro Hei kept in tests/data/fonts (the glyphs this sign and README use), so that
//! it needs nothing installed; merge itself looks for a system font.

#[path = "../examples/common/counter_sign.rs"]
mod counter_sign;
#[path = "../examples/common/qr_render.rs"]
mod qr_render;
#[path = "../../examples/common/readme_merge.rs"]
mod readme_merge;

use counter_sign::{Content, SignFont, SymbolBox, PAGE_HEIGHT, PAGE_WIDTH};
use hutong::interop::{Date, Wallet};
use hutong::unified;
use image::GrayImage;
use qr_render::{Symbol, QUIET_ZONE};
use qrcode::types::EcLevel;
use readme_merge::CODES;

/// A subset of WenQuanYi Micro Hei (Apache-2.0; see the repository's tests/data/README.md).
const BUNDLED_FONT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/fonts/wqy-microhei-subset.ttf");

/// Rows of the page between the red bars at the top and bottom edges.
const TOP_BAR: u32 = 22;
const BOTTOM_BAR: u32 = 10;

/// Darker than this is ink.
const INK: u8 = 160;

/// The README's merge example, as this test runs it.
#[test]
fn the_readme_runs_this_example() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let bullet = readme.lines().find(|l| l.starts_with("- **merge**")).expect("README has a merge bullet");
    for part in [r#"--name "LAO WANG NOODLES" --city SHENZHEN --mcc 5812 --name-zh 老王面馆 --png counter.png"#]
        .iter()
        .chain(&CODES)
    {
        assert!(bullet.contains(part), "README's merge example no longer has {part}");
    }
}

struct Drawn {
    code: String,
    img: GrayImage,
    png: Vec<u8>,
    symbol_box: SymbolBox,
    content: Content,
}

fn draw_readme_sign() -> Drawn {
    let merchant = readme_merge::merchant();
    let code = unified::merge(&CODES, &merchant).unwrap();
    let on: Date = "2026-11-30".parse().unwrap();
    let payers = counter_sign::payers(&code, on).unwrap();
    let content = Content::new(&merchant, &payers, on);
    let font = SignFont::find(Some(BUNDLED_FONT), &content.text()).unwrap_or_else(|e| panic!("{e}"));
    let symbol = Symbol::new(&code, EcLevel::M).unwrap();
    let sign = counter_sign::lay_out(&symbol, &content, &font).unwrap();
    let png = sign.png().unwrap();
    let img = image::load_from_memory(&png).expect("the PNG decodes").to_luma8();
    Drawn { code, img, png, symbol_box: sign.symbol_box, content }
}

fn inked(img: &GrayImage, y: u32) -> bool {
    (0..img.width()).any(|x| img.get_pixel(x, y).0[0] < INK)
}

#[test]
fn the_sign_scans_back_and_has_its_text_around_a_white_quiet_zone() {
    let d = draw_readme_sign();
    assert_eq!((d.img.width(), d.img.height()), (PAGE_WIDTH, PAGE_HEIGHT));
    // 300 dpi: 11811 pixels per metre, both ways, unit metre.
    let phys: Vec<u8> = [&b"pHYs"[..], &11811u32.to_be_bytes(), &11811u32.to_be_bytes(), &[1]].concat();
    assert!(d.png.windows(phys.len()).any(|w| w == phys), "no 300 dpi pHYs chunk");

    // The symbol reads back as the unified code, byte for byte.
    let mut prepared = rqrr::PreparedImage::prepare(d.img.clone());
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one symbol on the sign");
    let mut content = Vec::new();
    grids[0].decode_to(&mut content).expect("the symbol decodes");
    assert_eq!(content, d.code.as_bytes());

    // The box: a whole number of pixels per module, large enough to print, centred.
    let b = d.symbol_box;
    let outer = Symbol::new(&d.code, EcLevel::M).unwrap().outer_width() as u32;
    assert_eq!(b.side, b.module * outer);
    assert!(b.module >= 10, "{} px per module", b.module);
    assert!(b.x.abs_diff(PAGE_WIDTH - b.x - b.side) <= 1, "not centred: {b:?}");

    // The quiet zone is white, and so is everything beside the box.
    let q = QUIET_ZONE as u32 * b.module;
    for y in b.y..b.y + b.side {
        for x in 0..PAGE_WIDTH {
            let in_symbol = (b.x + q..b.x + b.side - q).contains(&x) && (b.y + q..b.y + b.side - q).contains(&y);
            if !in_symbol {
                assert_eq!(d.img.get_pixel(x, y).0[0], 255, "not white at ({x}, {y}), outside the symbol proper");
            }
        }
    }

    // Text above (the names) and below (the scan line, the wallets, the footnotes).
    let above = (TOP_BAR..b.y).filter(|&y| inked(&d.img, y)).count();
    let below = (b.y + b.side..PAGE_HEIGHT - BOTTOM_BAR).filter(|&y| inked(&d.img, y)).count();
    assert!(above >= 120, "{above} rows with ink above the symbol");
    assert!(below >= 200, "{below} rows with ink below the symbol");
}

#[test]
fn the_sign_lists_the_wallets_that_pay_their_own_codes() {
    let d = draw_readme_sign();
    for w in [Wallet::WeChat, Wallet::Alipay, Wallet::UnionPayApp] {
        assert!(
            d.content.wallets.iter().any(|p| p.wallet == w && p.confirmed),
            "{} is not listed as confirmed",
            w.id()
        );
    }
    assert_eq!(d.content.headline, "老王面馆");
    assert_eq!(d.content.subline.as_deref(), Some("LAO WANG NOODLES"));
    let text = d.content.text();
    assert!(text.contains("微信") && text.contains("支付宝") && text.contains("云闪付"), "{text}");
}

#[test]
fn a_font_without_the_glyphs_is_refused_by_name() {
    let not_a_font = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let e = SignFont::find(Some(not_a_font), "老王面馆").err().expect("Cargo.toml is no font");
    assert!(e.contains("Cargo.toml"), "{e}");
    let e = SignFont::find(Some("/no/such/font.ttc"), "老王面馆").err().expect("no such file");
    assert!(e.contains("/no/such/font.ttc"), "{e}");
    assert!(counter_sign::FONT_HINT.contains("fonts-wqy-microhei"));
    // A Latin-only font, where the machine has one: named with the characters it lacks.
    let latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if std::path::Path::new(latin).is_file() {
        let e = SignFont::find(Some(latin), "LAO WANG 老王面馆").err().expect("DejaVu has no Chinese");
        assert!(e.contains("老王面馆") && e.contains("fonts-wqy-microhei"), "{e}");
    }
}

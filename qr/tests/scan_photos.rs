//! The scan example reads photos of payment codes, as a phone sees them (issue 13).
//!
//! The suite is generated here, the same on every run: payloads from the test data (valid
//! rows of tests/data/mpm.tsv, non-ASCII ones among them, unified codes made with
//! `hutong::unified::merge`, providers' URLs from tests/data/legacy.tsv), drawn as
//! examples/common/qr_render.rs draws them, then degraded with `image` and `imageproc` the way
//! photos are: turned by any angle, seen at a slant, blurred, noisy, JPEG-compressed, at low
//! resolution, in poor contrast, light on dark, on a busy background, several codes in one
//! photo. Each photo goes through PNG or JPEG bytes into examples/common/qr_scan.rs, the
//! reader the scan example uses, and every code in it must come out byte for byte.
//!
//! `ZBAR_MISSES` records which photos zbar 0.23.92 (`zbarimg`) did not read when the suite was
//! made; the test asserts that scan reads every other one, and that it reads at least as many
//! of each kind as it did then. `cargo test -p hutong-qr --test scan_photos -- --ignored --nocapture`
//! prints the README's table again: per kind, the photos read by rqrr alone (the scan example
//! before rxing), by scan now, and by zbarimg when it is installed (development only; CI
//! does not run it), and writes the photos to `target/scan_photos/`.

mod common;
#[path = "../examples/common/qr_render.rs"]
mod qr_render;
#[path = "../examples/common/qr_scan.rs"]
mod qr_scan;

use std::f32::consts::PI;
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{GrayImage, ImageFormat, Luma, LumaA};
use imageproc::geometric_transformations::{warp_into, Interpolation, Projection};
use qr_render::Symbol;
use qrcode::types::EcLevel;

/// The longest side of a photo in the suite, in pixels.
const MAX_SIDE: u32 = 600;

/// A small deterministic generator (SplitMix64), so the suite does not depend on `rand`.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d_4c95_7f2d)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[lo, hi)`.
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n)) as u32
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Clean,
    Rotated,
    Perspective,
    Blurred,
    Noisy,
    Jpeg,
    LowResolution,
    LowContrast,
    Inverted,
    BusyBackground,
    Several,
}

impl Kind {
    const ALL: [Kind; 11] = [
        Kind::Clean,
        Kind::Rotated,
        Kind::Perspective,
        Kind::Blurred,
        Kind::Noisy,
        Kind::Jpeg,
        Kind::LowResolution,
        Kind::LowContrast,
        Kind::Inverted,
        Kind::BusyBackground,
        Kind::Several,
    ];

    fn id(self) -> &'static str {
        match self {
            Kind::Clean => "clean",
            Kind::Rotated => "rotated",
            Kind::Perspective => "perspective",
            Kind::Blurred => "blurred",
            Kind::Noisy => "noisy",
            Kind::Jpeg => "jpeg",
            Kind::LowResolution => "low-resolution",
            Kind::LowContrast => "low-contrast",
            Kind::Inverted => "inverted",
            Kind::BusyBackground => "busy-background",
            Kind::Several => "several",
        }
    }

    /// The row heading of the README's table.
    fn describe(self) -> &'static str {
        match self {
            Kind::Clean => "clean (PNG, 3–8 px a module)",
            Kind::Rotated => "rotated by any angle (0–360°)",
            Kind::Perspective => "perspective (seen at a slant, one edge 70–90% of the other)",
            Kind::Blurred => "Gaussian blur (σ 0.45–0.65 of a module)",
            Kind::Noisy => "Gaussian noise (σ 30–50 of 255)",
            Kind::Jpeg => "JPEG quality 5–12, scaled by 0.77",
            Kind::LowResolution => "low resolution (1.4–2 px a module)",
            Kind::LowContrast => "low contrast (25–40 grey levels, uneven light)",
            Kind::Inverted => "inverted (light on dark)",
            Kind::BusyBackground => "on a busy background, turned up to 25°",
            Kind::Several => "2 to 4 codes in one photo (each reported)",
        }
    }
}

/// One photo of the suite: its bytes (PNG or JPEG) and the payloads it shows.
struct Photo {
    kind: Kind,
    name: String,
    bytes: Vec<u8>,
    payloads: Vec<String>,
}

/// The suite's payloads: valid EMV codes (ASCII and not), unified codes, providers' URLs.
fn payloads() -> Vec<String> {
    let valid: Vec<String> = common::tsv("mpm.tsv")
        .into_iter()
        .filter(|r| common::verdict(&r[3]) == "valid")
        .map(|r| r[0].clone())
        .collect();
    let (wide, ascii): (Vec<String>, Vec<String>) = valid.into_iter().partition(|p| qr_render::needs_utf8_eci(p));
    assert!(ascii.len() >= 100 && wide.len() >= 20, "{} ASCII and {} non-ASCII valid rows", ascii.len(), wide.len());
    let mut out: Vec<String> = ascii.iter().step_by(ascii.len() / 5).take(5).cloned().collect();
    out.extend(wide.iter().step_by(wide.len() / 4).take(4).cloned());

    let legacy: Vec<(String, String)> = common::tsv("legacy.tsv")
        .into_iter()
        .filter(|r| r[1] == "merchant-code")
        .map(|r| (r[2].clone(), common::unescape(&r[0])))
        .collect();
    let first = |provider: &str| legacy.iter().find(|(p, _)| p == provider).map(|(_, c)| c.clone()).unwrap();
    let (wechat, alipay, unionpay, bestpay) =
        (first("wechat-pay"), first("alipay"), first("unionpay"), first("bestpay"));

    let noodles = hutong::unified::Merchant {
        name: "LAO WANG NOODLES".into(),
        city: "SHENZHEN".into(),
        name_zh: "老王面馆".into(),
        city_zh: "深圳".into(),
        ..Default::default()
    };
    let merge = |codes: &[&str], m: &hutong::unified::Merchant| hutong::unified::merge(codes, m).unwrap();
    out.push(merge(&[wechat.as_str()], &noodles));
    out.push(merge(&[wechat.as_str(), alipay.as_str(), unionpay.as_str()], &noodles));
    out.push(merge(&[alipay.as_str()], &hutong::unified::Merchant::default()));
    out.extend([wechat, alipay, unionpay, bestpay]);
    out
}

/// The symbol as render draws it: black on white, `scale` pixels a module, quiet zone included.
fn drawn(payload: &str, scale: u32) -> GrayImage {
    Symbol::new(payload, EcLevel::M).unwrap_or_else(|e| panic!("{e}: {payload}")).image(scale)
}

/// Modules a side, quiet zone included.
fn outer_width(payload: &str) -> u32 {
    Symbol::new(payload, EcLevel::M).unwrap().outer_width() as u32
}

/// Pixels a module for a symbol that, turned by any angle, still fits the photo.
fn photo_scale(payload: &str) -> u32 {
    (MAX_SIDE * 7 / 10 / outer_width(payload)).clamp(3, 8)
}

/// `img` on a `side`-pixel square of `fill`, centred.
fn centred(img: &GrayImage, side: u32, fill: u8) -> GrayImage {
    let mut out = GrayImage::from_pixel(side, side, Luma([fill]));
    let (x, y) = ((side - img.width()) / 2, (side - img.height()) / 2);
    image::imageops::replace(&mut out, img, i64::from(x), i64::from(y));
    out
}

/// `img` mapped by `projection` onto a `w`×`h` image of `fill`.
fn warped(img: &GrayImage, projection: &Projection, w: u32, h: u32, fill: u8) -> GrayImage {
    let mut out = GrayImage::new(w, h);
    warp_into(img, projection, Interpolation::Bilinear, Luma([fill]), &mut out);
    out
}

/// Turns about the centre by `degrees`.
fn turn_about(cx: f32, cy: f32, degrees: f32) -> Projection {
    Projection::translate(cx, cy) * Projection::rotate(degrees * PI / 180.0) * Projection::translate(-cx, -cy)
}

fn add_noise(img: &mut GrayImage, sigma: f64, seed: u64) {
    imageproc::noise::gaussian_noise_mut(img, 0.0, sigma, seed);
}

fn png(img: &GrayImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

fn jpeg(img: &GrayImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality).encode_image(img).unwrap();
    out
}

/// A sticker: the symbol with its quiet zone, opaque, on a transparent `w`×`h` image, mapped
/// by `projection`.
fn sticker(symbol: &GrayImage, projection: &Projection, w: u32, h: u32) -> image::GrayAlphaImage {
    let opaque =
        image::GrayAlphaImage::from_fn(symbol.width(), symbol.height(), |x, y| LumaA([symbol.get_pixel(x, y)[0], 255]));
    let mut out = image::GrayAlphaImage::new(w, h);
    warp_into(&opaque, projection, Interpolation::Bilinear, LumaA([0, 0]), &mut out);
    out
}

/// Lays `top` over `base`, blending by its alpha.
fn lay(base: &mut GrayImage, top: &image::GrayAlphaImage) {
    for (b, t) in base.pixels_mut().zip(top.pixels()) {
        let a = u32::from(t[1]);
        b[0] = ((u32::from(b[0]) * (255 - a) + u32::from(t[0]) * a) / 255) as u8;
    }
}

/// A cluttered scene: a lit gradient, boxes, bars, lines and print-like specks.
fn cluttered(rng: &mut Rng) -> GrayImage {
    use imageproc::drawing::{draw_filled_rect_mut, draw_line_segment_mut};
    use imageproc::rect::Rect;
    let (base, slope) = (rng.range(90.0, 200.0), rng.range(-0.15, 0.15));
    let mut img = GrayImage::from_fn(MAX_SIDE, MAX_SIDE, |x, y| {
        Luma([(base + slope * (x as f32 + y as f32)).clamp(0.0, 255.0) as u8])
    });
    for _ in 0..40 {
        let (x, y) = (rng.below(MAX_SIDE) as i32 - 40, rng.below(MAX_SIDE) as i32 - 40);
        let (w, h) = (8 + rng.below(160), 8 + rng.below(160));
        draw_filled_rect_mut(&mut img, Rect::at(x, y).of_size(w, h), Luma([rng.below(256) as u8]));
    }
    for _ in 0..300 {
        // Dark specks the size of a module or two, like text and patterned print.
        let (x, y, s) = (rng.below(MAX_SIDE) as i32, rng.below(MAX_SIDE) as i32, 2 + rng.below(8));
        draw_filled_rect_mut(&mut img, Rect::at(x, y).of_size(s, s), Luma([rng.below(80) as u8]));
    }
    for _ in 0..30 {
        let p = (rng.range(0.0, MAX_SIDE as f32), rng.range(0.0, MAX_SIDE as f32));
        let q = (rng.range(0.0, MAX_SIDE as f32), rng.range(0.0, MAX_SIDE as f32));
        draw_line_segment_mut(&mut img, p, q, Luma([rng.below(256) as u8]));
    }
    img
}

/// The photo of `payload` degraded as `kind` says; `i` picks the degradation's parameters.
fn photo(kind: Kind, payload: &str, i: usize) -> Photo {
    let mut rng = Rng::new(kind as u64 * 1000 + i as u64);
    let scale = photo_scale(payload);
    let clean = drawn(payload, scale);
    let side = clean.width();
    let (name, bytes) = match kind {
        Kind::Clean => (format!("{i:02}-scale{scale}"), png(&clean)),
        Kind::Rotated => {
            let angle = rng.range(0.0, 360.0);
            let big = (side as f32 * 1.42).ceil() as u32;
            let c = big as f32 / 2.0;
            let img = warped(&centred(&clean, big, 255), &turn_about(c, c, angle), big, big, 255);
            (format!("{i:02}-{angle:.0}deg"), png(&img))
        }
        Kind::Perspective => {
            let big = (side as f32 * 1.3).ceil() as u32;
            let m = (big - side) as f32 / 2.0;
            let s = side as f32;
            // One edge seen nearer than the opposite one, which of the four at random.
            let far = rng.range(0.7, 0.9);
            let inset = s * (1.0 - far) / 2.0;
            let mut to = [(m, m), (m + s, m), (m + s, m + s), (m, m + s)];
            let edge = rng.below(4) as usize;
            let (a, z) = (edge, (edge + 1) % 4);
            let (dx, dy) = (to[z].0 - to[a].0, to[z].1 - to[a].1);
            let len = dx.hypot(dy);
            let (ux, uy) = (dx / len, dy / len);
            to[a] = (to[a].0 + ux * inset, to[a].1 + uy * inset);
            to[z] = (to[z].0 - ux * inset, to[z].1 - uy * inset);
            for p in &mut to {
                *p = (p.0 + rng.range(-0.04, 0.04) * s, p.1 + rng.range(-0.04, 0.04) * s);
            }
            let from = [(0.0, 0.0), (s, 0.0), (s, s), (0.0, s)];
            let projection = Projection::from_control_points(from, to).expect("a proper quadrilateral");
            let mut img = GrayImage::from_pixel(big, big, Luma([255]));
            lay(&mut img, &sticker(&clean, &projection, big, big));
            (format!("{i:02}-far{:.0}", far * 100.0), png(&img))
        }
        Kind::Blurred => {
            let f = rng.range(0.45, 0.65);
            let img = imageproc::filter::gaussian_blur_f32(&clean, f * scale as f32);
            (format!("{i:02}-sigma{:.2}", f), png(&img))
        }
        Kind::Noisy => {
            let sigma = rng.range(30.0, 50.0);
            let mut img = clean.clone();
            add_noise(&mut img, f64::from(sigma), i as u64);
            (format!("{i:02}-sigma{sigma:.0}"), png(&img))
        }
        Kind::Jpeg => {
            let quality = 5 + rng.below(8) as u8;
            let small = side * 77 / 100;
            let img = image::imageops::resize(&clean, small, small, FilterType::Triangle);
            (format!("{i:02}-q{quality}"), jpeg(&img, quality))
        }
        Kind::LowResolution => {
            let px = rng.range(1.4, 2.0);
            let small = (outer_width(payload) as f32 * px).round() as u32;
            let img = image::imageops::resize(&clean, small, small, FilterType::Triangle);
            (format!("{i:02}-{px:.2}px"), png(&img))
        }
        Kind::LowContrast => {
            let span = rng.range(25.0, 40.0);
            let dark = rng.range(70.0, 180.0);
            let light_slope = rng.range(-0.06, 0.06);
            let mut img = GrayImage::from_fn(side, side, |x, y| {
                let v = clean.get_pixel(x, y)[0] as f32 / 255.0;
                let light = light_slope * (x as f32 - y as f32);
                Luma([(dark + light + v * span).clamp(0.0, 255.0) as u8])
            });
            add_noise(&mut img, 3.0, i as u64);
            (format!("{i:02}-span{span:.0}"), png(&img))
        }
        Kind::Inverted => {
            let mut img = clean.clone();
            image::imageops::invert(&mut img);
            (format!("{i:02}"), png(&img))
        }
        Kind::BusyBackground => {
            let mut img = cluttered(&mut rng);
            let s = (MAX_SIDE as f32 * rng.range(0.5, 0.65) / outer_width(payload) as f32).max(3.0);
            let side = outer_width(payload) as f32 * s;
            let symbol = drawn(payload, s.ceil() as u32);
            let fit = side / symbol.width() as f32;
            let room = MAX_SIDE as f32 - side * 1.3;
            let (cx, cy) = (side * 0.65 + rng.range(0.0, room.max(1.0)), side * 0.65 + rng.range(0.0, room.max(1.0)));
            let angle = rng.range(-25.0, 25.0);
            let projection = Projection::translate(cx, cy)
                * Projection::rotate(angle * PI / 180.0)
                * Projection::scale(fit, fit)
                * Projection::translate(-(symbol.width() as f32) / 2.0, -(symbol.height() as f32) / 2.0);
            lay(&mut img, &sticker(&symbol, &projection, MAX_SIDE, MAX_SIDE));
            (format!("{i:02}-{angle:.0}deg"), png(&img))
        }
        Kind::Several => unreachable!("photos of several codes are made by several()"),
    };
    Photo { kind, name: format!("{}-{name}", kind.id()), bytes, payloads: vec![payload.to_string()] }
}

/// Photos of several codes: the payloads in groups of two to four, each code in its own part
/// of a light grey photo, turned a little.
fn several(payloads: &[String]) -> Vec<Photo> {
    let mut out = Vec::new();
    let mut rest = payloads;
    let mut n = 0;
    while !rest.is_empty() {
        let k = [2, 3, 4, 2, 3][n % 5].min(rest.len());
        let (group, tail) = rest.split_at(k);
        rest = tail;
        let mut rng = Rng::new(99_000 + n as u64);
        let mut img = GrayImage::from_pixel(MAX_SIDE, MAX_SIDE, Luma([200]));
        add_noise(&mut img, 6.0, n as u64);
        let cols = if k == 1 { 1 } else { 2 };
        let rows = k.div_ceil(cols) as u32;
        let (cw, ch) = (MAX_SIDE / cols as u32, MAX_SIDE / rows);
        for (j, payload) in group.iter().enumerate() {
            let cell = cw.min(ch) as f32 * 0.8;
            let outer = outer_width(payload) as f32;
            let s = (cell / outer).floor().max(3.0) as u32;
            let symbol = drawn(payload, s);
            let (col, row) = ((j % cols) as u32, (j / cols) as u32);
            let (cx, cy) = ((col as f32 + 0.5) * cw as f32, (row as f32 + 0.5) * ch as f32);
            let angle = rng.range(-10.0, 10.0);
            let projection = Projection::translate(cx, cy)
                * Projection::rotate(angle * PI / 180.0)
                * Projection::translate(-(symbol.width() as f32) / 2.0, -(symbol.height() as f32) / 2.0);
            lay(&mut img, &sticker(&symbol, &projection, MAX_SIDE, MAX_SIDE));
        }
        out.push(Photo {
            kind: Kind::Several,
            name: format!("several-{n:02}-{k}codes"),
            bytes: png(&img),
            payloads: group.to_vec(),
        });
        n += 1;
    }
    out
}

/// The whole suite, in a fixed order.
fn suite() -> Vec<Photo> {
    let payloads = payloads();
    let mut out = Vec::new();
    for kind in Kind::ALL {
        if kind == Kind::Several {
            out.extend(several(&payloads));
        } else {
            out.extend(payloads.iter().enumerate().map(|(i, p)| photo(kind, p, i)));
        }
    }
    for p in &out {
        assert!(!p.bytes.is_empty(), "{}", p.name);
    }
    out
}

/// Whether a read found every payload of the photo, byte for byte (and nothing else).
fn reads_all(photo: &Photo, read: &[Vec<u8>]) -> bool {
    let mut want: Vec<&[u8]> = photo.payloads.iter().map(|p| p.as_bytes()).collect();
    let mut got: Vec<&[u8]> = read.iter().map(|v| v.as_slice()).collect();
    want.sort();
    got.sort();
    want == got
}

fn scan(photo: &Photo) -> Vec<Vec<u8>> {
    qr_scan::read_image(&photo.bytes).map(|s| s.into_iter().map(|s| s.content).collect()).unwrap_or_default()
}

fn rqrr_alone(photo: &Photo) -> Vec<Vec<u8>> {
    let img = image::load_from_memory(&photo.bytes).unwrap().to_luma8();
    qr_scan::read_rqrr(&img).map(|s| s.into_iter().map(|s| s.content).collect()).unwrap_or_default()
}

/// The photos zbarimg 0.23.92 did not read when the suite was made (`table_for_the_readme`);
/// scan must read every other photo.
const ZBAR_MISSES: &[&str] = &[
    "perspective-01-far70",
    "perspective-04-far76",
    "perspective-06-far78",
    "perspective-07-far78",
    "perspective-08-far74",
    "blurred-00-sigma0.50",
    "blurred-02-sigma0.55",
    "blurred-03-sigma0.60",
    "blurred-04-sigma0.61",
    "blurred-08-sigma0.52",
    "blurred-10-sigma0.55",
    "blurred-11-sigma0.54",
    "blurred-12-sigma0.60",
    "blurred-14-sigma0.59",
    "blurred-15-sigma0.57",
    "noisy-00-sigma46",
    "noisy-01-sigma49",
    "noisy-02-sigma40",
    "noisy-03-sigma49",
    "noisy-05-sigma49",
    "noisy-06-sigma49",
    "noisy-11-sigma47",
    "noisy-12-sigma30",
    "noisy-13-sigma37",
    "noisy-15-sigma42",
    "low-resolution-03-1.52px",
    "low-resolution-04-1.44px",
    "low-resolution-06-1.41px",
    "low-resolution-09-1.40px",
    "low-resolution-12-1.70px",
    "inverted-00",
    "inverted-01",
    "inverted-02",
    "inverted-03",
    "inverted-04",
    "inverted-05",
    "inverted-06",
    "inverted-07",
    "inverted-08",
    "inverted-09",
    "inverted-10",
    "inverted-11",
    "inverted-12",
    "inverted-13",
    "inverted-14",
    "inverted-15",
];

/// How many photos of each kind scan read when the suite was made: it must not read fewer.
const SCAN_READ: &[(Kind, usize)] = &[
    (Kind::Clean, 16),
    (Kind::Rotated, 16),
    (Kind::Perspective, 16),
    (Kind::Blurred, 14),
    (Kind::Noisy, 16),
    (Kind::Jpeg, 16),
    (Kind::LowResolution, 16),
    (Kind::LowContrast, 16),
    (Kind::Inverted, 16),
    (Kind::BusyBackground, 16),
    (Kind::Several, 6),
];

/// Scans every photo of `kind`: each one zbar reads must read, byte for byte, every code in it
/// reported; no fewer than recorded must read; and what rxing reads shows the segments render
/// wrote (ECI 000026 exactly for a non-ASCII payload, then one byte-mode segment).
fn check(kind: Kind) {
    let photos: Vec<Photo> = if kind == Kind::Several {
        several(&payloads())
    } else {
        payloads().iter().enumerate().map(|(i, p)| photo(kind, p, i)).collect()
    };
    for name in ZBAR_MISSES.iter().filter(|n| n.starts_with(&format!("{}-", kind.id()))) {
        assert!(photos.iter().any(|p| p.name == *name), "ZBAR_MISSES names {name}, which the suite no longer makes");
    }
    let mut read = 0;
    let mut missed = Vec::new();
    for photo in &photos {
        let symbols = qr_scan::read_image(&photo.bytes).unwrap_or_default();
        let contents: Vec<Vec<u8>> = symbols.iter().map(|s| s.content.clone()).collect();
        if !reads_all(photo, &contents) {
            missed.push(photo.name.clone());
            continue;
        }
        read += 1;
        for s in symbols.iter().filter(|s| s.decoder == qr_scan::Decoder::Rxing) {
            let payload = std::str::from_utf8(&s.content).unwrap();
            let mut expected = Vec::new();
            if qr_render::needs_utf8_eci(payload) {
                expected.push(qr_scan::Segment::Eci(26));
            }
            expected.push(qr_scan::Segment::Byte(s.content.len()));
            assert_eq!(s.segments.as_deref(), Some(expected.as_slice()), "{}", photo.name);
            assert_eq!((s.ec, s.breaches()), (EcLevel::M, Vec::<String>::new()), "{}", photo.name);
        }
    }
    let zbar_read: Vec<&String> = missed.iter().filter(|n| !ZBAR_MISSES.contains(&n.as_str())).collect();
    assert!(zbar_read.is_empty(), "scan does not read photos zbar reads: {zbar_read:?}");
    let recorded = SCAN_READ.iter().find(|(k, _)| *k == kind).map_or(photos.len(), |(_, n)| *n);
    assert!(
        read >= recorded,
        "{}: scan reads {read} of {} photos, {recorded} when recorded; missed {missed:?}",
        kind.id(),
        photos.len()
    );
}

#[test]
fn clean() {
    check(Kind::Clean);
}

#[test]
fn rotated_by_any_angle() {
    check(Kind::Rotated);
}

#[test]
fn perspective() {
    check(Kind::Perspective);
}

#[test]
fn blurred() {
    check(Kind::Blurred);
}

#[test]
fn noisy() {
    check(Kind::Noisy);
}

#[test]
fn jpeg_compressed() {
    check(Kind::Jpeg);
}

#[test]
fn low_resolution() {
    check(Kind::LowResolution);
}

#[test]
fn low_contrast() {
    check(Kind::LowContrast);
}

#[test]
fn inverted() {
    check(Kind::Inverted);
}

#[test]
fn on_a_busy_background() {
    check(Kind::BusyBackground);
}

#[test]
fn several_codes_in_one_photo_each_reported() {
    check(Kind::Several);
}

#[test]
fn errors_say_what_went_wrong() {
    use qr_scan::ScanError;
    // No symbol: a blank photo, and a busy scene with no code in it.
    let blank = GrayImage::from_pixel(300, 200, Luma([230]));
    assert_eq!(qr_scan::read_image(&png(&blank)).unwrap_err(), ScanError::NoSymbol);
    let scene = cluttered(&mut Rng::new(7));
    assert_eq!(qr_scan::read_image(&png(&scene)).unwrap_err(), ScanError::NoSymbol);
    let error = qr_scan::read_image(b"GIF89a, or anything else").unwrap_err();
    assert_eq!(error.kind(), "unreadable-image");

    // Damaged: a blot over a fifth of the symbol, finder patterns and format information intact.
    let payloads = payloads();
    let long = payloads.iter().max_by_key(|p| p.len()).unwrap();
    let mut img = drawn(long, 4);
    let side = img.width();
    imageproc::drawing::draw_filled_rect_mut(
        &mut img,
        imageproc::rect::Rect::at((side * 3 / 10) as i32, (side * 3 / 10) as i32).of_size(side * 2 / 5, side * 2 / 5),
        Luma([0]),
    );
    let error = qr_scan::read_image(&png(&img)).unwrap_err();
    assert_eq!(error.kind(), "damaged-symbol", "{error}");
    assert!(error.to_string().contains("more errors than level M corrects"), "{error}");

    // Content that is not UTF-8, with no ECI designator and with another character set's.
    let latin1 = b"https://example.com/caf\xe9";
    let plain = qrcode::QrCode::with_error_correction_level(latin1, EcLevel::M).unwrap();
    let mut bits = qrcode::bits::Bits::new(qrcode::types::Version::Normal(3));
    bits.push_eci_designator(3).unwrap();
    bits.push_byte_data(latin1).unwrap();
    bits.push_terminator(EcLevel::M).unwrap();
    let declared = qrcode::QrCode::with_bits(bits, EcLevel::M).unwrap();
    // Kanji mode: the content is the characters' Shift JIS bytes (点 93 5F, 茗 E4 AA).
    let mut bits = qrcode::bits::Bits::new(qrcode::types::Version::Normal(3));
    bits.push_byte_data(b"https://example.com/").unwrap();
    bits.push_kanji_data(&[0x93, 0x5f, 0xe4, 0xaa]).unwrap();
    bits.push_terminator(EcLevel::M).unwrap();
    let kanji = qrcode::QrCode::with_bits(bits, EcLevel::M).unwrap();
    for (code, content, says) in [
        (plain, &latin1[..], "declares no character set (no ECI designator)"),
        (declared, &latin1[..], "declares ECI 000003"),
        (kanji, &b"https://example.com/\x93\x5f\xe4\xaa"[..], "declares no character set (no ECI designator)"),
    ] {
        let n = code.width() as u32;
        let img = GrayImage::from_fn((n + 8) * 4, (n + 8) * 4, |x, y| {
            let (x, y) = ((x / 4).wrapping_sub(4) as usize, (y / 4).wrapping_sub(4) as usize);
            let dark = x < code.width() && y < code.width() && code[(x, y)] == qrcode::Color::Dark;
            Luma([if dark { 0 } else { 255 }])
        });
        let symbols = qr_scan::read_image(&png(&img)).unwrap();
        assert_eq!(symbols.len(), 1);
        assert_eq!(symbols[0].content, content);
        let (message, at) = symbols[0].text().unwrap_err();
        assert_eq!(at, content.iter().position(|&b| b >= 0x80).unwrap());
        assert!(message.contains("not UTF-8") && message.contains(says), "{message}");
    }
}

/// What zbarimg reads: one payload a line with `--raw` (none of the suite's payloads holds a
/// newline).
fn zbar(path: &std::path::Path) -> Option<Vec<Vec<u8>>> {
    let out = std::process::Command::new("zbarimg").args(["--raw", "-q", "-Sqrcode.enable"]).arg(path).output().ok()?;
    let text = out.stdout;
    Some(text.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| l.to_vec()).collect())
}

#[test]
#[ignore = "development: prints the README's table, runs zbarimg if installed"]
fn table_for_the_readme() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/scan_photos");
    std::fs::create_dir_all(&dir).unwrap();
    let photos = suite();
    let mut rows: Vec<(Kind, usize, usize, usize, Option<usize>)> = Vec::new();
    let mut zbar_misses = Vec::new();
    for kind in Kind::ALL {
        let (mut n, mut before, mut after, mut z) = (0, 0, 0, Some(0));
        for p in photos.iter().filter(|p| p.kind == kind) {
            let ext = if kind == Kind::Jpeg { "jpg" } else { "png" };
            let path = dir.join(format!("{}.{ext}", p.name));
            std::fs::write(&path, &p.bytes).unwrap();
            n += 1;
            let b = reads_all(p, &rqrr_alone(p));
            let a = reads_all(p, &scan(p));
            let zr = zbar(&path).map(|r| reads_all(p, &r));
            before += b as usize;
            after += a as usize;
            z = match (z, zr) {
                (Some(z), Some(r)) => Some(z + r as usize),
                _ => None,
            };
            if zr == Some(false) {
                zbar_misses.push(p.name.clone());
            }
            let img = image::load_from_memory(&p.bytes).unwrap().to_luma8();
            let view = qr_scan::read_rxing_views(&img, &qr_scan::View::ALL).1;
            println!("{:<40} rqrr {:<5} scan {:<5} zbar {:?} view {view:?}", p.name, b, a, zr);
        }
        rows.push((kind, n, before, after, z));
    }
    println!(
        "\n| photos | rqrr alone (scan before) | scan now (rxing, then rqrr) | zbarimg 0.23.92 |\n|---|---|---|---|"
    );
    let mut totals = (0, 0, 0, Some(0));
    for (kind, n, b, a, z) in &rows {
        let z_text = z.map_or("-".to_string(), |z| z.to_string());
        println!("| {} ({n}) | {b} | {a} | {z_text} |", kind.describe());
        totals = (totals.0 + n, totals.1 + b, totals.2 + a, totals.3.zip(*z).map(|(t, z)| t + z));
    }
    println!(
        "| **all ({})** | **{}** | **{}** | **{}** |",
        totals.0,
        totals.1,
        totals.2,
        totals.3.map_or("-".to_string(), |z| z.to_string())
    );
    println!("\nconst ZBAR_MISSES: &[&str] = &[");
    for name in &zbar_misses {
        println!("    \"{name}\",");
    }
    println!("];\n\nconst SCAN_READ: &[(Kind, usize)] = &[");
    for (kind, _, _, after, _) in &rows {
        println!("    (Kind::{kind:?}, {after}),");
    }
    println!("];");
}

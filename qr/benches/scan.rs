//! Scanning one photo as the scan example does (examples/common/qr_scan.rs: JPEG decoding, then
//! rxing, then rqrr if need be), from the file's bytes to every symbol's content.
//!
//! - `scan/photo`: the README's first payload (EMVCo's Chinese example, 最佳运输 in 64; QR
//!   version 12-M with ECI 000026) as a phone sees a counter sticker: 600×600 JPEG (quality
//!   85), turned 17°, on a grey counter, with sensor noise. It reads on the first look.
//! - `scan/noisy`: the same code under heavy noise (σ 70), which reads only once smoothed.
//! - `scan/no-code`: the counter with no code, where every look and rqrr run before the answer.
//!
//! Run: `cargo bench -p hutong-qr --bench scan`.

#[path = "../examples/common/qr_render.rs"]
mod qr_render;
#[path = "../examples/common/qr_scan.rs"]
mod qr_scan;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use image::codecs::jpeg::JpegEncoder;
use image::{GrayImage, Luma, LumaA};
use imageproc::geometric_transformations::{warp_into, Interpolation, Projection};
use qrcode::types::EcLevel;

/// The README's set-up example (tests/data/mpm.tsv, CN/EMVCo spec example).
const CODE: &str = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

/// A 600×600 JPEG of a grey counter, with the symbol of `code` (if any) turned 17° on it.
fn photo(code: Option<&str>, noise: f64) -> Vec<u8> {
    let mut img = GrayImage::from_fn(600, 600, |x, y| Luma([(150 + (x + y) / 20) as u8]));
    if let Some(code) = code {
        let symbol = qr_render::Symbol::new(code, EcLevel::M).expect("the code fits a symbol").image(5);
        let sticker = image::GrayAlphaImage::from_fn(symbol.width(), symbol.height(), |x, y| {
            LumaA([symbol.get_pixel(x, y)[0], 255])
        });
        let half = symbol.width() as f32 / 2.0;
        let projection = Projection::translate(300.0, 300.0)
            * Projection::rotate(17f32.to_radians())
            * Projection::translate(-half, -half);
        let mut laid = image::GrayAlphaImage::new(600, 600);
        warp_into(&sticker, &projection, Interpolation::Bilinear, LumaA([0, 0]), &mut laid);
        for (b, t) in img.pixels_mut().zip(laid.pixels()) {
            let a = u32::from(t[1]);
            b[0] = ((u32::from(b[0]) * (255 - a) + u32::from(t[0]) * a) / 255) as u8;
        }
    }
    imageproc::noise::gaussian_noise_mut(&mut img, 0.0, noise, 1);
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).expect("JPEG encodes");
    out
}

fn bench(c: &mut Criterion) {
    let (photo, noisy, empty) = (photo(Some(CODE), 8.0), photo(Some(CODE), 70.0), photo(None, 8.0));
    for (bytes, first_look) in [(&photo, true), (&noisy, false)] {
        let symbols = qr_scan::read_image(bytes).expect("the bench photo reads");
        assert_eq!(symbols.len(), 1);
        assert_eq!(symbols[0].content, CODE.as_bytes());
        let img = image::load_from_memory(bytes).expect("JPEG decodes").to_luma8();
        let view = qr_scan::read_rxing_views(&img, &qr_scan::View::ALL).1;
        assert_eq!(view == Some(qr_scan::View::AsIs), first_look, "{view:?}");
    }
    assert_eq!(qr_scan::read_image(&empty).unwrap_err(), qr_scan::ScanError::NoSymbol);

    let mut g = c.benchmark_group("scan");
    g.sample_size(20);
    g.bench_function("photo", |b| b.iter(|| qr_scan::read_image(black_box(&photo)).map(|s| s.len())));
    g.bench_function("noisy", |b| b.iter(|| qr_scan::read_image(black_box(&noisy)).map(|s| s.len())));
    g.bench_function("no-code", |b| b.iter(|| qr_scan::read_image(black_box(&empty)).map(|s| s.len())));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);

//! How big the unified code is: characters, UTF-8 bytes and the QR symbol (error correction
//! M, with the ECI designator when the payload is not ASCII) for one, two and three carried
//! codes of each provider, and for the README's merge example.
//!
//! ```text
//! cargo run -p hutong-qr --example density
//! ```

#[path = "common/qr_render.rs"]
mod qr_render;
#[path = "../../examples/common/readme_merge.rs"]
mod readme_merge;

use clap::Parser;
use hutong::unified::{self, Merchant};
use qrcode::EcLevel;

/// How big the unified code is: characters and QR version for one to three codes of each provider.
#[derive(Parser)]
struct Args {}

/// One sample merchant code per provider (from tests/data/legacy.tsv).
const SAMPLES: [(&str, &str); 6] = [
    ("WeChat Pay", "weixin://wxpay/bizpayurl?pr=p4lpSuKzz"),
    ("Alipay", "https://qr.alipay.com/bax08123k4y9xyzabc12e045"),
    ("UnionPay", "https://qr.95516.com/00010000/62027533387488456892269917213370"),
    ("WeChat Pay mode 1", "weixin://wxpay/bizpayurl?sign=922E66046CBADFA9DDA161513EA5D87B&appid=wx434819ba8bef839f&mch_id=1788823916&product_id=Pr4W&time_stamp=1695461485&nonce_str=zZHhN8vzLw5n6l7TrKLR9n8eLhM"),
    ("Bestpay", "http://m.bestpay.com.cn/#/apa/jDr8BrrCZYJRbR1DtfpSWface2face"),
    ("aggregated", "https://qr.example-acquirer.cn/pay?id=8812345"),
];

fn row(label: &str, codes: &[&str], merchant: &Merchant) {
    let carried: usize = codes.iter().map(|c| c.len()).sum();
    match unified::merge(codes, merchant) {
        Ok(code) => {
            let chars = code.chars().count();
            let symbol = qr_render::Symbol::new(&code, EcLevel::M).map(|s| s.version().to_string());
            println!(
                "| {label} | {carried} | {chars} | {} | {} | {} |",
                code.len(),
                chars - carried,
                symbol.unwrap_or_else(|e| e)
            );
        }
        Err(e) => println!("| {label} | {carried} | refused: {e} | | | |"),
    }
}

fn main() {
    Args::parse();
    println!("| carried codes | their characters | unified characters | bytes | overhead | QR version (M) |");
    println!("|---|---|---|---|---|---|");
    let none = Merchant::default();
    for (name, code) in SAMPLES {
        for n in 1..=3 {
            row(&format!("{n} × {name}"), &vec![code; n], &none);
        }
    }
    row("README merge example (WeChat Pay, Alipay, UnionPay, names)", &readme_merge::CODES, &readme_merge::merchant());
}

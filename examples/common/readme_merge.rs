//! The README's merge example: a merchant's WeChat Pay, Alipay and UnionPay codes and its names.
//! The density example, the benches and the counter-sign test include this file, so that they
//! measure and draw the very code README shows.
#![allow(dead_code)]

use hutong::unified::Merchant;

/// The three codes, in README's order.
pub const CODES: [&str; 3] = [
    "weixin://wxpay/bizpayurl?pr=p4lpSuKzz",
    "https://qr.alipay.com/bavh4wjlxf12tper3a",
    "https://qr.95516.com/00010000/62027533387488456892269917213370",
];

/// The merchant: Latin and Chinese names, city, MCC.
pub fn merchant() -> Merchant {
    Merchant {
        name: "LAO WANG NOODLES".into(),
        city: "SHENZHEN".into(),
        mcc: "5812".into(),
        name_zh: "老王面馆".into(),
        ..Merchant::default()
    }
}

//! Command-line pieces the examples share: the merchant options of convert and merge, and
//! values hutong reads (a wallet id, a day) for inspect and merge.
#![allow(dead_code)]

use std::str::FromStr;

use hutong::unified::Merchant;

/// A value hutong reads (a wallet id, a day), refused in hutong's words.
pub fn hutong_value<T: FromStr<Err = hutong::Error>>(s: &str) -> Result<T, String> {
    s.parse().map_err(|e: hutong::Error| e.message().to_string())
}

/// What the unified code says of the merchant; an option not given keeps `Merchant`'s default.
#[derive(clap::Args)]
pub struct MerchantArgs {
    /// Merchant name (59): printable ASCII, at most 25 characters
    #[arg(long)]
    name: Option<String>,
    /// Merchant city (60): printable ASCII, at most 15 characters
    #[arg(long)]
    city: Option<String>,
    /// Merchant category code (52), ISO 18245 [default: 0000]
    #[arg(long)]
    mcc: Option<String>,
    /// Amount in yuan (54), such as 12.50: makes the code dynamic
    #[arg(long)]
    amount: Option<String>,
    /// The name in Chinese (64.01)
    #[arg(long, value_name = "NAME")]
    name_zh: Option<String>,
    /// The city in Chinese (64.02)
    #[arg(long, value_name = "CITY")]
    city_zh: Option<String>,
}

impl MerchantArgs {
    pub fn merchant(self) -> Merchant {
        Merchant {
            name: self.name.unwrap_or_default(),
            city: self.city.unwrap_or_default(),
            mcc: self.mcc.unwrap_or_default(),
            amount: self.amount.unwrap_or_default(),
            name_zh: self.name_zh.unwrap_or_default(),
            city_zh: self.city_zh.unwrap_or_default(),
            ..Merchant::default()
        }
    }
}

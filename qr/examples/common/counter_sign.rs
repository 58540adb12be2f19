//! A printable counter sign for a merged code: the merchant's Chinese and Latin names at the
//! top, the QR symbol large in the middle with its quiet zone, and below it the wallets that
//! can pay the code according to `hutong::interop::Table` on a given day.
//!
//! The page is A6 (105 × 148 mm) at 300 dpi, 1240 × 1748 px: it also prints well on a
//! 10 × 15 cm photo card. The symbol takes the largest whole number of pixels per module that
//! leaves room for the text, and is centred with its 4-module quiet zone, which nothing else
//! is drawn over. Only wallets whose verdict is "pays" are listed; those resting on a secondary
//! source (confidence "reported") are drawn in grey, with a footnote saying what grey means.
//!
//! Text is rasterised with `ab_glyph` from a font file found at run time: `--font PATH`
//! (`PATH:N` for face N of a collection), else the first of [`FONT_CANDIDATES`] (then
//! fontconfig's `fc-list :lang=zh`) that has a glyph for every character on the sign. None
//! found is an error naming the package to install, never a sign with empty boxes.
//!
//! The layout is a list of drawing operations that both the PNG and the SVG (text as `<text>`
//! in the same places, for the viewer's own fonts) are made from.
//!
//! Used by the merge example and by tests/counter_sign.rs, which include it next to
//! examples/common/qr_render.rs (as the crate's `qr_render` module).
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

use ab_glyph::{point, Font, FontVec, GlyphId, PxScale, ScaleFont};
use hutong::emv::mpm::Mode;
use hutong::interop::{Confidence, Date, Table, Verdict, Wallet};
use hutong::unified::Merchant;
use image::{Rgb, RgbImage};

use crate::qr_render::Symbol;

/// Page width in pixels: 105 mm at 300 dpi.
pub const PAGE_WIDTH: u32 = 1240;
/// Page height in pixels: 148 mm at 300 dpi.
pub const PAGE_HEIGHT: u32 = 1748;
/// The resolution the page is laid out for, written into the PNG.
pub const DPI: u32 = 300;
/// Fewest pixels per module accepted: 5 px is 0.42 mm at 300 dpi, about the least a phone
/// reads from arm's length.
pub const MIN_MODULE_PX: u32 = 5;

/// Margin between the page edge and the text.
const MARGIN: f32 = 72.0;
/// Closest the symbol's quiet zone comes to the left and right edges.
const SYMBOL_SIDE_MARGIN: u32 = 40;

const INK: [u8; 3] = [0x14, 0x14, 0x14];
const SOFT_INK: [u8; 3] = [0x50, 0x50, 0x50];
const GREY: [u8; 3] = [0x9a, 0x9a, 0x9a];
const LIGHT_GREY: [u8; 3] = [0xb4, 0xb4, 0xb4];
const RULE: [u8; 3] = [0xdc, 0xdc, 0xdc];
const RED: [u8; 3] = [0xc8, 0x10, 0x2e];
const WHITE: [u8; 3] = [0xff, 0xff, 0xff];

/// Where to look for a font with Chinese glyphs, in order, each with the face to use in a
/// collection: Debian and Ubuntu packages first (fonts-noto-cjk, whose face 2 is Simplified
/// Chinese; fonts-wqy-microhei; fonts-wqy-zenhei; fonts-droid-fallback), then Fedora's and
/// Arch's Noto, macOS and Windows.
pub const FONT_CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", 0),
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("C:\\Windows\\Fonts\\simhei.ttf", 0),
];

/// What to install when no font is found.
pub const FONT_HINT: &str =
    "install a font with Chinese glyphs (Debian and Ubuntu: `apt-get install fonts-wqy-microhei`, \
     or fonts-noto-cjk; Fedora: google-noto-sans-cjk-fonts) or pass --font PATH to a .ttf, .otf or .ttc file";

/// The SVG's font stack, for the viewer's own fonts.
const SVG_FONTS: &str =
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif";

/// A loaded font and where it came from.
pub struct SignFont {
    font: FontVec,
    /// The file, with `:N` when the face is not the first of a collection.
    pub source: String,
}

impl SignFont {
    /// Face `index` of the font file at `path`.
    pub fn open(path: &Path, index: u32) -> Result<SignFont, String> {
        let data = std::fs::read(path).map_err(|e| format!("font {}: {e}", path.display()))?;
        let font = FontVec::try_from_vec_and_index(data, index)
            .map_err(|e| format!("font {} (face {index}): {e}", path.display()))?;
        let source = if index == 0 { path.display().to_string() } else { format!("{}:{index}", path.display()) };
        Ok(SignFont { font, source })
    }

    /// The characters of `text` (whitespace aside) the font has no glyph for, each once.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = Vec::new();
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            if self.font.glyph_id(c) == GlyphId(0) && !missing.contains(&c) {
                missing.push(c);
            }
        }
        missing
    }

    /// The font for a sign showing `text`: `explicit` (`PATH` or `PATH:N`) when given, else the
    /// first font found that has every glyph of `text`.
    pub fn find(explicit: Option<&str>, text: &str) -> Result<SignFont, String> {
        if let Some(spec) = explicit {
            let (path, index) = split_face(spec);
            let font = SignFont::open(path, index)?;
            let missing = font.missing(text);
            if !missing.is_empty() {
                return Err(format!(
                    "font {} has no glyph for {}: {FONT_HINT}",
                    font.source,
                    missing.iter().collect::<String>()
                ));
            }
            return Ok(font);
        }
        let mut tried: Vec<String> = Vec::new();
        for (path, index) in FONT_CANDIDATES.iter().map(|&(p, i)| (p.to_string(), i)).chain(fontconfig_chinese()) {
            let path = Path::new(&path);
            if !path.is_file() {
                continue;
            }
            match SignFont::open(path, index) {
                Ok(font) => {
                    let missing = font.missing(text);
                    if missing.is_empty() {
                        return Ok(font);
                    }
                    tried.push(format!("{} lacks {}", font.source, missing.iter().collect::<String>()));
                }
                Err(e) => tried.push(e),
            }
        }
        let found = if tried.is_empty() { "none found".to_string() } else { tried.join("; ") };
        Err(format!("no font has the sign's Chinese glyphs ({found}): {FONT_HINT}"))
    }
}

/// `PATH:N` as the path and face N; anything else as a path and face 0 (so `C:\…` stays whole).
fn split_face(spec: &str) -> (&Path, u32) {
    if let Some((path, n)) = spec.rsplit_once(':') {
        if let Ok(n) = n.parse() {
            if Path::new(path).is_file() {
                return (Path::new(path), n);
            }
        }
    }
    (Path::new(spec), 0)
}

/// Fonts fontconfig says cover Chinese, where it is installed.
fn fontconfig_chinese() -> Vec<(String, u32)> {
    let Ok(out) = std::process::Command::new("fc-list").args(["--format", "%{file}\t%{index}\n", ":lang=zh"]).output()
    else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(f, i)| (f.to_string(), i.parse().unwrap_or(0)))
        .collect()
}

/// A wallet that pays the code, and whether the fact is confirmed (else reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payer {
    pub wallet: Wallet,
    pub confirmed: bool,
}

/// The wallets that pay `code` on `on` by the built-in interop table, in [`Wallet::ALL`] order.
pub fn payers(code: &str, on: Date) -> Result<Vec<Payer>, String> {
    let recognised = hutong::recognise_with(code, Mode::Strict).map_err(|e| format!("the code: {}", e.message()))?;
    Ok(Table::new()
        .who_can_pay(&recognised, on)
        .iter()
        .filter(|a| a.answer.verdict == Verdict::Pays)
        .map(|a| Payer { wallet: a.answer.wallet, confirmed: a.answer.confidence == Confidence::Confirmed })
        .collect())
}

/// How the sign names a wallet: a Chinese line and a Latin line. Visitors' wallets are named by
/// the network that links them, with examples a visitor knows.
pub fn wallet_label(wallet: Wallet) -> (&'static str, &'static str) {
    match wallet {
        Wallet::WeChat => ("微信", "WeChat"),
        Wallet::Alipay => ("支付宝", "Alipay"),
        Wallet::UnionPayApp => ("云闪付", "UnionPay"),
        Wallet::BankApp => ("银行App", "bank apps"),
        Wallet::EcnyApp => ("数字人民币", "e-CNY"),
        Wallet::Hebao => ("和包", "Hebao"),
        Wallet::Bestpay => ("翼支付", "Bestpay"),
        Wallet::WoWallet => ("沃钱包", "WoWallet"),
        Wallet::Jd => ("京东", "JD"),
        Wallet::Meituan => ("美团", "Meituan"),
        Wallet::VisitorAlipayPlus => ("Alipay+", "e.g. AlipayHK, Kakao Pay"),
        Wallet::VisitorUnionPay => ("UnionPay", "e.g. BoC Pay, PayMe"),
        Wallet::VisitorWeixinPay => ("Weixin Pay", "e.g. K PLUS, Boost"),
        Wallet::VisitorCpg => ("CPG", "cross-border gateway"),
        other => (other.name(), ""),
    }
}

/// Whether the wallet is a visitor's, listed apart.
fn is_visitors(wallet: Wallet) -> bool {
    matches!(
        wallet,
        Wallet::VisitorAlipayPlus | Wallet::VisitorUnionPay | Wallet::VisitorWeixinPay | Wallet::VisitorCpg
    )
}

const SCAN_WITH_THESE: &str = "扫码付款 · Scan with any of these apps";
const SCAN_TO_PAY: &str = "扫码付款 · Scan to pay";

/// Everything the sign says, in the order it says it.
pub struct Content {
    /// The largest line: the Chinese name, or the Latin one when there is no Chinese name.
    pub headline: String,
    /// The Latin name under the Chinese one.
    pub subline: Option<String>,
    /// The amount of a dynamic code, as `¥12.50`.
    pub amount: Option<String>,
    pub scan: String,
    pub wallets: Vec<Payer>,
    pub visitors_label: String,
    pub footnotes: Vec<String>,
}

impl Content {
    /// The sign of a code made for `merchant`, payable by `payers` on `on`.
    pub fn new(merchant: &Merchant, payers: &[Payer], on: Date) -> Content {
        let (headline, subline) = if merchant.name_zh.is_empty() {
            (merchant.name.clone(), None)
        } else {
            (merchant.name_zh.clone(), Some(merchant.name.clone()).filter(|n| !n.is_empty()))
        };
        let mut footnotes = vec![format!("Wallets as hutong's interop table lists them on {on}")];
        if payers.iter().any(|p| !p.confirmed) {
            footnotes.push("灰色：二手来源，未经官方确认 · grey: reported by secondary sources".to_string());
        }
        Content {
            headline,
            subline,
            amount: Some(merchant.amount.clone()).filter(|a| !a.is_empty()).map(|a| format!("¥{a}")),
            scan: if payers.is_empty() { SCAN_TO_PAY } else { SCAN_WITH_THESE }.to_string(),
            wallets: payers.to_vec(),
            visitors_label: "境外钱包 · visitors' wallets".to_string(),
            footnotes,
        }
    }

    /// All the text, for checking that the font has every glyph.
    pub fn text(&self) -> String {
        let mut all = vec![self.headline.clone(), self.scan.clone(), self.visitors_label.clone()];
        all.extend(self.subline.iter().chain(&self.amount).chain(&self.footnotes).cloned());
        for p in &self.wallets {
            let (zh, en) = wallet_label(p.wallet);
            all.push(format!("{zh} {en}"));
        }
        all.join("\n")
    }
}

/// One drawing operation, in page pixels.
#[derive(Debug, Clone)]
enum Op {
    /// A filled rectangle.
    Fill {
        x: u32,
        y: u32,
        w: u32,
        h: u32,
        color: [u8; 3],
    },
    Text(Text),
}

impl Op {
    fn text(text: String, size: f32, cx: f32, baseline: f32, color: [u8; 3], bold: f32) -> Op {
        Op::Text(Text { text, size, cx, baseline, color, bold })
    }
}

/// A line of text centred on `cx`, its baseline at `baseline`; `bold` is the faux-bold smear
/// in pixels (0 for regular).
#[derive(Debug, Clone)]
struct Text {
    text: String,
    size: f32,
    cx: f32,
    baseline: f32,
    color: [u8; 3],
    bold: f32,
}

/// The pixel box of the symbol on the page, quiet zone included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SymbolBox {
    pub x: u32,
    pub y: u32,
    /// Side in pixels, quiet zone included.
    pub side: u32,
    /// Pixels per module.
    pub module: u32,
}

/// A laid-out sign, ready to draw as PNG or SVG.
pub struct Sign<'f> {
    font: &'f SignFont,
    ops: Vec<Op>,
    /// Modules per side with the quiet zone, and which are dark, row by row.
    outer: usize,
    dark: Vec<bool>,
    pub symbol_box: SymbolBox,
}

/// Text measurement and layout helpers over one font.
struct Typesetter<'f> {
    font: &'f FontVec,
}

impl Typesetter<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
        let sf = self.font.as_scaled(PxScale::from(size));
        let mut w = 0.0;
        let mut prev: Option<GlyphId> = None;
        for c in text.chars() {
            let id = sf.glyph_id(c);
            if let Some(p) = prev {
                w += sf.kern(p, id);
            }
            w += sf.h_advance(id);
            prev = Some(id);
        }
        w
    }

    /// `size`, or smaller so that `text` fits `max` pixels.
    fn fit(&self, text: &str, size: f32, max: f32) -> f32 {
        let w = self.width(text, size);
        if w > max {
            (size * max / w).floor()
        } else {
            size
        }
    }

    fn ascent(&self, size: f32) -> f32 {
        self.font.as_scaled(PxScale::from(size)).ascent()
    }

    fn line_height(&self, size: f32) -> f32 {
        let sf = self.font.as_scaled(PxScale::from(size));
        sf.ascent() - sf.descent()
    }
}

/// A run of text placed in a column: adds the ops of one centred line whose box starts at `y`,
/// and returns the `y` under it.
fn line(ops: &mut Vec<Op>, ts: &Typesetter<'_>, text: &str, size: f32, y: f32, color: [u8; 3], bold: f32) -> f32 {
    let size = ts.fit(text, size, PAGE_WIDTH as f32 - 2.0 * MARGIN);
    ops.push(Op::text(text.to_string(), size, PAGE_WIDTH as f32 / 2.0, y + ts.ascent(size), color, bold));
    y + ts.line_height(size)
}

/// Wallet cells in centred rows: a Chinese line over a Latin line, thin rules between cells.
fn wallet_rows(ops: &mut Vec<Op>, ts: &Typesetter<'_>, payers: &[&Payer], y: f32) -> f32 {
    const ZH: f32 = 50.0;
    const EN: f32 = 31.0;
    const PAD: f32 = 26.0;
    const ROW_GAP: f32 = 14.0;
    let max = PAGE_WIDTH as f32 - 2.0 * MARGIN;
    let cells: Vec<(&Payer, f32)> = payers
        .iter()
        .map(|p| {
            let (zh, en) = wallet_label(p.wallet);
            (*p, ts.width(zh, ZH).max(ts.width(en, EN)) + 2.0 * PAD)
        })
        .collect();
    let mut rows: Vec<Vec<(&Payer, f32)>> = Vec::new();
    for cell in cells {
        match rows.last_mut() {
            Some(row) if row.iter().map(|c| c.1).sum::<f32>() + cell.1 <= max => row.push(cell),
            _ => rows.push(vec![cell]),
        }
    }
    let cell_h = ts.line_height(ZH) + 2.0 + ts.line_height(EN);
    let mut y = y;
    for row in rows {
        let total: f32 = row.iter().map(|c| c.1).sum();
        let mut x = (PAGE_WIDTH as f32 - total) / 2.0;
        for (i, (p, w)) in row.iter().enumerate() {
            if i > 0 {
                let top = y + 0.15 * cell_h;
                ops.push(Op::Fill { x: x as u32, y: top as u32, w: 2, h: (0.7 * cell_h) as u32, color: RULE });
            }
            let (zh, en) = wallet_label(p.wallet);
            let (zh_color, en_color) = if p.confirmed { (INK, SOFT_INK) } else { (GREY, LIGHT_GREY) };
            let cx = x + w / 2.0;
            ops.push(Op::text(zh.to_string(), ZH, cx, y + ts.ascent(ZH), zh_color, 1.0));
            let en_top = y + ts.line_height(ZH) + 2.0;
            ops.push(Op::text(en.to_string(), EN, cx, en_top + ts.ascent(EN), en_color, 0.0));
            x += w;
        }
        y += cell_h + ROW_GAP;
    }
    y - ROW_GAP
}

/// Shifts the `y` of every op by `dy`.
fn shift(ops: &mut [Op], dy: f32) {
    for op in ops {
        match op {
            Op::Fill { y, .. } => *y = (*y as f32 + dy).round() as u32,
            Op::Text(t) => t.baseline += dy,
        }
    }
}

/// Lays out the sign of `symbol` saying `content`, in `font`.
pub fn lay_out<'f>(symbol: &Symbol, content: &Content, font: &'f SignFont) -> Result<Sign<'f>, String> {
    let ts = Typesetter { font: &font.font };

    // Above the symbol, from y = 0: names, and the amount of a dynamic code.
    let mut above = Vec::new();
    let mut y = line(&mut above, &ts, &content.headline, 150.0, 0.0, INK, 3.0);
    if let Some(sub) = &content.subline {
        y = line(&mut above, &ts, sub, 62.0, y + 6.0, SOFT_INK, 0.5);
    }
    if let Some(amount) = &content.amount {
        y = line(&mut above, &ts, amount, 84.0, y + 10.0, RED, 2.0);
    }
    let above_h = y;

    // Below the symbol, from y = 0: what to scan with, the wallets, the footnotes.
    let mut below = Vec::new();
    let mut y = line(&mut below, &ts, &content.scan, 54.0, 0.0, INK, 1.5);
    let domestic: Vec<&Payer> = content.wallets.iter().filter(|p| !is_visitors(p.wallet)).collect();
    let visitors: Vec<&Payer> = content.wallets.iter().filter(|p| is_visitors(p.wallet)).collect();
    if !domestic.is_empty() {
        y = wallet_rows(&mut below, &ts, &domestic, y + 22.0);
    }
    if !visitors.is_empty() {
        let rule_y = y + 22.0;
        below.push(Op::Fill {
            x: 3 * MARGIN as u32,
            y: rule_y as u32,
            w: PAGE_WIDTH - 6 * MARGIN as u32,
            h: 2,
            color: RULE,
        });
        y = line(&mut below, &ts, &content.visitors_label, 32.0, rule_y + 16.0, SOFT_INK, 0.0);
        y = wallet_rows(&mut below, &ts, &visitors, y + 8.0);
    }
    y += 26.0;
    for note in &content.footnotes {
        y = line(&mut below, &ts, note, 27.0, y, GREY, 0.0) + 4.0;
    }
    let below_h = y;

    // The symbol: the most pixels per module that leave room for the text above and below.
    const GAP: f32 = 8.0;
    let outer = symbol.outer_width();
    let room_h = PAGE_HEIGHT as f32 - 2.0 * MARGIN - above_h - below_h - 2.0 * GAP;
    let room_w = PAGE_WIDTH - 2 * SYMBOL_SIDE_MARGIN;
    let module = (room_h.max(0.0) as u32).min(room_w) / outer as u32;
    if module < MIN_MODULE_PX {
        return Err(format!(
            "{} does not fit the page with its text: {module} px per module at {DPI} dpi, at least {MIN_MODULE_PX} needed \
             (fewer codes, or a shorter name)",
            symbol.describe()
        ));
    }
    let side = module * outer as u32;

    // The whole column, centred on the page.
    let total = above_h + GAP + side as f32 + GAP + below_h;
    let top = ((PAGE_HEIGHT as f32 - total) / 2.0).round();
    let symbol_y = (top + above_h + GAP).round() as u32;
    shift(&mut above, top);
    shift(&mut below, symbol_y as f32 + side as f32 + GAP);

    let mut ops = vec![
        Op::Fill { x: 0, y: 0, w: PAGE_WIDTH, h: 22, color: RED },
        Op::Fill { x: 0, y: PAGE_HEIGHT - 10, w: PAGE_WIDTH, h: 10, color: RED },
    ];
    ops.extend(above);
    ops.extend(below);
    let dark = (0..outer * outer).map(|i| symbol.dark_with_quiet_zone(i % outer, i / outer)).collect();
    Ok(Sign { font, ops, outer, dark, symbol_box: SymbolBox { x: (PAGE_WIDTH - side) / 2, y: symbol_y, side, module } })
}

impl Sign<'_> {
    /// The page as pixels.
    pub fn image(&self) -> RgbImage {
        let mut img = RgbImage::from_pixel(PAGE_WIDTH, PAGE_HEIGHT, Rgb(WHITE));
        for op in &self.ops {
            match op {
                Op::Fill { x, y, w, h, color } => {
                    for py in *y..(y + h).min(PAGE_HEIGHT) {
                        for px in *x..(x + w).min(PAGE_WIDTH) {
                            img.put_pixel(px, py, Rgb(*color));
                        }
                    }
                }
                Op::Text(t) => self.draw_text(&mut img, t),
            }
        }
        let b = self.symbol_box;
        for py in 0..b.side {
            for px in 0..b.side {
                let i = (py / b.module) as usize * self.outer + (px / b.module) as usize;
                let c = if self.dark[i] { [0, 0, 0] } else { WHITE };
                img.put_pixel(b.x + px, b.y + py, Rgb(c));
            }
        }
        img
    }

    fn draw_text(&self, img: &mut RgbImage, t: &Text) {
        let Text { ref text, size, cx, baseline, color, bold } = *t;
        let font = &self.font.font;
        let ts = Typesetter { font };
        let sf = font.as_scaled(PxScale::from(size));
        let mut x = cx - (ts.width(text, size) + bold) / 2.0;
        let mut prev: Option<GlyphId> = None;
        // Faux bold: the glyph drawn again every half pixel across `bold` pixels.
        let smear: Vec<f32> = (0..=(bold * 2.0).round() as u32).map(|i| i as f32 / 2.0).collect();
        for c in text.chars() {
            let id = sf.glyph_id(c);
            if let Some(p) = prev {
                x += sf.kern(p, id);
            }
            for dx in &smear {
                let Some(outlined) = font.outline_glyph(id.with_scale_and_position(size, point(x + dx, baseline)))
                else {
                    continue;
                };
                let bounds = outlined.px_bounds();
                outlined.draw(|gx, gy, coverage| {
                    let (px, py) = (bounds.min.x as i64 + gx as i64, bounds.min.y as i64 + gy as i64);
                    if px < 0 || py < 0 || px >= PAGE_WIDTH as i64 || py >= PAGE_HEIGHT as i64 {
                        return;
                    }
                    let a = coverage.clamp(0.0, 1.0);
                    let p = img.get_pixel_mut(px as u32, py as u32);
                    for (ch, ink) in p.0.iter_mut().zip(color) {
                        *ch = (*ch as f32 * (1.0 - a) + ink as f32 * a).round() as u8;
                    }
                });
            }
            x += sf.h_advance(id);
            prev = Some(id);
        }
    }

    /// PNG file bytes of [`Sign::image`], marked as 300 dpi so that it prints at A6.
    pub fn png(&self) -> Result<Vec<u8>, String> {
        let mut out = std::io::Cursor::new(Vec::new());
        self.image().write_to(&mut out, image::ImageFormat::Png).map_err(|e| format!("PNG: {e}"))?;
        Ok(with_dpi(out.into_inner(), DPI))
    }

    /// The same page as SVG, A6 in millimetres: text as `<text>` in the viewer's fonts (see
    /// `SVG_FONTS`), the symbol as one path.
    pub fn svg(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="105mm" height="148mm" viewBox="0 0 {PAGE_WIDTH} {PAGE_HEIGHT}">"#
        );
        let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
        let hex = |c: [u8; 3]| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
        for op in &self.ops {
            match op {
                Op::Fill { x, y, w, h, color } => {
                    let _ = writeln!(s, r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{}"/>"#, hex(*color));
                }
                Op::Text(Text { text, size, cx, baseline, color, bold }) => {
                    // ab_glyph's size is ascent to descent; SVG's font-size is the em, a little less.
                    let em = size * self.em_ratio();
                    let weight = if *bold >= 1.0 { r#" font-weight="bold""# } else { "" };
                    let _ = writeln!(
                        s,
                        r#"<text x="{cx:.1}" y="{baseline:.1}" font-size="{em:.1}" text-anchor="middle" fill="{}"{weight}>{}</text>"#,
                        hex(*color),
                        xml_escape(text)
                    );
                }
            }
        }
        let b = self.symbol_box;
        let mut path = String::new();
        for (i, _) in self.dark.iter().enumerate().filter(|(_, d)| **d) {
            let (mx, my) = ((i % self.outer) as u32, (i / self.outer) as u32);
            let _ = write!(path, "M{} {}h{m}v{m}h-{m}z", b.x + mx * b.module, b.y + my * b.module, m = b.module);
        }
        let _ = writeln!(s, r##"<path d="{path}" fill="#000000" shape-rendering="crispEdges"/>"##);
        s.push_str("</svg>\n");
        s.replacen("<svg ", &format!("<svg font-family=\"{SVG_FONTS}\" "), 1)
    }

    /// The font's em over its ascent-to-descent height.
    fn em_ratio(&self) -> f32 {
        let f = &self.font.font;
        f.units_per_em().map_or(1.0, |em| em / f.height_unscaled())
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `png` with a pHYs chunk after IHDR saying `dpi`, so that viewers and printers know its size.
fn with_dpi(png: Vec<u8>, dpi: u32) -> Vec<u8> {
    // Signature (8) and the IHDR chunk (4 length + 4 type + 13 data + 4 CRC).
    const AFTER_IHDR: usize = 33;
    if png.len() < AFTER_IHDR || &png[12..16] != b"IHDR" {
        return png;
    }
    let per_metre = (dpi as f64 / 0.0254).round() as u32;
    let mut chunk = b"pHYs".to_vec();
    chunk.extend(per_metre.to_be_bytes());
    chunk.extend(per_metre.to_be_bytes());
    chunk.push(1); // unit: metre
    let crc = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC).checksum(&chunk);
    let mut out = Vec::with_capacity(png.len() + 21);
    out.extend(&png[..AFTER_IHDR]);
    out.extend(9u32.to_be_bytes());
    out.extend(chunk);
    out.extend(crc.to_be_bytes());
    out.extend(&png[AFTER_IHDR..]);
    out
}

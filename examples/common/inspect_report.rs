//! The report of one scanned payload, shared by the inspect and scan examples so that a payload
//! typed in and the same payload read from a photo give the same report.

use std::fmt::Display;
use std::io::Write;

use hutong::ecny::EcnyTyping;
use hutong::emv::mpm::{field_name, DataObject, Mode};
use hutong::interop::{CodeAnswer, Date, Table};
use hutong::unified::CarriedCode;
use hutong::{Code, Finding, Provider, Recognised, TagPath};

pub struct Options {
    pub mode: Mode,
    pub json: bool,
}

/// The options inspect and scan share: how codes are read and how the report is written.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// Accept what real generators emit (lenient mode)
    #[arg(long, overrides_with = "strict")]
    lenient: bool,
    /// Apply every EMVCo rule (the default; the last of --strict and --lenient counts)
    #[arg(long, overrides_with = "lenient")]
    strict: bool,
    /// Write each report as one JSON object on a line
    #[arg(long)]
    json: bool,
}

impl ReportArgs {
    pub fn options(&self) -> Options {
        Options { mode: if self.lenient { Mode::Lenient } else { Mode::Strict }, json: self.json }
    }
}

/// The interop table, read from its TSV once: a batch of a million codes would otherwise
/// spend most of its time building it again for each.
pub fn table() -> &'static Table<'static> {
    static TABLE: std::sync::OnceLock<Table<'static>> = std::sync::OnceLock::new();
    TABLE.get_or_init(Table::new)
}

/// Today (UTC), the date the interop table is read on unless told otherwise.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from_unix_days((secs / 86_400) as i64).unwrap_or_else(|| Date::new(1970, 1, 1).expect("a real day"))
}

/// A JSON writer for the reports, into memory: each object's keys in the order written (the
/// reports write theirs in alphabetical order), strings escaped as serde_json escapes them.
///
/// Written by hand rather than derived: the scan example's package (hutong-qr) has serde_json
/// but not serde, so its code cannot name `serde::Serialize`. Each value is written as it is
/// read from the library, without building a tree of JSON values first; a report is written
/// into memory, then to the output in one piece.
#[derive(Default)]
pub struct Json {
    out: Vec<u8>,
    /// Text written through `Display` (a date, a path, a message), before it is escaped.
    text: String,
}

// Each example uses some of the methods only.
#[allow(dead_code)]
impl Json {
    pub fn new() -> Json {
        Json::default()
    }

    /// The JSON text written since the last [`clear`](Json::clear).
    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    pub fn clear(&mut self) {
        self.out.clear();
    }

    /// Bytes as they are: JSON text written elsewhere, or a newline.
    #[inline]
    pub fn raw(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    #[inline]
    pub fn null(&mut self) {
        self.raw(b"null");
    }

    #[inline]
    pub fn bool(&mut self, b: bool) {
        self.raw(if b { b"true" } else { b"false" });
    }

    pub fn uint(&mut self, n: usize) {
        serde_json::to_writer(&mut self.out, &n).expect("a number is written into memory");
    }

    pub fn opt_uint(&mut self, n: Option<usize>) {
        match n {
            Some(n) => self.uint(n),
            None => self.null(),
        }
    }

    #[inline]
    pub fn str(&mut self, s: &str) {
        if plain(s) {
            // What serde_json writes for a string with nothing to escape, without its table
            // lookup for each byte: most strings here are ids, dates and codes.
            self.out.reserve(s.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(s.as_bytes());
            self.out.push(b'"');
        } else {
            serde_json::to_writer(&mut self.out, s).expect("a string is written into memory");
        }
    }

    #[inline]
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    /// A string: what `d` displays.
    pub fn display(&mut self, d: impl Display) {
        use std::fmt::Write as _;
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        write!(text, "{d}").expect("a Display implementation failed");
        self.str(&text);
        self.text = text;
    }

    pub fn opt_display(&mut self, d: Option<impl Display>) {
        match d {
            Some(d) => self.display(d),
            None => self.null(),
        }
    }

    /// An array of what `item` writes for each of `items`.
    pub fn array<I: IntoIterator>(&mut self, items: I, mut item: impl FnMut(&mut Json, I::Item)) {
        self.raw(b"[");
        for (i, x) in items.into_iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            item(self, x);
        }
        self.raw(b"]");
    }

    /// An object: its keys by [`Object::key`], then [`Object::end`].
    #[inline]
    pub fn object(&mut self) -> Object<'_> {
        self.raw(b"{");
        Object { j: self, first: true, extra: None }
    }
}

/// Whether serde_json would write `s` between quotes as it is: no control character, `"` or
/// `\` in it. Eight bytes at a time: the word tests may find such a byte where there is none
/// (then serde_json writes `s`, as it would anyway), never miss one.
#[inline]
fn plain(s: &str) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * n as u64) & !x & HIGH != 0;
    let clean = |x: u64| !(below(x, 0x20) || below(x ^ (ONES * b'"' as u64), 1) || below(x ^ (ONES * b'\\' as u64), 1));
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        if !clean(u64::from_ne_bytes(c.try_into().expect("eight bytes"))) {
            return false;
        }
    }
    // The rest, padded with spaces.
    let mut last = [b' '; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    clean(u64::from_ne_bytes(last))
}

/// An object being written by [`Json::object`].
pub struct Object<'j> {
    j: &'j mut Json,
    first: bool,
    /// A key and its value as JSON text, written before the first key that sorts after it.
    extra: Option<(&'j str, &'j [u8])>,
}

impl Object<'_> {
    /// Writes the key (an identifier: nothing to escape); its value is written next, on the
    /// writer returned.
    #[inline(always)]
    pub fn key(&mut self, key: &str) -> &mut Json {
        if self.extra.is_some() {
            self.extra_before(key);
        }
        self.put_key(key);
        self.j
    }

    /// Writes the extra key first if it sorts before `key`.
    #[cold]
    fn extra_before(&mut self, key: &str) {
        if let Some((k, v)) = self.extra.filter(|&(k, _)| k < key) {
            self.extra = None;
            self.put_key(k);
            self.j.raw(v);
        }
    }

    #[inline(always)]
    fn put_key(&mut self, key: &str) {
        debug_assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        let out = &mut self.j.out;
        out.reserve(key.len() + 4);
        if !self.first {
            out.push(b',');
        }
        self.first = false;
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\":");
    }

    #[inline]
    pub fn end(mut self) {
        if let Some((k, v)) = self.extra.take() {
            self.put_key(k);
            self.j.raw(v);
        }
        self.j.raw(b"}");
    }
}

/// The report of one payload: the contract other tools read, written as one JSON object by
/// [`Report::write_json`] with its keys in alphabetical order (`carried`, `ecny`, `error`,
/// `findings`, `input`, `kind`, `ok`, `payers`, `providers`, `roundtrip`, `unified`,
/// `unified_error`). Each field holds what the library returned and is written from it.
pub struct Report<'a> {
    /// The payload; `None` (null) when there was none to read (scan).
    pub input: Option<&'a str>,
    pub ok: bool,
    /// The kind's id: the code's, or for a code that failed the kind it looks like.
    pub kind: Option<&'static str>,
    pub roundtrip: bool,
    pub findings: Vec<Finding>,
    pub providers: Vec<Provider>,
    /// The unified code, when there is one to convert to and the conversion worked.
    pub unified: Option<String>,
    /// Why the conversion to the unified code failed (the key is absent otherwise).
    pub unified_error: Option<ReportError<'a>>,
    /// For an EMV code: the legacy codes it carries.
    pub carried: Option<Vec<CarriedCode>>,
    pub ecny: Option<EcnyTyping>,
    pub payers: Option<Payers<'static>>,
    /// Why the payload could not be read (the key is absent when it could).
    pub error: Option<ReportError<'a>>,
}

/// An `error` or `unified_error`: {`kind`, `message`, `offset`, `path`}.
pub enum ReportError<'a> {
    /// The library's error.
    Code(hutong::Error),
    /// No payload to read (scan): `path` null.
    // Only scan has such input.
    #[allow(dead_code)]
    Unreadable { kind: &'a str, message: &'a str, offset: Option<usize> },
}

impl ReportError<'_> {
    pub fn kind(&self) -> &str {
        match self {
            ReportError::Code(e) => e.kind().id(),
            ReportError::Unreadable { kind, .. } => kind,
        }
    }

    pub fn offset(&self) -> Option<usize> {
        match self {
            ReportError::Code(e) => Some(e.offset()),
            ReportError::Unreadable { offset, .. } => *offset,
        }
    }

    pub fn path(&self) -> Option<TagPath> {
        match self {
            ReportError::Code(e) => e.path(),
            ReportError::Unreadable { .. } => None,
        }
    }

    pub fn message(&self) -> String {
        match self {
            ReportError::Code(e) => e.message().to_string(),
            ReportError::Unreadable { message, .. } => message.to_string(),
        }
    }

    fn write_json(&self, j: &mut Json) {
        let mut o = j.object();
        o.key("kind").str(self.kind());
        match self {
            ReportError::Code(e) => o.key("message").display(e.message()),
            ReportError::Unreadable { message, .. } => o.key("message").str(message),
        }
        o.key("offset").opt_uint(self.offset());
        o.key("path").opt_display(self.path());
        o.end();
    }
}

/// Which wallets can pay the code on a day, by the interop table.
pub enum Payers<'t> {
    /// `{date, wallets: [{confidence, opens: {form, path, provider}, own, scope, since,
    /// sources, verdict, wallet}]}`.
    Wallets(Date, Vec<CodeAnswer<'t>>),
    /// `{date, presented_by_payer: true}`: a payment code or a consumer-presented code, whose
    /// acceptance depends on the merchant's acquirer.
    PresentedByPayer(Date),
}

impl Payers<'_> {
    fn write_json(&self, j: &mut Json) {
        let mut o = j.object();
        match self {
            Payers::PresentedByPayer(on) => {
                o.key("date").display(on);
                o.key("presented_by_payer").bool(true);
            }
            Payers::Wallets(on, answers) => {
                o.key("date").display(on);
                o.key("wallets").array(answers, |j, a| {
                    let fact = a.answer.fact();
                    let mut o = j.object();
                    o.key("confidence").str(a.answer.confidence.id());
                    let opens = o.key("opens");
                    match &a.opens {
                        Some(c) => {
                            let mut opens = opens.object();
                            opens.key("form").str(c.form);
                            opens.key("path").display(c.path);
                            opens.key("provider").opt_str(c.provider.map(|p| p.id()));
                            opens.end();
                        }
                        None => opens.null(),
                    }
                    o.key("own").bool(a.answer.own);
                    o.key("scope").opt_str(a.answer.scope().map(|s| s.id()));
                    o.key("since").opt_display(fact.and_then(|f| f.since));
                    o.key("sources").array(fact.into_iter().flat_map(|f| f.source_ids()), |j, s| j.str(s));
                    o.key("verdict").str(a.answer.verdict.id());
                    o.key("wallet").str(a.answer.wallet.id());
                    o.end();
                });
            }
        }
        o.end();
    }
}

impl<'a> Report<'a> {
    /// The fields of every report, as a report that failed.
    fn blank(input: Option<&'a str>) -> Report<'a> {
        Report {
            input,
            ok: false,
            kind: None,
            roundtrip: false,
            findings: Vec::new(),
            providers: Vec::new(),
            unified: None,
            unified_error: None,
            carried: None,
            ecny: None,
            payers: None,
            error: None,
        }
    }

    /// Writes the report as one JSON object (no newline), with `extra` (another key and its
    /// value as JSON text: inspect's `pick`, scan's `symbol`) in its place in key order.
    pub fn write_json(&self, j: &mut Json, extra: Option<(&str, &[u8])>) {
        let mut o = j.object();
        o.extra = extra;
        match &self.carried {
            Some(carried) => o.key("carried").array(carried, |j, c| {
                let mut o = j.object();
                o.key("code").str(&c.code);
                o.key("form").str(c.form);
                o.key("path").display(c.path);
                o.key("provider").opt_str(c.provider.map(|p| p.id()));
                o.end();
            }),
            None => o.key("carried").null(),
        }
        match &self.ecny {
            Some(t) => {
                let mut e = o.key("ecny").object();
                e.key("qet").opt_str(t.qet.map(|q| q.as_str()));
                e.key("qt").str(t.qt.as_str());
                e.end();
            }
            None => o.key("ecny").null(),
        }
        if let Some(e) = &self.error {
            e.write_json(o.key("error"));
        }
        o.key("findings").array(&self.findings, |j, f| {
            let mut o = j.object();
            o.key("message").display(f.message());
            o.key("offset").uint(f.offset);
            o.key("path").display(f.path);
            o.key("rule").str(f.rule.id());
            o.end();
        });
        o.key("input").opt_str(self.input);
        o.key("kind").opt_str(self.kind);
        o.key("ok").bool(self.ok);
        match &self.payers {
            Some(p) => p.write_json(o.key("payers")),
            None => o.key("payers").null(),
        }
        o.key("providers").array(&self.providers, |j, p| j.str(p.id()));
        o.key("roundtrip").bool(self.roundtrip);
        o.key("unified").opt_str(self.unified.as_deref());
        if let Some(e) = &self.unified_error {
            e.write_json(o.key("unified_error"));
        }
        o.end();
    }
}

/// The JSON report of one payload: the contract other tools read.
// scan reads the interop table on today's date; inspect takes `--date` and calls `report_on`.
#[allow(dead_code)]
pub fn report(input: &str, mode: Mode) -> Report<'_> {
    report_on(input, mode, today())
}

/// The report of input with no payload to inspect (the scan example: no QR symbol in the
/// image, a damaged symbol, content that is not UTF-8): a failed report's fields, `input`
/// null, and `error` = {`kind`, `offset` (into the symbol's content, when it points there),
/// `path` (null), `message`}.
// Only scan has such input.
#[allow(dead_code)]
pub fn unreadable<'a>(kind: &'a str, message: &'a str, offset: Option<usize>) -> Report<'a> {
    let mut out = Report::blank(None);
    out.error = Some(ReportError::Unreadable { kind, message, offset });
    out
}

/// [`report`], with the interop table read on `on`.
pub fn report_on(input: &str, mode: Mode, on: Date) -> Report<'_> {
    match hutong::recognise_with(input, mode) {
        Ok(code) => report_of(input, &code, on),
        Err(e) => {
            let mut out = Report::blank(Some(input));
            out.kind = hutong::guess_kind(input).map(|k| k.id());
            out.error = Some(ReportError::Code(e));
            out
        }
    }
}

/// The report of a code that was read.
fn report_of<'a>(input: &'a str, code: &Recognised<'_>, on: Date) -> Report<'a> {
    let (unified, unified_error) = match code.unified() {
        Some(Ok(u)) => (Some(u), None),
        Some(Err(e)) => (None, Some(ReportError::Code(e))),
        None => (None, None),
    };
    let carried = code.carried();
    Report {
        input: Some(input),
        ok: true,
        kind: Some(code.kind().id()),
        roundtrip: code.encode().as_deref() == Ok(input),
        findings: code.findings(),
        providers: code.providers(),
        unified,
        unified_error,
        payers: Some(payers(code, carried.as_deref(), on)),
        carried,
        ecny: code.ecny(),
        error: None,
    }
}

/// Which wallets can pay the code on `on`, by the interop table; for a payment code or a
/// consumer-presented code, none: the payer presents it.
fn payers(code: &Recognised<'_>, carried: Option<&[CarriedCode]>, on: Date) -> Payers<'static> {
    let answers = table().who_can_pay_carrying(code, carried, on);
    if answers.is_empty() {
        Payers::PresentedByPayer(on)
    } else {
        Payers::Wallets(on, answers)
    }
}

fn print_tree<'a>(
    w: &mut impl Write,
    objects: impl Iterator<Item = DataObject<'a>>,
    depth: usize,
) -> std::io::Result<()> {
    for o in objects {
        let ids: Vec<u8> = o.path().ids().iter().map(|&i| i as u8).collect();
        let indent = "  ".repeat(depth + 1);
        match o.children() {
            Some(children) => {
                writeln!(w, "{indent}{:02} {} ({})", o.id(), field_name(&ids), o.char_len())?;
                print_tree(w, children, depth + 1)?;
            }
            None => {
                writeln!(w, "{indent}{:02} {} ({}) \"{}\"", o.id(), field_name(&ids), o.char_len(), shown(o.value()))?
            }
        }
    }
    Ok(())
}

/// Text for a person: every invisible or whitespace character other than a space is written
/// as `\u{…}`, so that a bidi override or a newline cannot make a code read as another
/// (JSON output stays exact).
pub fn shown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if hutong::text::is_invisible(c) || (c.is_whitespace() && c != ' ') {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

// As for `report`: inspect calls `print_human_on` with its `--date`.
#[allow(dead_code)]
pub fn print_human(w: &mut impl Write, input: &str, opts: &Options) -> std::io::Result<bool> {
    print_human_on(w, input, opts, today())
}

/// [`print_human`], with the interop table read on `on`.
pub fn print_human_on(w: &mut impl Write, input: &str, opts: &Options, on: Date) -> std::io::Result<bool> {
    let r = report_on(input, opts.mode, on);
    if !r.ok {
        let e = r.error.as_ref();
        writeln!(w, "error: {}", shown(&e.map_or_else(|| "?".to_string(), |e| e.message())))?;
        writeln!(
            w,
            "  kind {}, at byte {}{}",
            e.map_or("?", |e| e.kind()),
            e.and_then(|e| e.offset()).map_or_else(|| "null".to_string(), |o| o.to_string()),
            e.and_then(|e| e.path()).map(|p| format!(", in {p}")).unwrap_or_default()
        )?;
        return Ok(false);
    }
    writeln!(w, "{} ({} mode)", r.kind.unwrap_or("?"), if opts.mode == Mode::Strict { "strict" } else { "lenient" })?;
    if let Ok(Code::EmvMpm(mpm)) = hutong::recognise_with(input, opts.mode).map(|c| c.into_code()) {
        print_tree(w, mpm.objects(), 0)?;
        writeln!(w, "CRC {}: verified", mpm.crc())?;
    } else if let Ok(code) = hutong::recognise_with(input, opts.mode) {
        writeln!(w, "{}", code.describe())?;
    }
    if !r.providers.is_empty() {
        let providers: Vec<&str> = r.providers.iter().map(|p| p.id()).collect();
        writeln!(w, "providers: {}", providers.join(", "))?;
    }
    if let Some(e) = &r.ecny {
        writeln!(w, "e-CNY typing: {} {}", e.qt.as_str(), e.qet.map_or("", |q| q.as_str()))?;
    }
    for c in r.carried.iter().flatten() {
        writeln!(w, "carries {} {}: {}", c.provider.map_or("-", |p| p.id()), c.form, shown(&c.code))?;
    }
    if let Some(u) = &r.unified {
        writeln!(w, "unified: {}", shown(u))?;
    }
    if r.findings.is_empty() {
        writeln!(w, "findings: none")?;
    }
    for f in &r.findings {
        writeln!(w, "finding {} at {} (byte {}): {}", f.rule.id(), f.path, f.offset, shown(&f.message().to_string()))?;
    }
    writeln!(w, "round trip: {}", if r.roundtrip { "exact" } else { "NOT exact" })?;
    print_payers(w, r.payers.as_ref())?;
    Ok(true)
}

/// The payers block: one line a wallet, verdict, confidence, scope and what it opens.
fn print_payers(w: &mut impl Write, payers: Option<&Payers<'_>>) -> std::io::Result<()> {
    let (date, answers) = match payers {
        Some(Payers::PresentedByPayer(_)) => {
            return writeln!(
                w,
                "who can pay it: the payer shows this code; whether a merchant takes it depends on its acquirer's contracts"
            )
        }
        Some(Payers::Wallets(on, answers)) => (on.to_string(), answers.as_slice()),
        None => ("?".to_string(), &[][..]),
    };
    writeln!(w, "who can pay it on {date} (interop table: verdict, confidence, scope, since, carried code opened):")?;
    for a in answers {
        let since = a.answer.fact().and_then(|f| f.since).map(|d| format!("since {d}")).unwrap_or_default();
        let mut line = format!(
            "  {:<20} {:<9} {:<10} {:<15} {:<16}",
            a.answer.wallet.id(),
            a.answer.verdict.id(),
            a.answer.confidence.id(),
            a.answer.scope().map_or("", |s| s.id()),
            since
        );
        if let Some(c) = &a.opens {
            line += &format!(" opens {}", c.form);
        }
        if a.answer.own && a.answer.verdict.id() == "pays" {
            line += " (own code)";
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}

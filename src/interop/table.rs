//! The table of facts, its sources, and the answers it gives.

use alloc::vec::Vec;

use super::{wrong_value, CodeKind, Confidence, Date, Scope, Verdict, Wallet};
use crate::error::providers::Problem;
use crate::error::{Error, Result};
use crate::providers::MerchantCode;
use crate::recognise::{Code, Recognised};
use crate::unified::{self, CarriedCode};
use crate::Provider;

/// The built-in facts, one per line: `wallet`, `kind`, `verdict`, `since` (`YYYY-MM-DD` or
/// `-`), `scope` (or `-`), `confidence`, `sources` (source ids separated by `,`), `note`,
/// separated by tabs, after one header line.
pub const BUILTIN_FACTS: &str = include_str!("../../data/interop.tsv");

/// The built-in sources, one per line: `id`, `name`, `date` (as the source shows it, or
/// `-`), `url` (or `-`), `confidence` (`confirmed` or `reported`), after one header line.
pub const BUILTIN_SOURCES: &str = include_str!("../../data/interop-sources.tsv");

const FACT_HEADER: &str = "wallet\tkind\tverdict\tsince\tscope\tconfidence\tsources\tnote";
const SOURCE_HEADER: &str = "id\tname\tdate\turl\tconfidence";

/// One dated statement: from `since` on (always, when `None`), `wallet` [`pays`](Verdict) (or
/// does not pay) codes of `kind`, within `scope`, as `sources` say.
///
/// ```
/// use hutong::interop::{CodeKind, Confidence, Fact, Scope, Verdict, Wallet};
///
/// let fact = Fact::new(Wallet::Hebao, CodeKind::Aggregated, Verdict::Pays, Confidence::Confirmed, "acme-contract")
///     .since("2026-01-01".parse()?)
///     .scope(Scope::PerAcquirer)
///     .note("Acme's aggregated codes take Hebao (our contract).");
/// assert_eq!(fact.source_ids().collect::<Vec<_>>(), ["acme-contract"]);
/// # Ok::<(), hutong::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Fact<'a> {
    /// The payer's wallet.
    pub wallet: Wallet,
    /// The kind of merchant code.
    pub kind: CodeKind,
    /// Whether the wallet pays it.
    pub verdict: Verdict,
    /// The first day a source documents it (a launch, an announcement, a report); `None`
    /// for a standing fact (a wallet's own code, a gap no source fills).
    pub since: Option<Date>,
    /// Where it works; `None` when the verdict is not "pays".
    pub scope: Option<Scope>,
    /// How well it is attested.
    pub confidence: Confidence,
    /// Ids of its [`Source`]s, separated by `,` (`12,30,56`); `own` for a wallet's own code.
    pub sources: &'a str,
    /// What the sources say, in short.
    pub note: &'a str,
}

impl<'a> Fact<'a> {
    /// A standing fact (no date, no scope, no note) citing `sources`.
    pub const fn new(
        wallet: Wallet,
        kind: CodeKind,
        verdict: Verdict,
        confidence: Confidence,
        sources: &'a str,
    ) -> Fact<'a> {
        Fact { wallet, kind, verdict, since: None, scope: None, confidence, sources, note: "" }
    }

    /// The same fact, documented from `date` on.
    #[must_use]
    pub const fn since(mut self, date: Date) -> Fact<'a> {
        self.since = Some(date);
        self
    }

    /// The same fact with a scope.
    #[must_use]
    pub const fn scope(mut self, scope: Scope) -> Fact<'a> {
        self.scope = Some(scope);
        self
    }

    /// The same fact with a note.
    #[must_use]
    pub const fn note(mut self, note: &'a str) -> Fact<'a> {
        self.note = note;
        self
    }

    /// The ids of its sources, in order.
    pub fn source_ids(&self) -> impl Iterator<Item = &'a str> {
        self.sources.split(',').map(str::trim).filter(|s| !s.is_empty())
    }

    /// Whether it holds on `on`.
    fn in_force(&self, on: Date) -> bool {
        self.since.is_none_or(|s| s <= on)
    }
}

/// A public source the facts cite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Source<'a> {
    /// The id facts cite (`12`, `35b`, `own`).
    pub id: &'a str,
    /// Publisher and title or subject, and whether it is a mirror or a translation.
    pub name: &'a str,
    /// The publication date as the source shows it (`2024-06-19`, `2021-08`), if any.
    pub date: Option<&'a str>,
    /// Where to read it, if anywhere.
    pub url: Option<&'a str>,
    /// How trustworthy the source itself is.
    pub confidence: Confidence,
}

impl<'a> Source<'a> {
    /// A source with no date and no URL.
    pub const fn new(id: &'a str, name: &'a str, confidence: Confidence) -> Source<'a> {
        Source { id, name, date: None, url: None, confidence }
    }

    /// The same source with its URL.
    #[must_use]
    pub const fn url(mut self, url: &'a str) -> Source<'a> {
        self.url = Some(url);
        self
    }

    /// The same source with its publication date, as it shows it.
    #[must_use]
    pub const fn date(mut self, date: &'a str) -> Source<'a> {
        self.date = Some(date);
        self
    }
}

/// What the table's answer rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case", tag = "basis", content = "fact"))]
#[non_exhaustive]
pub enum Basis<'t> {
    /// The fact in force on the date.
    Fact(&'t Fact<'t>),
    /// The route is documented only from a later date (the fact's `since`): before it, the
    /// answer is unknown, not "no".
    NotYet(&'t Fact<'t>),
    /// The table has no fact for this wallet and kind.
    NoFact,
    /// The code is of no kind the table covers (QQ Wallet codes, foreign EMV schemes, a
    /// WeChat Pay EMV template without its code).
    NoKind,
}

/// The table's answer for one wallet and one code (kind) on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Answer<'t> {
    /// The payer's wallet.
    pub wallet: Wallet,
    /// The code's kind, when it has one.
    pub kind: Option<CodeKind>,
    /// Pays, does not, or unknown.
    pub verdict: Verdict,
    /// The fact's confidence; `unclear` when no fact in force settles it.
    pub confidence: Confidence,
    /// Whether the code is the wallet's own provider's.
    pub own: bool,
    /// What the answer rests on.
    pub basis: Basis<'t>,
}

impl<'t> Answer<'t> {
    /// The fact in force, if one settles the answer.
    pub fn fact(&self) -> Option<&'t Fact<'t>> {
        match self.basis {
            Basis::Fact(f) => Some(f),
            _ => None,
        }
    }

    /// Where it works, for a "pays".
    pub fn scope(&self) -> Option<Scope> {
        self.fact().and_then(|f| f.scope)
    }

    /// Whether the wallet pays it.
    pub fn pays(&self) -> bool {
        self.verdict == Verdict::Pays
    }

    /// For the pick: own codes first, then the better attested and the wider in scope.
    fn rank(&self) -> (bool, u8, u8) {
        let confidence = match self.confidence {
            Confidence::Confirmed => 0,
            Confidence::Reported => 1,
            Confidence::Unclear => 2,
        };
        let scope = match self.scope() {
            Some(Scope::Nationwide) => 0,
            Some(Scope::SomeWallets) => 1,
            Some(Scope::PilotCities) => 2,
            Some(Scope::PilotMerchants) => 3,
            Some(Scope::Unstated) => 4,
            Some(Scope::PerAcquirer) => 5,
            None => 6,
        };
        (!self.own, confidence, scope)
    }
}

/// The carried code a wallet should open in a unified (or EMV) code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Pick<'t> {
    /// Its position among the carried codes.
    pub index: usize,
    /// The answer for it (always [`Verdict::Pays`]).
    pub answer: Answer<'t>,
}

/// The answer for a whole recognised code: for an EMV or unified code, the carried code the
/// wallet should open.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CodeAnswer<'t> {
    /// The answer: for an EMV or unified code, the picked code's, or when none is picked the
    /// first "unknown" among the carried codes (else the first "does not").
    pub answer: Answer<'t>,
    /// The carried code to open, for an EMV or unified code the wallet pays.
    pub opens: Option<CarriedCode>,
}

/// The interoperability table: facts, their sources, and the answers they give.
///
/// [`Table::new`] holds the built-in facts. An integrator knows things the public sources do
/// not (its acquirer's contracts, a pilot it runs) and changes the table at run time, as
/// [`paycode::Router`](crate::paycode::Router) does for routing rules: [`add`](Table::add)
/// adds a fact to its cell's history, [`replace`](Table::replace) drops the cell's facts
/// first, [`remove`](Table::remove) drops them. Every fact must cite a known source
/// ([`add_source`](Table::add_source)).
///
/// On a date, a cell's answer is its fact in force with the latest `since` (a standing fact
/// counts as earliest; among equals, the one added last); when all its facts are later,
/// the answer is unknown until the first of them; a cell without facts is unknown.
///
/// ```
/// use hutong::interop::{CodeKind, Confidence, Fact, Scope, Source, Table, Verdict, Wallet};
///
/// let mut table = Table::new();
/// let on = "2026-11-30".parse()?;
/// assert_eq!(table.answer(Wallet::Hebao, CodeKind::Aggregated, on).verdict, Verdict::Unknown);
///
/// table.add_source(Source::new("acme", "Acme Payments' merchant contract", Confidence::Confirmed))?;
/// table.add(Fact::new(Wallet::Hebao, CodeKind::Aggregated, Verdict::Pays, Confidence::Confirmed, "acme")
///     .scope(Scope::PerAcquirer))?;
/// assert_eq!(table.answer(Wallet::Hebao, CodeKind::Aggregated, on).verdict, Verdict::Pays);
/// # Ok::<(), hutong::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<'a> {
    facts: Vec<Fact<'a>>,
    /// Indexes into `facts` ordered by cell (wallet, then kind), each cell's in the order
    /// added: an answer looks at its own cell, not at every fact (who_can_pay asks seven
    /// wallets, each about every carried code).
    by_cell: Vec<u32>,
    sources: Vec<Source<'a>>,
}

impl Default for Table<'static> {
    fn default() -> Self {
        Table::new()
    }
}

impl Table<'static> {
    /// The built-in table ([`BUILTIN_FACTS`], [`BUILTIN_SOURCES`]).
    ///
    /// The data is part of the crate and a test proves it reads; were it ever broken, the
    /// table would be empty, which answers "unknown" everywhere rather than a wrong "pays".
    pub fn new() -> Table<'static> {
        Table::from_tsv(BUILTIN_FACTS, BUILTIN_SOURCES).unwrap_or_else(|_| Table::empty())
    }
}

impl<'a> Table<'a> {
    /// A table with no facts and no sources.
    pub fn empty() -> Table<'a> {
        Table { facts: Vec::new(), by_cell: Vec::new(), sources: Vec::new() }
    }

    /// Reads a table in the format of [`BUILTIN_FACTS`] and [`BUILTIN_SOURCES`] (an
    /// integrator's own table, or the built-in one edited). Errors (`WrongFormat`,
    /// `MissingParameter`) give the byte offset in the text that holds the mistake: a wrong
    /// number of fields, an unknown id, a date that is no day, a fact citing no source or an
    /// unknown one.
    pub fn from_tsv(facts: &'a str, sources: &'a str) -> Result<Table<'a>> {
        let mut table = Table::empty();
        for (at, fields) in rows(sources, SOURCE_HEADER) {
            let [id, name, date, url, confidence] =
                fields_of::<5>(&fields, at, "a source row", "5 tab-separated fields")?;
            let confidence = parse_at(confidence)?;
            let mut source = Source::new(id.1, name.1, confidence);
            source.date = dash(date.1);
            source.url = dash(url.1);
            table.add_source(source).map_err(|e| e.shifted(id.0))?;
        }
        for (at, fields) in rows(facts, FACT_HEADER) {
            let [wallet, kind, verdict, since, scope, confidence, cited, note] =
                fields_of::<8>(&fields, at, "a fact row", "8 tab-separated fields")?;
            let mut fact =
                Fact::new(parse_at(wallet)?, parse_at(kind)?, parse_at(verdict)?, parse_at(confidence)?, cited.1)
                    .note(note.1);
            fact.since = if since.1 == "-" { None } else { Some(parse_at(since)?) };
            fact.scope = if scope.1 == "-" { None } else { Some(parse_at(scope)?) };
            table.add(fact).map_err(|e| e.shifted(cited.0))?;
        }
        Ok(table)
    }

    /// Every fact, in the order added.
    pub fn facts(&self) -> &[Fact<'a>] {
        &self.facts
    }

    /// Every source.
    pub fn sources(&self) -> &[Source<'a>] {
        &self.sources
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source<'a>> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The sources a fact cites, in its order (ids the table does not know are skipped; a
    /// table only takes facts whose sources it knows).
    pub fn sources_of<'s>(&'s self, fact: &Fact<'s>) -> impl Iterator<Item = &'s Source<'a>> + 's {
        fact.source_ids().filter_map(move |id| self.source(id))
    }

    /// The facts of one cell, in the order added.
    pub fn cell(&self, wallet: Wallet, kind: CodeKind) -> impl Iterator<Item = &Fact<'a>> + '_ {
        let cell = Some((wallet, kind));
        let start = self.by_cell.partition_point(|&i| self.cell_of(i) < cell);
        let in_cell = self.by_cell.get(start..).unwrap_or_default();
        let len = in_cell.partition_point(|&i| self.cell_of(i) == cell);
        in_cell.iter().take(len).filter_map(|&i| self.facts.get(i as usize))
    }

    /// The cell of the fact at `i` in `facts` (every index in `by_cell` is one).
    fn cell_of(&self, i: u32) -> Option<(Wallet, CodeKind)> {
        self.facts.get(i as usize).map(|f| (f.wallet, f.kind))
    }

    /// Appends `fact`, indexed after the facts of its cell.
    fn push(&mut self, fact: Fact<'a>) {
        let cell = Some((fact.wallet, fact.kind));
        let at = self.by_cell.partition_point(|&i| self.cell_of(i) <= cell);
        self.by_cell.insert(at, self.facts.len() as u32);
        self.facts.push(fact);
    }

    /// Adds a source, or replaces the one with the same id. Refused (`MissingParameter`)
    /// without an id or a name.
    pub fn add_source(&mut self, source: Source<'a>) -> Result<&mut Self> {
        if source.id.is_empty() || source.name.is_empty() {
            return Err(missing(if source.id.is_empty() { "a source's id" } else { "a source's name" }));
        }
        if source.id.contains(',') {
            return Err(wrong_value("a source's id", "free of ','", source.id, 0));
        }
        self.sources.retain(|s| s.id != source.id);
        self.sources.push(source);
        Ok(self)
    }

    /// Adds a fact to its cell's history. Refused when it cites no source
    /// (`MissingParameter`) or a source the table does not know (`WrongFormat`): add the
    /// source first.
    pub fn add(&mut self, fact: Fact<'a>) -> Result<&mut Self> {
        self.check(&fact)?;
        self.push(fact);
        Ok(self)
    }

    /// Removes the facts of `fact`'s cell, then adds it; a refused fact leaves the cell as it was.
    pub fn replace(&mut self, fact: Fact<'a>) -> Result<&mut Self> {
        self.check(&fact)?;
        self.remove(fact.wallet, fact.kind);
        self.push(fact);
        Ok(self)
    }

    fn check(&self, fact: &Fact<'a>) -> Result<()> {
        if fact.source_ids().next().is_none() {
            return Err(missing("a fact's source"));
        }
        match fact.source_ids().find(|id| self.source(id).is_none()) {
            Some(id) => Err(wrong_value("a fact's source", "the id of a source in the table", id, 0)),
            None => Ok(()),
        }
    }

    /// Removes every fact of a cell; returns how many there were.
    pub fn remove(&mut self, wallet: Wallet, kind: CodeKind) -> usize {
        let before = self.facts.len();
        self.facts.retain(|f| f.wallet != wallet || f.kind != kind);
        // The indexes after the removed facts moved: index again. A stable sort keeps each
        // cell's facts in the order added.
        self.by_cell = (0..self.facts.len() as u32).collect();
        let facts = &self.facts;
        self.by_cell.sort_by_key(|&i| facts.get(i as usize).map(|f| (f.wallet, f.kind)));
        before - self.facts.len()
    }

    /// Whether `wallet` pays codes of `kind` on `on`, and why.
    pub fn answer(&self, wallet: Wallet, kind: CodeKind, on: Date) -> Answer<'_> {
        let own = kind.provider().is_some() && kind.provider() == wallet.provider();
        let unknown = |basis| Answer {
            wallet,
            kind: Some(kind),
            verdict: Verdict::Unknown,
            confidence: Confidence::Unclear,
            own,
            basis,
        };
        let mut in_force: Option<&Fact<'a>> = None;
        let mut first_later: Option<&Fact<'a>> = None;
        for f in self.cell(wallet, kind) {
            if f.in_force(on) {
                // `>=`: among equal dates the fact added last wins.
                if in_force.is_none_or(|best| f.since >= best.since) {
                    in_force = Some(f);
                }
            } else if first_later.is_none_or(|first| f.since < first.since) {
                first_later = Some(f);
            }
        }
        match (in_force, first_later) {
            (Some(f), _) => Answer {
                wallet,
                kind: Some(kind),
                verdict: f.verdict,
                confidence: f.confidence,
                own,
                basis: Basis::Fact(f),
            },
            (None, Some(f)) => unknown(Basis::NotYet(f)),
            (None, None) => unknown(Basis::NoFact),
        }
    }

    /// [`answer`](Table::answer) for a code named by its provider and form id, as a unified
    /// or EMV code names what it carries ([`CodeKind::of`]).
    pub fn answer_form(&self, wallet: Wallet, provider: Option<Provider>, form: &str, on: Date) -> Answer<'_> {
        match CodeKind::of(provider, form) {
            Some(kind) => self.answer(wallet, kind, on),
            None => no_kind(wallet),
        }
    }

    /// [`answer`](Table::answer) for a provider's merchant code.
    pub fn answer_merchant_code(&self, code: &MerchantCode<'_>, wallet: Wallet, on: Date) -> Answer<'_> {
        self.answer_form(wallet, code.provider(), code.form().id(), on)
    }

    /// Which of the carried codes (`(provider, form id)`, in carried order) `wallet` should
    /// open on `on`: among those it pays, its own provider's first, then the best attested
    /// (confirmed before reported), then the widest in scope (nationwide, some wallets, pilot
    /// cities, pilot merchants, unstated, per acquirer), then the first carried. `None` when
    /// it pays none of them; an unknown is never picked.
    pub fn pick(&self, wallet: Wallet, carried: &[(Option<Provider>, &str)], on: Date) -> Option<Pick<'_>> {
        carried
            .iter()
            .enumerate()
            .map(|(index, &(provider, form))| Pick { index, answer: self.answer_form(wallet, provider, form, on) })
            .filter(|p| p.answer.pays())
            .min_by_key(|p| (p.answer.rank(), p.index))
    }

    /// [`pick`](Table::pick) on a unified code: the carried code to open, with its answer.
    /// Errors are those of [`unified::read`].
    pub fn pick_unified(&self, unified: &str, wallet: Wallet, on: Date) -> Result<Option<(CarriedCode, Pick<'_>)>> {
        Ok(self.pick_carried(&unified::read(unified)?.carried, wallet, on).1)
    }

    /// Whether `wallet` can pay a recognised code on `on`: a merchant code by its kind, an
    /// EMV or unified code by the carried code it would open. `None` for what a payer does
    /// not scan: payment codes and consumer-presented codes (see [`Acquirer`](super::Acquirer)).
    pub fn can_pay(&self, code: &Recognised<'_>, wallet: Wallet, on: Date) -> Option<CodeAnswer<'_>> {
        self.can_pay_carrying(code, code.carried().as_deref(), wallet, on)
    }

    /// [`can_pay`](Table::can_pay) for every wallet, in [`Wallet::ALL`] order; empty for
    /// payment codes and consumer-presented codes.
    pub fn who_can_pay(&self, code: &Recognised<'_>, on: Date) -> Vec<CodeAnswer<'_>> {
        self.who_can_pay_carrying(code, code.carried().as_deref(), on)
    }

    /// [`who_can_pay`](Table::who_can_pay) for a caller that already holds what
    /// [`Recognised::carried`] returned for `code` (each call of it walks the code's templates
    /// and parses every carried code again). Answers for an EMV code come from `carried`.
    pub fn who_can_pay_carrying(
        &self,
        code: &Recognised<'_>,
        carried: Option<&[CarriedCode]>,
        on: Date,
    ) -> Vec<CodeAnswer<'_>> {
        Wallet::ALL.iter().filter_map(|&w| self.can_pay_carrying(code, carried, w, on)).collect()
    }

    /// `can_pay` with the EMV code's carried codes already split out.
    fn can_pay_carrying(
        &self,
        code: &Recognised<'_>,
        carried: Option<&[CarriedCode]>,
        wallet: Wallet,
        on: Date,
    ) -> Option<CodeAnswer<'_>> {
        match code.code() {
            Code::MerchantCode(m) => Some(CodeAnswer { answer: self.answer_merchant_code(m, wallet, on), opens: None }),
            Code::EmvMpm(_) => {
                let (answer, picked) = self.pick_carried(carried.unwrap_or_default(), wallet, on);
                Some(CodeAnswer { answer, opens: picked.map(|(c, _)| c) })
            }
            _ => None,
        }
    }

    /// The pick among carried codes, with the answer to give: the pick's, or when there is
    /// none the first unknown (else the first answer, a "does not").
    fn pick_carried(
        &self,
        carried: &[CarriedCode],
        wallet: Wallet,
        on: Date,
    ) -> (Answer<'_>, Option<(CarriedCode, Pick<'_>)>) {
        let pairs: Vec<(Option<Provider>, &str)> = carried.iter().map(|c| (c.provider, c.form)).collect();
        if let Some(pick) = self.pick(wallet, &pairs, on) {
            if let Some(code) = carried.get(pick.index) {
                return (pick.answer, Some((code.clone(), pick)));
            }
        }
        let answers = || pairs.iter().map(|&(p, f)| self.answer_form(wallet, p, f, on));
        let answer = answers()
            .find(|a| a.verdict == Verdict::Unknown)
            .or_else(|| answers().next())
            .unwrap_or_else(|| no_kind(wallet));
        (answer, None)
    }
}

fn no_kind(wallet: Wallet) -> Answer<'static> {
    Answer {
        wallet,
        kind: None,
        verdict: Verdict::Unknown,
        confidence: Confidence::Unclear,
        own: false,
        basis: Basis::NoKind,
    }
}

fn missing(what: &'static str) -> Error {
    Error::new(Problem::Missing { what }, 0, None)
}

fn dash(s: &str) -> Option<&str> {
    (s != "-" && !s.is_empty()).then_some(s)
}

/// A field's text parsed, an error pointing at the field.
fn parse_at<T: core::str::FromStr<Err = Error>>((at, text): (usize, &str)) -> Result<T> {
    text.parse().map_err(|e: Error| e.shifted(at))
}

/// The data rows of a TSV text, each with its byte offset and its fields with theirs. The
/// header line, empty lines and `#` comments are skipped.
fn rows<'a>(text: &'a str, header: &'static str) -> impl Iterator<Item = (usize, Vec<(usize, &'a str)>)> + 'a {
    let mut at = 0;
    text.split_inclusive('\n').filter_map(move |raw| {
        let start = at;
        at += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.is_empty() || line.starts_with('#') || line == header {
            return None;
        }
        let mut fields = Vec::new();
        let mut field_at = start;
        for field in line.split('\t') {
            fields.push((field_at, field));
            field_at += field.len() + 1;
        }
        Some((start, fields))
    })
}

/// Exactly `N` fields, or an error at the row.
fn fields_of<'a, const N: usize>(
    fields: &[(usize, &'a str)],
    at: usize,
    what: &'static str,
    expected: &'static str,
) -> Result<[(usize, &'a str); N]> {
    <[(usize, &'a str); N]>::try_from(fields).map_err(|_| {
        let text = fields.first().map_or("", |f| f.1);
        wrong_value(what, expected, text, at)
    })
}

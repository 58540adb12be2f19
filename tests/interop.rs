//! Who can pay which code: the built-in table is complete and sourced, dates and ids parse,
//! unknown never turns into "pays", and the pick in a unified code opens the wallet's own
//! code first, then one it is known to pay.

use hutong::emv::mpm::{Mode, Mpm};
use hutong::interop::{
    Acquirer, Basis, CodeKind, Confidence, Date, Fact, Scope, Source, Table, Verdict, Wallet, BUILTIN_FACTS,
    BUILTIN_SOURCES,
};
use hutong::paycode::{Router, RoutingRule};
use hutong::providers::{Form, MerchantCode};
use hutong::unified::{self, Merchant};
use hutong::{recognise, ErrorKind, Provider};

const WECHAT_NATIVE: &str = "weixin://wxpay/bizpayurl?pr=p4lpSuKzz";
const WECHAT_PERSONAL: &str = "wxp://f2f0hH-jfNhzgBfezXDBvvMLIwko8IOA5DyH2nDbwFLCPJAXVhdrE";
const WECHAT_BUSINESS: &str = "https://payapp.wechatpay.cn/materialqr/entry/AbC123";
const ALIPAY: &str = "https://qr.alipay.com/bax08123k4y9xyzabc12e045";
const UNIONPAY: &str = "https://qr.95516.com/00010000/62027533387488456892269917213370";
/// The README's merge example.
const README_CODES: [&str; 3] =
    ["weixin://wxpay/bizpayurl?pr=p4lpSuKzz", "https://qr.alipay.com/bavh4wjlxf12tper3a", UNIONPAY];

fn date(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn today() -> Date {
    date("2026-11-30")
}

fn merge(codes: &[&str]) -> String {
    let merchant = Merchant { name: "LAO WANG NOODLES".into(), city: "SHENZHEN".into(), ..Merchant::default() };
    unified::merge(codes, &merchant).unwrap_or_else(|e| panic!("{codes:?}: {e}"))
}

/// The code `wallet` opens in the unified code of `codes` on `on`, if any.
fn picked(table: &Table<'_>, codes: &[&str], wallet: Wallet, on: Date) -> Option<String> {
    table.pick_unified(&merge(codes), wallet, on).unwrap().map(|(c, _)| c.code)
}

#[test]
fn the_builtin_data_reads_whole() {
    let table = Table::from_tsv(BUILTIN_FACTS, BUILTIN_SOURCES).unwrap();
    let data_lines = BUILTIN_FACTS.lines().skip(1).filter(|l| !l.is_empty()).count();
    assert_eq!(table.facts().len(), data_lines);
    assert_eq!(Table::new(), table);
    assert_eq!(table.sources().len(), BUILTIN_SOURCES.lines().skip(1).filter(|l| !l.is_empty()).count());
}

#[test]
fn every_cell_has_a_fact_a_source_and_a_confidence() {
    let table = Table::new();
    for &wallet in Wallet::ALL {
        for &kind in CodeKind::ALL {
            let facts: Vec<&Fact<'_>> = table.cell(wallet, kind).collect();
            assert!(!facts.is_empty(), "{wallet} × {kind} has no fact");
            for f in facts {
                let sources: Vec<&Source<'_>> = table.sources_of(f).collect();
                assert!(!sources.is_empty(), "{wallet} × {kind} cites no source");
                assert_eq!(sources.len(), f.source_ids().count(), "{wallet} × {kind} cites an unknown source");
                assert!(sources.iter().all(|s| !s.name.is_empty()));
                assert!(!f.note.trim().is_empty(), "{wallet} × {kind} has no note");
                assert!(Confidence::ALL.contains(&f.confidence));
                match f.verdict {
                    Verdict::Pays => {
                        assert!(f.scope.is_some(), "{wallet} × {kind}: a 'pays' says where");
                        assert_ne!(
                            f.confidence,
                            Confidence::Unclear,
                            "{wallet} × {kind}: an unclear fact is no 'pays'"
                        );
                    }
                    Verdict::Unknown => {
                        assert_eq!(f.confidence, Confidence::Unclear, "{wallet} × {kind}");
                        assert!(
                            f.scope.is_none() && f.since.is_none(),
                            "{wallet} × {kind}: unknown has no date or scope"
                        );
                    }
                    Verdict::DoesNot => assert_ne!(f.confidence, Confidence::Unclear),
                    _ => unreachable!(),
                }
            }
        }
    }
    // Every source is cited, and every public one says where to read it.
    for s in table.sources() {
        assert!(table.facts().iter().any(|f| f.source_ids().any(|id| id == s.id)), "source {} is never cited", s.id);
        if s.id != "own" {
            assert!(s.url.is_some_and(|u| u.starts_with("http")), "source {} has no URL", s.id);
        }
    }
}

#[test]
fn the_table_has_its_size() {
    let table = Table::new();
    let cells = Wallet::ALL.len() * CodeKind::ALL.len();
    assert_eq!((Wallet::ALL.len(), CodeKind::ALL.len()), (14, 11));
    let answers: Vec<_> = Wallet::ALL
        .iter()
        .flat_map(|&w| CodeKind::ALL.iter().map(move |&k| (w, k)))
        .map(|(w, k)| table.answer(w, k, today()))
        .collect();
    let count = |pred: &dyn Fn(&hutong::interop::Answer<'_>) -> bool| answers.iter().filter(|a| pred(a)).count();
    let unknown = count(&|a| a.verdict == Verdict::Unknown);
    let confirmed = count(&|a| a.verdict != Verdict::Unknown && a.confidence == Confidence::Confirmed);
    let reported = count(&|a| a.verdict != Verdict::Unknown && a.confidence == Confidence::Reported);
    assert_eq!(confirmed + reported + unknown, cells);
    assert_eq!((cells, confirmed, reported, unknown), (154, 33, 11, 110));
}

#[test]
fn dates_parse_strictly() {
    for (s, ymd) in [("2024-06-19", (2024, 6, 19)), ("2024-02-29", (2024, 2, 29)), ("2000-02-29", (2000, 2, 29))] {
        let d = date(s);
        assert_eq!((d.year(), d.month(), d.day()), ymd);
        assert_eq!(d.to_string(), s);
    }
    for bad in [
        "",
        "2024-6-19",
        "2024-06-19 ",
        " 2024-06-19",
        "2023-02-29",
        "1900-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-04-31",
        "0000-01-01",
        "2024/06/19",
        "２０２４-06-19",
        "20240619",
        "2024-06-1x",
    ] {
        let err = bad.parse::<Date>().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WrongFormat, "{bad:?}");
        assert!(err.message().to_string().starts_with("a date must be YYYY-MM-DD"), "{err}");
    }
    assert!(Date::new(2023, 2, 29).is_err());
    assert!(date("2021-12-31") < date("2022-01-01"));
    assert_eq!(Date::from_unix_days(0), Some(date("1970-01-01")));
    assert_eq!(Date::from_unix_days(19_723), Some(date("2024-01-01")));
    assert_eq!(Date::from_unix_days(-1), Some(date("1969-12-31")));
    // Every date in the data is a day.
    for f in Table::new().facts() {
        if let Some(d) = f.since {
            assert_eq!(date(&d.to_string()), d);
        }
    }
}

#[test]
fn ids_round_trip_and_unknown_ones_are_named() {
    for &w in Wallet::ALL {
        assert_eq!(w.id().parse::<Wallet>().unwrap(), w);
    }
    // Names are what the counter sign and inspect print.
    let names: Vec<&str> = Wallet::ALL.iter().map(|w| w.name()).collect();
    assert_eq!(names[..4], ["WeChat", "Alipay", "UnionPay app (云闪付)", "bank apps"]);
    assert_eq!(Wallet::VisitorCpg.name(), "visitors' CPG wallets");
    let distinct: std::collections::BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(distinct.len(), names.len(), "one name per wallet");
    for &k in CodeKind::ALL {
        assert_eq!(k.id().parse::<CodeKind>().unwrap(), k);
    }
    let err = "wechat-pay".parse::<Wallet>().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongFormat);
    assert!(err.message().to_string().contains("a payer wallet must be one of wechat alipay unionpay-app"), "{err}");
    assert!(err.message().to_string().ends_with("found \"wechat-pay\""), "{err}");
}

#[test]
fn every_form_maps_to_a_kind_of_its_provider() {
    for &form in Form::ALL {
        match CodeKind::of_form(form) {
            Some(kind) => assert_eq!(kind.provider(), form.provider(), "{form}"),
            None => assert!(matches!(form, Form::QqWallet | Form::Registered), "{form}"),
        }
    }
    let of = |p, f| CodeKind::of(p, f);
    assert_eq!(of(Some(Provider::WeChatPay), "wechat-native"), Some(CodeKind::WeChatNative));
    assert_eq!(of(Some(Provider::WeChatPay), "wechat-mode1"), Some(CodeKind::WeChatNative));
    assert_eq!(of(Some(Provider::WeChatPay), "wechat-f2f"), Some(CodeKind::WeChatPersonal));
    assert_eq!(of(Some(Provider::WeChatPay), "wechat-payapp"), Some(CodeKind::WeChatPersonal));
    assert_eq!(of(Some(Provider::WeChatPay), "wechat-business"), Some(CodeKind::WeChatBusiness));
    assert_eq!(of(Some(Provider::Alipay), "alipay-qr"), Some(CodeKind::AlipayCollection));
    assert_eq!(of(Some(Provider::Alipay), "alipay-wrapper"), Some(CodeKind::AlipayAppLink));
    assert_eq!(of(Some(Provider::UnionPay), "unionpay-qr"), Some(CodeKind::UnionPayQr));
    assert_eq!(of(Some(Provider::UnionPay), "unionpay-emv15"), Some(CodeKind::UnionPayQr));
    assert_eq!(of(None, "aggregated"), Some(CodeKind::Aggregated));
    // A code of no built-in form falls back to its provider where the provider has one kind.
    for (provider, kind) in [
        (Provider::UnionPay, CodeKind::UnionPayQr),
        (Provider::Ecny, CodeKind::EcnyCode),
        (Provider::Bestpay, CodeKind::BestpayCode),
        (Provider::CmPay, CodeKind::HebaoCode),
        (Provider::UnicomPay, CodeKind::WoWalletCode),
    ] {
        assert_eq!(of(Some(provider), "registered"), Some(kind), "{provider}");
        assert_eq!(of(Some(provider), "emv-template"), Some(kind), "{provider}");
    }
    assert_eq!(of(Some(Provider::WeChatPay), "emv-template"), None);
    assert_eq!(of(Some(Provider::AlipayPlus), "emv-template"), None);
    assert_eq!(of(Some(Provider::QqWallet), "qq-wallet"), None);
    assert_eq!(of(None, ""), None);
}

#[test]
fn a_unified_code_opens_each_wallets_own_code() {
    let table = Table::new();
    let codes = [WECHAT_NATIVE, ALIPAY, UNIONPAY];
    for (wallet, own) in [(Wallet::WeChat, WECHAT_NATIVE), (Wallet::Alipay, ALIPAY), (Wallet::UnionPayApp, UNIONPAY)] {
        let (carried, pick) = table.pick_unified(&merge(&codes), wallet, today()).unwrap().unwrap();
        assert_eq!(carried.code, own, "{wallet}");
        assert!(pick.answer.own && pick.answer.pays(), "{wallet}");
        assert_eq!(pick.answer.confidence, Confidence::Confirmed);
        // Whatever the order the codes are carried in.
        let reversed = [UNIONPAY, ALIPAY, WECHAT_NATIVE];
        assert_eq!(picked(&table, &reversed, wallet, today()).as_deref(), Some(own), "{wallet}");
    }
}

#[test]
fn unionpays_app_opens_the_unionpay_code_then_any_wechat_code_from_2024_06() {
    let table = Table::new();
    let on = date("2024-06-30");
    let before = date("2024-06-18");
    assert_eq!(picked(&table, &[WECHAT_NATIVE, ALIPAY, UNIONPAY], Wallet::UnionPayApp, on).as_deref(), Some(UNIONPAY));
    assert_eq!(picked(&table, &[WECHAT_NATIVE, ALIPAY], Wallet::UnionPayApp, on).as_deref(), Some(WECHAT_NATIVE));
    for wechat in [WECHAT_NATIVE, WECHAT_PERSONAL, WECHAT_BUSINESS] {
        assert_eq!(picked(&table, &[wechat], Wallet::UnionPayApp, on).as_deref(), Some(wechat), "{wechat}");
        let answer = table.answer_merchant_code(&MerchantCode::parse(wechat).unwrap(), Wallet::UnionPayApp, on);
        assert_eq!((answer.verdict, answer.scope()), (Verdict::Pays, Some(Scope::Nationwide)), "{wechat}");
    }
    // Before 2024-06-19: business and Native codes are unknown, never "pays"; personal codes
    // were paid in provincial capitals from 2021-09-30.
    for wechat in [WECHAT_NATIVE, WECHAT_BUSINESS] {
        assert_eq!(picked(&table, &[wechat], Wallet::UnionPayApp, before), None, "{wechat}");
        let answer = table.answer_merchant_code(&MerchantCode::parse(wechat).unwrap(), Wallet::UnionPayApp, before);
        assert_eq!(answer.verdict, Verdict::Unknown);
        assert!(matches!(answer.basis, Basis::NotYet(f) if f.since == Some(date("2024-06-19"))));
    }
    let personal = table.answer(Wallet::UnionPayApp, CodeKind::WeChatPersonal, before);
    assert_eq!((personal.verdict, personal.scope()), (Verdict::Pays, Some(Scope::PilotCities)));
    assert_eq!(
        table.answer(Wallet::UnionPayApp, CodeKind::WeChatPersonal, date("2021-09-29")).verdict,
        Verdict::Unknown
    );
}

#[test]
fn a_bank_app_on_a_wechat_business_code_is_unknown_not_pays() {
    let table = Table::new();
    let business = MerchantCode::parse(WECHAT_BUSINESS).unwrap();
    for on in ["2020-01-01", "2023-11-10", "2024-06-30", "2026-11-30"] {
        let answer = table.answer_merchant_code(&business, Wallet::BankApp, date(on));
        assert_eq!(answer.verdict, Verdict::Unknown, "{on}");
        assert_eq!(answer.confidence, Confidence::Unclear);
    }
    // Personal codes: unknown before the first documented pilot (2020-01-13), then paid.
    let personal = MerchantCode::parse(WECHAT_PERSONAL).unwrap();
    let before = table.answer_merchant_code(&personal, Wallet::BankApp, date("2020-01-12"));
    assert_eq!(before.verdict, Verdict::Unknown);
    assert!(matches!(before.basis, Basis::NotYet(_)));
    let pilot = table.answer_merchant_code(&personal, Wallet::BankApp, date("2020-01-13"));
    assert_eq!((pilot.verdict, pilot.scope()), (Verdict::Pays, Some(Scope::PilotCities)));
    let later = table.answer_merchant_code(&personal, Wallet::BankApp, today());
    assert_eq!((later.verdict, later.scope()), (Verdict::Pays, Some(Scope::SomeWallets)));
    // The telecom wallets: business codes from 2024-05-20, at pilot merchants.
    for wallet in [Wallet::Hebao, Wallet::Bestpay, Wallet::WoWallet, Wallet::Jd] {
        assert_eq!(table.answer(wallet, CodeKind::WeChatBusiness, date("2024-05-19")).verdict, Verdict::Unknown);
        let a = table.answer(wallet, CodeKind::WeChatBusiness, date("2024-05-20"));
        assert_eq!((a.verdict, a.scope()), (Verdict::Pays, Some(Scope::PilotMerchants)), "{wallet}");
        assert_eq!(table.answer(wallet, CodeKind::WeChatNative, today()).verdict, Verdict::Unknown, "{wallet}");
    }
}

#[test]
fn wechat_and_alipay_do_not_pay_each_other() {
    let table = Table::new();
    for kind in [CodeKind::AlipayCollection, CodeKind::AlipayAppLink] {
        assert_eq!(table.answer(Wallet::WeChat, kind, today()).verdict, Verdict::DoesNot);
    }
    for kind in [CodeKind::WeChatPersonal, CodeKind::WeChatBusiness, CodeKind::WeChatNative] {
        assert_eq!(table.answer(Wallet::Alipay, kind, today()).verdict, Verdict::DoesNot);
    }
    // A unified code of the other's code only: no pick, and the answer says "does not".
    let only_alipay = recognise(&merge(&[ALIPAY])).map(|r| r.as_str().to_string()).unwrap();
    let code = recognise(&only_alipay).unwrap();
    let answer = table.can_pay(&code, Wallet::WeChat, today()).unwrap();
    assert_eq!((answer.answer.verdict, answer.opens), (Verdict::DoesNot, None));
}

#[test]
fn the_readme_merge_example_picks() {
    let table = Table::new();
    let expected = [
        (Wallet::WeChat, Some(0)),
        (Wallet::Alipay, Some(1)),
        (Wallet::UnionPayApp, Some(2)),
        (Wallet::BankApp, Some(2)),
        (Wallet::EcnyApp, None),
        (Wallet::Hebao, None),
        (Wallet::Bestpay, None),
        (Wallet::WoWallet, None),
        (Wallet::Jd, Some(2)),
        (Wallet::Meituan, Some(2)),
        (Wallet::VisitorAlipayPlus, Some(1)),
        (Wallet::VisitorUnionPay, Some(2)),
        (Wallet::VisitorWeixinPay, None),
        (Wallet::VisitorCpg, Some(2)),
    ];
    assert_eq!(expected.len(), Wallet::ALL.len());
    for (wallet, index) in expected {
        let got = picked(&table, &README_CODES, wallet, today());
        assert_eq!(got.as_deref(), index.map(|i| README_CODES[i]), "{wallet}");
    }
}

#[test]
fn pick_works_on_provider_and_form_pairs() {
    let table = Table::new();
    let carried = [(None, "aggregated"), (Some(Provider::WeChatPay), "wechat-f2f")];
    // WeChat's own code beats the aggregated one, though the aggregated one comes first.
    let pick = table.pick(Wallet::WeChat, &carried, today()).unwrap();
    assert_eq!((pick.index, pick.answer.own), (1, true));
    // The e-CNY app pays only the aggregated code (where its acquirer enabled e-CNY).
    let pick = table.pick(Wallet::EcnyApp, &carried, today()).unwrap();
    assert_eq!((pick.index, pick.answer.scope()), (0, Some(Scope::PerAcquirer)));
    // A kind the table does not cover is never picked.
    assert!(table.pick(Wallet::WeChat, &[(Some(Provider::QqWallet), "qq-wallet")], today()).is_none());
    assert!(table.pick(Wallet::WeChat, &[], today()).is_none());
}

#[test]
fn can_pay_answers_any_recognised_code() {
    let table = Table::new();
    // A merchant code.
    let code = recognise(ALIPAY).unwrap();
    let a = table.can_pay(&code, Wallet::UnionPayApp, today()).unwrap();
    assert_eq!((a.answer.verdict, a.answer.kind, a.opens), (Verdict::Pays, Some(CodeKind::AlipayCollection), None));
    let sources: Vec<&str> = table.sources_of(a.answer.fact().unwrap()).map(|s| s.id).collect();
    assert_eq!(sources, ["13", "14"]);
    // An EMV code carrying WeChat Pay's Native code (Mongolia): the carried code is what opens.
    let mn = "0002010102121531422604964226049600000000001020417810017com.qq.weixin.pay01091367888090202NT0537weixin://wxpay/bizpayurl?pr=siTObRFz126540014A00000084300010108HPSMMNUB0220MN09005151019910985533410037A111278300000000.alipayplus.v2025051351120008songo.mn5204581153034965406102.435802MN5916Songo.mn-Eastpay6011ULAANBAATAR62340125HPSM2506121043450000000065201180240014A0000008430001010201630412F8";
    assert!(Mpm::parse_with(mn, Mode::Lenient).is_ok());
    let code = hutong::recognise_with(mn, hutong::emv::mpm::Mode::Lenient).unwrap();
    let a = table.can_pay(&code, Wallet::WeChat, today()).unwrap();
    assert_eq!(a.opens.map(|c| c.code).as_deref(), Some("weixin://wxpay/bizpayurl?pr=siTObRFz1"));
    // UnionPay's app prefers its own account in 15.
    let a = table.can_pay(&code, Wallet::UnionPayApp, today()).unwrap();
    assert_eq!(a.opens.map(|c| c.form), Some("unionpay-emv15"));
    // An aggregated URL: pays where the acquirer enabled the wallet, reported.
    let code = recognise("https://pay.example.cn/cashier/#/hub/Q8f3kLm2").unwrap();
    let a = table.can_pay(&code, Wallet::Alipay, today()).unwrap().answer;
    assert_eq!((a.verdict, a.confidence, a.scope()), (Verdict::Pays, Confidence::Reported, Some(Scope::PerAcquirer)));
    // Payment codes are presented by the payer: not a question for the payer's wallet.
    assert!(table.can_pay(&recognise("134567890123456789").unwrap(), Wallet::WeChat, today()).is_none());
    assert!(table.who_can_pay(&recognise("134567890123456789").unwrap(), today()).is_empty());
    assert_eq!(table.who_can_pay(&recognise(ALIPAY).unwrap(), today()).len(), Wallet::ALL.len());
}

#[test]
fn who_can_pay_an_emv_code_goes_by_the_carried_codes_given() {
    let table = Table::new();
    let code = merge(&README_CODES);
    let code = recognise(&code).unwrap();
    let carried = code.carried().unwrap();
    let answers = table.who_can_pay_carrying(&code, Some(&carried), today());
    assert_eq!(answers.len(), Wallet::ALL.len());
    assert_eq!(answers, table.who_can_pay(&code, today()));
    let alipay = answers.iter().find(|a| a.answer.wallet == Wallet::Alipay).unwrap();
    assert_eq!(alipay.opens.as_ref().map(|c| c.code.as_str()), Some(README_CODES[1]));
    // With only the WeChat code carried, Alipay's wallet has nothing of its own to open.
    let only_wechat = table.who_can_pay_carrying(&code, Some(&carried[..1]), today());
    let alipay = only_wechat.iter().find(|a| a.answer.wallet == Wallet::Alipay).unwrap();
    assert_ne!(alipay.opens.as_ref().map(|c| c.code.as_str()), Some(README_CODES[1]));
}

#[test]
fn removing_a_cell_leaves_every_other_answer_as_it_was() {
    let mut table = Table::new();
    let on = today();
    let answers = |t: &Table| -> Vec<_> {
        Wallet::ALL
            .iter()
            .flat_map(|&w| CodeKind::ALL.iter().map(move |&k| (w, k)))
            .map(|(w, k)| (w, k, t.answer(w, k, on).verdict, t.cell(w, k).count()))
            .collect()
    };
    let before = answers(&table);
    // The first cell of the built-in data: every fact added after it moves down in the list.
    let first = table.facts()[0];
    let in_cell = table.cell(first.wallet, first.kind).count();
    assert_eq!(table.remove(first.wallet, first.kind), in_cell);
    for (w, k, verdict, count) in answers(&table) {
        if (w, k) == (first.wallet, first.kind) {
            assert_eq!((verdict, count), (Verdict::Unknown, 0));
        } else {
            assert!(before.contains(&(w, k, verdict, count)), "{w:?} {k:?} changed");
        }
    }
    // A fact added after the removal lands in its own cell.
    let fact = Fact::new(first.wallet, first.kind, Verdict::DoesNot, Confidence::Confirmed, first.sources);
    table.add(fact).unwrap();
    assert_eq!(table.answer(first.wallet, first.kind, on).verdict, Verdict::DoesNot);
    assert_eq!(table.cell(first.wallet, first.kind).count(), 1);
}

#[test]
fn integrators_add_replace_and_remove_facts() {
    let mut table = Table::new();
    let kind = CodeKind::Aggregated;
    assert_eq!(table.answer(Wallet::Hebao, kind, today()).verdict, Verdict::Unknown);

    let fact = Fact::new(Wallet::Hebao, kind, Verdict::Pays, Confidence::Confirmed, "acme").scope(Scope::PerAcquirer);
    assert_eq!(table.add(fact).unwrap_err().kind(), ErrorKind::WrongFormat); // source unknown
    let no_source = Fact::new(Wallet::Hebao, kind, Verdict::Pays, Confidence::Confirmed, " ");
    assert_eq!(table.add(no_source).unwrap_err().kind(), ErrorKind::MissingParameter);
    assert_eq!(table.replace(fact).unwrap_err().kind(), ErrorKind::WrongFormat);
    assert_eq!(table.cell(Wallet::Hebao, kind).count(), 1, "a refused replace leaves the cell as it was");

    table.add_source(Source::new("acme", "Acme Payments' contract with China Mobile", Confidence::Confirmed)).unwrap();
    table.add(fact.since(date("2026-01-01"))).unwrap();
    assert_eq!(table.answer(Wallet::Hebao, kind, today()).verdict, Verdict::Pays);
    // Before its date the standing fact (unknown) holds.
    assert_eq!(table.answer(Wallet::Hebao, kind, date("2025-12-31")).verdict, Verdict::Unknown);

    // Overriding a built-in verdict: replace drops the cell's facts first.
    let no = Fact::new(Wallet::UnionPayApp, CodeKind::WeChatNative, Verdict::DoesNot, Confidence::Confirmed, "acme");
    table.replace(no).unwrap();
    assert_eq!(table.cell(Wallet::UnionPayApp, CodeKind::WeChatNative).count(), 1);
    assert_eq!(table.answer(Wallet::UnionPayApp, CodeKind::WeChatNative, today()).verdict, Verdict::DoesNot);
    assert_eq!(table.remove(Wallet::UnionPayApp, CodeKind::WeChatNative), 1);
    let gone = table.answer(Wallet::UnionPayApp, CodeKind::WeChatNative, today());
    assert_eq!((gone.verdict, gone.basis), (Verdict::Unknown, Basis::NoFact));

    // A later fact of the same date wins.
    let first = Fact::new(Wallet::Meituan, kind, Verdict::Pays, Confidence::Reported, "acme").scope(Scope::PerAcquirer);
    let second = Fact::new(Wallet::Meituan, kind, Verdict::DoesNot, Confidence::Confirmed, "acme");
    table.add(first).unwrap().add(second).unwrap();
    assert_eq!(table.answer(Wallet::Meituan, kind, today()).verdict, Verdict::DoesNot);
}

#[test]
fn a_table_of_ones_own_reads_from_tsv_and_says_where_it_is_wrong() {
    let sources = "id\tname\tdate\turl\tconfidence\nacme\tAcme's contract\t2026-01-01\t-\tconfirmed\n";
    let facts = "wallet\tkind\tverdict\tsince\tscope\tconfidence\tsources\tnote\n\
                 # our own pilot\n\
                 hebao\taggregated\tpays\t2026-01-01\tper-acquirer\tconfirmed\tacme\tAcme's codes take Hebao.\n";
    let table = Table::from_tsv(facts, sources).unwrap();
    assert_eq!(table.facts().len(), 1);
    assert_eq!(table.source("acme").and_then(|s| s.date), Some("2026-01-01"));
    assert_eq!(table.answer(Wallet::Hebao, CodeKind::Aggregated, today()).verdict, Verdict::Pays);

    let bad_date = facts.replace("2026-01-01\tper", "2026-02-30\tper");
    let err = Table::from_tsv(&bad_date, sources).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongFormat);
    assert_eq!(bad_date.get(err.offset()..err.offset() + 10), Some("2026-02-30"));

    let bad_wallet = facts.replace("hebao\t", "hebao-app\t");
    let err = Table::from_tsv(&bad_wallet, sources).unwrap_err();
    assert!(bad_wallet[err.offset()..].starts_with("hebao-app\t"), "{err}");

    let unknown_source = facts.replace("\tacme\t", "\tacme,foo\t");
    let err = Table::from_tsv(&unknown_source, sources).unwrap_err();
    assert!(err.message().to_string().contains("found \"foo\""), "{err}");

    let short_row = facts.replace("\tAcme's codes take Hebao.", "");
    assert_eq!(Table::from_tsv(&short_row, sources).unwrap_err().kind(), ErrorKind::WrongFormat);
}

#[test]
fn acquirers_take_the_codes_of_their_contracts() {
    let wechat = "134567890123456789";
    let alipay = "281234567890123456";
    let unionpay = "6225881234567890123";
    let ecny = "0123456789012345678";
    let direct = Acquirer::wechat_pay_direct();
    assert!(direct.accepts(wechat).unwrap().accepted);
    assert!(!direct.accepts(alipay).unwrap().accepted);
    assert!(!direct.accepts(unionpay).unwrap().accepted);
    let front = Acquirer::unionpay_front();
    for code in [wechat, alipay, unionpay] {
        assert!(front.accepts(code).unwrap().accepted, "{code}");
    }
    let refused = front.accepts(ecny).unwrap();
    assert!(!refused.accepted);
    assert_eq!(refused.route.network(), Provider::Ecny);
    assert_eq!(
        refused.to_string(),
        "UnionPay front platform cannot take this e-CNY payment code: no contract with e-CNY"
    );
    assert!(Acquirer::alipay_direct().accepts(alipay).unwrap().accepted);

    // Contracts change at run time; routing errors pass through.
    let mut bank = Acquirer::new("Bank of Example");
    bank.add(Provider::Ecny).add(Provider::UnionPay);
    let jd = bank.accepts(unionpay).unwrap();
    assert!(jd.accepted);
    assert_eq!(jd.to_string(), "Bank of Example can take this UnionPay payment code through UnionPay");
    assert!(bank.accepts(ecny).unwrap().accepted);
    assert!(bank.remove(Provider::Ecny));
    assert!(!bank.accepts(ecny).unwrap().accepted);
    assert_eq!(bank.accepts("13456789012345678").unwrap_err().kind(), ErrorKind::WrongLength);

    // With the integrator's routing rules.
    let mut router = Router::new();
    router.add(RoutingRule::digits("97", 20, 20, Provider::CmPay)).unwrap();
    let hebao = "97000000000000000001";
    assert!(!bank.accepts_with(&router, hebao).unwrap().accepted);
    bank.add(Provider::CmPay);
    assert!(bank.accepts_with(&router, hebao).unwrap().accepted);
}

#!/usr/bin/env bash
# Writes seed corpora for every fuzz target from ../tests/data (the generated files
# are not committed: fuzz/corpus is ignored) and copies the kept regression inputs in.
set -euo pipefail
cd "$(dirname "$0")"
vectors=../tests/data
seed() { # target, file name, content
  mkdir -p "corpus/$1"
  printf '%s' "$3" > "corpus/$1/$2"
}
n=0
while IFS=$'\t' read -r payload _; do
  n=$((n + 1)); seed mpm "mpm$n" "$payload"; seed recognise "mpm$n" "$payload"; seed unified "mpm$n" "$payload"
done < <(tail -n +2 "$vectors/mpm.tsv")
while IFS=$'\t' read -r _ payload; do
  n=$((n + 1)); seed mpm "bench$n" "$payload"; seed recognise "bench$n" "$payload"
done < "$vectors/bench.txt"
while IFS=$'\t' read -r payload _; do
  n=$((n + 1)); seed cpm "cpm$n" "$payload"; seed recognise "cpm$n" "$payload"
done < <(tail -n +2 "$vectors/cpm.tsv")
all_legacy=""
while IFS=$'\t' read -r input kind _; do
  n=$((n + 1))
  input=$(printf '%b' "${input//\\\\/\\\\\\\\}")
  seed legacy "legacy$n" "$input"; seed recognise "legacy$n" "$input"; seed unified "legacy$n" "$input"
  [ "$kind" = payment-code ] || [ "$kind" = reject ] && seed paycode "legacy$n" "$input"
  [ "$kind" = merchant-code ] && all_legacy+="$input"$'\n'
done < <(tail -n +2 "$vectors/legacy.tsv")
seed unified merged "$all_legacy"
# Unified codes of format version 1 (SPEC 5.10), so that mutations start inside the reader; the
# last one with the version marker that writers wrote before version 1 was settled (SPEC 5.7).
n=0
for u in \
  '00020101021226620017com.qq.weixin.pay0537weixin://wxpay/bizpayurl?pr=p4lpSuKzz5204000053031565802CN5902NA6002NA63041169' \
  '00020101021226620017com.qq.weixin.pay0537weixin://wxpay/bizpayurl?pr=p4lpSuKzz27720018COM.ALIPAY.OPENAPI0546https://qr.alipay.com/bax08123k4y9xyzabc12e04528800010A0000003330562https://qr.95516.com/00010000/62027533387488456892269917213370520458125303156540523.505802CN5909TEST SHOP6008SHENZHEN62120108INV-000164200002ZH0104测试商店0202深圳6304986A' \
  '00020126990017com.qq.weixin.pay0574weixin://wxpay/bizpayurl?sign=6A3F0C1B2D9E8F7A6B5C4D3E2F1A9012&appid=wx01227990017com.qq.weixin.pay91743456789abcdef&mch_id=1230000109&product_id=SKU0001&time_stamp=1700000000&n28500017com.qq.weixin.pay9125once_str=5K8264ILTKCH16CQ5204000053031565802CN5902NA6002NA63042888' \
  '00020101021226450010alt.hutong0527dcep://uniwallet/unipay?x=15204000053031565802CN5902NA6002NA630457A8' \
  '00020101021226620017com.qq.weixin.pay0537weixin://wxpay/bizpayurl?pr=p4lpSuKzz5204000053031565802CN5902NA6002NA80190010alt.hutong010116304B138'; do
  n=$((n + 1)); seed unified "v1-$n" "$u"; seed recognise "v1-$n" "$u"; seed mpm "v1-$n" "$u"
done
for dir in regressions/*/; do
  [ -d "$dir" ] || continue
  t=$(basename "$dir"); mkdir -p "corpus/$t"; cp "$dir"* "corpus/$t/" 2>/dev/null || true
done
echo "seeds: $(find corpus -type f | wc -l) files in $(ls corpus | wc -l) corpora"

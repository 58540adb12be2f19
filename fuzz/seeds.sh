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
for dir in regressions/*/; do
  [ -d "$dir" ] || continue
  t=$(basename "$dir"); mkdir -p "corpus/$t"; cp "$dir"* "corpus/$t/" 2>/dev/null || true
done
echo "seeds: $(find corpus -type f | wc -l) files in $(ls corpus | wc -l) corpora"

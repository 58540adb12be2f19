#!/usr/bin/env bash
# Builds every fuzz target and runs each for FUZZ_SECONDS (default 60) from seed corpora made
# from tests/data/, with the format dictionary. A crash fails the run: keep its input in
# fuzz/regressions/<target>/ (tests/fuzz_regressions.rs replays them on stable) and fix it.
# Prints executions per second and in total for each target.
set -euo pipefail
cd "$(dirname "$0")"
secs=${FUZZ_SECONDS:-60}

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi

./seeds.sh
cargo +nightly fuzz build

mkdir -p logs
summary=()
for t in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$t"
  echo "--- fuzz $t for ${secs}s"
  if ! cargo +nightly fuzz run "$t" "corpus/$t" -- \
      -max_total_time="$secs" -dict=dict/hutong.dict -print_final_stats=1 -close_fd_mask=3 \
      >"logs/$t.log" 2>&1; then
    tail -n 40 "logs/$t.log"
    echo "fuzz target $t failed: see fuzz/artifacts/$t/" >&2
    exit 1
  fi
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "logs/$t.log")
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "logs/$t.log")
  summary+=("$(printf '%-10s %12s execs %9s exec/s' "$t" "$execs" "$rate")")
done
echo
echo "fuzz smoke: every target ran ${secs}s without a failure"
printf '%s\n' "${summary[@]}"

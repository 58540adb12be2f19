#!/usr/bin/env python3
"""Per-file scores of a cargo-mutants run: caught, missed, timeouts, unviable, and the share of
viable mutants the tests notice ((caught + timeouts) / (caught + missed + timeouts)), as a
Markdown table. Usage: tools/mutants-score.py mutants.out/outcomes.json [--by-module]"""
import collections
import json
import sys

path = sys.argv[1]
by_module = '--by-module' in sys.argv
stats = collections.defaultdict(collections.Counter)
for o in json.load(open(path))['outcomes']:
    scenario = o.get('scenario')
    if not isinstance(scenario, dict) or 'Mutant' not in scenario:
        continue
    f = scenario['Mutant']['file']
    if by_module and f.count('/') > 1:
        f = f.rsplit('/', 1)[0] + '/'
    stats[f][o['summary']] += 1
print('| file | caught | missed | timeouts | unviable | noticed |')
print('|---|---|---|---|---|---|')
total = collections.Counter()
for f in sorted(stats):
    c = stats[f]
    total += c
    viable = c['CaughtMutant'] + c['MissedMutant'] + c['Timeout']
    score = f"{(c['CaughtMutant'] + c['Timeout']) / viable:.0%}" if viable else '-'
    print(f"| `{f}` | {c['CaughtMutant']} | {c['MissedMutant']} | {c['Timeout']} | {c['Unviable']} | {score} |")
viable = total['CaughtMutant'] + total['MissedMutant'] + total['Timeout']
if viable:
    score = (total['CaughtMutant'] + total['Timeout']) / viable
    print(f"| all | {total['CaughtMutant']} | {total['MissedMutant']} | {total['Timeout']} | {total['Unviable']} | {score:.0%} |")

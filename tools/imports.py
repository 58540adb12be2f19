#!/usr/bin/env python3
"""The import graph of src/: which file uses which (by `use crate::…`, `super::…`, and
`crate::a::b` paths in code, tests and `$crate` macro paths left out), its cycles (strongly
connected components), and the largest files. `--check` exits 1 when there is a cycle
(.ci/run runs it). Usage: tools/imports.py [SRC] [--check]"""
import os, re, sys
args = [a for a in sys.argv[1:] if a != '--check']
root = args[0] if args else 'src'
files = {}
for d, _, fs in os.walk(root):
    for f in fs:
        if f.endswith('.rs'):
            p = os.path.join(d, f)
            files[os.path.relpath(p, root)] = open(p).read()
def modpath(rel):
    parts = rel[:-3].split('/')
    if parts[-1] in ('mod', 'lib'):
        parts = parts[:-1]
    return parts
mods = {tuple(modpath(r)): r for r in files}
def resolve(cur, path):
    # path: list of segments after crate:: or relative with super/self
    for n in range(len(path), 0, -1):
        if tuple(path[:n]) in mods:
            return mods[tuple(path[:n])]
    return None
edges = {r: set() for r in files}
for rel, text in files.items():
    me = modpath(rel)
    is_mod = rel.endswith('mod.rs') or rel == 'lib.rs'
    code = re.sub(r'//[^\n]*', '', text)
    code = re.sub(r'#\[cfg\(test\)\]\s*mod tests \{.*', '', code, flags=re.S)
    for m in re.finditer(r'(?<!\$)\b((?:crate|super|self)(?:::\w+)+)', code):
        segs = m.group(1).split('::')
        if segs[0] == 'crate':
            path = segs[1:]
        else:
            base = list(me)
            i = 0
            while i < len(segs) and segs[i] in ('super', 'self'):
                if segs[i] == 'super':
                    base = base[:-1]
                i += 1
            path = base + segs[i:]
        t = resolve(me, path)
        if t and t != rel:
            edges[rel].add(t)
    # `use super::{a, b::c}` groups
    for m in re.finditer(r'use (crate|super)::\{([^;]*)\};', code):
        base = [] if m.group(1) == 'crate' else list(me)[:-1]
        for item in re.split(r',\s*', m.group(2)):
            seg = re.split(r'::|\s', item.strip())
            if seg and seg[0]:
                t = resolve(me, base + [s for s in seg if s and s != '{' ])
                if t and t != rel:
                    edges[rel].add(t)
# parent modules declare children (mod x;): not a use, skip.
# Tarjan
index = {}; low = {}; stack = []; on = set(); sccs = []; c = [0]
sys.setrecursionlimit(10000)
def strong(v):
    index[v] = low[v] = c[0]; c[0] += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: sccs.append(sorted(comp))
for v in sorted(files):
    if v not in index: strong(v)
print(f'{len(files)} files, {sum(len(e) for e in edges.values())} import edges')
print(f'cycles: {len(sccs)}' + ''.join(f'\n  {len(s)} files: ' + ' '.join(s) for s in sccs))
sizes = sorted(((t.count('\n'), r) for r, t in files.items()), reverse=True)[:5]
print('largest: ' + ', '.join(f'{r} {n}' for n, r in sizes))

if '--check' in sys.argv and sccs:
    sys.exit(1)

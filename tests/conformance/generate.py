#!/usr/bin/env python3
"""Writes the conformance suite, tests/conformance/*.json, for SPEC.md version 1.0.

    python3 tests/conformance/generate.py          # rewrite the JSON files
    python3 tests/conformance/generate.py --check  # fail if they are not what this writes

The JSON files are the suite; this script is how they were made. Expected outcomes come from
SPEC's text: the vectors' verdict columns (tests/data/README.md), the hand-written expectations
below, and reference.py, an independent reading of SPEC sections 1-3, 5.1-5.7, 7 and 8 (its
unified reader is given what section 6 makes of each carried code by CODE_TABLE below). Nothing
here runs or reads the crate.
"""

import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference as R  # noqa: E402
from reference import tlv, payload, with_crc, err  # noqa: E402

DATA = os.path.join(HERE, "..", "data")
SPEC_VERSION = "1.0"

FILES = {
    "mpm-wire.json": ("1-2", "EMVCo MPM wire rules, strict and lenient modes, order of checks"),
    "mpm-findings.json": ("3", "Findings, their order, and the builder's error for each"),
    "errors.json": ("4", "Every error kind, with the offset and path of section 4.1"),
    "unified.json": ("5", "The unified code, format version 1: writing, capacity, and the reader's checks 1-21"),
    "legacy-forms.json": ("6", "Provider legacy formats: recognition rules, host table, forms"),
    "cpm.json": ("7", "Consumer-presented codes"),
    "routing.json": ("8", "Payment-code routing"),
    "recognise.json": ("9", "Recognition"),
}
CASES = {name: [] for name in FILES}
IDS = set()


def add(file, id_, note, call, input_, expect, mode=None, **extra):
    assert id_ not in IDS, id_
    assert note, id_
    IDS.add(id_)
    c = {"id": id_, "note": note, "call": call}
    if mode is not None:
        c["mode"] = mode
    c["input"] = input_
    c.update(extra)
    c["expect"] = expect
    CASES[file].append(c)


def ok(**fields):
    d = {"ok": True}
    d.update(fields)
    return d


def bad(kind, offset=None, path=None, *, no_offset=False, no_path=False):
    e = {"kind": kind}
    if not no_offset:
        e["offset"] = offset
    if not no_path:
        e["path"] = path
    return {"ok": False, "error": e}


def fail(e):
    return {"ok": False, "error": dict(e)}


def at(s, sub, nth=1):
    """Byte offset of the nth occurrence of sub in s."""
    b, pat = s.encode(), sub.encode()
    i = -1
    for _ in range(nth):
        i = b.index(pat, i + 1)
    return i


def blen(s):
    return len(s.encode())


def tsv(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        lines = f.read().split("\n")
    return [line.split("\t") for line in lines[1:] if line]


def verdict(note):
    assert note.startswith("verdict="), note
    return note[len("verdict="):].split(";")[0]


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in "n\\":
            out.append("\n" if s[i + 1] == "n" else "\\")
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def mpm_expect(s, mode):
    r = R.mpm(s, mode)
    if r[0] == "err":
        return fail(r[1])
    return ok(findings=r[1], roundtrip=True)


def mpm_case(file, id_, note, s, modes=("strict", "lenient"), call="mpm"):
    for m in modes:
        add(file, "%s-%s" % (id_, m) if len(modes) > 1 else id_, note, call, s, mpm_expect(s, m), mode=m)


# =============================================================================================
# Sections 1-2: the vectors of mpm.tsv, both modes

def mpm_vectors():
    rows = tsv("mpm.tsv")
    for n, row in enumerate(rows, 1):
        p, source, system, note = row[0], row[1], row[2], row[3]
        v = verdict(note)
        strict, lenient = R.mpm(p, "strict"), R.mpm(p, "lenient")
        want_strict = v == "valid"
        want_lenient = v.startswith("valid")
        assert (strict[0] == "ok") == want_strict, (n, v, strict[:2] if strict[0] == "err" else "ok")
        assert (lenient[0] == "ok") == want_lenient, (n, v, lenient[:2] if lenient[0] == "err" else "ok")
        # the verdict names the error where it names one
        if v == "valid-crc-lowercase":
            assert strict[1]["kind"] == "crc-lowercase"
        if v == "valid+zero-length":
            assert strict[1]["kind"] == "zero-length"
        if v == "valid+template-not-tlv":
            assert strict[1]["kind"] == "template-not-tlv"
        if v == "bad-crc":
            assert strict[1]["kind"] == lenient[1]["kind"] == "crc-mismatch", (n, strict)
        if v == "crc-malformed":
            assert lenient[1]["kind"] == "crc-malformed"
        if v.startswith("crc-missing"):
            assert lenient[1]["kind"] == "crc-missing", (n, lenient)
        for mode, r in (("strict", strict), ("lenient", lenient)):
            note_text = "mpm.tsv row %d (%s, %s), verdict %s: %s in %s mode" % (
                n + 1, system, source.split(" ;")[0], v,
                "parses" if r[0] == "ok" else "error " + r[1]["kind"], mode)
            add("mpm-wire.json", "mpm-tsv-%03d-%s" % (n + 1, mode), note_text, "mpm", p,
                mpm_expect(p, mode), mode=mode)



BASE = [(0, "01"), (1, "11"), (26, [(0, "com.example.pay"), (1, "MERCHANT01")]), (52, "5812"), (53, "156"),
        (58, "CN"), (59, "TEST SHOP"), (60, "SHANGHAI")]


def base_objs(*extra, drop=(), replace=None):
    """BASE with objects added (kept in ascending ID order), dropped or replaced."""
    objs = [o for o in BASE if o[0] not in drop]
    for i, v in (replace or {}).items():
        objs = [(j, v if j == i else w) for j, w in objs]
    return sorted(objs + list(extra), key=lambda o: o[0])


def base(*extra, drop=(), replace=None, lower=False):
    """base_objs, then the CRC."""
    return payload(base_objs(*extra, drop=drop, replace=replace), lower=lower)


def body(objs):
    return "".join(tlv(i, v) for i, v in objs)


BASE_BODY = body(BASE)


def filled(chars=None, nbytes=None, wide=False):
    """A payload of exactly `chars` characters (or `nbytes` bytes), CRC included: BASE plus
    templates 80-99 (80 again after 99) whose 01 is filler: '中' (3 bytes) when wide, then
    ASCII to reach the size exactly."""
    size = len if chars is not None else (lambda t: len(t.encode()))
    target = chars if chars is not None else nbytes
    objs = []
    tpl = lambda n, ch: (80 + len(objs) % 20, [(0, "com.example"), (1, ch * n)])  # 23 + n characters
    rest = lambda: target - size(payload(BASE + objs))
    if wide:
        while rest() > 206 + size(tlv(80, [(0, "com.example"), (1, "中" * 80)])):
            objs.append(tpl(80, "中"))
    while rest() > 206:
        objs.append(tpl(80, "x"))
    r = rest()
    if r > 103:
        objs.append(tpl(r // 2 - 23, "x"))
        r = rest()
    if r:
        assert 24 <= r <= 103, r
        objs.append(tpl(r - 23, "x"))
    p = payload(BASE + objs)
    assert size(p) == target, (size(p), target)
    return p


def mpm_wire():
    F = "mpm-wire.json"
    with open(os.path.join(DATA, "bench.txt"), encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line:
                name, p_ = line.split("\t")
                assert R.mpm(p_)[0] == "ok", name  # tests/data/README.md: all three are valid
                mpm_case(F, "bench-" + name, "bench.txt payload '%s' (%d bytes), valid" % (name, blen(p_)), p_)
    example = ("00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN"
               "5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603"
               "***0708A60086670902ME91320016A0112233449988770708123456786304A13A")
    mpm_case(F, "wire-emvco-example", "EMVCo MPM Annex B.7 example: CRC A13A over the UTF-8 bytes, no finding", example)
    p = base()
    mpm_case(F, "wire-minimal", "a minimal payload with every mandatory object parses with no finding", p)
    # 1.1: lengths count characters
    zh = base((64, [(0, "ZH"), (1, "最佳运输"), (2, "北京")]))
    mpm_case(F, "wire-length-counts-characters", "64.01 = 最佳运输 is length 04 (characters), 12 UTF-8 bytes (1.1)", zh)
    zh_bytes = with_crc(BASE_BODY + "6432" + "0002ZH" + "0112最佳运输" + "0206北京")
    mpm_case(F, "wire-length-in-bytes", "lengths written as UTF-8 byte counts: well-formed only if lengths count bytes, an error in both modes (2)", zh_bytes)
    zh59 = base(replace={59: "最佳运输"})
    mpm_case(F, "wire-59-utf8-counts-characters", "59 holding 4 Chinese characters has length 04 and parses; UTF-8 in ans 59 is a format-ans finding", zh59)
    zh59b = with_crc(body([o for o in BASE if o[0] < 59]) + "5912最佳运输" + tlv(60, "SHANGHAI"))
    mpm_case(F, "wire-59-byte-length", "59 written with its byte length 12: the value runs over 60 and the payload breaks", zh59b)
    # 1.1: CRC
    gbk = zh[:-4] + "%04X" % R.crc16(zh[:-4].encode("gbk"))
    if gbk == zh:
        raise AssertionError
    mpm_case(F, "wire-crc-over-utf8", "a CRC computed over GBK instead of the UTF-8 bytes is crc-mismatch at the CRC value (1.1, 4.1)", gbk)
    nocover = p[:-8] + "6304" + "%04X" % R.crc16(p[:-8].encode())
    mpm_case(F, "wire-crc-includes-6304", "a CRC computed without the four characters 6304 is crc-mismatch", nocover)
    wrong = p[:-4] + ("0000" if p[-4:] != "0000" else "0001")
    mpm_case(F, "wire-crc-mismatch", "a wrong CRC is crc-mismatch in both modes, offset of the CRC value, path 63 (2, 4.1)", wrong)
    low = payload(BASE, lower=True)
    assert low != p
    mpm_case(F, "wire-crc-lowercase", "lower-case CRC: strict crc-lowercase at the CRC value; lenient parses with finding crc-lowercase at 63 (2)", low)
    mixed = p[:-4] + p[-4:].lower()
    c = p[-4:]
    if any(ch.isalpha() for ch in c):
        i = next(k for k, ch in enumerate(c) if ch.isalpha())
        mixed = p[:-4] + c[:i] + c[i].lower() + c[i + 1:]
        mpm_case(F, "wire-crc-mixed-case", "a CRC with one lower-case letter is lower-case hex in strict mode (2.1 step 3.5)", mixed)
    for name, v in (("12G4", "12G4"), ("plus", "+1AB"), ("space", "12 4"), ("zero-x", "0x1F")):
        mpm_case(F, "wire-crc-not-hex-" + name, "CRC value %r is not four hex digits: crc-malformed at the value (2.1 step 3.3)" % v, p[:-4] + v)
    mpm_case(F, "wire-crc-not-hex-cjk", "CRC value of four characters, one of them 中 (6 bytes): length 04 counts characters, value malformed", p[:-4] + "AB中C")
    mpm_case(F, "wire-crc-length-03", "CRC object of length 03 at the end: crc-missing at 63's first byte (2.1 step 3.2)", p[:-8] + "6303ABC")
    mpm_case(F, "wire-crc-length-05", "CRC object of length 05 at the end: crc-missing at 63's first byte", p[:-8] + "6305ABCDE")
    mpm_case(F, "wire-crc-length-00", "CRC object of length 00 at the end: crc-missing, not zero-length (2.1 steps 2.3-2.4, 3.2)", p[:-8] + "6300")
    mpm_case(F, "wire-crc-absent", "no CRC object: crc-missing at the end of the payload (its length in bytes), path 63", BASE_BODY)
    mpm_case(F, "wire-crc-absent-nonascii", "no CRC object, non-ASCII payload: crc-missing at the payload's length in bytes", body(BASE) + tlv(64, [(0, "ZH"), (1, "商店")]))
    mpm_case(F, "wire-crc-not-last", "63 followed by another object: crc-missing at 63 at once (2.1 step 2.3)", p + tlv(99, [(0, "x.y")]))
    mpm_case(F, "wire-crc-not-last-garbage", "63 followed by bytes that are no object: still crc-missing at 63, not invalid-id", p + "ZZ")
    mpm_case(F, "wire-crc-trailing-space", "a space after the CRC: nothing may follow the CRC object", p + " ")
    mpm_case(F, "wire-crc-twice", "two CRC objects: the first is not last, crc-missing at the first", with_crc(p))
    mpm_case(F, "wire-crc-length-99-truncated", "63 whose length 99 runs past the payload: truncated (step 2.2 before 2.3)", p[:-8] + "6399ABCD")
    mpm_case(F, "wire-crc-early-bad-length", "63 of length 02 in the middle of the payload: crc-missing at 63, whatever its length", BASE_BODY[:12] + "6302AB" + BASE_BODY[12:] + "6304ABCD")
    sub63 = base(replace={26: [(0, "com.example.pay"), (63, "0412")]})
    mpm_case(F, "wire-63-inside-template", "sub-ID 63 inside a template is an ordinary sub-object: only the root 63 is the CRC", sub63)
    # 1.1: order, duplicates
    reorder = payload([BASE[3], BASE[0]] + BASE[1:3] + BASE[4:])
    mpm_case(F, "wire-pfi-not-first", "52 before 00: parses, finding pfi-first at the first object (1.1, 3)", reorder)
    swapped = payload(BASE[:3] + [BASE[5], BASE[3], BASE[4]] + BASE[6:])
    mpm_case(F, "wire-any-order", "objects other than 00 and 63 in any order: 58 before 52 and 53 gives no finding", swapped)
    dup = payload(BASE + [(59, "OTHER")])
    mpm_case(F, "wire-duplicate-root", "59 twice at the root: parses, finding duplicate-id at the second", dup)
    # 1.1: templates and primitives
    prim = base((17, "0017com.qq.weixin.pay0105ABCDE"))
    mpm_case(F, "wire-primitive-17-not-template", "ID 17 holding TLV-like text is primitive: its content is not read as data objects", prim)
    deep = base((62, [(50, [(0, "com.example"), (1, "0002AB0100")])]))
    mpm_case(F, "wire-nothing-deeper", "62.50.01 holding TLV-like text is a value: nothing below 62/50-99 is read", deep)
    sub26 = base(replace={26: [(0, "com.example.pay"), (5, "0002AB")]})
    mpm_case(F, "wire-26-sub-is-primitive", "a 26-51 sub-object is never a template: 26.05 = 0002AB is text", sub26)
    t62 = base((62, [(5, "REF1"), (50, [(0, "com.example"), (1, "X")]), (99, [(0, "a.b")])]))
    mpm_case(F, "wire-62-50-99-templates", "62.50 and 62.99 are templates, read one level down", t62)
    # 2: header errors at the root
    mpm_case(F, "wire-invalid-id-first", "ID 0A: invalid-id at the object's first byte, no path (4.1)", "0A02" + p[4:])
    mpm_case(F, "wire-invalid-id-middle", "an object with ID 5A after valid ones: invalid-id at its first byte", BASE_BODY[:12] + "5A04" + BASE_BODY[12:] + "6304ABCD")
    mpm_case(F, "wire-invalid-length", "length 1X: invalid-length at the object's first byte, path its ID", BASE_BODY + "591XABCD" + "6304ABCD")
    mpm_case(F, "wire-invalid-length-space", "length ' 4': invalid-length", BASE_BODY + "61 41234" + "6304ABCD")
    mpm_case(F, "wire-header-nonascii-id", "a non-ASCII character in the ID bytes: invalid-id (bytes, not characters)", BASE_BODY + "中04ABCD6304ABCD")
    mpm_case(F, "wire-header-nonascii-length", "a non-ASCII character in the length bytes: invalid-length, path the ID", BASE_BODY + "61中ABCD6304ABCD")
    mpm_case(F, "wire-header-fullwidth-digit", "a full-width digit in the length: invalid-length (ASCII digits only)", BASE_BODY + "61０4ABCD6304ABCD")
    mpm_case(F, "wire-short-tail-digit", "one digit left at the end: fewer than 4 bytes, both digits: truncated, no path", BASE_BODY + "6")
    mpm_case(F, "wire-short-tail-3-digits", "three digits left at the end: truncated, no path", BASE_BODY + "630")
    mpm_case(F, "wire-short-tail-letter", "one letter left at the end: fewer than 4 bytes, not a digit: invalid-id", BASE_BODY + "A")
    mpm_case(F, "wire-short-tail-digit-letter", "'6A' left at the end: invalid-id", BASE_BODY + "6A")
    mpm_case(F, "wire-short-tail-digit-digit-letter", "'63A' left at the end: its first two bytes are digits: truncated", BASE_BODY + "63A")
    mpm_case(F, "wire-truncated-value", "59 of length 20 with 4 characters left: truncated at 59, path 59", BASE_BODY[:-len(tlv(60, "SHANGHAI"))] + "6020SHANGHAI")
    mpm_case(F, "wire-truncated-first", "a payload that is only 0002 plus one character: truncated at 00", "00020")
    mpm_case(F, "wire-single-char", "a single character '0': truncated, no path", "0")
    mpm_case(F, "wire-single-letter", "a single character 'x': invalid-id", "x")
    # 2: zero lengths
    z = BASE_BODY + "6100"
    mpm_case(F, "wire-zero-length-root", "61 of length 00: strict zero-length at 61; lenient finding zero-length (2)", with_crc(z))
    mpm_case(F, "wire-zero-length-first", "00 of length 00 first: strict zero-length at 0, path 00", with_crc("0000" + BASE_BODY[6:]))
    z26 = base(replace={26: "0015com.example.pay0100"})
    mpm_case(F, "wire-zero-length-in-26", "26.01 of length 00: strict zero-length at 26.01, lenient finding", z26)
    z62 = base((62, "0100" + "0504REF1"))
    mpm_case(F, "wire-zero-length-in-62", "62.01 of length 00 before 62.05: strict zero-length at 62.01", z62)
    z6250 = base((62, [(50, "0011com.example0100")]))
    mpm_case(F, "wire-zero-length-in-62-50", "62.50.01 of length 00: strict zero-length at 62.50.01 (the full path, 4.1); lenient zero-length finding", z6250)
    z6250b = base((62, [(50, "0011com.example0100" + "99"), (5, "REF1")]))
    mpm_case(F, "wire-zero-length-then-not-tlv-in-62-50", "62.50: a zero length met before its content breaks: strict zero-length decides", z6250b)
    z6250c = base((62, [(50, "0011com.example" + "9"), (5, "0")]))
    mpm_case(F, "wire-62-50-not-tlv-then-raw", "62.50 not TLV: kept raw in both modes, finding template-not-tlv at 62.50", z6250c)
    z6250d = base((62, tlv(50, "0011com.example" + "99") + "0500"))
    mpm_case(F, "wire-62-50-raw-then-zero-length", "62.50 not TLV (kept raw), then 62.05 of length 00: strict zero-length at 62.05, the reading of 62 goes on", z6250d)
    z80 = base((80, "0011com.example" + "0100"))
    mpm_case(F, "wire-zero-length-in-80", "80.01 of length 00: strict zero-length at 80.01", z80)
    z64 = base((64, "0002ZH" + "0100"))
    mpm_case(F, "wire-zero-length-in-64", "64.01 of length 00: strict zero-length at 64.01; lenient zero-length and language-template", z64)
    z26bad = base(replace={26: "0000" + "9"})
    mpm_case(F, "wire-zero-length-then-not-tlv-26", "26: a zero-length sub-object before content that is not TLV: strict zero-length; lenient keeps 26 raw", z26bad)
    z26bad2 = base(replace={26: "0A01" + "0100"})
    mpm_case(F, "wire-not-tlv-then-zero-length-26", "26: content that breaks before a zero length: strict template-not-tlv for 26", z26bad2)
    # 2: templates not TLV
    for tid, content, what in ((26, "com.example.pay", "26 holding a bare GUID"), (62, "REF", "62 holding bare text"),
                               (64, "ZH", "64 holding bare text"), (80, "0011com.example0105AB", "80 whose last sub-object runs past the template"),
                               (99, "0011com.example01XXAB", "99 with a sub-object length that is not digits"),
                               (51, "0A11com.example", "51 with a sub-ID that is not digits"), (30, "001", "30 with a cut header")):
        t = base((tid, content)) if tid != 26 else base(replace={26: content})
        mpm_case(F, "wire-not-tlv-%02d" % tid, "%s: strict template-not-tlv at the template, path its ID; lenient kept raw with finding template-not-tlv (never invalid-id, invalid-length or truncated inside a template)" % what, t)
    # 2: sizes
    big = "000201" + "x" * 7084
    assert len(big) == 7090
    mpm_case(F, "wire-over-7089-bytes", "7090 bytes: too-long at 7089 in both modes, before any other check", big)
    big2 = "中" * 2364 + "x"
    assert len(big2.encode()) == 7093
    mpm_case(F, "wire-over-7089-bytes-cjk", "2365 characters in 7093 bytes: too-long at 7089 (bytes, not characters)", big2)
    exact = filled(nbytes=7089, wide=True)
    exact_bad = exact[:-4] + ("0000" if exact[-4:] != "0000" else "0001")
    mpm_case(F, "wire-7089-bytes-bad-crc", "exactly 7089 bytes with a wrong CRC: lenient reaches the CRC (crc-mismatch), strict stops at 512 characters", exact_bad)
    p512 = filled(chars=512)
    mpm_case(F, "wire-512-characters", "exactly 512 characters: parses in both modes, no payload-length finding", p512)
    p513 = filled(chars=513)
    mpm_case(F, "wire-513-characters", "513 characters: strict too-long at the 513th character (byte 512); lenient finding payload-length at 63, offset 0", p513)
    w512 = filled(chars=512, wide=True)
    mpm_case(F, "wire-512-characters-cjk", "512 characters, many of them 3-byte: parses in strict mode (the limit counts characters)", w512)
    w513 = filled(chars=513, wide=True)
    mpm_case(F, "wire-513-characters-cjk", "513 characters with 3-byte ones: strict too-long at the first byte of the 513th character", w513)
    w513bad = w513[:-4] + ("0000" if w513[-4:] != "0000" else "0001")
    mpm_case(F, "wire-513-characters-bad-crc", "513 characters and a wrong CRC: strict too-long (size first), lenient crc-mismatch", w513bad)
    mpm_case(F, "wire-empty", "empty input: empty at 0", "")
    # 2: PFI value
    mpm_case(F, "wire-pfi-02", "payload format indicator 02 (DuitNow): parses in both modes, finding pfi-value", base(replace={0: "02"}))
    # 2.1: order of checks
    mpm_case(F, "wire-order-object-before-crc", "a malformed object early and a wrong CRC: the object's error (invalid-length), not crc-mismatch", BASE_BODY[:6] + "01X1" + BASE_BODY[10:] + "6304ABCD")
    mpm_case(F, "wire-order-truncated-before-crc", "a value running past the payload is reported before the CRC is looked at", BASE_BODY + "6299")
    mpm_case(F, "wire-order-zero-before-crc", "a zero-length object and a wrong CRC: strict zero-length, lenient crc-mismatch", BASE_BODY + "61006304ABCD")
    mpm_case(F, "wire-order-template-before-crc", "26 not TLV and a wrong CRC: strict template-not-tlv, lenient crc-mismatch", body(base_objs(replace={26: "ABC"})) + "6304ABCD")
    mpm_case(F, "wire-order-malformed-before-lowercase", "CRC value 'abcg': malformed (step 3.3) before lower case (3.5)", p[:-4] + "abcg")
    mpm_case(F, "wire-order-mismatch-before-lowercase", "a wrong lower-case CRC: crc-mismatch in both modes (3.4 before 3.5)", p[:-4] + ("abcd" if p[-4:].upper() != "ABCD" else "abce"))
    mpm_case(F, "wire-order-crc-not-last-before-tail", "63 in the middle and a broken object after it: crc-missing at 63 (2.3), the tail never read", BASE_BODY[:6] + "6304ABCD" + "X")
    mpm_case(F, "wire-order-invalid-id-before-zero", "an invalid ID before a zero-length object: invalid-id", BASE_BODY + "X1006100" + "6304ABCD")

# =============================================================================================
# Section 3: findings

def mpm_findings():
    F = "mpm-findings.json"
    cases = []

    def c(id_, note, s, modes=("strict", "lenient")):
        cases.append((id_, note, s))
        mpm_case(F, "find-" + id_, note, s, modes)

    g26 = lambda *subs: (26, [(0, "com.example.pay")] + list(subs))
    # pfi
    c("pfi-value-02", "00 = 02: pfi-value at 00", base(replace={0: "02"}))
    c("pfi-value-00", "00 = 00: pfi-value", base(replace={0: "00"}))
    c("pfi-value-short", "00 = 1: length-fixed, then pfi-value (the field's checks before the root value rule)", base(replace={0: "1"}))
    c("pfi-value-letter", "00 = 0A: format-n, then pfi-value", base(replace={0: "0A"}))
    c("pfi-first-01", "01 before 00: pfi-first at 01, offset 0", payload([BASE[1], BASE[0]] + BASE[2:]))
    c("pfi-first-59", "59 first, 00 later: pfi-first at 59", payload([BASE[6], BASE[0]] + BASE[1:6] + BASE[7:]))
    c("pfi-first-and-value", "00 = 02 not first: pfi-first at the first object, pfi-value at 00", payload([BASE[1], (0, "02")] + BASE[2:]))
    # mandatory
    for i in (52, 53, 58, 59, 60):
        c("mandatory-missing-%02d" % i, "%02d missing: mandatory-missing, path %02d, offset of the CRC object" % (i, i), base(drop=(i,)))
    c("mandatory-missing-00", "00 missing: pfi-first at the first object, then mandatory-missing 00 at the CRC", base(drop=(0,)))
    c("mandatory-missing-all", "only 26 and the CRC: mandatory-missing for 00, 52, 53, 58, 59, 60 in that order, at the CRC", payload([BASE[2]]))
    c("mandatory-missing-order", "52 and 60 missing: 52 before 60, both at the CRC", base(drop=(60, 52)))
    # merchant account
    c("merchant-account-missing", "no object in 02-51: merchant-account-missing, path 02, offset of the CRC", base(drop=(26,)))
    c("merchant-account-02", "02 (Visa) is merchant account information: no finding", base((2, "4000123456789012"), drop=(26,)))
    c("merchant-account-15", "15 (UnionPay) alone: no merchant-account-missing", base((15, "1234567812345678123456789012345"), drop=(26,)))
    c("merchant-account-51", "template 51 alone: no merchant-account-missing", base((51, [(0, "com.example")]), drop=(26,)))
    c("merchant-account-80-only", "template 80 is not 02-51: merchant-account-missing", base((80, [(0, "com.example")]), drop=(26,)))
    c("merchant-account-and-mandatory", "no 26 and no 60: mandatory-missing 60, then merchant-account-missing", base(drop=(26, 60)))
    # duplicates
    c("duplicate-root", "59 twice: duplicate-id at the second", payload(BASE + [(59, "OTHER")]))
    c("duplicate-root-three", "61 three times: duplicate-id at the second and the third", payload(BASE + [(61, "1"), (61, "2"), (61, "3")]))
    c("duplicate-in-62", "62.05 twice: duplicate-id at 62.05, the second", base((62, [(5, "A"), (5, "B")])))
    c("duplicate-in-26", "26.01 twice: duplicate-id at the second 26.01", base(replace={26: [(0, "com.example.pay"), (1, "A"), (1, "B")]}))
    c("duplicate-in-62-50", "62.50.01 twice: duplicate-id inside the second-level template", base((62, [(50, [(0, "a.b"), (1, "x"), (1, "y")])])))
    c("duplicate-guid", "26.00 twice: duplicate-id at the second 00", base(replace={26: [(0, "com.example.pay"), (0, "com.other")]}))
    c("duplicate-template", "62 twice: duplicate-id at the second 62, its content still checked", payload(BASE + [(62, [(5, "A")]), (62, [(5, "B"), (12, "X")])]))
    # format-n
    c("format-n-52", "52 = 58A2: format-n at 52", base(replace={52: "58A2"}))
    c("format-n-53", "53 = 15X: format-n at 53", base(replace={53: "15X"}))
    c("format-n-01", "01 = 1A: format-n, then poi-value", base(replace={1: "1A"}))
    c("format-n-55", "55 = 0A: format-n, then tip-indicator", base((55, "0A")))
    c("format-n-fullwidth", "52 in full-width digits: format-n (N is ASCII 0-9)", base(replace={52: "５８１２"}))
    # format-ans
    c("format-ans-59-utf8", "59 holding UTF-8 text: format-ans at 59", base(replace={59: "测试商店"}))
    c("format-ans-60-tab", "60 holding a tab: format-ans (ans is 0x20-0x7E), not unsafe-text", base(replace={60: "SHANG\tHAI"}))
    c("format-ans-26-cjk", "26.01 holding 名: format-ans (26-51 are ans throughout, 1.2)", base(replace={26: [(0, "com.example.pay"), (1, "名")]}))
    c("format-ans-26-bidi", "26.01 holding U+202E: format-ans, not unsafe-text (26-51 are ans)", base(replace={26: [(0, "com.example.pay"), (1, "AB\u202eCD")]}))
    c("format-ans-26-guid", "26.00 holding a non-ASCII GUID: format-ans at 26.00", base(replace={26: [(0, "com.exämple")]}))
    c("format-ans-62-05", "62.05 holding é: format-ans at 62.05", base((62, [(5, "café")])))
    c("format-ans-58", "58 = 中国: two characters (no length-fixed), format-ans", base(replace={58: "中国"}))
    c("format-ans-54-fullwidth", "54 in full-width digits: format-ans, then amount-format", base((54, "１０")))
    c("format-ans-64-00", "64.00 = 中文: format-ans at 64.00", base((64, [(0, "中文"), (1, "商店")])))
    c("format-ans-80-guid", "80.00 holding a non-ASCII GUID: format-ans (GUIDs are ans)", base((80, [(0, "中.example")])))
    c("format-ans-first-character", "59 with a tab then UTF-8: one format-ans for the field", base(replace={59: "A\t中"}))
    c("format-ans-02", "02 (primitive merchant account) with UTF-8: format-ans", base((2, "4000中"), drop=(26,)))
    # length-fixed
    for path, v, what in (((1,), "111", "01 = 111"), ((52,), "581", "52 = 581"), ((53,), "1560", "53 = 1560"),
                          ((58,), "CHN", "58 = CHN"), ((55,), "1", "55 = 1")):
        i = path[0]
        objs = base(replace={i: v}) if i in dict(BASE) else base((i, v))
        c("length-fixed-%02d" % i, "%s: length-fixed (and the value rules of that ID)" % what, objs)
    c("length-fixed-62-11", "62.11 = 12: length-fixed, then merchant-channel", base((62, [(11, "12")])))
    c("length-fixed-64-00", "64.00 = ZHO: length-fixed at 64.00", base((64, [(0, "ZHO"), (1, "商店")])))
    # length-max and boundaries
    for i, mx in ((59, 25), (60, 15), (61, 10)):
        c("length-max-%02d" % i, "%02d of %d characters: length-max (maximum %d)" % (i, mx + 1, mx), base((i, "A" * (mx + 1))) if i == 61 else base(replace={i: "A" * (mx + 1)}))
        c("length-max-%02d-at-limit" % i, "%02d of exactly %d characters: no finding" % (i, mx), base((i, "A" * mx)) if i == 61 else base(replace={i: "A" * mx}))
    for sub, mx in ((1, 25), (2, 25), (3, 25), (4, 25), (5, 25), (6, 25), (7, 25), (8, 25), (10, 20)):
        c("length-max-62-%02d" % sub, "62.%02d of %d characters: length-max" % (sub, mx + 1), base((62, [(sub, "1" * (mx + 1))])))
    c("length-max-62-05-at-limit", "62.05 of exactly 25 characters: no finding", base((62, [(5, "R" * 25)])))
    c("length-max-62-09", "62.09 = AMEA (4 characters): length-max, then consumer-data-request", base((62, [(9, "AMEA")])))
    c("length-max-64-01", "64.01 of 26 Chinese characters: length-max (S, 25 characters)", base((64, [(0, "ZH"), (1, "商" * 26)])))
    c("length-max-64-01-at-limit", "64.01 of exactly 25 Chinese characters (75 bytes): no finding", base((64, [(0, "ZH"), (1, "商" * 25)])))
    c("length-max-64-02", "64.02 of 16 characters: length-max", base((64, [(0, "ZH"), (1, "商店"), (2, "城" * 16)])))
    c("length-max-54", "54 of 14 characters: length-max and then amount-format (3)", base((54, "1" * 14)))
    c("length-max-54-at-limit", "54 of 13 characters: no finding", base((54, "1234567890.12")))
    c("length-max-56", "56 of 14 characters with 55 = 02: length-max, amount-format", base((55, "02"), (56, "1" * 14)))
    c("length-max-57", "57 of 6 characters with 55 = 03: length-max, then fee-percentage", base((55, "03"), (57, "10.000")))
    # guid
    c("guid-length-26", "26.00 of 33 characters: guid-length at 26.00", base(replace={26: [(0, "g" * 33)]}))
    c("guid-length-26-at-limit", "26.00 of 32 characters: no finding", base(replace={26: [(0, "g" * 32)]}))
    c("guid-length-80", "80.00 of 33 characters: guid-length", base((80, [(0, "A" * 33)])))
    c("guid-length-62-50", "62.50.00 of 33 characters: guid-length at 62.50.00", base((62, [(50, [(0, "A" * 33)])])))
    c("guid-length-alipayplus", "the real 37-character Alipay+ GUID in 28: guid-length (over EMVCo's 32)", base((28, [(0, "A111278300000000.alipayplus.v20250513"), (1, "x")])))
    c("guid-missing-26", "26 starting with 01: guid-missing at 26", base(replace={26: [(1, "MERCHANT01")]}))
    c("guid-missing-26-later", "26 with 01 then 00: guid-missing (00 must be first), reported once", base(replace={26: [(1, "M"), (0, "com.example")]}))
    c("guid-missing-80", "80 starting with 01: guid-missing at 80", base((80, [(1, "x")])))
    c("guid-missing-62-50", "62.50 starting with 01: guid-missing at 62.50", base((62, [(50, [(1, "x")])])))
    c("guid-missing-62-not-payment", "62 starting with 05: no guid-missing (62 is not a payment-system template)", base((62, [(5, "REF")])))
    c("guid-missing-64-not-payment", "64 starting with 01: language-template, no guid-missing", base((64, [(1, "商店"), (0, "ZH")])))
    c("guid-dup-then-guid-missing", "26 = 01, 01: guid-missing at 26 for the first sub-object, duplicate-id at the second", base(replace={26: [(1, "A"), (1, "B")]}))
    # template-not-tlv
    c("template-not-tlv-26", "26 not TLV: strict refuses it (template-not-tlv); lenient finding template-not-tlv at 26", base(replace={26: "ABC"}))
    c("template-not-tlv-62-50", "62.50 not TLV: a finding in both modes", base((62, [(50, "XYZ")])))
    c("template-not-tlv-62-99", "62.99 whose sub-object runs past it: a finding in both modes", base((62, [(99, "0011com.example0199")])))
    # rfu
    c("rfu-65", "root 65: rfu-id", base((65, "X")))
    c("rfu-79", "root 79: rfu-id", base((79, "X")))
    c("rfu-62-12", "62.12: rfu-id at 62.12", base((62, [(12, "X")])))
    c("rfu-62-49", "62.49: rfu-id at 62.49", base((62, [(49, "X")])))
    c("rfu-64-03", "64.03: rfu-id at 64.03", base((64, [(0, "ZH"), (1, "商店"), (3, "X")])))
    c("rfu-64-99", "64.99: rfu-id", base((64, [(0, "ZH"), (1, "商店"), (99, "X")])))
    c("rfu-62-50-not-rfu", "62.50 is a payment system template, not RFU", base((62, [(50, [(0, "a.b")])])))
    c("rfu-zero-length", "65 of length 00 (lenient): rfu-id, then zero-length, nothing more", base((65, "")), modes=("lenient",))
    c("rfu-unsafe", "62.12 holding U+200B: rfu-id, then unsafe-text (RFU positions are S)", base((62, [(12, "A\u200bB")])))
    # zero length
    c("zero-length-root", "61 of length 00: strict zero-length; lenient finding zero-length at 61", base((61, "")))
    c("zero-length-62-05", "62.05 of length 00: strict zero-length, lenient finding", base((62, [(1, "A"), (5, "")])))
    c("zero-length-mandatory", "59 of length 00 (lenient): zero-length, nothing more (not mandatory-missing)", base(replace={59: ""}), modes=("lenient",))
    c("zero-length-template", "62 of length 00 (lenient): zero-length, its content not read", base((62, "")), modes=("lenient",))
    c("zero-length-00", "00 of length 00 (lenient): zero-length, no pfi-value", base(replace={0: ""}), modes=("lenient",))
    # crc-lowercase
    c("crc-lowercase", "lower-case CRC: strict crc-lowercase; lenient finding crc-lowercase at 63, the CRC object's offset", base(lower=True))
    # language template
    c("language-template-no-01", "64 with only 00: language-template at 64", base((64, [(0, "ZH")])))
    c("language-template-no-00", "64 with only 01: language-template at 64", base((64, [(1, "商店")])))
    c("language-template-02-only", "64 with 00 and 02 but no 01: language-template", base((64, [(0, "ZH"), (2, "上海")])))
    c("language-template-ok", "64 with 00 and 01: no finding", base((64, [(0, "ZH"), (1, "商店")])))
    c("language-template-after-subs", "64 = 00, 03: rfu-id at 64.03 first, language-template after the last sub-object", base((64, [(0, "ZH"), (3, "X")])))
    # 62.09 / 62.11
    for v, okv in (("AME", True), ("ME", True), ("E", True), ("AMX", False), ("AA", False), ("a", False), ("EMA", True), ("A M", False)):
        c("consumer-data-request-" + v.replace(" ", "_"), "62.09 = %r: %s" % (v, "a set of A, M, E: no finding" if okv else "consumer-data-request"), base((62, [(9, v)])))
    for v, okv in (("000", True), ("733", True), ("800", False), ("040", False), ("004", False), ("A00", False), ("7 3", False)):
        c("merchant-channel-" + v.replace(" ", "_"), "62.11 = %r: %s" % (v, "media 0-7, location 0-3, presence 0-3: no finding" if okv else "merchant-channel"), base((62, [(11, v)])))
    # poi, amounts, tip
    for v in ("13", "10", "00", "21"):
        c("poi-value-" + v, "01 = %s: poi-value" % v, base(replace={1: v}))
    c("poi-12", "01 = 12: no finding", base(replace={1: "12"}))
    for v in ("98.73", "98", "98.", "0.01", "1234567890.12", ".5"):
        c("amount-ok-" + v, "54 = %s: a valid amount (1.3)" % v, base((54, v)))
    for name, v in (("zero", "0"), ("zero-decimals", "0.00"), ("dot", "."), ("comma", "98,73"), ("space", "3 705"),
                    ("minus", "-5"), ("exponent", "1e3"), ("two-dots", "1.2.3"), ("plus", "+5")):
        c("amount-format-" + name, "54 = %r: amount-format (1.3)" % v, base((54, v)))
    c("amount-format-56", "56 = 0 with 55 = 02: amount-format at 56", base((55, "02"), (56, "0")))
    for v in ("04", "00", "99"):
        c("tip-indicator-" + v, "55 = %s: tip-indicator" % v, base((55, v)))
    c("tip-01", "55 = 01 (the app asks for a tip) alone: no finding", base((55, "01")))
    c("tip-coupling-56-alone", "56 without 55: tip-coupling at 56", base((56, "1.00")))
    c("tip-coupling-57-alone", "57 without 55: tip-coupling at 57", base((57, "5")))
    c("tip-coupling-55-02-alone", "55 = 02 without 56: tip-coupling at 55", base((55, "02")))
    c("tip-coupling-55-03-alone", "55 = 03 without 57: tip-coupling at 55", base((55, "03")))
    c("tip-coupling-55-02-with-57", "55 = 02 with 57: tip-coupling at 57, then at 55 (56 missing): order 56, 57, 55", base((55, "02"), (57, "5")))
    c("tip-coupling-55-01-with-56-57", "55 = 01 with 56 and 57: tip-coupling at 56, then 57", base((55, "01"), (56, "1"), (57, "5")))
    c("tip-coupling-02-ok", "55 = 02 with 56: no finding", base((55, "02"), (56, "1.50")))
    c("tip-coupling-03-ok", "55 = 03 with 57: no finding", base((55, "03"), (57, "5.5")))
    for v, okv in (("100", False), ("0", False), ("1.234", False), ("5%", False), ("99.99", True), ("00.01", True), ("5", True), ("0.00", False)):
        c("fee-percentage-" + v.replace("%", "pct"), "57 = %r with 55 = 03: %s" % (v, "valid (00.01-99.99)" if okv else "fee-percentage"), base((55, "03"), (57, v)))
    # unsafe text
    for name, path, v in (("64-01-rlo", (64, 1), "商店\u202e"), ("64-02-zwsp", (64, 2), "上\u200b海"), ("64-01-tab", (64, 1), "商\t店"),
                          ("80-01-bell", (80, 1), "A\x07"), ("62-00-lri", (62, 0), "\u2066x"), ("62-50-01-bom", (62, 50, 1), "\ufeffx"),
                          ("65-nul", (65,), "\x00"), ("64-01-lrm", (64, 1), "\u200e商店"), ("80-01-hangul-filler", (80, 1), "\u3164"),
                          ("80-01-tag", (80, 1), "x\U000e0041"), ("64-01-line-separator", (64, 1), "商\u2028店"), ("80-01-del", (80, 1), "\x7f"),
                          ("80-01-soft-hyphen", (80, 1), "a\u00adb"), ("80-01-c1", (80, 1), "\u0085")):
        if path[0] == 64:
            subs = [(0, "ZH"), (1, "商店")]
            subs = [(k, v if k == path[1] else w) for k, w in subs] if path[1] in (0, 1) else subs + [(path[1], v)]
            s_ = base((64, subs))
        elif path[0] == 80:
            s_ = base((80, [(0, "com.example"), (1, v)]))
        elif path == (62, 0):
            s_ = base((62, [(0, v)]))
        elif path == (62, 50, 1):
            s_ = base((62, [(50, [(0, "a.b"), (1, v)])]))
        else:
            s_ = base((65, v))
        c("unsafe-text-" + name, "%s holding U+%04X: unsafe-text (an invisible character in an S field)" % (
            ".".join("%02d" % x for x in path), ord([ch for ch in v if R.is_invisible(ch)][0])), s_)
    c("unsafe-text-visible-cjk", "64.01 holding Chinese text only: no finding (S allows any visible character)", base((64, [(0, "ZH"), (1, "最佳运输")])))
    c("unsafe-text-nbsp", "80.01 holding U+00A0 (whitespace, not invisible): no finding", base((80, [(0, "com.example"), (1, "a\u00a0b")])))
    # payload length
    c("payload-length", "513 characters: strict too-long; lenient finding payload-length, path 63, offset 0", filled(chars=513))
    c("payload-length-cjk", "513 characters, some 3-byte: lenient finding payload-length", filled(chars=513, wide=True))
    # order of findings
    c("order-kitchen-sink", "many findings at once, in the order of section 3: per object in payload order, then the missing objects, coupling, payload length",
      payload([(1, "13"), (0, "02"), (26, [(1, "x"), (1, "y")]), (54, "1" * 14), (56, "0"), (59, "名" * 26), (59, "B"), (62, [(9, "AX"), (11, "9"), (12, "\u202e")]),
               (64, [(3, "x")]), (65, ""), (80, [(0, "g" * 33), (1, "\x07")])]), modes=("lenient",))
    c("order-template-steps", "26 = 01, 01, 00: guid-missing after the first sub-object's duplicate check, duplicate-id at the second 01, format findings per sub-object",
      base(replace={26: [(1, "名"), (1, "B"), (0, "g" * 33)]}))
    c("order-after-objects", "no 52, no 60, no account, 56 alone: mandatory-missing 52, 60, merchant-account-missing, tip-coupling", base((56, "1"), drop=(52, 60, 26)))
    # builder errors: the first finding as an error of the kind of the last column
    for id_, note, s_ in cases:
        r = R.mpm(s_, "lenient")
        if r[0] != "ok":
            continue
        if r[1]:
            f = r[1][0]
            e = {"kind": R.BUILDER_KIND[f["rule"]], "offset": f["offset"], "path": f["path"]}
            add(F, "check-" + id_, "builder: the first finding (%s) refused as %s at its offset and path (1.4, 3)" % (f["rule"], e["kind"]),
                "mpm-check", s_, fail(e))
        else:
            add(F, "check-" + id_, "builder: no finding, so the payload is accepted (1.4)", "mpm-check", s_, ok())

# =============================================================================================
# Section 8: payment-code routing

def route_expect(code):
    r = R.route(code)
    if r[0] == "err":
        return fail(r[1])
    return ok(ecny="QT02", **r[1])


def routing():
    F = "routing.json"
    rnd = random.Random(8)
    digits = lambda n: "".join(rnd.choice("0123456789") for _ in range(n))
    alnum = lambda n: "".join(rnd.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(n))
    seen = set()

    def c(id_, note, code):
        if code in seen:
            return
        seen.add(code)
        add(F, "route-" + id_, note, "payment-code", code, route_expect(code))

    for prefix, lo, hi, provider, route_, variant, charset in R.ROUTING:
        fill = alnum if charset == "alnum" else digits
        name = "%s-%s%s" % (prefix, provider, "-" + variant if variant else "")
        for n in sorted({lo, (lo + hi) // 2, hi}):
            code = prefix + fill(n - len(prefix))
            r = R.route(code)
            c("%s-len%d" % (name, n), "prefix %s, %d characters: row %s/%s%s of 8.2; answer %s%s" % (
                prefix, n, provider, route_, " (" + variant + ")" if variant else "", r[1]["provider"] if r[0] == "ok" else r[1]["kind"],
                (" with candidates " + ", ".join(r[1]["candidates"])) if r[0] == "ok" and r[1]["candidates"] else ""), code)
        for n in (lo - 1, hi + 1):
            if n < len(prefix):
                continue
            code = prefix + fill(n - len(prefix))
            r = R.route(code)
            c("%s-len%d" % (name, n), "prefix %s with %d characters, outside the row's %d-%d: %s" % (
                prefix, n, lo, hi, ("wrong-length at %d" % r[1]["offset"]) if r[0] == "err" else "another row: " + r[1]["provider"]), code)
    # overlaps (8.3)
    c("overlap-62", "62 and 19 digits: UnionPay, candidate JD Pay (8.3)", "6225881234567890123")
    c("overlap-ccb", "6220105 and 19 digits: UnionPay variant ccb-long-pay, candidate JD Pay", "6220105123456789012")
    c("overlap-ccb-6270105", "6270105 and 19 digits: ccb-long-pay, candidate JD Pay", "6270105000000000001")
    c("overlap-ccb-6280105", "6280105 is outside 62[2-7]0105: plain UnionPay, candidate JD Pay", "6280105000000000001")
    c("overlap-28-17", "28 and 17 digits: Alipay, candidate Alipay+ (legacy)", "28763443825664394")
    c("overlap-28-18", "28 and 18 digits: Alipay, candidate Alipay+", "287634438256643941")
    c("overlap-28-19", "28 and 19 digits: Alipay, candidate Alipay+", "2876344382566439412")
    c("overlap-28-16", "28 and 16 digits: Alipay only (the Alipay+ legacy row is 17-19)", "2876344382566439")
    c("overlap-28-20", "28 and 20 digits: Alipay only", "28763443825664394123")
    c("overlap-28-24", "28 and 24 digits: Alipay, candidate Alipay+ (two Alipay+ rows, one candidate)", "287634438256643941234567")
    for p_ in ("25", "26", "27", "29", "30"):
        c("overlap-%s-24" % p_, "%s and 24 digits: Alipay, candidate Alipay+ (issuer-user-number)" % p_, p_ + digits(22))
    c("disjoint-18-jd", "18 and 18 digits: JD Pay, no candidate (disjoint by prefix)", "180000000000000000")
    c("disjoint-51", "51 and 18 digits: Bestpay", "510638304100349003")
    c("disjoint-01", "01 and 19 digits: e-CNY", "0158343705211638182")
    c("disjoint-5678", "5678 and 19 digits: WeBank", "5678000000000000000")
    c("disjoint-5679", "5679: no rule's prefix (WeBank is 5678): unrecognised", "5679000000000000000")
    c("lakala-811", "811: neither 810 nor 812: unrecognised", "8110000000000000000")
    c("lakala-821", "821: unrecognised", "8210000000000000000")
    c("hk-wallet", "15 and 18 digits: WeChat Pay, variant hong-kong-wallet", "151234567890123456")
    c("wechat-16", "16 and 18 digits: no row (WeChat is 10-15): unrecognised", "161234567890123456")
    c("wechat-09", "09 and 18 digits: unrecognised", "091234567890123456")
    # 8.4 errors
    c("doc-wrong-length-17", "13 and 17 digits: wrong-length at the end (8.4's example)", "13456789012345678")
    c("wrong-length-past-max", "13 and 19 digits: wrong-length at 18, the first character past the longest length", "1345678901234567890")
    c("wrong-length-62-18", "62 and 18 digits: wrong-length at 18", "622588123456789012")
    c("wrong-length-62-20", "62 and 20 digits: wrong-length at 19", "62258812345678901234")
    c("wrong-length-ccb-18", "6220105 and 18 digits: wrong-length (the first matching row is CCB's, 19)", "622010512345678901")
    c("wrong-length-suning-15", "83 and 15 digits: wrong-length at 15 (Suning is 16-32)", "831234567890123")
    c("wrong-length-suning-33", "83 and 33 digits: wrong-length at 32", "83" + digits(31))
    c("suning-32", "83 and 32 digits: Suning (the table bounds the public 'at least 16' at 32)", "83" + digits(30))
    c("wrong-length-alipay-12", "25 and 12 digits: wrong-length at 12", "252819482199")
    c("wrong-length-alipay-25", "25 and 25 digits: wrong-length at 24", "25" + digits(23))
    c("wrong-length-prefix-only", "the two digits 62 alone: wrong-length at 2", "62")
    c("wrong-length-fp-34", "fp and 32 letters or digits (34): wrong-length at 34", "fp" + alnum(32))
    c("wrong-length-fp-36", "fp and 34 letters or digits (36): wrong-length at 35", "fp" + alnum(34))
    c("wrong-length-fp-alone", "fp alone: wrong-length at 2", "fp")
    c("unrecognised-99", "19 digits starting 99: unrecognised at 0 (8.4's example)", "9912" + digits(15))
    c("unrecognised-00", "18 digits starting 00: unrecognised", "00" + digits(16))
    c("unrecognised-short", "the digit 7: unrecognised, whatever the length", "7")
    c("unrecognised-long", "40 digits starting 9: unrecognised", "9" + digits(39))
    c("unrecognised-4", "the single digit 4", "4")
    add(F, "route-empty", "empty input: empty at 0 (8.4)", "payment-code", "", route_expect(""))
    for name, code, what in (
        ("space-inside", "1345678 9012345678", "a space inside"), ("space-leading", " 134567890123456789", "a leading space (nothing is trimmed)"),
        ("space-trailing", "134567890123456789 ", "a trailing space"), ("tab", "13456789\t0123456789", "a tab"),
        ("newline-trailing", "134567890123456789\n", "a trailing newline"), ("crlf", "134567890123456789\r\n", "a trailing CR LF"),
        ("fullwidth", "１３4567890123456789", "full-width digits first"), ("fullwidth-inside", "13456789０123456789", "a full-width digit inside"),
        ("arabic-indic", "13456789٠123456789", "an Arabic-Indic digit"), ("bidi-first", "\u202e134567890123456789", "U+202E first"),
        ("bidi-inside", "1345678\u202e90123456789", "U+202E inside"), ("zwsp", "134567890\u200b123456789", "a zero-width space"),
        ("letter", "165350543a24636560", "a letter after digits (16 has no row)"), ("letter-after-prefix", "13456789a0123456789", "a letter after a WeChat prefix"),
        ("hyphen", "1345-6789-0123-4567", "hyphens"), ("letter-first", "a34567890123456789", "a letter first"),
        ("fp-bang", "fp" + "A" * 32 + "!", "a '!' in a face-pay token"), ("fp-cjk", "fp" + "A" * 32 + "中", "a Chinese character in a face-pay token"),
        ("fp-upper", "FP" + "A" * 33, "upper-case FP (the prefix is fp)"), ("fp-space", "fp " + "A" * 32, "a space after fp"),
        ("nbsp", "1345678\u00a090123456789", "a no-break space"), ("62-letter", "6225881234567890x23", "a letter in a UnionPay code")):
        r = R.route(code)
        add(F, "route-char-" + name, "%s: invalid-character at the character's byte offset (8.1, 8.4)" % what if r[0] == "err" and r[1]["kind"] == "invalid-character" else what,
            "payment-code", code, route_expect(code))
    c("fp-valid", "fp and 33 letters or digits: Alipay face-pay (35 characters)", "fp" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q")
    c("fp-digits", "fp and 33 digits: face-pay", "fp" + "1" * 33)

# =============================================================================================
# Section 7: consumer-presented codes

def cpm_outcome(r, omit=()):
    """The expectation for reference.cpm's answer r, leaving out the error keys in omit."""
    if r[0] == "err":
        return fail({k: v for k, v in r[1].items() if k not in omit})
    return ok(findings=r[1], providers=[r[2]] if r[2] else [], roundtrip=True)


def cpm_expect(text, omit=()):
    return cpm_outcome(R.cpm(text), omit)


def cpm_bytes_expect(raw, omit=()):
    return cpm_outcome(R.cpm_bytes(raw), omit)


def nibbles(s):
    """Packs hex nibbles written as a string ('6212D2512F')."""
    if len(s) % 2:
        s += "F"
    return bytes.fromhex(s)


def cpm():
    F = "cpm.json"
    B, T = R.ber, R.b64
    for n, row in enumerate(tsv("cpm.tsv"), 1):
        p_, source, system, note = row
        v = verdict(note)
        r = R.cpm(p_)
        assert (r[0] == "ok") == v.startswith("valid"), (n, v, r)
        if v == "valid":
            assert r[1] == [], (n, r)
        if v == "valid-with-warnings":
            assert r[1], n
        omit = ("path",) if r[0] == "err" and r[1]["kind"] == "missing-field" and r[1]["offset"] == len(R.cpm_text(p_)) else ()
        add(F, "cpm-tsv-%03d" % (n + 1), "cpm.tsv row %d (%s), verdict %s" % (n + 1, system, v), "cpm", p_, cpm_expect(p_, omit))

    UP = bytes.fromhex("A000000333010101")
    UP2 = bytes.fromhex("A000000333010102")
    FOREIGN = bytes.fromhex("A0000000555555")
    t2 = nibbles("6212345678901234D25122011234567890")

    def app(*objs, aid=UP):
        return B(0x61, ([B(0x4F, aid)] if aid is not None else []) + list(objs))

    def text(*objs, pfi=R.PFI):
        return T(pfi + b"".join(objs))

    def c(id_, note, t, omit=()):
        add(F, "cpm-" + id_, note, "cpm", t, cpm_expect(t, omit))

    def cb(id_, note, raw, omit=()):
        add(F, "cpm-bytes-" + id_, note, "cpm-bytes", raw.hex().upper(), cpm_bytes_expect(raw, omit))

    label = B(0x50, b"UNIONPAY")
    good = text(app(label, B(0x57, t2), B(0x5F34, b"\x01")))
    c("unionpay", "85 CPV01 and one 61 with AID A000000333010101: UnionPay (7.5), no finding, re-encodes byte for byte", good)
    c("unionpay-credit", "AID A000000333010102 (credit): UnionPay", text(app(label, aid=UP2)))
    c("unionpay-rid-only", "AID A000000333 (the RID itself, 5 bytes): UnionPay", text(app(aid=bytes.fromhex("A000000333"))))
    c("foreign-aid", "AID A0000000555555: reported with no provider", text(app(aid=FOREIGN)))
    c("qris-aid", "QRIS AID A0000006022020: no provider", text(app(aid=bytes.fromhex("A0000006022020"))))
    c("second-app-routes", "two 61, the first foreign, the second UnionPay: the first application that routes (7.5)", text(app(aid=FOREIGN), app(label)))
    c("two-apps-common", "two 61 and a 62 holding the PAN and the name they share: no finding", text(app(label, aid=FOREIGN), app(label), B(0x62, [B(0x5A, nibbles("6212345678901234")), B(0x5F20, b"CARDHOLDER/EMV")])))
    c("transparent-dup", "9F26 twice inside 63 in a 61: a repeat inside 63 is the issuer's business, no error", text(app(B(0x63, [B(0x9F26, b"12345678"), B(0x9F26, b"12345678")]))))
    c("private-tags", "private tags C1 and 9F74 inside 61, unknown tags kept in place", text(app(B(0xC1, b"x"), B(0x9F74, b"abc"))))
    c("track2-odd-padded", "57 with an odd number of nibbles padded with one F: valid", text(app(B(0x57, nibbles("6212345678901234D2512201123")))))
    c("track2-minimal", "57 = 1-digit PAN, D, YYMM, service code, no discretionary data: valid", text(app(B(0x57, nibbles("1D2512201")))))
    c("nested-level4-empty", "61 > 63 > E1 > E2 with E2 empty: a constructed object at level 4 may be empty", text(app(B(0x63, [B(0xE1, [B(0xE2, b"")])]))))
    nonmin = R.PFI + bytes([0x61, 0x81, len(B(0x4F, UP)) + 6]) + B(0x4F, UP) + bytes([0x50, 0x81, 0x03]) + b"ABC"
    c("non-minimal-lengths", "61 81 xx and 50 81 03: long-form lengths kept as written, the text re-encodes exactly (7.2)", T(nonmin))
    # text (7.1)
    c("empty", "empty text: empty at 0", "")
    c("not-cpm", "'hQVDUFz...': does not start hQVDUFY: wrong-format at 0", "hQVDUFzw" + good[8:])
    c("not-cpm-base64", "valid base64 of other bytes: wrong-format at 0", "AAAA")
    c("not-cpm-emv", "an MPM payload: wrong-format at 0", base())
    c("prefix-only", "'hQVD': a start of hQVDUFY but not hQVDUFY: wrong-format at 0 (7.1: it starts with hQVDUFY)", "hQVD")
    c("lowercase-prefix", "'hqvdufy...': wrong-format at 0", "hqvdufy" + good[7:])
    for name, k, ch in (("space", 20, " "), ("newline", 20, "\n"), ("tab", 24, "\t"), ("cr", 8, "\r")):
        t = good[:k] + ch + good[k:]
        c("whitespace-" + name, "a %s inside the base64: invalid-base64 at it (no whitespace anywhere)" % name, t)
    c("whitespace-leading", "a leading space: the first difference from hQVDUFY is whitespace, invalid-base64 at 0", " " + good)
    c("whitespace-in-prefix", "a newline inside hQVDUFY: invalid-base64 at it", good[:4] + "\n" + good[4:])
    c("whitespace-trailing", "a trailing newline: invalid-base64 at it", good + "\n")
    for name, ch in (("dash", "-"), ("underscore", "_"), ("dot", "."), ("cjk", "中")):
        k = 16
        t = good[:k] + ch + good[k + 1:]
        c("alphabet-" + name, "%r in place of a base64 character: invalid-base64 at it (standard alphabet only)" % ch, t)
    k = 12
    c("padding-inside", "'=' inside the text: invalid-base64 at it", good[:k] + "=" + good[k + 1:])
    trimmed = good.rstrip("=")
    if trimmed != good:
        c("padding-missing", "padding removed: length not a multiple of 4, invalid-base64 (offset: SPEC says only 'in the text')", trimmed, omit=("offset",))
    else:
        c("padding-missing", "a character removed: length not a multiple of 4, invalid-base64 (offset: SPEC says only 'in the text')", good[:-1], omit=("offset",))
    c("padding-excess", "three '=' at the end: invalid-base64 (offset: SPEC says only 'in the text')", good.rstrip("=") + "===" + "A" * ((4 - (len(good.rstrip("=")) + 3) % 4) % 4), omit=("offset",))
    # non-canonical last character: pick a text with padding and set unused bits
    for extra in range(1, 4):
        raw = R.PFI + app(label) + B(0xC1, b"x" * extra)
        t = T(raw)
        if t.endswith("=="):
            alph = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            last = t[-3]
            bad_ = alph[alph.index(last) | 1]
            c("non-canonical", "set unused bits in the last character before '==': invalid-base64 at that character (one payload, one text)", t[:-3] + bad_ + "==")
            break
    def sized(chars):
        for n in range(0, 800):
            t = text(app(B(0x5F50, b"h" * 1500), B(0x9F74, b"x" * n)))
            if len(t) >= chars:
                return t
        raise AssertionError(chars)

    long_ = sized(2956)
    assert len(long_) == 2956, len(long_)
    c("too-long", "a text of 2956 characters, over 2953: too-long at 2953 (7.1, 7.6)", long_)
    t = sized(2952)
    assert len(t) == 2952, len(t)
    c("at-limit", "a text of 2952 characters (the longest multiple of 4 within 2953): parses", t)
    # BER (7.2)
    c("ber-tag-zero", "a tag byte 00 after 85: invalid-ber at it (EMV padding refused)", T(R.PFI + b"\x00" + app()), omit=("path",))
    c("ber-tag-cut", "a multi-byte tag cut off at the end (9F): invalid-ber at the object", T(R.PFI + app() + b"\x9f"), omit=("path",))
    c("ber-tag-too-long", "a tag of 5 bytes (9F 81 81 81 01): invalid-ber", T(R.PFI + app() + bytes.fromhex("9F81818101") + b"\x00"), omit=("path",))
    c("ber-no-length", "a tag at the very end, no length byte: invalid-ber at it, path its tag", T(R.PFI + app() + b"\x50"))
    c("ber-length-80", "length 80 (indefinite): invalid-ber at the object, path its tag", T(R.PFI + app() + b"\x50\x80\x00\x00"))
    c("ber-length-85", "length form 85 (5 bytes): invalid-ber", T(R.PFI + app() + b"\x50\x85\x00\x00\x00\x00\x01A"))
    c("ber-length-cut", "long form 82 with one length byte left: invalid-ber", T(R.PFI + app() + b"\x50\x82\x01"))
    c("ber-overrun-root", "61 declaring more bytes than remain: invalid-ber at 61, path 61", T(R.PFI + b"\x61\x20" + B(0x4F, UP)))
    c("ber-overrun-inner", "50 inside 61 running past the end of 61: invalid-ber at 50, path 61.50", T(R.PFI + B(0x61, B(0x4F, UP) + b"\x50\x05AB") + B(0x9F74, b"abc")))
    c("ber-lengths-count-bytes", "50 whose length counts characters of UTF-8 text rather than bytes: the next object breaks", T(R.PFI + B(0x61, B(0x4F, UP) + b"\x50\x02" + "中".encode()) ))
    c("ber-too-deep", "61 > 63 > E1 > E2 with E2 holding data: nesting over 4 levels, invalid-ber at E2", text(app(B(0x63, [B(0xE1, [B(0xE2, [B(0xC1, b"x")])])]))))
    # structure (7.3)
    cb("first-not-85", "first data object 61, not 85: wrong-format at 0", app() + R.PFI, omit=("path",))
    cb("pfi-long-form", "85 written 85 81 05: wrong-format at 0, path 85", b"\x85\x81\x05CPV01" + app())
    c("pfi-value", "85 holding CPV02: wrong-format at 0, path 85", text(app(), pfi=B(0x85, b"CPV02")))
    c("pfi-short", "85 04 CPV0: the text does not start hQVDUFY, wrong-format at 0", text(app(), pfi=B(0x85, b"CPV0")))
    c("no-61", "85 and 62 only: missing-field at the end of the bytes", text(B(0x62, [B(0x5A, nibbles("1234"))])), omit=("path",))
    c("only-85", "85 alone: missing-field at the end of the bytes", text(), omit=("path",))
    c("61-without-aid", "one 61 without 4F: no usable application, missing-field at the first 61", text(app(label, aid=None)), omit=("path",))
    c("61-short-aid", "one 61 with a 4-byte AID: no usable application, missing-field at the first 61", text(app(label, aid=bytes.fromhex("A0000003"))), omit=("path",))
    c("61-long-aid", "one 61 with a 17-byte AID: missing-field at the first 61", text(app(label, aid=bytes(17))), omit=("path",))
    c("two-unusable", "two 61, neither usable: missing-field at the first", text(app(aid=None), app(aid=b"\xa0")), omit=("path",))
    c("duplicate-62", "62 twice at the root: duplicate at the second, path 62", text(app(aid=FOREIGN), app(), B(0x62, [B(0x5A, nibbles("12"))]), B(0x62, [B(0x5A, nibbles("12"))])))
    c("duplicate-85", "85 twice: duplicate at the second, path 85", text(app(), R.PFI))
    c("duplicate-in-61", "50 twice in one 61: duplicate at the second 50, path 61.50", text(app(label, label)))
    c("duplicate-in-62", "5F20 twice in 62: duplicate at the second, path 62.5F20", text(app(aid=FOREIGN), app(), B(0x62, [B(0x5F20, b"AB"), B(0x5F20, b"CD")])))
    c("duplicate-4f", "4F twice in one 61: duplicate at the second 4F", text(app(B(0x4F, UP))))
    # findings (7.4)
    c("application-count", "three 61: application-count at the third", text(app(aid=FOREIGN), app(), app(aid=UP2)))
    c("application-count-four", "four 61: application-count once, at the third", text(app(aid=FOREIGN), app(), app(aid=UP2), app()))
    c("common-data-placement", "62 next to a single 61: common-data-placement at 62", text(app(), B(0x62, [B(0x5A, nibbles("6212345678901234"))])))
    c("order-62-first", "62 before the 61s: order at each 61 that follows it", text(B(0x62, [B(0x5F20, b"AB")]), app(aid=FOREIGN), app()))
    c("order-61-after-62", "85, 61, 62, 61: order at the second 61", text(app(aid=FOREIGN), B(0x62, [B(0x5F20, b"AB")]), app()))
    c("order-other-first", "85, 9F74, 61: order at 61", text(B(0x9F74, b"x"), app()))
    c("order-62-after-other", "85, 61, 61, 9F74, 62: order at 62", text(app(aid=FOREIGN), app(), B(0x9F74, b"x"), B(0x62, [B(0x5F20, b"AB")])))
    c("aid-missing", "a 61 without 4F beside a usable one: aid-missing at that 61", text(app(label, aid=None), app()))
    c("aid-length-short", "a 61 whose 4F has 4 bytes beside a usable one: aid-length at 61.4F", text(app(aid=bytes.fromhex("A0000003")), app()))
    c("aid-length-long", "a 61 whose 4F has 17 bytes beside a usable one: aid-length at 61.4F, and it does not route", text(app(aid=FOREIGN), app(aid=bytes.fromhex("A000000333" + "01" * 12))))
    c("common-data-overlap", "5F20 in a 61 and in 62: common-data-overlap at 62.5F20", text(app(B(0x5F20, b"AB"), aid=FOREIGN), app(), B(0x62, [B(0x5F20, b"CD")])))
    for name, tag, v, what in (
            ("50-17", 0x50, b"A" * 17, "50 of 17 bytes (1-16)"), ("5f20-1", 0x5F20, b"A", "5F20 of 1 byte (2-26)"),
            ("5f20-27", 0x5F20, b"A" * 27, "5F20 of 27 bytes"), ("9f08-1", 0x9F08, b"\x01", "9F08 of 1 byte (2)"),
            ("9f08-3", 0x9F08, b"\x00\x01\x02", "9F08 of 3 bytes"), ("9f19-5", 0x9F19, b"\x01" * 5, "9F19 of 5 bytes (6)"),
            ("9f24-28", 0x9F24, b"A" * 28, "9F24 of 28 bytes (29)"), ("9f25-3", 0x9F25, b"\x12\x34\x56", "9F25 of 3 bytes (2)"),
            ("5a-11", 0x5A, nibbles("12" * 11), "5A of 11 bytes (at most 10)"), ("57-20", 0x57, nibbles("6212345678901234567D25122011234567890123"), "57 of 20 bytes (at most 19)"),
            ("5f2d-9", 0x5F2D, b"ENZHFRDEX", "5F2D of 9 bytes (2-8)"), ("5f2d-1", 0x5F2D, b"E", "5F2D of 1 byte"),
            ("50-0", 0x50, b"", "50 of 0 bytes"), ("5f50-0", 0x5F50, b"", "5F50 of 0 bytes (at least 1)")):
        c("length-" + name, "%s: finding length at 61.%X" % (what, tag), text(app(B(tag, v))))
    for name, tag, v, rule, what in (
            ("50-dash", 0x50, b"UNION-PAY", "format-ans", "50 with '-' (letters, digits and spaces only)"),
            ("50-space-ok", 0x50, b"UNION PAY", None, "50 with a space: valid"),
            ("5f20-control", 0x5F20, b"AB\x01", "format-ans", "5F20 with a control byte"),
            ("5f20-slash-ok", 0x5F20, b"CARDHOLDER/EMV", None, "5F20 with '/': printable ASCII, valid"),
            ("5f50-high", 0x5F50, b"https://\x80", "format-ans", "5F50 with byte 80"),
            ("5f50-dana-ok", 0x5F50, b"DANA.ID", None, "5F50 = DANA.ID (no tel:/mailto: form enforced): valid"),
            ("9f24-dash", 0x9F24, b"A" * 28 + b"-", "format-an", "9F24 with '-'"),
            ("9f24-ok", 0x9F24, b"A1" * 14 + b"B", None, "9F24 of 29 letters and digits: valid"),
            ("5f2d-odd", 0x5F2D, b"ENG", "format-an", "5F2D = ENG (not whole two-character codes)"),
            ("5f2d-punct", 0x5F2D, b"E!", "format-an", "5F2D = E!"),
            ("5f2d-ok", 0x5F2D, b"enzh", None, "5F2D = enzh: valid"),
            ("9f25-hex", 0x9F25, b"\xab\x12", "format-n", "9F25 = AB12"),
            ("9f19-f", 0x9F19, bytes.fromhex("0F1234567890"), "format-n", "9F19 with an F nibble"),
            ("9f19-ok", 0x9F19, bytes.fromhex("012345678901"), None, "9F19 of 12 decimal nibbles: valid"),
            ("5a-letter", 0x5A, bytes.fromhex("A1234567"), "format-cn", "5A with nibble A"),
            ("5a-digit-after-pad", 0x5A, bytes.fromhex("12F3"), "format-cn", "5A with a digit after F padding"),
            ("5a-ok", 0x5A, bytes.fromhex("1234567890123F"), None, "5A padded with one F: valid"),
            ("57-no-separator", 0x57, nibbles("62123456789012342512201"), "track2", "57 without the D separator"),
            ("57-pan-20", 0x57, nibbles("12345678901234567890D2512201"), "track2", "57 with a 20-digit PAN"),
            ("57-short-rest", 0x57, nibbles("6212D251220"), "track2", "57 with only 6 digits after D (YYMM and service code need 7)"),
            ("57-two-pads", 0x57, bytes.fromhex("6212D2512201FF"), "track2", "57 ending FF (at most one F pad)"),
            ("57-empty-pan", 0x57, nibbles("D25122011234"), "track2", "57 with no PAN digit")):
        note = "%s: finding %s at 61.%X" % (what, rule, tag) if rule else what
        c("format-" + name, note, text(app(B(tag, v))))
    c("finding-order", "several findings: reported in payload order, object by object", text(app(B(0x50, b"A-B"), B(0x9F25, b"\xab\x12"), aid=FOREIGN), app(), app(aid=UP2), B(0x62, [B(0x50, b"X" * 17)])))

# =============================================================================================
# Section 6: provider legacy formats

VALID_CODES = []  # (code, provider, form, ecny): valid merchant codes, reused by sections 5 and 9


def code_ok(provider, form, ecny, inner=None):
    e = ok(provider=provider, form=form, ecny=ecny, roundtrip=True)
    if inner is not None:
        e["inner_form"] = inner
    return e


def esc(s):
    """Percent-escapes every character outside unreserved (upper-case hex), as a wrapper writes."""
    out = []
    for ch in s:
        if ch.isascii() and (ch.isalnum() or ch in "-._~"):
            out.append(ch)
        else:
            out.extend("%%%02X" % b for b in ch.encode())
    return "".join(out)


def legacy():
    F = "legacy-forms.json"

    def v(id_, note, code, provider, form, ecny, inner=None):
        VALID_CODES.append((code, provider, form, ecny))
        add(F, "form-" + id_, note, "merchant-code", code, code_ok(provider, form, ecny, inner))

    def e(id_, note, code, kind, offset=None, *, no_offset=False):
        add(F, "err-" + id_, note, "merchant-code", code, bad(kind, offset, None, no_offset=no_offset))

    alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    rnd = random.Random(6)
    tok = lambda n, al=alnum: "".join(rnd.choice(al) for _ in range(n))
    HEX = "0123456789ABCDEF"

    # --- legacy.tsv rows
    for n, row in enumerate(tsv("legacy.tsv"), 1):
        inp, kind, provider, note = unescape(row[0]), row[1], row[2], row[3]
        if kind != "merchant-code":
            continue
        form, ecny = classify(inp)
        VALID_CODES.append((inp, provider, form, ecny))
        add(F, "legacy-tsv-%03d" % (n + 1), "legacy.tsv row %d (%s): a %s merchant code, form %s (6.3), re-encoded byte for byte" % (
            n + 1, note, provider, form), "merchant-code", inp, code_ok(provider, form, ecny))

    # --- WeChat Pay (6.3)
    v("native", "WeChat Pay Native code_url, the API v3 sample: wechat-native, QT04/QET04", "weixin://wxpay/bizpayurl?pr=p4lpSuKzz", "wechat-pay", "wechat-native", "QT04/QET04")
    v("native-sr", "Native with sr= and digits", "weixin://wxpay/bizpayurl?sr=1234567890", "wechat-pay", "wechat-native", "QT04/QET04")
    v("native-authority", "Native with the authority pay.weixin.qq.com in place of wxpay", "weixin://pay.weixin.qq.com/bizpayurl?pr=p4lpSuKzz", "wechat-pay", "wechat-native", "QT04/QET04")
    v("native-484", "Native token of 484 characters, the longest", "weixin://wxpay/bizpayurl?pr=" + tok(484), "wechat-pay", "wechat-native", "QT04/QET04")
    v("native-1", "Native token of 1 character", "weixin://wxpay/bizpayurl?pr=a", "wechat-pay", "wechat-native", "QT04/QET04")
    v("native-up", "Native /up with pr and groupid", "weixin://wxpay/bizpayurl/up?pr=xwkkMxz&groupid=00", "wechat-pay", "wechat-native-up", "QT04/QET04")
    v("native-up-order", "Native /up with groupid first (either order)", "weixin://wxpay/bizpayurl/up?groupid=00&pr=xwkkMxz", "wechat-pay", "wechat-native-up", "QT04/QET04")
    v("native-up-authority", "Native /up under pay.weixin.qq.com", "weixin://pay.weixin.qq.com/bizpayurl/up?pr=abc&groupid=G1", "wechat-pay", "wechat-native-up", "QT04/QET04")
    v("native-up-groupid-32", "Native /up with a 32-character groupid", "weixin://wxpay/bizpayurl/up?pr=abc&groupid=" + tok(32), "wechat-pay", "wechat-native-up", "QT04/QET04")
    sign = "D066548BBCDED8077EFCFE3FB2C3EA93"
    m1 = "weixin://wxpay/bizpayurl?sign=%s&appid=wxbb37d2f2a4276b0b&mch_id=1243409657&product_id=ubE7R5IiAWNKTJiHXRQI&time_stamp=1873715164&nonce_str=VLqPb5cMpkON74U4YD4MKVh" % sign
    v("mode1-v2", "mode 1, v2 spelling, all six parameters: wechat-mode1, QT03/QET04 (a printed product code)", m1, "wechat-pay", "wechat-mode1", "QT03/QET04")
    m1b = "weixin://wxpay/bizpayurl?appid=wxbb37d2f2a4276b0b&nonce_str=abc&time_stamp=1&mch_id=1&product_id=P&sign=" + "a" * 64
    v("mode1-v2-order", "mode 1 v2 in another order, sign of 64 lower-case hex digits", m1b, "wechat-pay", "wechat-mode1", "QT03/QET04")
    m27 = "weixin://wxpay/bizpayurl?sign=%s&appid=wx0123456789abcdef&productid=SKU1&timestamp=1400000000&noncestr=abc123" % sign
    v("mode1-v27", "mode 1, the older V2.7 spelling (productid, timestamp, noncestr)", m27, "wechat-pay", "wechat-mode1", "QT03/QET04")
    v("mode1-product-escaped", "mode 1 with a percent-escaped product id (value alphabet)", m1.replace("ubE7R5IiAWNKTJiHXRQI", "SKU%2F001"), "wechat-pay", "wechat-mode1", "QT03/QET04")
    v("short", "short link weixin://wxpay/s/…", "weixin://wxpay/s/UFM6TZRtR", "wechat-pay", "wechat-short", "QT03/QET04")
    v("short-48", "short link of 48 url-safe characters, '-' and '_' included", "weixin://wxpay/s/" + "a-_" * 16, "wechat-pay", "wechat-short", "QT03/QET04")
    v("f2f", "personal receive code wxp://f2f…: QT01/QET04", "wxp://f2f0hH-jfNhzgBfezXDBvvMLIwko8IOA5DyH2nDbwFLCPJAXVhdrE", "wechat-pay", "wechat-f2f", "QT01/QET04")
    v("wbf2f", "wxp://wbf2f…, the other personal receive branch: QT01/QET04", "wxp://wbf2f0aB_c-D", "wechat-pay", "wechat-f2f", "QT01/QET04")
    v("f2f-padding", "wxp:// token followed by = padding", "wxp://f2f0aBcD==", "wechat-pay", "wechat-f2f", "QT01/QET04")
    v("f2f-5", "wxp:// token of 5 characters, the shortest", "wxp://f2f0a", "wechat-pay", "wechat-f2f", "QT01/QET04")
    v("f2f-128", "wxp:// token of 128 characters, the longest", "wxp://f2f" + tok(125), "wechat-pay", "wechat-f2f", "QT01/QET04")
    v("tenpay", "https://wx.tenpay.com/f2f?t=… with %3D padding", "https://wx.tenpay.com/f2f?t=AQAAANy9j8QktXKig5cZKd3uEIk%3D", "wechat-pay", "wechat-tenpay-f2f", "QT01/QET04")
    v("tenpay-raw", "tenpay t with raw + / = (base64)", "https://wx.tenpay.com/f2f?t=AQ+/Ab==", "wechat-pay", "wechat-tenpay-f2f", "QT01/QET04")
    v("tenpay-http-upper", "HTTP://WX.TENPAY.COM: scheme and host in any case, kept as written", "HTTP://WX.TENPAY.COM/f2f?t=AQAB", "wechat-pay", "wechat-tenpay-f2f", "QT01/QET04")
    v("payapp", "payapp receive code with t and fragment", "https://payapp.weixin.qq.com/qr/AQE6DUEcUlWkOyHVkNs_eAzD?t=AQAC#wechat_pay", "wechat-pay", "wechat-payapp", "QT01/QET04")
    v("payapp-bare", "payapp receive code, id only, on payapp.wechatpay.cn", "https://payapp.wechatpay.cn/qr/O2pjVwp6sc_VEn2KnPoYLgTa", "wechat-pay", "wechat-payapp", "QT01/QET04")
    for host, prefix in (("payapp.weixin.qq.com", "/materialqr/entry/"), ("payapp.wechatpay.cn", "/qrpay/order/"), ("payapp.weixin.qq.com", "/sjt/qr/"),
                         ("wxpay.tenpay.com", "/md/"), ("wxpay.wechatpay.cn", "/md/"), ("sjt.wxpapp.wechatpay.cn", "/lnk/qr/")):
        code = "https://%s%sAbC123" % (host, prefix)
        v("business-%s%s" % (host.replace(".", "-"), prefix.replace("/", "-").rstrip("-")), "wechat-business on %s with prefix %s: QT03/QET04" % (host, prefix), code, "wechat-pay", "wechat-business", "QT03/QET04")
    v("business-query-only", "wechat-business whose code is in the query: the path after the prefix may be empty", "https://wxpay.tenpay.com/md/?id=123", "wechat-pay", "wechat-business", "QT03/QET04")
    v("business-fragment", "wechat-business with query and fragment", "https://sjt.wxpapp.wechatpay.cn/lnk/qr/x1?a=b#c", "wechat-pay", "wechat-business", "QT03/QET04")
    # --- Alipay
    for name, token, ecny in (("bax", "bax08123k4y9xyzabc12e045", "QT04/QET05"), ("bav", "bavh4wjlxf12tper3a", "QT04/QET05"),
                              ("ba", "ba", "QT04/QET05"), ("BAX-upper", "BAX08123K4Y9", "QT04/QET05"), ("fkx", "fkx12345abc", "QT01/QET05"),
                              ("tsx", "tsx11609thmpw9odmvdlxd6", "QT01/QET05"), ("a6x", "a6x0123", "QT01/QET05"), ("TSX-upper", "TSX1", "QT01/QET05"),
                              ("apr", "apr5032183v6mq8sye2", "QT03/QET05"), ("b", "b", "QT03/QET05"), ("bx", "bx1", "QT03/QET05"),
                              ("fk", "fk1", "QT03/QET05"), ("64", tok(64), None)):
        if ecny is None:
            ecny = "QT04/QET05" if token[:2].lower() == "ba" else "QT01/QET05" if token[:3].lower() in ("fkx", "tsx", "a6x") else "QT03/QET05"
        v("alipay-" + name, "qr.alipay.com token %s: typed by its start, ASCII case ignored (6.3): %s" % (token[:12], ecny),
          "https://qr.alipay.com/" + token, "alipay", "alipay-qr", ecny)
    v("alipay-query", "qr.alipay.com token with a query suffix", "https://qr.alipay.com/bax08123k4y9xyzabc12e045?t=1700000000&x=%E4%B8%AD", "alipay", "alipay-qr", "QT04/QET05")
    v("alipay-upper", "the whole Alipay URL in upper case", "HTTPS://QR.ALIPAY.COM/BAX08123K4Y9XYZABC12E045", "alipay", "alipay-qr", "QT04/QET05")
    inner = "https://qr.alipay.com/bax32072gzdul48vwpme0rqs"
    v("wrapper", "alipays:// wrapper with saId=10000007 and the escaped code in qrcode: Alipay, the inner code's QT, QET05",
      "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(inner), "alipay", "alipay-wrapper", "QT04/QET05", inner="alipay-qr")
    v("wrapper-startApp", "startApp spelling of the action", "alipays://platformapi/startApp?saId=10000007&qrcode=" + esc(inner), "alipay", "alipay-wrapper", "QT04/QET05", inner="alipay-qr")
    v("wrapper-alipayqr", "alipayqr:// scheme", "alipayqr://platformapi/startapp?saId=10000007&qrcode=" + esc(inner), "alipay", "alipay-wrapper", "QT04/QET05", inner="alipay-qr")
    v("wrapper-appId", "appId=10000007 in place of saId", "alipays://platformapi/startapp?appId=10000007&qrcode=" + esc(inner), "alipay", "alipay-wrapper", "QT04/QET05", inner="alipay-qr")
    v("wrapper-url", "appId=20000067 with the inner code in url", "alipays://platformapi/startapp?appId=20000067&url=" + esc(inner), "alipay", "alipay-wrapper", "QT04/QET05", inner="alipay-qr")
    v("wrapper-lower-escapes", "inner code escaped with lower-case hex", "alipays://platformapi/startapp?saId=10000007&qrcode=https%3a%2f%2fqr.alipay.com%2ftsx1", "alipay", "alipay-wrapper", "QT01/QET05", inner="alipay-qr")
    v("wrapper-raw-inner", "inner code written unescaped (':' and '/' are query characters)", "alipays://platformapi/startapp?saId=10000007&qrcode=https://qr.alipay.com/apr1", "alipay", "alipay-wrapper", "QT03/QET05", inner="alipay-qr")
    v("wrapper-wechat-inner", "an Alipay wrapper around a WeChat Native code: Alipay does not pay it, so no provider (6.1 rule 7); form alipay-wrapper, the inner code's QT, QET05",
      "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc("weixin://wxpay/bizpayurl?pr=abc"), None, "alipay-wrapper", "QT04/QET05", inner="wechat-native")
    v("wrapper-unionpay-inner", "an Alipay wrapper around a UnionPay code: no provider (Alipay does not pay it)",
      "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc("https://qr.95516.com/00010000/6202"), None, "alipay-wrapper", "QT03/QET05", inner="unionpay-qr")
    v("wrapper-evil-inner", "an Alipay wrapper around a lookalike host: somebody's page inside Alipay, no provider (6.1 rule 7); the inner code is aggregated",
      "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com.evil.cn%2Fbax1", None, "alipay-wrapper", "QT03/QET05", inner="aggregated")
    params = "".join("&p%d=%d" % (k, k) for k in range(30))
    v("wrapper-32-params", "an Alipay wrapper of 32 parameters, the most allowed (rule 7)",
      "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(inner) + params, "alipay", "alipay-wrapper", "QT04/QET05", inner="alipay-qr")
    v("wrapper-extra-params", "a wrapper keeps every parameter as written: _s=web-other after the inner code",
      "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(inner) + "&_s=web-other", "alipay", "alipay-wrapper", "QT04/QET05", inner="alipay-qr")
    v("wrapper-plus", "'+' in the inner code stays '+' (RFC 3986 decoding)", "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax1%3Fa%3Db+c", "alipay", "alipay-wrapper", "QT04/QET05", inner="alipay-qr")
    v("receive", "d.alipay.com receive code: QT01/QET05", "https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=ABC123abc%2B%2F%3D%3D", "alipay", "alipay-receive", "QT01/QET05")
    v("receive-order", "d.alipay.com with u before b (either order)", "https://d.alipay.com/i/index.htm?u=ABC%3D&b=RECEIVE_AC", "alipay", "alipay-receive", "QT01/QET05")
    # --- UnionPay, Bestpay, QQ, e-CNY
    up = "https://qr.95516.com/00010000/62027533387488456892269917213370"
    v("unionpay", "qr.95516.com/<8 digits>/<payload>: QT03/QET02", up, "unionpay", "unionpay-qr", "QT03/QET02")
    v("unionpay-query", "UnionPay URL with a query", up + "?a=1", "unionpay", "unionpay-qr", "QT03/QET02")
    v("gateway", "UnionPay gateway wrapper with the inner code in qrCode: the inner code's QT, QET02",
      "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=" + esc(up), "unionpay", "unionpay-gateway", "QT03/QET02", inner="unionpay-qr")
    v("gateway-alipay-inner", "UnionPay gateway around an Alipay order code: UnionPay's (its app pays other providers' codes through it), QT04 of the inner code, QET02",
      "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=" + esc("https://qr.alipay.com/bax1"), "unionpay", "unionpay-gateway", "QT04/QET02", inner="alipay-qr")
    v("gateway-wechat-inner", "UnionPay gateway around a WeChat Pay code: UnionPay's", "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=" + esc("weixin://wxpay/bizpayurl?pr=abc"),
      "unionpay", "unionpay-gateway", "QT04/QET02", inner="wechat-native")
    v("gateway-aggregated-inner", "UnionPay gateway around a code of no provider: it names no provider (rule 7)", "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=" + esc("https://pay.example.com/x"),
      None, "unionpay-gateway", "QT03/QET02", inner="aggregated")
    v("bestpay", "Bestpay face-to-face code over http: QT01/QET03", "http://m.bestpay.com.cn/#/apa/jDr8BrrCZYJRbR1DtfpSWface2face", "bestpay", "bestpay-f2f", "QT01/QET03")
    v("bestpay-https", "Bestpay over https", "https://m.bestpay.com.cn/#/apa/Abc123face2face", "bestpay", "bestpay-f2f", "QT01/QET03")
    qq = "https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay&a=1&u=123456789&ac=ABCDEF0123&n=%E5%BC%A0%E4%B8%89&f=wallet"
    v("qq", "QQ Wallet personal code with every parameter: QT01/QET03", qq, "qq-wallet", "qq-wallet", "QT01/QET03")
    v("qq-u-only", "QQ Wallet code with u only (5 digits)", "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345", "qq-wallet", "qq-wallet", "QT01/QET03")
    v("qq-order", "QQ Wallet parameters in another order, u of 12 digits", "https://i.qianbao.qq.com/wallet/sqrcode.htm?f=x&u=123456789012&m=a", "qq-wallet", "qq-wallet", "QT01/QET03")
    v("ecny", "e-CNY wallet link: QT04/QET01", "dcep://uniwallet/unipay", "e-cny", "ecny-app", "QT04/QET01")
    v("ecny-query", "e-CNY wallet link with a query", "dcep://uniwallet/unipay?x=1&y=%E4%B8%AD", "e-cny", "ecny-app", "QT04/QET01")
    # --- aggregated (rule 5) and look-alikes (rule 4)
    for name, code in (("plain", "https://pay.example.com/qr?id=123"), ("http", "http://pay.example.cn/q/1"), ("upper", "HTTPS://PAY.EXAMPLE.COM/Q"),
                       ("punycode", "https://xn--fiq228c.com/pay"), ("port", "https://pay.example.com:8443/qr"), ("underscore", "https://pay_test.example.com/x"),
                       ("no-path", "https://pay.example.com"), ("cjk", "https://pay.example.com/支付?n=中#片"), ("query-brackets", "https://pay.example.com/p?a=[1]{2}|^"),
                       ("port-65535", "https://pay.example.com:65535/"), ("escapes", "https://pay.example.com/a%20b?c=%E4%B8%AD"),
                       ("lookalike-suffix", "https://qr.alipay.com.evil.cn/bax526018gxd6ncf10epf91d"), ("lookalike-subdomain", "https://x.qr.alipay.com/bax1"),
                       ("lookalike-shorter", "https://alipay.com/bax1"), ("lookalike-dash", "https://qr-alipay.com/bax1"),
                       ("host-in-path", "https://evil.cn/qr.alipay.com/bax1"), ("host-in-query", "https://evil.cn/?u=https://qr.alipay.com/bax1"),
                       ("host-in-fragment", "https://evil.cn/#qr.alipay.com"), ("tenpay-cn", "https://wx.tenpay.com.cn/f2f?t=AB"),
                       ("unionpay-suffix", "https://qr.95516.com.cn/00010000/1"), ("wechat-web", "https://weixin.qq.com/x"),
                       ("alipay-plus-mpm", "HTTPS://acquirer.example.com/MPM/3/AAAA")):
        v("aggregated-" + name, "an http(s) URL on no provider's host: aggregated, no provider, QT03/QET03 (6.1 rules 4-5)", code, None, "aggregated", "QT03/QET03")

    # --- rule 1: characters, size
    e("empty", "empty input: empty at 0 (6.1 rule 1)", "", "empty", 0)
    big = "https://pay.example.com/" + "a" * (4297 - 24)
    assert blen(big) == 4297
    e("too-long", "4297 bytes: too-long at 4296 (the input limit)", big, "too-long", 4296)
    exact = "https://pay.example.com/" + "a" * (4296 - 24)
    v("aggregated-4296", "exactly 4296 bytes: accepted", exact, None, "aggregated", "QT03/QET03")
    for name, code, ch in (("rlo", "https://qr.alipay.com/bax1\u202e", "\u202e"), ("space", "https://pay.example.com/a b", " "),
                           ("tab", "https://pay.example.com/\tx", "\t"), ("newline-app", "weixin://wxpay/bizpayurl?pr=abc\n", "\n"),
                           ("zwsp-f2f", "wxp://f2f0abc\u200b", "\u200b"), ("upper-scheme-space", "HTTPS://pay.example.com/ x", " "),
                           ("nbsp", "https://pay.example.com/a\u00a0b", "\u00a0"), ("ideographic-space", "https://pay.example.com/a\u3000b", "\u3000"),
                           ("bom-first", "\ufeffhttps://pay.example.com/", "\ufeff"), ("unknown-scheme-space", "ftp://a b", " "),
                           ("url-like-space", "abc def://x", " "), ("lrm-in-host", "https://qr.alipay\u200e.com/bax1", "\u200e"),
                           ("cr-dcep", "dcep://uniwallet/unipay\r", "\r")):
        e("char-" + name, "U+%04X in a URL or app link: invalid-character at it (6.1 rule 1)" % ord(ch), code, "invalid-character", at(code, ch))
    # --- rule 2: not a URL
    for name, code in (("word", "hello"), ("mpm", base()), ("payment-code", "134567890123456789"), ("cpm", "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8="),
                       ("ftp", "ftp://example.com/x"), ("wxhb", "wxhb://abc"), ("mailto", "mailto:pay@example.com"), ("long-scheme", "a" * 33 + "://x"),
                       ("space-inside", "hello world"), ("digit-url", "1://x"), ("no-scheme-slashes", "//example.com/x"), ("dotted-scheme", "example.com://x"),
                       ("host-only", "qr.alipay.com/bax1"), ("cjk", "5902测试 商店")):
        e("unrecognised-" + name, "not a URL of a known scheme: unrecognised at 0 (6.1 rule 2)", code, "unrecognised", 0)
    e("leading-space", "whitespace as the first character of a non-URL: invalid-character at 0 (rule 2)", " hello", "invalid-character", 0)
    code = "a" * 40 + " ://x"
    e("url-like-within-48", "'://' within the first 48 bytes, first byte not a digit: looks like a URL, so rule 1 refuses its space", code, "invalid-character", 40)
    code = "a" * 60 + " ://x"
    e("url-like-after-48", "'://' only after the first 48 bytes: not URL-like, no scheme: unrecognised (whitespace after the first character is not reported)", code, "unrecognised", 0)
    code = "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345&n=%E2%80%AE"
    e("qq-n-bidi", "QQ Wallet n whose decoded text holds U+202E: invalid-character (SPEC does not place it in the escaped value)", code, "invalid-character", no_offset=True)
    code = "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345&n=" + "%E5%BC%A0" * 86
    e("qq-n-258-bytes", "QQ Wallet n decoding to 258 bytes (at most 256): wrong-format at the field", code, "wrong-format", at(code, "n=") + 2)
    v("qq-n-255-bytes", "QQ Wallet n decoding to 255 bytes: accepted", "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345&n=" + "%E5%BC%A0" * 85, "qq-wallet", "qq-wallet", "QT01/QET03")
    e("leading-tab-url", "a tab before https://: invalid-character at 0", "\thttps://pay.example.com/", "invalid-character", 0)
    e("invisible-non-url", "an invisible character in a non-URL: invalid-character at it (rule 2)", "hel\u202elo", "invalid-character", 3)
    # --- rule 3: URL grammar
    g = [("userinfo", "https://qr.alipay.com@evil.cn/bax1", "@"), ("userinfo-port", "https://evil.cn:443@qr.alipay.com/bax1", "@"),
         ("userinfo-aggregated", "https://user@pay.example.com/", "@"), ("backslash-host", "https://qr.alipay.com\\evil.cn/bax1", "\\"),
         ("backslash-path", "https://pay.example.com/a\\b", "\\"), ("escaped-host", "https://qr%2Ealipay.com/bax1", "%"),
         ("idn-host", "https://qr.\u0430lipay.com/bax1", "\u0430"), ("ip-literal", "https://[::1]/x", "["),
         ("label-leading-dash", "https://-evil.cn/x", "-"), ("bad-escape", "https://pay.example.com/%zz", "%"),
         ("short-escape", "https://pay.example.com/a%4", "%"), ("bad-escape-query", "https://pay.example.com/?q=%G1", "%"),
         ("quote-path", "https://pay.example.com/a\"b", "\""), ("angle-path", "https://pay.example.com/<x>", "<"),
         ("bracket-path", "https://pay.example.com/[x]", "["), ("pipe-path", "https://pay.example.com/x|y", "|"),
         ("quote-query", "https://pay.example.com/?a=\"", "\""), ("caret-path", "https://pay.example.com/a^b", "^")]
    for name, code, ch in g:
        e("url-" + name, "%r breaks the URL grammar: invalid-url at it (6.1 rule 3, 4.1)" % ch, code, "invalid-url", at(code, ch))
    e("url-backslash-and-userinfo", "a backslash and user info in one authority: invalid-url (SPEC does not say which of several rule-3 breaches is reported)",
      "https://qr.alipay.com\\@evil.cn/bax1", "invalid-url", no_offset=True)
    e("url-label-trailing-dash", "a host label ending in '-': invalid-url at that '-'", "https://evil-.cn/x", "invalid-url", at("https://evil-.cn/x", "-"))
    e("url-port-0", "port 0: invalid-url at the port's first digit", "https://pay.example.com:0/x", "invalid-url", 24)
    e("url-port-65536", "port 65536: invalid-url at the port's first digit", "https://pay.example.com:65536/x", "invalid-url", 24)
    e("url-port-provider", "a port on a provider's host: invalid-url at the host's first byte", "https://qr.alipay.com:443/bax1", "invalid-url", 8)
    e("url-port-provider-default", "port 80 on wx.tenpay.com over http: invalid-url at the host", "http://wx.tenpay.com:80/f2f?t=AB", "invalid-url", 7)
    for name, code in (("trailing-dot", "https://qr.alipay.com./bax1"), ("empty-label", "https://pay..example.com/"),
                       ("label-64", "https://" + "a" * 64 + ".example.com/"), ("host-254", "https://" + ".".join(["a" * 63] * 4) + ".com/"),
                       ("trailing-dot-aggregated", "https://pay.example.com./x")):
        e("url-" + name, "a host that breaks rule 3 (%s): invalid-url (SPEC does not fix which byte)" % name, code, "invalid-url", no_offset=True)
    v("aggregated-label-63", "host labels of 63 bytes: accepted", "https://" + "a" * 63 + ".example.com/", None, "aggregated", "QT03/QET03")
    # --- rule 4: other paths on a provider's host
    for name, code, path_at in (("tenpay-path", "https://wx.tenpay.com/f2g?t=AB", 21),
                                ("checkmweb", "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx1", 21),
                                ("receive-path", "https://d.alipay.com/i/other.htm?b=RECEIVE_AC&u=AB", 19),
                                ("bestpay-path", "https://m.bestpay.com.cn/x", 24), ("payapp-path", "https://payapp.weixin.qq.com/other/x", 28),
                                ("qq-path", "https://i.qianbao.qq.com/wallet/other.htm?u=12345", 24),
                                ("business-no-slash", "https://wxpay.tenpay.com/md", 24)):
        path_at = code.index("/", code.index("://") + 3)
        e("form-path-" + name, "a path on a provider's host that is none of its forms: wrong-format at the path's first byte (6.1 form violations)", code, "wrong-format", path_at)
    # --- rule 6: app links
    for name, code in (("upper", "WEIXIN://wxpay/bizpayurl?pr=abc"), ("mixed", "Weixin://wxpay/bizpayurl?pr=abc"), ("bindurl", "weixin://wxpay/bindurl?x=1"),
                       ("dl", "weixin://dl/business/?t=x"), ("userinfo", "weixin://user@wxpay/bizpayurl?pr=a"), ("port", "weixin://wxpay:80/bizpayurl?pr=a"),
                       ("backslash", "weixin://wxpay\\bizpayurl?pr=a"), ("escape", "weixin://wx%70ay/bizpayurl?pr=a"),
                       ("mode1-authority", "weixin://pay.weixin.qq.com/bizpayurl?sign=%s&appid=wx0123456789abcdef&productid=1&timestamp=1&noncestr=a" % sign),
                       ("short-authority", "weixin://pay.weixin.qq.com/s/abc"), ("dcep-startapp", "dcep://uniwallet/startApp"),
                       ("dcep-other", "dcep://other/unipay"), ("alipays-other", "alipays://platformapi/other?saId=10000007&qrcode=x"),
                       ("alipays-upper", "ALIPAYS://platformapi/startapp?saId=10000007&qrcode=" + esc(inner)), ("wxp-upper", "WXP://f2f0abcde")):
        e("app-" + name, "an app link of a known scheme that is none of its forms: wrong-format at 0 (6.1 rule 6)", code, "wrong-format", 0)
    e("app-sub-path", "weixin://wxpay/bizpayurl/down?…: wrong-format at the first byte after bizpayurl", "weixin://wxpay/bizpayurl/down?pr=a", "wrong-format", 24)
    e("app-transfer", "alipays://…appId=09999988&actionType=toCard… (a transfer) is not a payment code: wrong-format",
      "alipays://platformapi/startapp?appId=09999988&actionType=toCard&sourceId=bill", "wrong-format", no_offset=True)
    # --- form violations: parts a form does not have
    for name, code, ch, plus in (("native-fragment", "weixin://wxpay/bizpayurl?pr=abc#x", "#", 0), ("short-query", "weixin://wxpay/s/abc?x=1", "?", 1),
                                 ("short-fragment", "weixin://wxpay/s/abc#x", "#", 0), ("ecny-fragment", "dcep://uniwallet/unipay#x", "#", 0),
                                 ("unionpay-fragment", up + "#frag", "#", 1), ("tenpay-fragment", "https://wx.tenpay.com/f2f?t=AB#x", "#", 1),
                                 ("receive-fragment", "https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=AB#x", "#", 1),
                                 ("alipay-fragment", "https://qr.alipay.com/bax1#x", "#", 1), ("f2f-query", "wxp://f2f0abcde?x=1", "?", 1)):
        e("part-" + name, "a part the form does not have: wrong-format at the byte after %s%s" % (ch, " (in an app link, the # itself)" if plus == 0 else ""),
          code, "wrong-format", at(code, ch) + plus)
    # --- form violations: lengths
    for name, code, field in (("native-485", "weixin://wxpay/bizpayurl?pr=" + "a" * 485, "pr="), ("native-sr-485", "weixin://wxpay/bizpayurl?sr=" + "1" * 485, "sr="),
                              ("groupid-33", "weixin://wxpay/bizpayurl/up?pr=a&groupid=" + "g" * 33, "groupid="),
                              ("short-49", "weixin://wxpay/s/" + "a" * 49, "s/"), ("f2f-129", "wxp://f2f" + "a" * 126, "//"),
                              ("f2f-4", "wxp://f2f0", "//"), ("tenpay-257", "https://wx.tenpay.com/f2f?t=" + "A" * 257, "t="),
                              ("payapp-id-65", "https://payapp.weixin.qq.com/qr/" + "a" * 65, "qr/"), ("payapp-t-129", "https://payapp.weixin.qq.com/qr/a?t=" + "A" * 129, "t="),
                              ("payapp-fragment-65", "https://payapp.weixin.qq.com/qr/a#" + "f" * 65, "#"), ("alipay-65", "https://qr.alipay.com/" + "a" * 65, "com/"),
                              ("receive-u-513", "https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=" + "A" * 513, "u="),
                              ("bestpay-65", "http://m.bestpay.com.cn/#/apa/" + "a" * 65 + "face2face", "apa/"),
                              ("qq-u-4", "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=1234", "u="), ("qq-u-13", "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=" + "1" * 13, "u="),
                              ("mode1-sign-31", m1.replace(sign, sign[:31]), "sign="), ("mode1-sign-65", m1.replace(sign, sign + "0" * 33), "sign="),
                              ("mode1-mch-33", m1.replace("1243409657", "1" * 33), "mch_id="), ("mode1-time-11", m1.replace("1873715164", "1" * 11), "time_stamp="),
                              ("mode1-nonce-33", m1.replace("VLqPb5cMpkON74U4YD4MKVh", "n" * 33), "nonce_str="),
                              ("mode1-product-97", m1.replace("ubE7R5IiAWNKTJiHXRQI", "p" * 97), "product_id=")):
        off = at(code, field) + len(field) if field not in ("#",) else at(code, field) + 1
        if name.startswith("f2f"):
            off = 6
        e("length-" + name, "a token or field outside its length range: wrong-format at the field's first byte", code, "wrong-format", off)
    code = m27 + "&mch_id=1"
    e("fixed-mode1-mixed-v27", "V2.7 parameters and the v2 mch_id: both spellings, wrong-format (SPEC does not say at which value)", code, "wrong-format", no_offset=True)
    e("length-unionpay-7", "UnionPay institution of 7 digits: wrong-format (SPEC does not say whether at the path or the field)", "https://qr.95516.com/0001000/62027533387488456892", "wrong-format", no_offset=True)
    # --- form violations: fixed values
    e("fixed-receive-b", "b=RECEIVE_AD: wrong-format at the value", "https://d.alipay.com/i/index.htm?b=RECEIVE_AD&u=AB", "wrong-format", at("https://d.alipay.com/i/index.htm?b=RECEIVE_AD&u=AB", "RECEIVE_AD"))
    for name, code in (("said-other", "alipays://platformapi/startapp?saId=10000008&qrcode=" + esc(inner)),
                       ("appid-url-with-qrcode", "alipays://platformapi/startapp?appId=20000067&qrcode=" + esc(inner)),
                       ("said-qrcode-with-url", "alipays://platformapi/startapp?saId=10000007&url=" + esc(inner))):
        e("fixed-" + name, "saId/appId not the one its inner parameter goes with: wrong-format at the query's first byte", code, "wrong-format", at(code, "?") + 1)
    for name, bad_ in (("wx-short", "wx0123456789abcde"), ("not-wx", "ab0123456789abcdef"), ("not-hex", "wx0123456789abcdeg")):
        code = m1.replace("wxbb37d2f2a4276b0b", bad_)
        e("fixed-appid-" + name, "mode-1 appid %s is not wx + 16 hex digits: wrong-format at the value" % bad_, code, "wrong-format", at(code, bad_))
    e("fixed-mode1-mixed", "mode-1 parameters of both spellings (product_id and productid): wrong-format (SPEC does not say at which value)",
      m1 + "&productid=1", "wrong-format", no_offset=True)
    # --- wrappers (rule 7)
    nested = "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(inner)
    code = "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(nested)
    e("wrapper-in-wrapper", "a wrapper inside a wrapper: wrong-format at the inner value's first byte", code, "wrong-format", at(code, "qrcode=") + 7)
    gw = "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=" + esc(up)
    code = "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(gw)
    e("wrapper-gateway-inside", "a UnionPay gateway inside an Alipay wrapper: wrong-format at the inner value", code, "wrong-format", at(code, "qrcode=") + 7)
    code = "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=" + esc(nested)
    e("gateway-wrapper-inside", "an Alipay wrapper inside the UnionPay gateway: wrong-format at the inner value", code, "wrong-format", at(code, "qrCode=") + 7)
    code = "alipays://platformapi/startapp?saId=10000007&qrcode=hello"
    e("wrapper-not-merchant-code", "an inner code that is not a merchant code: wrong-format at the inner value's first byte", code, "wrong-format", at(code, "hello"))
    for name, raw_inner, ch in (("newline", "https://qr.alipay.com/bax1\n", "\n"), ("bidi", "https://qr.alipay.com/bax1\u202e", "\u202e")):
        code = "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(raw_inner)
        e("wrapper-escaped-" + name, "an escaped U+%04X inside the inner code: invalid-character at the value's offset plus its offset in the decoded text (4.1, rule 7)" % ord(ch),
          code, "invalid-character", at(code, "qrcode=") + 7 + blen(raw_inner.split(ch)[0]))
    raw_inner = "https://qr.alipay.com@evil.cn/bax1"
    code = "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(raw_inner)
    e("wrapper-escaped-at", "an escaped '@' inside the inner code: invalid-url at the value's offset plus the '@''s offset in the decoded text",
      code, "invalid-url", at(code, "qrcode=") + 7 + raw_inner.index("@"))
    code = "alipays://platformapi/startapp?saId=10000007&SAID=10000007&qrcode=" + esc(inner)
    e("wrapper-duplicate-ignoring-case", "saId and SAID: the same parameter given twice, invalid-url at the second", code, "invalid-url", at(code, "SAID"))
    code = "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(inner) + "&url=" + esc(inner)
    e("wrapper-qrcode-and-url", "qrcode and url together: invalid-url at the second", code, "invalid-url", at(code, "&url=") + 1)
    code = "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(inner) + "&qrcode=" + esc(inner)
    e("wrapper-qrcode-twice", "qrcode twice: invalid-url at the second", code, "invalid-url", at(code, "qrcode=", 2))
    code = "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(inner) + "".join("&p%d=%d" % (k, k) for k in range(31))
    e("wrapper-33-params", "an Alipay wrapper of 33 parameters: invalid-url at the 33rd (rule 7)", code, "invalid-url", at(code, "&p30=") + 1)
    code = "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=" + esc(up) + "".join("&p%d=%d" % (k, k) for k in range(32))
    e("gateway-33-params", "the UnionPay gateway with 33 parameters: invalid-url at the 33rd", code, "invalid-url", at(code, "&p31=") + 1)
    code = "alipays://platformapi/startapp?qrcode=" + esc(inner)
    e("wrapper-no-said", "an Alipay wrapper without saId or appId: missing-parameter at the query's start", code, "missing-parameter", at(code, "?") + 1)
    code = "alipays://platformapi/startapp?saId=10000007"
    e("wrapper-no-inner", "an Alipay link with neither qrcode nor url carries no code: not a payment code, wrong-format at 0 (6.3)", code, "wrong-format", 0)
    code = "alipays://platformapi/startapp?saId=10000007&qrcode="
    e("wrapper-empty-inner", "an empty qrcode: missing-parameter at the empty value (the end)", code, "missing-parameter", blen(code))
    code = "https://qr.95516.com/qrcGtwWeb-web/api/open?x=1"
    e("gateway-no-inner", "the UnionPay gateway without qrCode: missing-parameter at the end of the query", code, "missing-parameter", blen(code))
    # --- alphabets
    for name, code, needle in (("native-dash", "weixin://wxpay/bizpayurl?pr=ab-c", "-c"), ("native-sr-letter", "weixin://wxpay/bizpayurl?sr=12a4", "a4"),
                               ("groupid-underscore", "weixin://wxpay/bizpayurl/up?pr=a&groupid=g_1", "_1"), ("short-dot", "weixin://wxpay/s/ab.c", ".c"),
                               ("f2f-dot", "wxp://f2f0a.bc", ".bc"), ("tenpay-bang", "https://wx.tenpay.com/f2f?t=AB!C", "!"),
                               ("alipay-underscore", "https://qr.alipay.com/bax_1", "_1"), ("alipay-cjk", "https://qr.alipay.com/bax中", "中"),
                               ("bestpay-dash", "http://m.bestpay.com.cn/#/apa/ab-cface2face", "-cface"), ("qq-u-letter", "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12x456", "x456"),
                               ("qq-ac-nonhex", "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345&ac=ABCG", "G"), ("qq-m-dash", "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345&m=a-b", "-b"),
                               ("mode1-mch-letter", m1.replace("1243409657", "12434x9657"), "x9657"),
                               ("mode1-sign-nonhex", m1.replace(sign, sign[:31] + "G"), "G&appid"), ("mode1-nonce-dash", m1.replace("VLqPb5cMpkON74U4YD4MKVh", "ab-c"), "-c"),
                               ("payapp-id-dot", "https://payapp.weixin.qq.com/qr/a.b", ".b"), ("receive-u-bang", "https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=AB!", "!")):
        e("alphabet-" + name, "%r outside the field's alphabet (6.3): invalid-character at it" % needle[0], code, "invalid-character", at(code, needle))
    # --- empty tokens, missing parameters
    for name, code in (("native-pr", "weixin://wxpay/bizpayurl?pr="), ("native-sr", "weixin://wxpay/bizpayurl?sr="),
                       ("up-groupid-empty", "weixin://wxpay/bizpayurl/up?pr=abc&groupid="), ("up-pr-empty", "weixin://wxpay/bizpayurl/up?groupid=1&pr="),
                       ("tenpay-t", "https://wx.tenpay.com/f2f?t="), ("receive-u", "https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u="),
                       ("qq-u", "https://i.qianbao.qq.com/wallet/sqrcode.htm?u="), ("alipay-token", "https://qr.alipay.com/")):
        e("empty-" + name, "an empty token: missing-parameter at the empty value's first byte (the end here)", code, "missing-parameter", blen(code))
    for name, code in (("up-groupid", "weixin://wxpay/bizpayurl/up?pr=abc"), ("up-pr", "weixin://wxpay/bizpayurl/up?groupid=1"),
                       ("mode1-nonce", m1.replace("&nonce_str=VLqPb5cMpkON74U4YD4MKVh", "")), ("mode1-sign", m1.replace("sign=%s&" % sign, "")),
                       ("receive-u-absent", "https://d.alipay.com/i/index.htm?b=RECEIVE_AC"), ("receive-b-absent", "https://d.alipay.com/i/index.htm?u=AB"),
                       ("qq-u-absent", "https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay")):
        e("missing-" + name, "a required parameter missing: missing-parameter at the end of the query", code, "missing-parameter", blen(code))
    e("missing-native-query", "weixin://wxpay/bizpayurl without a query: missing-parameter (offset: 'the query's start', which SPEC does not place when there is no '?')",
      "weixin://wxpay/bizpayurl", "missing-parameter", no_offset=True)
    e("missing-business-code", "wxpay.tenpay.com/md/ with no code after the prefix and no query: missing-parameter", "https://wxpay.tenpay.com/md/", "missing-parameter", no_offset=True)
    # --- parameters a form does not define, repeated, without '='
    for name, code, needle, nth in (("native-extra", "weixin://wxpay/bizpayurl?pr=abc&x=1", "x=1", 1), ("native-pr-twice", "weixin://wxpay/bizpayurl?pr=abc&pr=def", "pr=", 2),
                                    ("up-pr-twice", "weixin://wxpay/bizpayurl/up?pr=a&groupid=1&pr=b", "pr=", 2), ("up-extra", "weixin://wxpay/bizpayurl/up?pr=a&groupid=1&z=2", "z=2", 1),
                                    ("receive-no-equals", "https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u", "&u", 1), ("receive-extra", "https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=AB&c=1", "c=1", 1),
                                    ("tenpay-extra", "https://wx.tenpay.com/f2f?t=AB&x=1", "x=1", 1), ("qq-twice", "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345&u=12345", "u=", 2),
                                    ("qq-unknown", "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345&z=1", "z=1", 1), ("mode1-twice", m1 + "&appid=wxbb37d2f2a4276b0b", "appid=", 2),
                                    ("mode1-unknown", m1 + "&foo=1", "foo=", 1)):
        off = at(code, needle, nth) + (1 if needle.startswith("&") else 0)
        e("param-" + name, "a parameter the form does not define, given twice, or without '=': invalid-url at the parameter's first byte", code, "invalid-url", off)

    # --- registered forms (6.5)
    cm = {"provider": "cmpay", "scheme": "https", "host": "pay.example-cmpay.cn", "prefix": "/qr/"}
    uni = {"provider": "unicom-pay", "scheme": "https", "host": "pay.example-cmpay.cn", "prefix": "/qr/x/"}
    for name, patterns, code, exp in (
            ("cmpay", [cm], "https://pay.example-cmpay.cn/qr/abc", code_ok("cmpay", "registered", "QT03/QET03")),
            ("host-case", [cm], "https://PAY.EXAMPLE-CMPAY.CN/qr/abc", code_ok("cmpay", "registered", "QT03/QET03")),
            ("other-path", [cm], "https://pay.example-cmpay.cn/other", code_ok(None, "aggregated", "QT03/QET03")),
            ("port", [cm], "https://pay.example-cmpay.cn:8443/qr/abc", code_ok(None, "aggregated", "QT03/QET03")),
            ("longest-prefix", [cm, uni], "https://pay.example-cmpay.cn/qr/x/1", code_ok("unicom-pay", "registered", "QT03/QET03")),
            ("shorter-prefix", [cm, uni], "https://pay.example-cmpay.cn/qr/y", code_ok("cmpay", "registered", "QT03/QET03")),
            ("builtin-first", [cm], "https://qr.alipay.com/bax1", code_ok("alipay", "alipay-qr", "QT04/QET05")),
            ("bestpay-default-qet", [{"provider": "bestpay", "scheme": "https", "host": "pay.example-bestpay.cn", "prefix": "/"}],
             "https://pay.example-bestpay.cn/p", code_ok("bestpay", "registered", "QT03/QET03")),
            ("wechat-default-qet", [{"provider": "wechat-pay", "scheme": "https", "host": "pay.example-wx.cn", "prefix": "/q/"}],
             "https://pay.example-wx.cn/q/1", code_ok("wechat-pay", "registered", "QT03/QET04")),
            ("builtin-host-refused", [{"provider": "cmpay", "scheme": "https", "host": "qr.alipay.com", "prefix": "/"}],
             "https://qr.alipay.com/bax1", bad("wrong-format", no_offset=True, no_path=True))):
        e_ = dict(exp)
        e_.pop("inner_form", None)
        add(F, "registry-" + name, "run-time registration (6.5): %s" % name.replace("-", " "), "registry", code, e_, patterns=patterns)


def classify(code):
    """The form and typing of each merchant-code row of legacy.tsv, by SPEC 6.3's grammar."""
    if code.startswith("weixin://wxpay/bizpayurl/up?"):
        return "wechat-native-up", "QT04/QET04"
    if code.startswith("weixin://wxpay/bizpayurl?pr="):
        return "wechat-native", "QT04/QET04"
    if code.startswith("weixin://wxpay/bizpayurl?sign="):
        return "wechat-mode1", "QT03/QET04"
    if code.startswith("weixin://wxpay/s/"):
        return "wechat-short", "QT03/QET04"
    if code.startswith("wxp://"):
        return "wechat-f2f", "QT01/QET04"
    if code.startswith("https://wx.tenpay.com/f2f?t="):
        return "wechat-tenpay-f2f", "QT01/QET04"
    if "/qr/" in code and "payapp." in code:
        return "wechat-payapp", "QT01/QET04"
    if code.startswith("https://qr.alipay.com/"):
        t = code[len("https://qr.alipay.com/"):].lower()
        return "alipay-qr", "QT04/QET05" if t.startswith("ba") else "QT01/QET05" if t[:3] in ("fkx", "tsx", "a6x") else "QT03/QET05"
    if code.startswith("alipays://platformapi/startapp?saId=10000007&qrcode="):
        return "alipay-wrapper", "QT04/QET05"
    if code.startswith("https://qr.95516.com/"):
        return "unionpay-qr", "QT03/QET02"
    if "m.bestpay.com.cn/#/apa/" in code:
        return "bestpay-f2f", "QT01/QET03"
    raise ValueError(code)

# =============================================================================================
# Section 5: the unified code

def flat(s):
    """Every data object of payload s by path string ('26.05'), parsed leniently."""
    r = R.mpm_parse(s, "lenient")
    assert r[0] == "ok", (s, r)
    out = {}

    def walk(objs):
        for o in objs:
            out.setdefault(o.pstr(), o)
            if o.children:
                walk(o.children)
    walk(r[1])
    return out


def off(s, path, nth=1):
    r = R.mpm_parse(s, "lenient")
    found = []

    def walk(objs):
        for o in objs:
            if o.pstr() == path:
                found.append(o)
            if o.children:
                walk(o.children)
    walk(r[1])
    return found[nth - 1].start


def voff(s, path):
    return flat(s)[path].vs


typing = R.ecny_typing  # SPEC 5.5

# Check 17 of 5.6 parses each carried code as a merchant code of section 6, which reference.py
# does not model: the codes the unified cases carry are listed here, each with what section 6
# makes of it (the valid codes of legacy-forms.json, and those below), so that reference.py's
# reader can run every check. A code in neither list stops the script.
CODE_TABLE = {}


def code_is(code, provider, form, ecny):
    assert CODE_TABLE.get(code, ("ok", provider, form, ecny)) == ("ok", provider, form, ecny), code
    CODE_TABLE[code] = ("ok", provider, form, ecny)


def code_fails(code, kind, offset):
    """A code that is no merchant code of section 6: the parser's kind and offset in the code."""
    CODE_TABLE[code] = ("err", kind, offset)


def parse_code(code):
    for c, provider, form, ecny in VALID_CODES:
        if c == code:
            CODE_TABLE.setdefault(c, ("ok", provider, form, ecny))
    if code not in CODE_TABLE:
        raise KeyError("generate.py: what does section 6 make of %r? add it with code_is or code_fails" % code)
    return CODE_TABLE[code]


def model_read(s, mode="strict"):
    """reference.py's reading of s (5.6), in the form of an expectation."""
    r = R.unified_read(s, mode, parse_code)
    return fail(r[1]) if r[0] == "err" else ok(carried=r[1]["carried"], ecny=r[1]["ecny"])


def read_expect(pieces, merchant=None):
    """What reading merge(pieces, merchant) gives: the carried codes and the typing (5.5, 5.6).
    pieces: [(code, provider, form, ecny)]."""
    m = merchant or {}
    for p_ in pieces:
        code_is(*p_)
    carried, typings = [], []
    if m.get("unionpay_account"):
        carried.append({"provider": "unionpay", "form": "unionpay-emv15", "code": m["unionpay_account"], "path": "15"})
        typings.append("QT03/QET02")
    tid = 26
    for code, provider, form, ecny in pieces:
        carried.append({"provider": provider, "form": form, "code": code, "path": "%02d.05" % tid})
        typings.append(ecny)
        tid += R.templates_needed([(code, provider, None)])
    dynamic = bool(m.get("dynamic")) or bool(m.get("amount")) or any(t.startswith("QT04") for _, _, _, t in pieces)
    return ok(carried=carried, ecny=typing(typings, dynamic))


def write(pieces, merchant=None):
    return R.unified([(c, p, e.split("/")[0]) for c, p, _, e in pieces], merchant)


def unified_cases():
    F = "unified.json"
    known = {}
    for code, provider, form, ecny in VALID_CODES:
        known.setdefault(code, (code, provider, form, ecny))
    K = lambda code: known[code]
    native = K("weixin://wxpay/bizpayurl?pr=p4lpSuKzz")
    alipay = K("https://qr.alipay.com/bax08123k4y9xyzabc12e045") if "https://qr.alipay.com/bax08123k4y9xyzabc12e045" in known else None
    if alipay is None:
        alipay = ("https://qr.alipay.com/bax08123k4y9xyzabc12e045", "alipay", "alipay-qr", "QT04/QET05")
        known[alipay[0]] = alipay
    up = K("https://qr.95516.com/00010000/62027533387488456892269917213370")
    ECNY = ("dcep://uniwallet/unipay?x=1", "e-cny", "ecny-app", "QT04/QET01")
    known[ECNY[0]] = ECNY
    tsx = K("https://qr.alipay.com/tsx11609thmpw9odmvdlxd6")
    agg = K("https://pay.example.com/qr?id=123")
    bestpay = K("http://m.bestpay.com.cn/#/apa/jDr8BrrCZYJRbR1DtfpSWface2face")

    def merge(id_, note, pieces, merchant=None, expect=None):
        codes = [p_[0] for p_ in pieces]
        if expect is None:
            expect = ok(unified=write(pieces, merchant))
        extra = {"merchant": merchant} if merchant else {}
        add(F, "merge-" + id_, note, "unified-merge", codes, expect, **extra)
        return expect.get("unified")

    def read(id_, note, s, expect, mode="strict"):
        # the expectation written by hand (or from the pieces) and reference.py's reader agree
        model = model_read(s, mode)
        assert model == expect, (id_, expect, model)
        add(F, "read-" + id_, note, "unified-read", s, expect, mode=mode)

    # 5.10 worked examples, as SPEC prints them
    ex1 = "00020101021226620017com.qq.weixin.pay0537weixin://wxpay/bizpayurl?pr=p4lpSuKzz5204000053031565802CN5902NA6002NA63041169"
    ex2 = ("00020101021226620017com.qq.weixin.pay0537weixin://wxpay/bizpayurl?pr=p4lpSuKzz27720018COM.ALIPAY.OPENAPI0546https://qr.alipay.com/bax08123k4y9xyzabc12e045"
           "28800010A0000003330562https://qr.95516.com/00010000/62027533387488456892269917213370520458125303156540523.505802CN5909TEST SHOP6008SHENZHEN62120108INV-0001"
           "64200002ZH0104测试商店0202深圳6304986A")
    ex3 = ("00020126990017com.qq.weixin.pay0574weixin://wxpay/bizpayurl?sign=6A3F0C1B2D9E8F7A6B5C4D3E2F1A9012&appid=wx01227990017com.qq.weixin.pay9174"
           "3456789abcdef&mch_id=1230000109&product_id=SKU0001&time_stamp=1700000000&n28500017com.qq.weixin.pay9125once_str=5K8264ILTKCH16CQ5204000053031565802CN"
           "5902NA6002NA63042888")
    ex4 = "00020101021226450010alt.hutong0527dcep://uniwallet/unipay?x=15204000053031565802CN5902NA6002NA630457A8"
    m2 = {"name": "TEST SHOP", "city": "SHENZHEN", "mcc": "5812", "amount": "23.50", "name_zh": "测试商店", "city_zh": "深圳", "bill_number": "INV-0001"}
    mode1 = ("weixin://wxpay/bizpayurl?sign=6A3F0C1B2D9E8F7A6B5C4D3E2F1A9012&appid=wx0123456789abcdef&mch_id=1230000109&product_id=SKU0001"
             "&time_stamp=1700000000&nonce_str=5K8264ILTKCH16CQ", "wechat-pay", "wechat-mode1", "QT03/QET04")
    known[mode1[0]] = mode1
    assert len(mode1[0]) == 173
    for name, pieces, m, ex, note in (("example-native", [native], None, ex1, "5.10: one WeChat Pay Native code, no merchant data, no version marker (version 1)"),
                                      ("example-three", [native, alipay, up], m2, ex2, "5.10: WeChat Pay, Alipay and UnionPay codes with MCC, amount, names and a bill number"),
                                      ("example-mode1", [mode1], None, ex3, "5.10: a 173-character mode-1 URL in three templates (74 + 74 + 25), a static code: no 01"),
                                      ("example-ecny", [ECNY], None, ex4, "5.10: an e-CNY app link under alt.hutong")):
        assert write(pieces, m) == ex, name
        merge(name, note + ": merge writes exactly SPEC's string", pieces, m, ok(unified=ex))
        read(name, note + ": read back to its codes, typing by 5.5", ex, read_expect(pieces, m))
        read(name + "-lenient", note + ": read in lenient mode too", ex, read_expect(pieces, m), mode="lenient")

    # from_legacy and read back, every valid merchant code of section 6 that fits
    seen = set()
    for code, provider, form, ecny in VALID_CODES:
        if code in seen:
            continue
        seen.add(code)
        piece = (code, provider, form, ecny)
        slug = "%03d" % len(seen)
        if not all(0x20 <= ord(ch) <= 0x7E for ch in code):
            merge("legacy-" + slug, "a %s code holding a character outside printable ASCII is refused, not altered (5.2)" % form, [piece],
                  expect=bad("invalid-character", no_offset=True, no_path=True))
            continue
        u = write([piece])
        if len(u) > 512 or R.templates_needed([(code, provider, None)]) > 26:
            merge("legacy-" + slug, "a %d-character %s code does not fit 512 characters: capacity-exceeded" % (len(code), form), [piece],
                  expect=bad("capacity-exceeded", no_offset=True, no_path=True))
            continue
        merge("legacy-" + slug, "one %s code (%s): the unified code of 5.1, GUID %s" % (form, provider or "no provider", R.guid_for(provider)), [piece])
        read("legacy-" + slug, "the unified code of one %s code reads back to it, typing %s (5.5)" % (form, typing([ecny], ecny.startswith("QT04"))),
             u, read_expect([piece]))

    # merging several codes, merchant data (5.1, 5.8)
    combos = [
        ("two", [native, alipay], None, "two codes: templates 26 and 27, aggregated typing QET03, dynamic"),
        ("static-pair", [tsx, up], None, "two static codes: no 01 (a static code leaves it out, 5.1), QT03/QET03"),
        ("static-one", [tsx], None, "one static Alipay receive code: no 01, typing QT01/QET05 (its own code type)"),
        ("static-dynamic-flag", [tsx], {"dynamic": True}, "one static code, merchant asks for dynamic: 01 = 12, typing QT04/QET05"),
        ("amount", [up], {"amount": "12.50"}, "an amount makes the code dynamic: 01 = 12, QT04/QET02"),
        ("merchant", [native, bestpay, agg], {"name": "SHOP", "city": "HANGZHOU", "mcc": "5411", "reference_label": "REF-9"}, "three codes with name, city, MCC and reference label"),
        ("chinese", [agg], {"name_zh": "小店", "city_zh": "杭州"}, "Chinese name and city in 64 (ZH)"),
        ("chinese-name-only", [agg], {"name_zh": "小店"}, "Chinese name without city"),
        ("account-only", [], {"unionpay_account": "1234567812345678ABCDEFGHIJ12345"}, "a UnionPay account in 15 and no template: static, no 01, QT03/QET02"),
        ("account-and-code", [native], {"unionpay_account": "1234567812345678ABCDEFGHIJ12345"}, "15 and one template: two carried codes, 15 first"),
        ("bill-and-reference", [up], {"bill_number": "B1", "reference_label": "R2"}, "62 with 01 and 05"),
        ("same-provider-twice", [native, K("weixin://wxpay/s/UFM6TZRtR")], None, "two WeChat Pay codes"),
    ]
    for name, pieces, m, note in combos:
        u = merge(name, "merge: " + note, pieces, m)
        read(name, "read: " + note, u, read_expect(pieces, m))
    # an EMV code among the codes (5.8)
    emv = "0002010102121531330258603073801147438197929711252045411530315654073645.815802CN5913SHENZHEN MART6009GUANGZHOU63048DD3"
    acct = "3302586030738011474381979297112"
    m = {"unionpay_account": acct}
    assert R.unified_standing(emv, "strict", parse_code)[0] == "unified"
    add(F, "merge-emv-among-codes", "merge takes an EMV code among the codes: this one (00, 01, 15, 52-60, no marker) passes every check of 5.6, "
        "so it is taken as a unified code: its UnionPay account (15) becomes the merchant's (5.8)",
        "unified-merge", [emv, native[0]], ok(unified=write([native], m)))
    add(F, "merge-emv-account-given", "an EMV code's account does not replace one the merchant gives",
        "unified-merge", [emv, native[0]], ok(unified=write([native], {"unionpay_account": "1234567812345678ABCDEFGHIJ12345"})),
        merchant={"unionpay_account": "1234567812345678ABCDEFGHIJ12345"})
    # 5.8 with 5.7: a code with a marker is read with every check; one without is unified when
    # it passes them all, else a plain EMV code whose carried codes are taken (the emv pieces)
    G_WX_ = "com.qq.weixin.pay"
    TAIL_ = [(52, "5812"), (53, "156"), (58, "CN"), (59, "SHOP"), (60, "CITY")]
    u2 = write([native, alipay])
    add(F, "merge-unified-among-codes", "a unified code (no marker) among the codes: read (5.6), its carried codes taken in its order, then the next code",
        "unified-merge", [u2, agg[0]], ok(unified=write([native, alipay, agg])))
    old_marker = payload([(0, "01"), (1, "12"), (26, [(0, G_WX_), (5, native[0])])] + TAIL_ + [(80, [(0, "alt.hutong"), (1, "1")])])
    assert R.unified_standing(old_marker, "strict", parse_code) == ("marker", ("ok", {"carried": [
        {"provider": "wechat-pay", "form": "wechat-native", "code": native[0], "path": "26.05"}], "ecny": "QT04/QET04"}))
    add(F, "merge-unified-old-marker", "a unified code with the marker 80 = {00 alt.hutong, 01 1} (5.7: version 1 as well): read, its code carried; "
        "the marker is not written again", "unified-merge", [old_marker, agg[0]], ok(unified=write([native, agg])))
    v2 = payload([(0, "01"), (1, "12"), (26, [(0, G_WX_), (5, native[0])])] + TAIL_ + [(80, [(0, "alt.hutong"), (1, "2")])])
    add(F, "merge-unified-version-2", "a code with a version marker of version 2: the reader's error (check 4, invalid-value at 80.01), never read as a plain EMV code",
        "unified-merge", [v2, agg[0]], bad("invalid-value", off(v2, "80.01"), "80.01"))
    mid = payload([(0, "01"), (1, "12"), (26, [(0, G_WX_), (1, "M123"), (5, native[0])])] + TAIL_ + [(80, [(0, "alt.hutong"), (1, "1")])])
    add(F, "merge-marker-fails-a-check", "a code with the marker whose WeChat Pay template also holds a merchant id: the reader's error (check 12, invalid-value at 26.05), "
        "not the plain EMV reading", "unified-merge", [mid, agg[0]], bad("invalid-value", off(mid, "26.05"), "26.05"))
    plain = payload([(0, "01"), (1, "12"), (26, [(0, G_WX_), (1, "M123"), (5, native[0])])] + TAIL_)
    assert R.unified_standing(plain, "strict", parse_code)[0] == "plain"
    add(F, "merge-plain-emv-merchant-id", "the same code without the marker fails check 12 (a merchant id beside the code): a plain EMV code, "
        "its WeChat Pay template carried as the code in its 05 (5.8), without the merchant id", "unified-merge", [plain, agg[0]], ok(unified=write([native, agg])))
    static_nat = payload([(0, "01"), (26, [(0, G_WX_), (5, native[0])])] + TAIL_)
    assert R.unified_standing(static_nat, "strict", parse_code) == ("plain", R.err("field-conflict", off(static_nat, "26.05"), "26.05"))
    add(F, "merge-plain-emv-static-dynamic", "a code without marker and 01 carrying a Native code fails check 21 (static, yet a QT04 code): "
        "a plain EMV code; its code is carried and the unified code written is dynamic (5.1)", "unified-merge", [static_nat], ok(unified=write([native])))

    # capacity (5.3, 5.1)
    for guid_name, prefix, provider, form, ecny in (("wechat", "weixin://wxpay/bizpayurl?pr=", "wechat-pay", "wechat-native", "QT04/QET04"),
                                                   ("alipay", "https://qr.alipay.com/apr1?x=", "alipay", "alipay-qr", "QT03/QET05"),
                                                   ("hutong", "https://pay.example.com/", None, "aggregated", "QT03/QET03")):
        r_ = R.room(R.guid_for(provider))
        for n, what in ((r_, "exactly fills its template (content 99 characters), no continuation"), (r_ + 1, "one character more: a second template holds it in 91"),
                        (2 * r_, "fills two templates exactly"), (2 * r_ + 1, "one more: three templates")):
            code = prefix + "a" * (n - len(prefix))
            assert len(code) == n
            piece = (code, provider, form, ecny)
            u = merge("capacity-%s-%d" % (guid_name, n), "a %d-character code beside %s (room %d): %s" % (n, R.guid_for(provider), r_, what), [piece])
            read("capacity-%s-%d" % (guid_name, n), "the %d-character code read back, joined from %d template(s)" % (n, R.templates_needed([(code, provider, None)])), u, read_expect([piece]))
    # exactly 512 characters, and one more
    pieces = []
    for k in range(3):
        pieces.append(("https://pay.example.com/" + "b" * 57, None, "aggregated", "QT03/QET03"))
    # grow the last code until the code is 512 characters
    last = pieces[-1][0]
    while len(write(pieces)) < 512:
        last += "c"
        pieces[-1] = (last, None, "aggregated", "QT03/QET03")
        if len(write(pieces)) > 512:
            # a new template was needed: shrink an earlier code instead
            last = last[:-1]
            pieces[-1] = (last, None, "aggregated", "QT03/QET03")
            first = pieces[0][0] + "d"
            pieces[0] = (first, None, "aggregated", "QT03/QET03")
    if len(write(pieces)) != 512:
        raise AssertionError(len(write(pieces)))
    u = merge("capacity-512", "codes whose unified code is exactly 512 characters: written", pieces)
    read("capacity-512", "a 512-character unified code reads back in strict mode", u, read_expect(pieces))
    over = list(pieces)
    k = next(i for i, p_ in enumerate(pieces) if len(p_[0]) % R.room(R.guid_for(None)))
    over[k] = (over[k][0] + "g", None, "aggregated", "QT03/QET03")  # one more character in a template with room
    assert len(write(over)) == 513, len(write(over))
    merge("capacity-513", "one character more (%d): capacity-exceeded" % len(write(over)), over, expect=bad("capacity-exceeded", no_offset=True, no_path=True))
    tiny = ("https://a.cn", None, "aggregated", "QT03/QET03")
    for n in (25, 26, 27):
        merge("capacity-%d-templates" % n, "%d one-template codes: %d characters needed, over 512 before the 26-template cap: capacity-exceeded" % (n, len(write([tiny] * n))),
              [tiny] * n, expect=bad("capacity-exceeded", no_offset=True, no_path=True))
    k = 1
    while len(write([tiny] * k)) <= 512:
        k += 1
    merge("capacity-most-templates", "%d one-template codes: the most that fit in 512 characters (%d)" % (k - 1, len(write([tiny] * (k - 1)))), [tiny] * (k - 1))
    read("capacity-most-templates", "%d carried codes read back" % (k - 1), write([tiny] * (k - 1)), read_expect([tiny] * (k - 1)))
    merge("capacity-one-more-template", "%d one-template codes: %d characters, capacity-exceeded" % (k, len(write([tiny] * k))), [tiny] * k,
          expect=bad("capacity-exceeded", no_offset=True, no_path=True))
    merge("non-ascii", "a code with a character outside printable ASCII: invalid-character, not altered (5.2)", [("https://pay.example.com/?n=中", None, "aggregated", "QT03/QET03")],
          expect=bad("invalid-character", no_offset=True, no_path=True))

    # ------------------------------------------------------------------ reading: checks 1-21
    G_WX, G_ALI, G_UP, G_HT = "com.qq.weixin.pay", "COM.ALIPAY.OPENAPI", "A000000333", "alt.hutong"
    TAIL = [(52, "0000"), (53, "156"), (58, "CN"), (59, "NA"), (60, "NA")]
    V80 = (80, [(0, G_HT), (1, "1")])

    def U(templates, poi="12", extra=(), marker=None, drop=(), order=None, tail=None):
        """A code in the layout of 5.1 (a version 1 writer's: no marker unless given)."""
        objs = [(0, "01")] + ([(1, poi)] if poi is not None else []) + list(templates) + list(tail if tail is not None else TAIL) + list(extra)
        if marker is not None:
            objs.append(marker)
        objs = [o for o in objs if o[0] not in drop]
        if order is None:
            objs = sorted(objs, key=lambda o: o[0])
        return payload(objs)

    wx = lambda code, tid=26, sub=5, guid=G_WX: (tid, [(0, guid), (sub, code)])

    def parts(code, guid, tid=26):
        """The templates a writer uses for code beside guid, from tid (5.3)."""
        r_ = R.room(guid)
        chunks = [code[k:k + r_] for k in range(0, len(code), r_)] or [""]
        return [(tid + k, [(0, guid), (5 if k == 0 else 91, ch)]) for k, ch in enumerate(chunks)]
    NAT = "weixin://wxpay/bizpayurl?pr=p4lpSuKzz"
    ALI = "https://qr.alipay.com/bax08123k4y9xyzabc12e045"
    TSX = "https://qr.alipay.com/tsx11609thmpw9odmvdlxd6"
    UPC = up[0]
    AGG = "https://pay.example.com/qr?id=123"
    nat_p, tsx_p, agg_p = native, tsx, agg
    # what section 6 makes of the codes below (check 17), as the notes of the cases say
    code_is(*ECNY)
    code_is(ALI, "alipay", "alipay-qr", "QT04/QET05")
    code_is("https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345", "qq-wallet", "qq-wallet", "QT01/QET03")
    code_is("alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(ALI), "alipay", "alipay-wrapper", "QT04/QET05")
    code_is("alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(NAT), None, "alipay-wrapper", "QT04/QET05")
    for n_ in (46, 48, 60):
        code_is("weixin://wxpay/bizpayurl?pr=" + "a" * n_, "wechat-pay", "wechat-native", "QT04/QET04")
    code_is("weixin://wxpay/bizpayurl?pr=" + "a" * 46 + "x", "wechat-pay", "wechat-native", "QT04/QET04")
    code_is("weixin://wxpay/bizpayurl?pr=" + "a" * 46 + "bc", "wechat-pay", "wechat-native", "QT04/QET04")
    code_is("https://qr.alipay.com/apr" + "a" * 60, "alipay", "alipay-qr", "QT03/QET05")
    code_fails("hello", "unrecognised", 0)
    code_fails("https://qr.alipay.com@evil.cn/bax1", "invalid-url", 21)
    code_fails("weixin://wxpay/bizpayurl?pr=", "missing-parameter", 28)
    code_fails("https://pay.example.com/" + "a" * 57 + "b\\c", "invalid-url", 82)
    code_fails("weixin://wxpay/bizpayurl?pr=" + "a" * 46 + "-b", "invalid-character", 74)

    def r_err(id_, note, s, kind, offset, path, mode="strict"):
        read(id_, note, s, bad(kind, offset, path), mode=mode)

    # check 1
    good = U([wx(NAT)])
    r_err("c01-crc", "check 1: the payload must parse: a wrong CRC is crc-mismatch", good[:-4] + ("0000" if good[-4:] != "0000" else "0001"), "crc-mismatch", len(good) - 4, "63")
    r_err("c01-not-tlv", "check 1: template 26 not TLV in strict mode: the parser's template-not-tlv", U([(26, "weixin")]), "template-not-tlv", 12, "26")
    big = [(26 + k, [(0, G_HT), (5, "https://pay.example.com/" + "x" * 57)]) for k in range(5)]
    bigu = U(big)
    assert len(bigu) > 512
    r_err("c01-over-512", "check 1: strict mode refuses a %d-character code (too-long at the 513th character)" % len(bigu), bigu, "too-long", 512, None)
    r_err("c01-over-512-lenient", "the same code in lenient mode: check 6, its payload-length finding, too-long at 0 in 63", bigu, "too-long", 0, "63", mode="lenient")
    # check 2: the version marker (5.7)
    read("c02-no-80", "check 2: no template 80: a code without a version marker is of version 1 and skips checks 3-5: read",
         U([wx(NAT)]), read_expect([nat_p]))
    read("c02-old-marker", "check 2: the marker 80 = {00 alt.hutong, 01 1} that writers wrote before version 1 was settled: version 1 as well, read the same way (5.7)",
         U([wx(NAT)], marker=V80), read_expect([nat_p]))
    read("c02-old-marker-lenient", "the same code in lenient mode: read", U([wx(NAT)], marker=V80), read_expect([nat_p]), mode="lenient")
    read("c02-old-marker-static", "check 2: the old marker on a static code (01 = 11, one Alipay receive code): read, QT01/QET05",
         U([(26, [(0, G_ALI), (5, TSX)])], poi="11", marker=V80), ok(carried=[{"provider": "alipay", "form": "alipay-qr", "code": TSX, "path": "26.05"}], ecny="QT01/QET05"))
    s_ = U([wx(NAT)], marker=(80, [(0, "com.example"), (1, "1")]))
    r_err("c02-80-other-guid", "check 2: template 80 with another GUID is no version marker, and 80 is then no ID of 5.1: check 7, invalid-value at 80", s_, "invalid-value", off(s_, "80"), "80")
    s_ = U([(26, [(0, G_HT), (5, AGG)])])
    read("c02-hutong-in-26-only", "check 2: the hutong GUID in template 26 is no marker; without one the code is of version 1 and its aggregated code is read (QT04: 01 = 12)", s_,
         ok(carried=[{"provider": None, "form": "aggregated", "code": AGG, "path": "26.05"}], ecny="QT04/QET03"))
    s_ = U([wx(NAT)], extra=[(81, [(0, G_HT), (1, "1")])])
    r_err("c02-hutong-in-81", "check 2: the hutong GUID in template 81 (not 80) is no marker, and 81 is no ID of 5.1: check 7, invalid-value at 81", s_, "invalid-value", off(s_, "81"), "81")
    s_ = U([wx(NAT)], marker=(80, [(0, "alt.hutong.x"), (1, "2")]))
    r_err("c02-lookalike-guid", "check 2: 80.00 = alt.hutong.x does not resolve to hutong: no marker, its version 2 is not looked at; check 7, invalid-value at 80", s_, "invalid-value", off(s_, "80"), "80")
    s_ = U([wx(NAT)], marker=(80, "alt.hutong"))
    r_err("c02-80-raw", "check 2: template 80 not TLV (lenient keeps it raw) has no GUID, so no marker; check 6 comes first: its template-not-tlv finding, template-not-tlv at 80", s_,
          "template-not-tlv", off(s_, "80"), "80", mode="lenient")
    r_err("c02-80-raw-strict", "the same code in strict mode: check 1, the parser's template-not-tlv at 80", s_, "template-not-tlv", off(s_, "80"), "80")
    up80 = U([wx(NAT)], marker=(80, [(0, "ALT.HUTONG"), (1, "1")]))
    read("c02-guid-case", "check 2: 80.00 = ALT.HUTONG resolves to hutong (GUIDs compare ignoring ASCII case): a marker of version 1, read", up80, read_expect([nat_p]))
    s_ = U([wx(NAT)], marker=(80, [(0, "ALT.HUTONG"), (1, "2")]))
    r_err("c02-guid-case-version-2", "check 2: 80.00 = ALT.HUTONG is a marker, so check 4 applies: version 2, invalid-value at 80.01", s_, "invalid-value", off(s_, "80.01"), "80.01")
    s_ = U([wx(NAT)], extra=[(61, "X")], marker=(80, [(0, "com.example"), (1, "1")]))
    r_err("c07-80-other-guid-after-61", "checks 7-8 take the root objects in payload order: 61 before a template 80 of another GUID: invalid-value at 61", s_, "invalid-value", off(s_, "61"), "61")
    s_ = payload([(0, "01"), (1, "12"), wx(NAT), (52, "0000"), (53, "156"), (58, "CN"), (59, "NA"), (60, "NA"), (80, [(0, "com.example"), (1, "1")]), (64, [(0, "ZH"), (1, "店")])])
    r_err("c07-80-other-guid-before-disorder", "checks 7-8 in payload order: a template 80 of another GUID, then 64 out of order: invalid-value at 80, the first", s_, "invalid-value", off(s_, "80"), "80")
    s_ = U([wx(NAT)], marker=(80, [(0, "com.example"), (1, "1")]), tail=[(52, "0000"), (53, "156"), (58, "CN"), (59, "名字"), (60, "NA")])
    r_err("c06-before-80-other-guid", "check 6 before 7: a template 80 of another GUID and 59 holding UTF-8 (format-ans): invalid-character at 59", s_, "invalid-character", off(s_, "59"), "59")
    s_ = U([wx(NAT)], marker=(80, [(0, "com.example"), (1, "2"), (5, "x")]))
    r_err("c02-other-guid-no-version-check", "a template 80 of another GUID is no marker: its 01 = 2 and 05 are not checks 4-5; check 7, invalid-value at 80", s_, "invalid-value", off(s_, "80"), "80")
    # checks 3-5
    s_ = U([wx(NAT)], marker=(80, [(0, G_HT)]))
    r_err("c03-no-version", "check 3: a version marker (80 with GUID alt.hutong) without 01: missing-field at 80, path 80", s_, "missing-field", off(s_, "80"), "80")
    for v_ in ("2", "01", "10", "0"):
        s_ = U([wx(NAT)], marker=(80, [(0, G_HT), (1, v_)]))
        r_err("c04-version-" + v_, "check 4: the version marker's 80.01 = %s is not 1: invalid-value at 80.01" % v_, s_, "invalid-value", off(s_, "80.01"), "80.01")
    s_ = U([wx(NAT)], marker=(80, [(0, G_HT), (1, "2")]), extra=[(61, "X")], tail=[(52, "0000"), (53, "156"), (58, "CN"), (59, "名字"), (60, "NA")])
    r_err("c04-version-first", "check 4 comes before checks 6 and 7: version 2 with a finding and an unknown ID is invalid-value at 80.01", s_, "invalid-value", off(s_, "80.01"), "80.01")
    s_ = U([wx(NAT)], marker=(80, [(0, G_HT), (1, "1"), (5, "x")]))
    r_err("c05-extra-sub", "check 5: the version marker holds 80.05 besides 00 and 01: invalid-value at 80.05", s_, "invalid-value", off(s_, "80.05"), "80.05")
    s_ = U([wx(NAT)], marker=(80, [(0, G_HT), (1, "1"), (1, "1")]))
    r_err("c05-dup-version", "the version marker 80 = 00, 01, 01: only 00 and 01 (check 5 passes); check 6's duplicate-id: duplicate at the second 80.01", s_, "duplicate", off(s_, "80.01", 2), "80.01")
    # check 6
    s_ = U([wx(NAT)], tail=[(52, "0000"), (53, "156"), (58, "CN"), (59, "名字"), (60, "NA")])
    r_err("c06-format-ans", "check 6: a finding (59 holding UTF-8, format-ans) refused as the builder does: invalid-character at 59", s_, "invalid-character", off(s_, "59"), "59")
    s_ = U([wx(NAT)], extra=[(64, [(0, "ZH"), (1, "商店\u202e")])])
    r_err("c06-unsafe-text", "check 6: 64.01 holding U+202E (unsafe-text): invalid-character at 64.01", s_, "invalid-character", off(s_, "64.01"), "64.01")
    # a merchant name whose code has a letter in its CRC, so that the CRC can be lower case
    name_ = next(n_ for n_ in ("NA", "NB", "NC", "ND", "NE", "NF") if not U([wx(NAT)], tail=TAIL[:3] + [(59, n_), (60, "NA")])[-4:].isdigit())
    s_ = U([wx(NAT)], tail=TAIL[:3] + [(59, name_), (60, "NA")])
    low = s_[:-4] + s_[-4:].lower()
    assert low != s_
    r_err("c06-crc-lowercase", "check 6 in lenient mode: a lower-case CRC (finding crc-lowercase) is crc-lowercase at 63's offset", low, "crc-lowercase", off(low, "63"), "63", mode="lenient")
    s_ = U([(26, [(5, NAT)])])
    r_err("c06-guid-missing", "check 6 before 12: template 26 without 00 (guid-missing): invalid-value at 26", s_, "invalid-value", off(s_, "26"), "26")
    s_ = U([wx(NAT)], tail=[(52, "0000"), (53, "156"), (58, "CN"), (60, "NA")])
    r_err("c06-mandatory", "check 6: 59 missing (mandatory-missing): missing-field at the CRC's offset, path 59", s_, "missing-field", off(s_, "63"), "59")
    s_ = U([wx(NAT)], extra=[(61, "")])
    r_err("c06-zero-length", "check 6 before 7, lenient: 61 of length 00 (zero-length): zero-length at 61", s_, "zero-length", off(s_, "61"), "61", mode="lenient")
    s_ = U([wx(NAT)], extra=[(59, "NB")], order=True)
    s_ = payload([(0, "01"), (1, "12"), wx(NAT), (52, "0000"), (53, "156"), (58, "CN"), (59, "NA"), (59, "NB"), (60, "NA")])
    r_err("c06-duplicate", "check 6 before 8: 59 twice (duplicate-id): duplicate at the second 59", s_, "duplicate", off(s_, "59", 2), "59")
    s_ = payload([(0, "01"), (1, "12"), wx(NAT), (52, "0000"), (53, "156"), (58, "CN"), (59, "NA"), (60, "NA"), (61, "X"), (64, [(0, "ZH"), (1, "名\u200b")])])
    r_err("c06-before-7", "check 6 is over the whole payload before check 7: root 61 first, a finding later: the finding's error", s_, "invalid-character", off(s_, "64.01"), "64.01")
    # checks 7-9
    for tid, val, what in ((61, "12345", "61 (postal code)"), (2, "4000123412341234", "02 (Visa)"), (55, "01", "55 = 01 (tip prompt)"),
                           (16, "1234567812345678ABCDEFGHIJ12345", "16"), (81, [(0, "com.example")], "template 81"), (57, "5", "57 with 55 absent")):
        s_ = U([wx(NAT)], extra=[(tid, val)])
        exp_path = "%02d" % tid
        if tid == 57:
            r_err("c07-id-%02d" % tid, "check 6 before 7: 57 without 55 is a tip-coupling finding: field-conflict at 57", s_, "field-conflict", off(s_, exp_path), exp_path)
            continue
        r_err("c07-id-%02d" % tid, "check 7: root ID %s is not one of 5.1: invalid-value at it" % what, s_, "invalid-value", off(s_, exp_path), exp_path)
    s_ = payload([(0, "01"), (1, "12"), wx(NAT), (52, "0000"), (53, "156"), (59, "NA"), (58, "CN"), (60, "NA")])
    r_err("c08-order", "check 8: 58 after 59: invalid-value at 58, the object not greater than the one before it", s_, "invalid-value", off(s_, "58"), "58")
    s_ = payload([(0, "01"), (1, "12"), (52, "0000"), wx(NAT), (53, "156"), (58, "CN"), (59, "NA"), (60, "NA")])
    r_err("c08-template-after-52", "check 8: template 26 after 52: invalid-value at 26", s_, "invalid-value", off(s_, "26"), "26")
    s_ = payload([(0, "01"), (1, "12"), wx(NAT), (52, "0000"), (53, "156"), (58, "CN"), (59, "NA"), (60, "NA"), V80, (64, [(0, "ZH"), (1, "店")])])
    r_err("c08-64-after-80", "check 8: 64 after the version marker 80 (of version 1, allowed by check 7, but in its place): invalid-value at 64", s_, "invalid-value", off(s_, "64"), "64")
    s_ = U([wx(NAT)], tail=[(52, "0000"), (53, "840"), (58, "CN"), (59, "NA"), (60, "NA")])
    r_err("c09-currency", "check 9: 53 = 840: invalid-value at 53", s_, "invalid-value", off(s_, "53"), "53")
    s_ = U([wx(NAT)], tail=[(52, "0000"), (53, "156"), (58, "HK"), (59, "NA"), (60, "NA")])
    r_err("c09-country", "check 9: 58 = HK: invalid-value at 58", s_, "invalid-value", off(s_, "58"), "58")
    s_ = U([wx(NAT)], tail=[(52, "0000"), (53, "840"), (58, "HK"), (59, "NA"), (60, "NA")])
    r_err("c09-currency-and-country", "check 9: 53 = 840 and 58 = HK: 53 first", s_, "invalid-value", off(s_, "53"), "53")
    for sub, val in ((2, "13800000000"), (7, "T1"), (0, "x"), (8, "P")):
        s_ = U([wx(NAT)], extra=[(62, [(1, "B1"), (sub, val)])])
        r_err("c09-62-%02d" % sub, "check 9: 62 holds 62.%02d besides 01 and 05: invalid-value at 62.%02d" % (sub, sub), s_, "invalid-value", off(s_, "62.%02d" % sub), "62.%02d" % sub)
    s_ = U([wx(NAT)], extra=[(62, [(50, [(0, "a.b"), (1, "x")])])])
    r_err("c09-62-50", "check 9: a payment system template 62.50 in 62: invalid-value at 62.50", s_, "invalid-value", off(s_, "62.50"), "62.50")
    s_ = U([wx(NAT)], extra=[(62, [(5, "R1")])])
    read("c09-62-ok", "check 9: 62 holding 05 only: read", s_, ok(carried=[{"provider": "wechat-pay", "form": "wechat-native", "code": NAT, "path": "26.05"}], ecny="QT04/QET04"))
    for lang in ("EN", "zh", "ZHO"):
        s_ = U([wx(NAT)], extra=[(64, [(0, lang), (1, "店")])])
        if len(lang) != 2:
            r_err("c09-64-lang-" + lang, "64.00 = %s: check 6 first (length-fixed): invalid-value at 64.00" % lang, s_, "invalid-value", off(s_, "64.00"), "64.00")
        else:
            r_err("c09-64-lang-" + lang, "check 9: 64.00 = %s is not ZH: invalid-value at 64.00" % lang, s_, "invalid-value", off(s_, "64.00"), "64.00")
    s_ = U([wx(NAT)], extra=[(64, [(0, "ZH"), (1, "店"), (3, "x")])])
    r_err("c09-64-03-shadowed", "64.03 is RFU: check 6's rfu-id (invalid-id at 64.03) comes before check 9", s_, "invalid-id", off(s_, "64.03"), "64.03")
    s_ = U([(27, [(0, G_WX), (5, NAT)])], tail=[(52, "0000"), (53, "840"), (58, "CN"), (59, "NA"), (60, "NA")], extra=[(61, "1")])
    r_err("c07-before-9-and-11", "checks 7-8 run over every object before 9 and 11: 61 with 53 = 840 and template 27 first: invalid-value at 61", s_, "invalid-value", off(s_, "61"), "61")
    # check 10
    acct = "1234567812345678ABCDEFGHIJ12345"
    s_ = U([wx(NAT)], extra=[(15, acct[:-1])])
    r_err("c10-account-length", "check 10: 15 of 30 characters: wrong-format at its value (the field's first byte)", s_, "wrong-format", voff(s_, "15"), "15")
    for k, ch in ((3, "A"), (20, "-")):
        a_ = acct[:k] + ch + acct[k + 1:]
        s_ = U([wx(NAT)], extra=[(15, a_)])
        r_err("c10-account-char-%d" % k, "check 10: 15 with %r at position %d: invalid-character at that character in the payload" % (ch, k), s_, "invalid-character", voff(s_, "15") + k, "15")
    s_ = U([(26, [(0, "com.example"), (5, NAT)])], extra=[(15, acct[:-1])])
    r_err("c10-before-templates", "check 10 before the templates: a bad 15 and an unknown GUID in 26: 15's error", s_, "wrong-format", voff(s_, "15"), "15")
    s_ = U([wx(NAT)], tail=[(52, "0000"), (53, "840"), (58, "CN"), (59, "NA"), (60, "NA")], extra=[(15, acct[:-1])])
    r_err("c09-before-10", "check 9 before 10: 53 = 840 and a bad 15: invalid-value at 53", s_, "invalid-value", off(s_, "53"), "53")
    # check 11
    s_ = U([(27, [(0, G_WX), (5, NAT)])])
    r_err("c11-first-27", "check 11: the first template is 27, not 26: invalid-value at 27", s_, "invalid-value", off(s_, "27"), "27")
    s_ = U([wx(NAT), (28, [(0, G_ALI), (5, ALI)])])
    r_err("c11-gap", "check 11: templates 26 and 28: invalid-value at 28", s_, "invalid-value", off(s_, "28"), "28")
    # check 12
    s_ = U([(26, [(0, G_WX), (5, NAT), (6, "x")])])
    r_err("c12-extra-sub", "check 12: 26 = 00, 05, 06: invalid-value at 26.06", s_, "invalid-value", off(s_, "26.06"), "26.06")
    s_ = U([(26, [(0, G_WX)])])
    r_err("c12-guid-only", "check 12: 26 holding only 00: missing-field at 26", s_, "missing-field", off(s_, "26"), "26")
    # check 13
    for name, g in (("unknown", "com.example"), ("hutong-sub", "alt.hutong.x"), ("short-rid", "A00000033"), ("weixin-sub", "com.qq.weixin.pay.x"), ("alipayx", "com.alipayx")):
        s_ = U([(26, [(0, g), (5, AGG)])])
        r_err("c13-guid-" + name, "check 13: GUID %s is in no row of 5.4: invalid-value at 26.00" % g, s_, "invalid-value", off(s_, "26.00"), "26.00")
    # check 14
    s_ = U([(26, [(0, G_WX), (1, NAT)])])
    r_err("c14-sub-01", "check 14: the second sub-object is 01, neither 05 nor 91: invalid-value at 26.01", s_, "invalid-value", off(s_, "26.01"), "26.01")
    # check 15
    s_ = U([(26, [(0, G_WX), (91, NAT)])])
    r_err("c15-first-91", "check 15: a 91 in the first template follows no template: invalid-value at 26.91", s_, "invalid-value", off(s_, "26.91"), "26.91")
    s_ = U([wx(NAT), (27, [(0, G_WX), (91, "abc")])])
    r_err("c15-after-partial", "check 15: a 91 after a template that is not full (99 characters): invalid-value at 27.91", s_, "invalid-value", off(s_, "27.91"), "27.91")
    full = "weixin://wxpay/bizpayurl?pr=" + "a" * 46
    s_ = U([wx(full), (27, [(0, G_ALI), (91, "bc")])])
    r_err("c15-other-guid", "check 15: a 91 after a full template of another GUID: invalid-value at 27.91", s_, "invalid-value", off(s_, "27.91"), "27.91")
    s_ = U([wx(full), (27, [(0, G_WX.upper()), (91, "bc")])])
    read("c15-guid-case", "check 15: a 91 after a full template whose GUID differs only in case: joined", s_,
         ok(carried=[{"provider": "wechat-pay", "form": "wechat-native", "code": full + "bc", "path": "26.05"}], ecny="QT04/QET04"))
    s_ = U([wx(NAT), (27, [(0, G_WX), (5, full)]), (28, [(0, G_WX), (91, "x")])])
    read("c15-after-new-code", "a 91 joins the code that starts at the nearest 05 before it", s_,
         ok(carried=[{"provider": "wechat-pay", "form": "wechat-native", "code": NAT, "path": "26.05"},
                     {"provider": "wechat-pay", "form": "wechat-native", "code": full + "x", "path": "27.05"}], ecny="QT04/QET03"))
    s_ = U([wx(full), (27, [(0, "com.example"), (91, "x")])])
    r_err("c13-91-unknown-guid", "a 91 after a full template, in a template of an unknown GUID: check 13 (invalid-value at 27.00) before 15", s_, "invalid-value", off(s_, "27.00"), "27.00")
    # check 16 (shadowed by check 6: 26-51 are ans)
    s_ = U([(26, [(0, G_HT), (5, "https://pay.example.com/中")])])
    r_err("c16-shadowed-by-6", "check 16 cannot fail first: a non-ASCII character in 26.05 is already a format-ans finding (check 6), invalid-character at 26.05's offset", s_, "invalid-character", off(s_, "26.05"), "26.05")
    # check 17
    s_ = U([(26, [(0, G_HT), (5, "hello")])])
    r_err("c17-unrecognised", "check 17: 26.05 = hello does not parse: unrecognised, offset mapped to 26.05's value", s_, "unrecognised", voff(s_, "26.05"), "26.05")
    s_ = U([(26, [(0, G_ALI), (5, "https://qr.alipay.com@evil.cn/bax1")])])
    r_err("c17-invalid-url", "check 17: user info in the carried code: invalid-url at the '@' mapped into the payload", s_, "invalid-url", voff(s_, "26.05") + 21, "26.05")
    s_ = U([(26, [(0, G_WX), (5, "weixin://wxpay/bizpayurl?pr=")])])
    r_err("c17-empty-token", "check 17: an empty Native token: missing-parameter at the end of the code, mapped into the payload", s_, "missing-parameter", voff(s_, "26.05") + 28, "26.05")
    p1 = "https://pay.example.com/" + "a" * 57
    assert len(p1) == 81
    s_ = U([(26, [(0, G_HT), (5, p1)]), (27, [(0, G_HT), (91, "b\\c")])])
    r_err("c17-second-part", "check 17: a backslash in the second part of a joined code: invalid-url at it, in 27.91", s_, "invalid-url", voff(s_, "27.91") + 1, "27.91")
    s_ = U([(26, [(0, G_WX), (5, "weixin://wxpay/bizpayurl?pr=" + "a" * 46)]), (27, [(0, G_WX), (91, "-b")])])
    r_err("c17-second-part-alphabet", "check 17: '-' in the second part of a Native token: invalid-character at it, in 27.91", s_, "invalid-character", voff(s_, "27.91"), "27.91")
    # check 18
    for name, g, code, what in (("wechat-carries-alipay", G_WX, ALI, "the WeChat Pay GUID carrying an Alipay code"),
                                ("alipay-carries-wechat", G_ALI, NAT, "the Alipay GUID carrying a WeChat Pay code"),
                                ("hutong-carries-wechat", G_HT, NAT, "the hutong GUID carrying a WeChat Pay code (a provider with a GUID)"),
                                ("hutong-carries-alipay-wrapper", G_HT, "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(ALI), "the hutong GUID carrying an Alipay wrapper"),
                                ("unionpay-carries-aggregated", G_UP, AGG, "the UnionPay GUID carrying an aggregated code (no provider)"),
                                ("alipayplus-carries-wechat", "com.alipayplus", NAT, "an Alipay+ GUID carrying a WeChat Pay code"),
                                ("wechat-carries-aggregated", G_WX, AGG, "the WeChat Pay GUID carrying an aggregated code")):
        s_ = U(parts(code, g))
        r_err("c18-" + name, "check 18: %s: wrong-format at 26.05's value" % what, s_, "wrong-format", voff(s_, "26.05"), "26.05")
    long_ali = "https://qr.alipay.com/apr" + "a" * 60
    s_ = U([(26, [(0, G_WX), (5, long_ali[:74])]), (27, [(0, G_WX), (91, long_ali[74:])])])
    r_err("c18-joined", "check 18 on a joined code: the WeChat GUID carrying an Alipay code in two parts: wrong-format at 26.05's value", s_, "wrong-format", voff(s_, "26.05"), "26.05")
    for name, g, code, prov, form, ecny_ in (("alipayplus-carries-alipay", "com.alipayplus", TSX, "alipay", "alipay-qr", "QT01/QET05"),
                                             ("alipay-domain", "com.alipay", TSX, "alipay", "alipay-qr", "QT01/QET05"),
                                             ("alipay-subdomain", "com.alipay.acquire", TSX, "alipay", "alipay-qr", "QT01/QET05"),
                                             ("unionpay-aid", "A000000333010101", UPC, "unionpay", "unionpay-qr", "QT03/QET02"),
                                             ("unionpay-lower", "a000000333", UPC, "unionpay", "unionpay-qr", "QT03/QET02"),
                                             ("wechat-upper", "COM.QQ.WEIXIN.PAY", NAT, "wechat-pay", "wechat-native", "QT04/QET04"),
                                             ("hutong-ecny", G_HT, ECNY[0], "e-cny", "ecny-app", "QT04/QET01"),
                                             ("hutong-bestpay", G_HT, bestpay[0], "bestpay", "bestpay-f2f", "QT01/QET03"),
                                             ("hutong-qq", G_HT, "https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345", "qq-wallet", "qq-wallet", "QT01/QET03"),
                                             ("hutong-aggregated", G_HT, AGG, None, "aggregated", "QT03/QET03"),
                                             ("hutong-wrapper-of-wechat", G_HT, "alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(NAT), None, "alipay-wrapper", "QT04/QET05")):
        poi = "12" if ecny_.startswith("QT04") else "11"
        s_ = U(parts(code, g), poi=poi)
        read("c18-ok-" + name, "check 18 passes: GUID %s carries a %s code (5.4)" % (g, prov or "no-provider"), s_,
             ok(carried=[{"provider": prov, "form": form, "code": code, "path": "26.05"}], ecny=typing([ecny_], poi == "12")))
    # 11-14 of the next template before 16-18 of the code it ends
    s_ = U([(26, [(0, G_WX), (5, ALI)]), (27, [(0, "com.example"), (5, AGG)])])
    r_err("c13-before-18", "a template's checks 11-14 come before checks 16-18 of the code its 05 ends: unknown GUID in 27 before 26's provider mismatch", s_, "invalid-value", off(s_, "27.00"), "27.00")
    s_ = U([(26, [(0, G_WX), (5, ALI)]), (27, [(0, G_ALI), (5, ALI)])])
    r_err("c18-ended-by-05", "check 18 runs when the next 05 ends the code: wrong-format at 26.05", s_, "wrong-format", voff(s_, "26.05"), "26.05")
    # checks 19-21
    s_ = U([])
    r_err("c19-shadowed-by-6", "check 19 cannot fail first: with no 15 and no template nothing is in 02-51, so check 6's merchant-account-missing fires: missing-field at the CRC, path 02",
          s_, "missing-field", off(s_, "63"), "02")
    s_ = U([], poi=None)
    r_err("c19-shadowed-no-01", "nothing carried and no 01: check 6's merchant-account-missing (before 19)", s_, "missing-field", off(s_, "63"), "02")
    s_ = U([], marker=V80)
    r_err("c19-shadowed-marker", "nothing carried, with the version marker 80 (not 02-51): check 6's merchant-account-missing", s_, "missing-field", off(s_, "63"), "02")
    s_ = U([], extra=[(2, "4000123412341234")])
    r_err("c19-visa-only", "02 (Visa) instead of a carried code: check 7 refuses 02 (invalid-value) before 19 is reached", s_, "invalid-value", off(s_, "02"), "02")
    for v_ in ("13", "10", "21"):
        s_ = U([wx(NAT)], poi=v_)
        r_err("c20-shadowed-%s" % v_, "check 20 cannot fail first: 01 = %s is check 6's poi-value finding, invalid-value at 01" % v_, s_, "invalid-value", off(s_, "01"), "01")
    s_ = U([(26, [(0, G_ALI), (5, TSX)])], poi=None)
    read("c20-no-01", "check 20: 01 absent: the code is static; one static Alipay receive code: read, QT01/QET05", s_,
         ok(carried=[{"provider": "alipay", "form": "alipay-qr", "code": TSX, "path": "26.05"}], ecny="QT01/QET05"))
    s_ = U([(26, [(0, G_ALI), (5, TSX)])], poi="11")
    read("c20-11", "check 20: 01 = 11: static, read as with no 01: QT01/QET05", s_,
         ok(carried=[{"provider": "alipay", "form": "alipay-qr", "code": TSX, "path": "26.05"}], ecny="QT01/QET05"))
    s_ = U([(26, [(0, G_ALI), (5, TSX)])], poi="11", extra=[(54, "10.00")])
    r_err("c21-amount", "check 21: 01 = 11 with an amount: field-conflict at 01", s_, "field-conflict", off(s_, "01"), "01")
    s_ = U([wx(NAT)], poi="11")
    r_err("c21-dynamic-code", "check 21: 01 = 11 carrying a Native code (QT04): field-conflict at 01", s_, "field-conflict", off(s_, "01"), "01")
    s_ = U(parts("alipays://platformapi/startapp?saId=10000007&qrcode=" + esc(ALI), G_ALI), poi="11")
    r_err("c21-wrapper", "check 21: 01 = 11 carrying a wrapper of an order code (QT04): field-conflict", s_, "field-conflict", off(s_, "01"), "01")
    s_ = U([(26, [(0, G_ALI), (5, TSX)])], poi=None, extra=[(54, "10.00")])
    r_err("c21-amount-no-01", "check 21: no 01 (static) with an amount: field-conflict at the amount, 54's offset and path", s_, "field-conflict", off(s_, "54"), "54")
    s_ = U([wx(NAT)], poi=None)
    r_err("c21-dynamic-code-no-01", "check 21: no 01 (static) carrying a Native code (QT04): field-conflict at the code's first part, the 05 sub-object's offset (not its value), path 26.05",
          s_, "field-conflict", off(s_, "26.05"), "26.05")
    s_ = U([wx(NAT)], poi=None, extra=[(54, "10.00")])
    r_err("c21-amount-and-code-no-01", "check 21: no 01, an amount and a Native code: the amount decides, field-conflict at 54", s_, "field-conflict", off(s_, "54"), "54")
    s_ = U([(26, [(0, G_ALI), (5, TSX)]), wx(NAT, tid=27), (28, [(0, G_ALI), (5, ALI)])], poi=None)
    r_err("c21-second-code-no-01", "check 21: no 01, a static code then two QT04 codes: field-conflict at the first QT04 code, 27.05", s_, "field-conflict", off(s_, "27.05"), "27.05")
    s_ = U([(26, [(0, G_UP), (5, UPC)])] + parts(NAT[:-9] + "a" * 60, G_WX, tid=27), poi=None)
    assert len(NAT[:-9] + "a" * 60) > 74
    r_err("c21-joined-code-no-01", "check 21: no 01, a QT04 code in two templates (27 and 28): field-conflict at its first part, 27.05", s_, "field-conflict", off(s_, "27.05"), "27.05")
    s_ = U([wx(NAT)], poi=None, extra=[(15, acct)])
    r_err("c21-account-and-code-no-01", "check 21: no 01, a UnionPay account (QT03) and a Native code: field-conflict at 26.05, the first QT04 code (15 is no code of type QT04)",
          s_, "field-conflict", off(s_, "26.05"), "26.05")
    s_ = U([wx(NAT)], poi=None, marker=V80)
    r_err("c21-dynamic-code-old-marker", "check 21 with the old marker of version 1: no 01, a Native code: field-conflict at 26.05", s_, "field-conflict", off(s_, "26.05"), "26.05")
    s_ = U([], poi="11", extra=[(15, acct)])
    read("c21-static-ok", "01 = 11 with only a UnionPay account: QT03/QET02", s_, ok(carried=[{"provider": "unionpay", "form": "unionpay-emv15", "code": acct, "path": "15"}], ecny="QT03/QET02"))
    s_ = U([], poi=None, extra=[(15, acct)])
    read("c21-static-no-01-ok", "no 01 with only a UnionPay account: static, QT03/QET02", s_, ok(carried=[{"provider": "unionpay", "form": "unionpay-emv15", "code": acct, "path": "15"}], ecny="QT03/QET02"))
    s_ = U([(26, [(0, G_ALI), (5, TSX)])], poi="12")
    read("typing-dynamic-one", "5.5 and check 20: one static code in a dynamic code (01 = 12): QT04 and its QET05", s_, ok(carried=[{"provider": "alipay", "form": "alipay-qr", "code": TSX, "path": "26.05"}], ecny="QT04/QET05"))
    s_ = U([(26, [(0, G_ALI), (5, TSX)]), (27, [(0, G_UP), (5, UPC)])], poi="11")
    read("typing-static-several", "5.5: two static codes, 01 = 11: QT03/QET03", s_,
         ok(carried=[{"provider": "alipay", "form": "alipay-qr", "code": TSX, "path": "26.05"}, {"provider": "unionpay", "form": "unionpay-qr", "code": UPC, "path": "27.05"}], ecny="QT03/QET03"))
    s_ = U([(26, [(0, G_ALI), (5, TSX)]), (27, [(0, G_UP), (5, UPC)])], poi=None)
    read("typing-static-several-no-01", "5.5: two static codes, no 01 (static): QT03/QET03", s_,
         ok(carried=[{"provider": "alipay", "form": "alipay-qr", "code": TSX, "path": "26.05"}, {"provider": "unionpay", "form": "unionpay-qr", "code": UPC, "path": "27.05"}], ecny="QT03/QET03"))
    s_ = U([(26, [(0, G_UP), (5, UPC)])], poi="11", extra=[(15, acct)])
    read("typing-account-and-template", "5.5: a UnionPay account and a UnionPay code: two carried codes, QT03/QET03", s_,
         ok(carried=[{"provider": "unionpay", "form": "unionpay-emv15", "code": acct, "path": "15"}, {"provider": "unionpay", "form": "unionpay-qr", "code": UPC, "path": "26.05"}], ecny="QT03/QET03"))

# =============================================================================================
# Section 9: recognition

def rec_merchant(code, provider, form, ecny):
    e = ok(kind="merchant-code", providers=[provider] if provider else [], ecny=ecny, form=form, findings=[], carried=None, roundtrip=True)
    if all(0x20 <= ord(ch) <= 0x7E for ch in code):
        u = R.unified([(code, provider, ecny.split("/")[0])])
        if len(u) <= 512:
            e["unified"] = u
    return e


def rec_payment(code):
    r = R.route(code)
    if r[0] == "err":
        return fail(r[1])
    d = r[1]
    return ok(kind="payment-code", providers=[d["provider"]], ecny="QT02", route=d["route"], variant=d["variant"], candidates=d["candidates"],
              findings=[], unified=None, carried=None, roundtrip=True)


def rec_mpm(s, mode="strict", **fields):
    r = R.mpm(s, mode)
    if r[0] == "err":
        return fail(r[1])
    e = ok(kind="emv-mpm", findings=r[1], roundtrip=True)
    e.update(fields)
    return e


def recognise_cases():
    F = "recognise.json"

    def c(id_, note, s, expect, mode=None):
        # an EMV payload: section 9 with 5.7, by reference.py's reader, agrees with the expectation
        if R.mpm(s, mode or "strict")[0] == "ok" and (not expect["ok"] or expect.get("kind") == "emv-mpm"):
            standing, out = R.unified_standing(s, mode or "strict", parse_code)
            if standing == "marker" and out[0] == "err":
                assert expect == fail(out[1]), (id_, expect, out)
            elif standing != "plain":
                read_ = out[1] if standing == "marker" else out
                assert expect["ok"] and expect.get("unified") == s and expect.get("carried") == read_["carried"], (id_, expect, read_)
                assert expect.get("ecny", read_["ecny"]) == read_["ecny"], (id_, expect, read_)
            else:
                assert expect["ok"] and expect.get("unified") != s, (id_, expect, out)
        add(F, "rec-" + id_, note, "recognise", s, expect, mode=mode)

    # legacy.tsv, every row, by its kind and provider columns
    for n, row in enumerate(tsv("legacy.tsv"), 1):
        inp, kind, provider, note = unescape(row[0]), row[1], row[2], row[3]
        rid = "legacy-tsv-%03d" % (n + 1)
        what = "legacy.tsv row %d (%s), kind %s, provider %s" % (n + 1, note, kind, provider)
        if kind == "merchant-code":
            form, ecny = classify(inp)
            c(rid, what + ": recognised as the provider's merchant code, its unified code by 5.1", inp, rec_merchant(inp, provider, form, ecny))
        elif kind == "payment-code":
            e = rec_payment(inp)
            assert e["ok"] and e["providers"] == [provider], (inp, e)
            c(rid, what + ": routed by 8.2", inp, e)
        elif kind == "emv-mpm":
            objs = {o.id: o.value for o in R.mpm_parse(inp)[1]}
            poi = objs.get(1)
            standing, read_ = R.unified_standing(inp, "strict", parse_code)
            if standing == "unified":
                # no marker, every check of 5.6 passed: a unified code (5.7, 9)
                e = rec_mpm(inp, providers=[provider], ecny=read_["ecny"], carried=read_["carried"], unified=inp)
                c(rid, what + ": no version marker, and it passes every check of 5.6 (00, 01, 15, 52-60 in order, CNY, CN): a unified code (5.7, 9); "
                  "unified is itself, typing by 5.5", inp, e)
                continue
            e = rec_mpm(inp, providers=[provider], ecny=("QT04" if poi == "12" else "QT03") + "/QET02",
                        carried=[{"provider": "unionpay", "form": "unionpay-emv15", "code": objs[15], "path": "15"}])
            if objs.get(53) != "156":
                e["unified"] = {"error": {"kind": "wrong-format", "offset": off(inp, "53"), "path": "53"}}
            elif objs.get(58) != "CN":
                e["unified"] = {"error": {"kind": "wrong-format", "offset": off(inp, "58"), "path": "58"}}
            else:
                m = {"name": objs.get(59, ""), "city": objs.get(60, ""), "mcc": objs.get(52, ""), "amount": objs.get(54, ""),
                     "dynamic": poi == "12", "unionpay_account": objs[15]}
                e["unified"] = R.unified([], m)
            c(rid, what + ": no version marker, and it fails a check of 5.6 (%s at %s), so a plain EMV code carrying UnionPay's account in 15 (6.4); "
              "typing by 9; unified by from_emv (5.8)" % (read_["kind"], read_["path"]), inp, e)
        elif kind == "reject":
            if inp == "":
                e = bad("empty", 0, None)
            elif inp.startswith("weixin://"):
                e = bad("missing-parameter", blen(inp), None)
            else:
                e = rec_payment(inp)
            assert not e["ok"], inp
            c(rid, what + ": an error", inp, e)
        elif kind == "not-provider":
            if "@" in inp:
                e = bad("invalid-url", at(inp, "@"), None)
            else:
                e = rec_merchant(inp, None, "aggregated", "QT03/QET03")
            c(rid, what + ": attributed to no provider", inp, e)

    # one case per row of the table in 9, and the errors
    good_cpm = R.b64(R.PFI + R.ber(0x61, [R.ber(0x4F, bytes.fromhex("A000000333010101")), R.ber(0x50, b"UNIONPAY")]))
    c("cpm", "starts hQVDUFY: emv-cpm, UnionPay by its AID, typed QT02, no unified code", good_cpm,
      ok(kind="emv-cpm", providers=["unionpay"], ecny="QT02", findings=[], unified=None, carried=None, roundtrip=True))
    warn = R.b64(R.PFI + R.ber(0x61, [R.ber(0x4F, bytes.fromhex("A0000000555555")), R.ber(0x50, b"A-B")]))
    c("cpm-findings", "a CPM code with a finding: reported with its hex path", warn,
      ok(kind="emv-cpm", providers=[], ecny="QT02", findings=R.cpm(warn)[1], roundtrip=True))
    assert R.cpm(warn)[1] and R.cpm(warn)[1][0]["rule"] == "format-ans"
    c("cpm-broken", "starts hQVDUFY but holds a space: the CPM parser's invalid-base64 is the answer", good_cpm[:10] + " " + good_cpm[11:], bad("invalid-base64", 10, None))
    c("cpm-prefix-exact", "hQVDUFY alone: the CPM parser's invalid-base64 (7 characters are not a multiple of 4)", "hQVDUFY", bad("invalid-base64", no_offset=True))
    ex = ("00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输"
          "0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A")
    c("emv-example", "starts 0002: emv-mpm; EMVCo's example carries no Chinese provider: no providers, QT04 (01 = 12), QET03, no unified code", ex,
      rec_mpm(ex, providers=[], ecny="QT04/QET03", unified=None, carried=[]))
    reordered = payload([BASE[1], BASE[0]] + BASE[2:])
    c("emv-reordered", "starts 01, holds letters, ends 6304 and four hex digits: emv-mpm, finding pfi-first", reordered, rec_mpm(reordered, providers=[], ecny="QT03/QET03"))
    low = base(lower=True)
    c("emv-lowercase-strict", "recognise reads MPM in strict mode: a lower-case CRC is crc-lowercase", low, bad("crc-lowercase", blen(low) - 4, "63"))
    c("emv-lowercase-lenient", "recognise_with lenient: the same code parses with finding crc-lowercase", low, rec_mpm(low, "lenient", providers=[]), mode="lenient")
    c("emv-00-letters", "starts 00 and is not all digits: emv-mpm, the parser's error (length 'ab': invalid-length at 0, path 00)", "00abc def", bad("invalid-length", 0, "00"))
    c("emv-0002-digits", "0002 and digits only: emv-mpm before payment code; no CRC object: crc-missing at the end", "000201", bad("crc-missing", 6, "63"))
    big = filled(chars=513)
    c("emv-513", "a 513-character MPM payload: strict too-long at byte 512", big, bad("too-long", 512, None))
    c("emv-513-lenient", "the same payload, lenient: parses with finding payload-length", big, rec_mpm(big, "lenient"), mode="lenient")
    # unified codes through recognise (9, 5.7)
    ex1 = "00020101021226620017com.qq.weixin.pay0537weixin://wxpay/bizpayurl?pr=p4lpSuKzz5204000053031565802CN5902NA6002NA63041169"
    nat = "weixin://wxpay/bizpayurl?pr=p4lpSuKzz"
    carried1 = [{"provider": "wechat-pay", "form": "wechat-native", "code": nat, "path": "26.05"}]
    # a foreign EMV code's carried code is the data object that names the provider (6.4): the template
    carried26 = [{"provider": "wechat-pay", "form": "wechat-native", "code": nat, "path": "26"}]
    TAIL9 = [(52, "0000"), (53, "156"), (58, "CN"), (59, "NA"), (60, "NA")]
    c("unified", "a unified code without a version marker (SPEC 5.10's first example) passes every check of 5.6: read as one; providers and typing from what it carries; "
      "unified is itself", ex1, rec_mpm(ex1, providers=["wechat-pay"], ecny="QT04/QET04", unified=ex1, carried=carried1))
    tsx = "https://qr.alipay.com/tsx11609thmpw9odmvdlxd6"
    st = R.unified([(tsx, "alipay", "QT01")])
    assert "0102" not in st[:10]
    c("unified-static", "a static unified code (no 01, no marker) passes every check: unified, typed by its one code QT01/QET05", st,
      rec_mpm(st, providers=["alipay"], ecny="QT01/QET05", unified=st, carried=[{"provider": "alipay", "form": "alipay-qr", "code": tsx, "path": "26.05"}]))
    old1 = payload([(0, "01"), (1, "12"), (26, [(0, "com.qq.weixin.pay"), (5, nat)])] + TAIL9 + [(80, [(0, "alt.hutong"), (1, "1")])])
    c("unified-old-marker", "a unified code with the marker 80 = {00 alt.hutong, 01 1} of codes printed before version 1 was settled: version 1 (5.7), read as one; unified is itself", old1,
      rec_mpm(old1, providers=["wechat-pay"], ecny="QT04/QET04", unified=old1, carried=carried1))
    v2 = payload([(0, "01"), (1, "12"), (26, [(0, "com.qq.weixin.pay"), (5, nat)])] + TAIL9 + [(80, [(0, "alt.hutong"), (1, "2")])])
    c("unified-version-2", "a code with a version marker of version 2: the reader's invalid-value at 80.01 is the answer, never a plain EMV code (5.7)", v2,
      bad("invalid-value", off(v2, "80.01"), "80.01"))
    code_is("https://qr.alipay.com/bax1", "alipay", "alipay-qr", "QT04/QET05")  # 6.3: a token starting ba, QT04
    mism = payload([(0, "01"), (1, "12"), (26, [(0, "com.qq.weixin.pay"), (5, "https://qr.alipay.com/bax1")])] + TAIL9 + [(80, [(0, "alt.hutong"), (1, "1")])])
    c("unified-mismatch", "a code with the version marker whose WeChat template carries an Alipay code: the reader's wrong-format (check 18) is the answer", mism,
      bad("wrong-format", voff(mism, "26.05"), "26.05"))
    mism0 = payload([(0, "01"), (1, "12"), (26, [(0, "com.qq.weixin.pay"), (5, "https://qr.alipay.com/bax1")])] + TAIL9)
    c("unified-mismatch-no-marker", "the same code without the marker fails check 18: a plain EMV code (9); WeChat Pay's template names the provider, but its 05 is no "
      "WeChat Pay code, so nothing is carried (6.4); QT04 (01 = 12), QET04 (it carries exactly WeChat Pay); its unified code is not compared here", mism0,
      rec_mpm(mism0, providers=["wechat-pay"], ecny="QT04/QET04", carried=[]))
    static_nat = payload([(0, "01"), (26, [(0, "com.qq.weixin.pay"), (5, nat)]), (52, "5812"), (53, "156"), (58, "CN"), (59, "SHOP"), (60, "CITY")])
    c("emv-static-native", "no marker and no 01, carrying a Native code (QT04): it fails check 21, so a plain EMV code: QT03 (01 is not 12), QET04, the code carried "
      "from template 26; its unified code by from_emv is dynamic (5.1: a QT04 code makes it so)", static_nat,
      rec_mpm(static_nat, providers=["wechat-pay"], ecny="QT03/QET04", carried=carried26,
              unified=R.unified([(nat, "wechat-pay", "QT04")], {"name": "SHOP", "city": "CITY", "mcc": "5812"})))
    c("unified-lenient", "recognise_with lenient: the same unified code (no finding) is a unified code in lenient mode too", ex1,
      rec_mpm(ex1, "lenient", providers=["wechat-pay"], ecny="QT04/QET04", unified=ex1, carried=carried1), mode="lenient")
    low1 = st[:-4] + st[-4:].lower()
    assert low1 != st
    c("unified-no-marker-finding-lenient", "lenient, no marker, a lower-case CRC: its finding (crc-lowercase) fails check 6, so a plain EMV code carrying Alipay in 26, "
      "QT03 (01 is not 12), QET05; its unified code by from_emv is the code with an upper-case CRC", low1,
      rec_mpm(low1, "lenient", providers=["alipay"], ecny="QT03/QET05", carried=[{"provider": "alipay", "form": "alipay-qr", "code": tsx, "path": "26"}], unified=st),
      mode="lenient")
    low_old = old1[:-4] + old1[-4:].lower()
    assert low_old != old1
    c("unified-marker-finding-lenient", "lenient, with the marker of version 1 and a lower-case CRC: the reader's check 6 is the answer, crc-lowercase at 63", low_old,
      bad("crc-lowercase", off(low_old, "63"), "63"), mode="lenient")
    code_fails("hello", "unrecognised", 0)
    hello = payload([(0, "01"), (1, "12"), (26, [(0, "alt.hutong"), (5, "hello")])] + TAIL9)
    c("emv-hutong-not-a-code", "no marker, hutong's GUID in 26 holding no merchant code: it fails check 17, so a plain EMV code; alt.hutong names no provider (6.4): "
      "no providers, nothing carried, QT04/QET03, no unified code", hello, rec_mpm(hello, providers=[], ecny="QT04/QET03", carried=[], unified=None))
    other80 = payload([(0, "01"), (1, "12"), (26, [(0, "com.qq.weixin.pay"), (5, nat)])] + TAIL9 + [(80, [(0, "com.example"), (1, "1")])])
    c("emv-wechat-80-other", "template 80 with another GUID is no version marker, and fails check 7: a plain EMV code carrying WeChat Pay (6.4), QT04/QET04; "
      "from_emv refuses template 80 (5.8)", other80,
      rec_mpm(other80, providers=["wechat-pay"], ecny="QT04/QET04", carried=carried26, unified={"error": {"kind": "wrong-format", "offset": off(other80, "80"), "path": "80"}}))
    plain = payload([(0, "01"), (1, "12"), (26, [(0, "com.qq.weixin.pay"), (1, "1234"), (5, nat)]), (52, "5812"), (53, "156"), (58, "CN"), (59, "SHOP"), (60, "CITY")])
    c("emv-wechat-from-emv", "an EMV code with WeChat Pay's template (merchant id in 01, code_url in 05) fails check 12, so a plain EMV code: its unified code keeps the code "
      "and the merchant data, not the merchant id (5.8)", plain,
      rec_mpm(plain, providers=["wechat-pay"], ecny="QT04/QET04", carried=carried26, unified=R.unified([(nat, "wechat-pay", "QT04")], {"name": "SHOP", "city": "CITY", "mcc": "5812", "dynamic": True})))
    for name, extra, bad_id in (("tip", [(55, "01")], 55), ("language-en", [(64, [(0, "EN"), (1, "SHOP")])], "64.00"), ("postal", [(61, "100000")], 61)):
        s_ = payload(sorted([(0, "01"), (1, "12"), (26, [(0, "com.qq.weixin.pay"), (5, nat)]), (52, "5812"), (53, "156"), (58, "CN"), (59, "SHOP"), (60, "CITY")] + extra, key=lambda o: o[0]))
        where = bad_id if isinstance(bad_id, str) else "%02d" % bad_id
        c("emv-from-emv-refuses-" + name, "from_emv refuses what a unified code cannot hold (%s): wrong-format at it (5.8; a sub-object's own offset and path)" % where, s_,
          rec_mpm(s_, providers=["wechat-pay"], unified={"error": {"kind": "wrong-format", "offset": off(s_, where), "path": where}}))
    # 6.4: Chinese providers carried by foreign EMV codes
    tail = [(52, "5812"), (53, "496"), (58, "MN"), (59, "SHOP"), (60, "ULAANBAATAR")]
    s17 = payload([(0, "01"), (1, "12"), (17, tlv(0, "com.qq.weixin.pay") + tlv(1, "M123") + tlv(5, nat))] + tail)
    c("emv-wechat-in-17", "6.4: WeChat Pay's template in the reserved primitive 17 (read as a template only for this): WeChat Pay, carried from 17, QT04/QET04", s17,
      rec_mpm(s17, providers=["wechat-pay"], ecny="QT04/QET04", carried=[{"provider": "wechat-pay", "form": "wechat-native", "code": nat, "path": "17"}]))
    s_ = payload([(0, "01"), (1, "11"), (28, [(0, "COM.QQ.WEIXIN.PAY"), (5, nat)])] + tail)
    c("emv-wechat-guid-upper", "6.4: the WeChat Pay GUID in upper case (GUIDs compare ignoring case), 01 = 11: QT03/QET04", s_,
      rec_mpm(s_, providers=["wechat-pay"], ecny="QT03/QET04", carried=[{"provider": "wechat-pay", "form": "wechat-native", "code": nat, "path": "28"}]))
    ali = "https://qr.alipay.com/bax08123k4y9xyzabc12e045"
    s_ = payload([(0, "01"), (1, "11"), (28, [(0, "COM.ALIPAY.OPENAPI"), (1, "2088"), (5, ali)])] + tail)
    c("emv-alipay", "6.4: COM.ALIPAY.OPENAPI with an Alipay code: Alipay, carried from 28, QT03/QET05", s_,
      rec_mpm(s_, providers=["alipay"], ecny="QT03/QET05", carried=[{"provider": "alipay", "form": "alipay-qr", "code": ali, "path": "28"}]))
    s_ = payload([(0, "01"), (1, "11"), (29, [(0, "A111278300000000.alipayplus.v20250513"), (1, "M1")])] + tail)
    c("emv-alipayplus", "6.4: the 37-character Alipay+ GUID (finding guid-length): Alipay+, no legacy code carried, QET03", s_,
      rec_mpm(s_, providers=["alipay-plus"], ecny="QT03/QET03", carried=[]))
    s_ = payload([(0, "01"), (1, "11"), (30, [(0, "A0000008430001"), (1, "HPSMMNUB")])] + tail)
    c("emv-a000000843", "6.4: RID A000000843 is not attributed to Alipay+: no provider, no unified code", s_,
      rec_mpm(s_, providers=[], ecny="QT03/QET03", carried=[], unified=None))
    s_ = payload([(0, "01"), (1, "11"), (26, [(0, "A000000333010101"), (1, "M1")])] + tail)
    c("emv-unionpay-guid", "6.4: a GUID starting A000000333 names UnionPay: QET02, no legacy code carried", s_,
      rec_mpm(s_, providers=["unionpay"], ecny="QT03/QET02", carried=[]))
    s_ = payload([(0, "01"), (1, "11"), (15, "1234567812345678ABCDEFGHIJ12345"), (16, "8765432187654321ZYXWVUTSRQ54321")] + tail)
    c("emv-unionpay-15-16", "6.4: UnionPay accounts in 15 and 16: both carried (the typing is left out: whether two UnionPay accounts 'carry exactly UnionPay', section 9, is not said)", s_,
      rec_mpm(s_, providers=["unionpay"], carried=[{"provider": "unionpay", "form": "unionpay-emv15", "code": "1234567812345678ABCDEFGHIJ12345", "path": "15"},
                                                                      {"provider": "unionpay", "form": "unionpay-emv15", "code": "8765432187654321ZYXWVUTSRQ54321", "path": "16"}]))
    s_ = payload([(0, "01"), (1, "11"), (15, "12345678")] + tail)
    c("emv-15-not-account", "6.4: 15 without the 31-character layout is no UnionPay account: no provider", s_, rec_mpm(s_, providers=[], ecny="QT03/QET03", carried=[]))
    # payment codes
    for code in ("134567890123456789", "6225881234567890123", "28763443825664394", "fp" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q", "0158343705211638182", "151234567890123456"):
        c("payment-" + code[:6], "only ASCII digits (or fp and 33 letters and digits): payment-code, routed by 8.2, typed QT02", code, rec_payment(code))
    c("payment-wrong-length", "WeChat prefix and 17 digits: the router's wrong-length", "13456789012345678", bad("wrong-length", 17, None))
    c("payment-unknown", "digits of no prefix: the router's unrecognised", "9912345678901234567", bad("unrecognised", 0, None))
    c("payment-00-digits", "00 and digits only, not 0002: payment code, unrecognised by the router", "00123", bad("unrecognised", 0, None))
    # merchant codes
    for code, provider, form, ecny in (("weixin://wxpay/bizpayurl?pr=p4lpSuKzz", "wechat-pay", "wechat-native", "QT04/QET04"),
                                       ("https://qr.alipay.com/bax08123k4y9xyzabc12e045", "alipay", "alipay-qr", "QT04/QET05"),
                                       ("https://pay.example.com/qr?id=123", None, "aggregated", "QT03/QET03"),
                                       ("dcep://uniwallet/unipay", "e-cny", "ecny-app", "QT04/QET01")):
        c("merchant-" + form, "contains ://: merchant-code (section 6), its unified code (5.1)", code, rec_merchant(code, provider, form, ecny))
    c("merchant-broken", "contains :// but breaks rule 3: the merchant-code parser's invalid-url", "https://qr.alipay.com@evil.cn/bax1", bad("invalid-url", 21, None))
    c("merchant-only-sep", "'://' alone: merchant-code, unrecognised by section 6", "://", bad("unrecognised", 0, None))
    # anything else
    NUM = "its first character is numeric: invalid-character at its first character that is not an ASCII digit"
    WS = "invalid-character at its first invisible or whitespace character"
    for name, s_, kind, offset, why in (
            ("word", "hello", "unrecognised", 0, "letters, no '://': unrecognised at 0"),
            ("space", "hello world", "invalid-character", 5, "a space: " + WS),
            ("leading-space", " 123", "invalid-character", 0, "a leading space: " + WS),
            ("rlo", "\u202e123", "invalid-character", 0, "U+202E first: " + WS),
            ("doc-example", "165350543a24636560", "invalid-character", 9, "SPEC 9's example, 'a' at 9: " + NUM),
            ("fullwidth", "１２３", "invalid-character", 0, "full-width digits: " + NUM),
            ("fullwidth-later", "12３", "invalid-character", 2, "a full-width digit after ASCII ones: " + NUM),
            ("arabic-indic", "٣٤٥", "invalid-character", 0, "Arabic-Indic digits: " + NUM),
            ("digit-letter", "1a", "invalid-character", 1, "'1a': " + NUM),
            ("letter-digit", "a1", "unrecognised", 0, "'a1', a letter first: unrecognised at 0"),
            ("fp-34", "fp" + "a" * 32, "unrecognised", 0, "fp and 32 letters (34 characters) is not a face-pay token, a letter first: unrecognised"),
            ("spaced-digits", "12 34", "invalid-character", 2, "digits with a space: " + WS),
            ("zwsp", "abc\u200bdef", "invalid-character", 3, "a zero-width space: " + WS),
            ("tab-word", "a\tb", "invalid-character", 1, "a tab: " + WS),
            ("cjk", "支付", "unrecognised", 0, "Chinese text: unrecognised at 0"),
            ("digit-dash", "1234-5678", "invalid-character", 4, "digits with a hyphen: " + NUM),
            ("newline-digits", "1234\n", "invalid-character", 4, "digits and a newline: " + WS),
            ("hqvd", "hQVD", "unrecognised", 0, "hQVD, a start of hQVDUFY only: unrecognised")):
        c("other-" + name, "none of the rows of 9; " + why, s_, bad(kind, offset, None))
    c("empty", "empty input: empty", "", bad("empty", 0, None))

# =============================================================================================
# Section 4: every error kind, with the offset and path of 4.1

def errors_cases():
    F = "errors.json"

    def c(id_, note, call, s, expect, mode=None, **extra):
        add(F, "error-" + id_, note, call, s, expect, mode=mode, **extra)

    p = base()
    body_ = BASE_BODY
    # 4.1, EMVCo MPM, through recognise (recognition of an MPM payload)
    for id_, note, s_ in (
            ("empty", "empty: offset 0, no path", ""),
            ("too-long-7089", "too-long: 7089 when the input is over 7089 bytes", "000201" + "x" * 7084),
            ("too-long-513", "too-long in strict mode: the first byte of the 513th character", filled(chars=513, wide=True)),
            ("invalid-id", "invalid-id: the object's first byte, no path", body_[:12] + "X104ABCD" + body_[12:] + "6304ABCD"),
            ("invalid-length", "invalid-length: the object's first byte, path the object's ID", body_ + "61A41234" + "6304ABCD"),
            ("truncated", "truncated: the object's first byte, path the object's ID", body_ + "6150123"),
            ("truncated-header", "truncated with the header cut: no path", body_ + "61"),
            ("zero-length", "zero-length: the object's first byte, its full path", base((62, [(50, [(0, "a.b"), (1, "")])]))),
            ("template-not-tlv", "template-not-tlv: the root template's first byte, its ID", base((64, "ZH"))),
            ("crc-missing-not-last", "crc-missing when 63 is not last: 63's first byte", p + "00"),
            ("crc-missing-length", "crc-missing when its length is not 04: 63's first byte", p[:-8] + "6303ABC"),
            ("crc-missing-absent", "crc-missing when the last object is not 63: the payload's length in bytes", body_ + tlv(64, [(0, "ZH"), (1, "店")])),
            ("crc-malformed", "crc-malformed: the CRC value, 63's first byte + 4", p[:-4] + "XYZW"),
            ("crc-mismatch", "crc-mismatch: the CRC value", p[:-4] + ("0000" if p[-4:] != "0000" else "0001")),
            ("crc-lowercase", "crc-lowercase: the CRC value", base(lower=True))):
        c("mpm-" + id_, "4.1 EMVCo MPM, " + note, "recognise", s_, mpm_expect(s_, "strict") if s_ else bad("empty", 0, None))
    # the builder: the finding's offset and path (1.4, 3)
    for id_, s_, kind in (("invalid-amount", base((54, "0")), "invalid-amount"), ("field-conflict", base((56, "1")), "field-conflict"),
                          ("duplicate", payload(BASE + [(60, "X")]), "duplicate"), ("missing-field", base(drop=(53,)), "missing-field"),
                          ("invalid-value", base(replace={1: "13"}), "invalid-value"), ("invalid-character", base(replace={59: "店"}), "invalid-character"),
                          ("too-long", base(replace={60: "C" * 16}), "too-long"), ("invalid-id", base((70, "X")), "invalid-id"),
                          ("zero-length", base((61, "")), "zero-length"), ("template-not-tlv", base((62, [(50, "xyz")])), "template-not-tlv"),
                          ("crc-lowercase", base(lower=True), "crc-lowercase")):
        r = R.mpm(s_, "lenient")
        f = r[1][0]
        assert R.BUILDER_KIND[f["rule"]] == kind, (id_, f)
        c("builder-" + id_, "4.1 the MPM builder reports the finding's path and offset: %s refused as %s" % (f["rule"], kind), "mpm-check", s_,
          fail({"kind": kind, "offset": f["offset"], "path": f["path"]}))
    # provider codes (4.1), through recognise
    up_ = "https://qr.95516.com/00010000/62027533387488456892269917213370"
    for id_, note, s_, e in (
            ("unrecognised", "unrecognised: offset 0", "ftp://example.com/x", bad("unrecognised", 0, None)),
            ("too-long", "too-long: 4296, the input limit", "https://pay.example.com/" + "a" * 4276, bad("too-long", 4296, None)),
            ("invalid-character", "invalid-character: the character", "https://pay.example.com/a\u2066b", bad("invalid-character", 25, None)),
            ("invalid-url-at", "invalid-url: the '@'", "https://qr.alipay.com@evil.cn/bax1", bad("invalid-url", 21, None)),
            ("invalid-url-backslash", "invalid-url: the '\\'", "https://pay.example.com\\evil.cn/", bad("invalid-url", 23, None)),
            ("invalid-url-escape", "invalid-url: the '%' of a bad escape", "https://pay.example.com/%2", bad("invalid-url", 24, None)),
            ("invalid-url-port", "invalid-url: a port's first digit", "https://pay.example.com:70000/", bad("invalid-url", 24, None)),
            ("invalid-url-provider-port", "invalid-url: a provider host's first byte when it carries a port", "https://qr.95516.com:443/00010000/1", bad("invalid-url", 8, None)),
            ("invalid-url-param", "invalid-url: the first byte of an unexpected parameter", "https://wx.tenpay.com/f2f?t=AB&u=1", bad("invalid-url", 31, None)),
            ("missing-parameter-empty", "missing-parameter: an empty value's first byte", "https://wx.tenpay.com/f2f?t=", bad("missing-parameter", 28, None)),
            ("missing-parameter-absent", "missing-parameter: an absent parameter, the end of the query", "https://d.alipay.com/i/index.htm?u=AB", bad("missing-parameter", 37, None)),
            ("missing-parameter-said", "missing-parameter: an Alipay wrapper without saId, the query's start",
             "alipays://platformapi/startapp?qrcode=" + esc("https://qr.alipay.com/bax1"), bad("missing-parameter", 31, None)),
            ("wrong-format-link", "wrong-format: 0 for a link that is none of the provider's forms", "weixin://wxpay/other", bad("wrong-format", 0, None)),
            ("wrong-format-path", "wrong-format: the path for a path of none of its forms", "https://qr.95516.com/x", bad("wrong-format", 20, None)),
            ("wrong-format-field", "wrong-format: the field for a wrong length", "https://qr.alipay.com/" + "a" * 65, bad("wrong-format", 22, None)),
            ("wrong-format-fragment", "wrong-format: the part after '#' a form does not have", up_ + "#x", bad("wrong-format", blen(up_) + 1, None))):
        c("provider-" + id_, "4.1 provider codes, " + note, "recognise", s_, e)
    # the other kinds, each at its entry point
    c("capacity-exceeded", "capacity-exceeded: a unified code would exceed 512 characters (4, 5.1)", "unified-merge", ["https://pay.example.com/" + "a" * 500],
      bad("capacity-exceeded", no_offset=True, no_path=True))
    c("invalid-base64", "invalid-base64: CPM text that is not strict base64, at the character (7.6)", "cpm", "hQVDUFYwMWEa-wegAAAA", bad("invalid-base64", 12, None))
    c("invalid-ber", "invalid-ber: CPM BER-TLV that is malformed, at the object in the bytes (7.6)", "cpm", R.b64(R.PFI + b"\x61\x80\x00\x00"), bad("invalid-ber", 7, "61"))
    c("wrong-length", "wrong-length: a payment code's prefix names a provider whose length it does not have (8.4)", "payment-code", "5106383041003490", bad("wrong-length", 16, None))
    c("unrecognised-payment", "unrecognised: a payment code no rule matches (8.4)", "payment-code", "4000123412341234", bad("unrecognised", 0, None))
    c("invalid-character-payment", "invalid-character: a payment code with a space (8.4)", "payment-code", "1345 67890123456789", bad("invalid-character", 4, None))
    c("duplicate-cpm", "duplicate: a CPM 62 twice (7.3)", "cpm", R.b64(R.PFI + R.ber(0x61, [R.ber(0x4F, bytes.fromhex("A000000333010101"))]) + R.ber(0x62, b"") + R.ber(0x62, b"")),
      bad("duplicate", 21, "62"))
    W = (26, [(0, "com.qq.weixin.pay"), (5, "weixin://wxpay/bizpayurl?pr=a")])
    TAIL4 = [(52, "0000"), (53, "156"), (58, "CN"), (59, "NA"), (60, "NA")]
    s_ = payload([(0, "01"), (1, "12"), W] + TAIL4 + [(80, [(0, "alt.hutong")])])
    c("missing-field-unified", "missing-field: a version marker without its version 80.01 (5.6 check 3): at 80, path 80", "unified-read", s_, bad("missing-field", off(s_, "80"), "80"))
    s_ = payload([(0, "01"), (1, "11"), W] + TAIL4)
    c("field-conflict-unified", "field-conflict: a static unified code (01 = 11) carrying a dynamic code (5.6 check 21): at 01", "unified-read", s_, bad("field-conflict", 6, "01"))
    s_ = payload([(0, "01"), W] + TAIL4)
    c("field-conflict-unified-no-01", "field-conflict: a unified code without 01 (static) carrying a dynamic code (5.6 check 21): at the code's first part, 26.05's offset",
      "unified-read", s_, bad("field-conflict", off(s_, "26.05"), "26.05"))
    s_ = payload([(0, "01"), (26, [(0, "COM.ALIPAY.OPENAPI"), (5, "https://qr.alipay.com/tsx11609thmpw9odmvdlxd6")]), (52, "0000"), (53, "156"), (54, "1.00")] + TAIL4[2:])
    c("field-conflict-unified-amount", "field-conflict: a unified code without 01 (static) with an amount (5.6 check 21): at 54", "unified-read", s_,
      bad("field-conflict", off(s_, "54"), "54"))
    s_ = payload([(0, "01"), (1, "12"), W] + TAIL4 + [(80, [(0, "alt.hutong"), (1, "9")])])
    c("invalid-value-unified", "invalid-value: a unified code of version 9 (5.6 check 4)", "unified-read", s_, bad("invalid-value", off(s_, "80.01"), "80.01"))
    s_ = payload([(0, "01"), (1, "12"), W] + TAIL4 + [(80, [(0, "com.example"), (1, "1")])])
    c("invalid-value-unified-80", "invalid-value: template 80 whose GUID is not alt.hutong is no version marker and no object of 5.1 (5.6 check 7): at 80", "unified-read", s_,
      bad("invalid-value", off(s_, "80"), "80"))
    c("wrong-format-cpm", "wrong-format: CPM text that does not start hQVDUFY (7.6)", "cpm", "AAAA", bad("wrong-format", 0, None))
    c("empty-cpm", "empty: CPM text", "cpm", "", bad("empty", 0, None))
    c("empty-payment", "empty: a payment code", "payment-code", "", bad("empty", 0, None))
    c("empty-merchant", "empty: a merchant code", "merchant-code", "", bad("empty", 0, None))


def main():
    mpm_vectors()
    mpm_wire()
    mpm_findings()
    routing()
    cpm()
    legacy()
    unified_cases()
    recognise_cases()
    errors_cases()
    check = "--check" in sys.argv
    total = 0
    for name, (section, title) in FILES.items():
        doc = {"spec_version": SPEC_VERSION, "section": section, "title": title, "cases": CASES[name]}
        text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
        path = os.path.join(HERE, name)
        total += len(CASES[name])
        if check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    sys.exit("%s is not what generate.py writes" % name)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        print("%-20s %5d cases" % (name, len(CASES[name])))
    print("%-20s %5d cases" % ("total", total))


if __name__ == "__main__":
    main()

"""An independent reading of SPEC.md 1.0, used by generate.py to write the expected outcomes of
the conformance cases.

It is written from SPEC's text alone (sections 1-3 for EMVCo MPM, 5.1-5.3 for writing the unified
code, 5.4-5.7 for reading it, 7 for consumer-presented codes, 8 for payment-code routing), not
from the crate, so that `cargo test --test conformance` compares two readings of the same text.
Where this file and the crate disagree, one of them misreads SPEC; generate.py's caller decides
which.

Offsets are byte offsets into the UTF-8 input; lengths in MPM count characters (Unicode scalar
values). An error is a dict {"kind", "offset", "path"}; a finding {"rule", "path", "offset"}.
"""

import base64

# ---------------------------------------------------------------------------------------------
# Character classes (SPEC, introduction)

INVISIBLE_RANGES = [
    (0x0000, 0x001F), (0x007F, 0x009F),  # Cc
    (0x2028, 0x2029),
    (0x061C, 0x061C), (0x200E, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069),  # Bidi_Control
    # Default_Ignorable_Code_Point
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
]

WHITESPACE = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F,
              0x205F, 0x3000} | set(range(0x2000, 0x200B))


def is_invisible(c):
    o = ord(c)
    return any(lo <= o <= hi for lo, hi in INVISIBLE_RANGES)


def is_whitespace(c):
    return ord(c) in WHITESPACE


def is_ans(c):
    return 0x20 <= ord(c) <= 0x7E


def err(kind, offset, path=None):
    return {"kind": kind, "offset": offset, "path": path}


def finding(rule, path, offset):
    return {"rule": rule, "path": path, "offset": offset}


def char_offsets(s):
    """Byte offset of each character of s."""
    out, at = [], 0
    for c in s:
        out.append(at)
        at += len(c.encode())
    return out


# ---------------------------------------------------------------------------------------------
# CRC (SPEC 1.1)

def crc16(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


assert crc16(b"123456789") == 0x29B1


def crc_hex(s):
    return "%04X" % crc16(s.encode())


# ---------------------------------------------------------------------------------------------
# Writing MPM payloads (for building cases)

def tlv(id_, value):
    """One data object; a list value is a template of (id, value) pairs."""
    if isinstance(value, list):
        value = "".join(tlv(i, v) for i, v in value)
    return "%02d%02d%s" % (id_, len(value), value)


def payload(objects, crc=True, lower=False):
    """Objects (id, value) in the order given, then the CRC object computed over them."""
    body = "".join(tlv(i, v) for i, v in objects) if not isinstance(objects, str) else objects
    if not crc:
        return body
    body += "6304"
    c = crc_hex(body)
    return body + (c.lower() if lower else c)


def with_crc(body, lower=False):
    """body + "6304" + its CRC."""
    body += "6304"
    c = crc_hex(body)
    return body + (c.lower() if lower else c)


# ---------------------------------------------------------------------------------------------
# EMVCo MPM: parsing (SPEC 2, 2.1) and findings (SPEC 3)

MAX_SCANNED = 7089
MAX_CHARS = 512


def is_root_template(i):
    return 26 <= i <= 51 or i in (62, 64) or 80 <= i <= 99


class Obj:
    """A data object: id, byte offset of its ID, value bytes range, children or None (raw)."""

    def __init__(self, id_, start, vs, ve, path):
        self.id, self.start, self.vs, self.ve, self.path = id_, start, vs, ve, path
        self.children = None  # list of Obj when read as a template
        self.value = ""

    def pstr(self):
        return ".".join("%02d" % i for i in self.path)


def _digit(b):
    return 0x30 <= b <= 0x39


class Fail(Exception):
    def __init__(self, e):
        Exception.__init__(self, e)
        self.e = e


def _advance(b, pos, n, end):
    """Byte offset n characters after pos, or None when past end."""
    for _ in range(n):
        if pos >= end:
            return None
        c = b[pos]
        pos += 1 if c < 0x80 else 2 if c < 0xE0 else 3 if c < 0xF0 else 4
    return pos if pos <= end else None


def _read(b, pos, end, parent):
    """Reads the object at pos (SPEC 2.1 steps 2.1-2.2). Returns Obj or raises Fail."""
    path = lambda i: ".".join("%02d" % x for x in parent + [i])
    rest = b[pos:end]
    if len(rest) < 4:
        if any(not _digit(x) for x in rest[:2]):
            raise Fail(err("invalid-id", pos, None))
        raise Fail(err("truncated", pos, None))
    if not (_digit(rest[0]) and _digit(rest[1])):
        raise Fail(err("invalid-id", pos, None))
    id_ = (rest[0] - 48) * 10 + rest[1] - 48
    if not (_digit(rest[2]) and _digit(rest[3])):
        raise Fail(err("invalid-length", pos, path(id_)))
    n = (rest[2] - 48) * 10 + rest[3] - 48
    ve = _advance(b, pos + 4, n, end)
    if ve is None:
        raise Fail(err("truncated", pos, path(id_)))
    o = Obj(id_, pos, pos + 4, ve, parent + [id_])
    o.value = b[pos + 4:ve].decode()
    return o


def _template(b, start, end, parent, mode, second_level):
    """Reads a template's content (SPEC 2.1 step 2.5). Returns children or raises Fail."""
    out = []
    pos = start
    while pos < end:
        o = _read(b, pos, end, parent)
        if o.vs == o.ve and mode == "strict":
            raise Fail(err("zero-length", pos, o.pstr()))
        if second_level and 50 <= o.id <= 99 and o.vs != o.ve:
            try:
                o.children = _template(b, o.vs, o.ve, o.path, mode, False)
            except Fail as f:
                if f.e["kind"] == "zero-length":
                    raise
                o.children = None  # kept raw
        out.append(o)
        pos = o.ve
    return out


def mpm_parse(s, mode="strict"):
    """Returns ("ok", [root objects]) or ("err", error)."""
    b = s.encode()
    if not b:
        return "err", err("empty", 0)
    if len(b) > MAX_SCANNED:
        return "err", err("too-long", MAX_SCANNED)
    if mode == "strict" and len(s) > MAX_CHARS:
        return "err", err("too-long", char_offsets(s)[MAX_CHARS])
    end = len(b)
    pos = 0
    objs = []
    try:
        while pos < end:
            o = _read(b, pos, end, [])
            if o.id == 63:
                if o.ve != end:
                    return "err", err("crc-missing", pos, "63")
            elif o.vs == o.ve:
                if mode == "strict":
                    return "err", err("zero-length", pos, o.pstr())
            elif is_root_template(o.id):
                try:
                    o.children = _template(b, o.vs, o.ve, o.path, mode, o.id == 62)
                except Fail as f:
                    if mode == "strict":
                        if f.e["kind"] == "zero-length":
                            return "err", f.e
                        return "err", err("template-not-tlv", pos, o.pstr())
                    o.children = None
            objs.append(o)
            pos = o.ve
    except Fail as f:
        return "err", f.e
    if not objs or objs[-1].id != 63:
        return "err", err("crc-missing", end, "63")
    crc = objs[-1]
    if len(crc.value) != 4:
        return "err", err("crc-missing", crc.start, "63")
    v = crc.value
    if not all(c in "0123456789abcdefABCDEF" for c in v):
        return "err", err("crc-malformed", crc.vs, "63")
    if v.upper() != "%04X" % crc16(b[:crc.vs]):
        return "err", err("crc-mismatch", crc.vs, "63")
    if mode == "strict" and any(c.islower() for c in v):
        return "err", err("crc-lowercase", crc.vs, "63")
    return "ok", objs


# Field table (SPEC 1.2): (format, fixed, max, template, rfu)
def spec(path):
    N, ANS, S = "N", "ans", "S"
    p = tuple(path)
    if len(p) == 1:
        i = p[0]
        if i in (0, 1):
            return (N, 2, None, False, False)
        if 2 <= i <= 25:
            return (ANS, None, 99, False, False)
        if is_root_template(i):
            return (None, None, 99, True, False)
        table = {52: (N, 4, None), 53: (N, 3, None), 54: (ANS, None, 13), 55: (N, 2, None),
                 56: (ANS, None, 13), 57: (ANS, None, 5), 58: (ANS, 2, None), 59: (ANS, None, 25),
                 60: (ANS, None, 15), 61: (ANS, None, 10), 63: (ANS, 4, None)}
        if i in table:
            f, fx, mx = table[i]
            return (f, fx, mx, False, False)
        if 65 <= i <= 79:
            return (S, None, 99, False, True)
    if len(p) == 2:
        r, i = p
        if 26 <= r <= 51:
            return (ANS, None, 32 if i == 0 else 99, False, False)
        if 80 <= r <= 99:
            return (ANS, None, 32, False, False) if i == 0 else (S, None, 99, False, False)
        if r == 62:
            if i == 0:
                return (S, None, 99, False, False)
            if 1 <= i <= 8:
                return (ANS, None, 25, False, False)
            if i == 9:
                return (ANS, None, 3, False, False)
            if i == 10:
                return (ANS, None, 20, False, False)
            if i == 11:
                return (ANS, 3, None, False, False)
            if 12 <= i <= 49:
                return (S, None, 99, False, True)
            return (None, None, 99, True, False)
        if r == 64:
            if i == 0:
                return (ANS, 2, None, False, False)
            if i == 1:
                return (S, None, 25, False, False)
            if i == 2:
                return (S, None, 15, False, False)
            return (S, None, 99, False, True)
    if len(p) == 3:
        return (ANS, None, 32, False, False) if p[2] == 0 else (S, None, 99, False, False)
    raise ValueError(path)


def is_amount(v):
    """SPEC 1.3: digits with at most one '.', at most 13 characters, not zero."""
    if not v or len(v) > 13:
        return False
    if any(c not in "0123456789." for c in v) or v.count(".") > 1 or v == ".":
        return False
    return any(c in "123456789" for c in v)


def is_percentage(v):
    """SPEC 1.3 (57): an amount of at most 5 characters, below 100, at most two decimals."""
    if not is_amount(v) or len(v) > 5:
        return False
    whole, _, dec = v.partition(".")
    return len(whole) <= 2 and len(dec) <= 2


def _object_findings(out, o):
    path = o.path
    f, fixed, mx, template, rfu = spec(path)
    if rfu:
        out.append(finding("rfu-id", o.pstr(), o.start))
    if o.vs == o.ve:
        out.append(finding("zero-length", o.pstr(), o.start))
        return
    if template:
        if o.children is None:
            out.append(finding("template-not-tlv", o.pstr(), o.start))
            return
        payment = (len(path) == 1 and (26 <= path[0] <= 51 or 80 <= path[0] <= 99)) or (
            len(path) == 2 and path[0] == 62 and 50 <= path[1] <= 99)
        seen = set()
        for k, c in enumerate(o.children):
            if c.id in seen:
                out.append(finding("duplicate-id", c.pstr(), c.start))
            seen.add(c.id)
            if k == 0 and payment and c.id != 0:
                out.append(finding("guid-missing", o.pstr(), o.start))
            _object_findings(out, c)
        if path == [64] and not ({0, 1} <= seen):
            out.append(finding("language-template", o.pstr(), o.start))
        return
    v = o.value
    n = len(v)
    if fixed is not None:
        if n != fixed:
            out.append(finding("length-fixed", o.pstr(), o.start))
    elif n > mx:
        guid = path[-1] == 0 and mx == 32
        out.append(finding("guid-length" if guid else "length-max", o.pstr(), o.start))
    if f == "N":
        if any(c not in "0123456789" for c in v):
            out.append(finding("format-n", o.pstr(), o.start))
    elif f == "ans":
        if any(not is_ans(c) for c in v):
            out.append(finding("format-ans", o.pstr(), o.start))
    else:
        if any(is_invisible(c) for c in v):
            out.append(finding("unsafe-text", o.pstr(), o.start))
    if path == [62, 9]:
        ok = all(c in "AME" for c in v) and len(set(v)) == len(v)
        if not ok:
            out.append(finding("consumer-data-request", o.pstr(), o.start))
    if path == [62, 11]:
        ok = len(v) == 3 and v[0] in "01234567" and v[1] in "0123" and v[2] in "0123"
        if not ok:
            out.append(finding("merchant-channel", o.pstr(), o.start))


def mpm_findings(s, objs):
    out = []
    seen = set()
    crc_offset = objs[-1].start
    first = {}
    for k, o in enumerate(objs):
        if o.id in seen:
            out.append(finding("duplicate-id", o.pstr(), o.start))
        seen.add(o.id)
        first.setdefault(o.id, o)
        if k == 0 and o.id != 0:
            out.append(finding("pfi-first", o.pstr(), o.start))
        if o.id == 63:
            if any(c.islower() for c in o.value):
                out.append(finding("crc-lowercase", "63", o.start))
            continue
        _object_findings(out, o)
        v = o.value
        if not v:
            continue
        if o.id == 0 and v != "01":
            out.append(finding("pfi-value", "00", o.start))
        elif o.id == 1 and v not in ("11", "12"):
            out.append(finding("poi-value", "01", o.start))
        elif o.id in (54, 56) and not is_amount(v):
            out.append(finding("amount-format", o.pstr(), o.start))
        elif o.id == 55 and v not in ("01", "02", "03"):
            out.append(finding("tip-indicator", "55", o.start))
        elif o.id == 57 and not is_percentage(v):
            out.append(finding("fee-percentage", "57", o.start))
    for i in (0, 52, 53, 58, 59, 60):
        if i not in seen:
            out.append(finding("mandatory-missing", "%02d" % i, crc_offset))
    if not any(2 <= i <= 51 for i in seen):
        out.append(finding("merchant-account-missing", "02", crc_offset))
    tip = first[55].value if 55 in first else None
    if 56 in first and tip != "02":
        out.append(finding("tip-coupling", "56", first[56].start))
    if 57 in first and tip != "03":
        out.append(finding("tip-coupling", "57", first[57].start))
    if tip == "02" and 56 not in first:
        out.append(finding("tip-coupling", "55", first[55].start))
    if tip == "03" and 57 not in first:
        out.append(finding("tip-coupling", "55", first[55].start))
    if len(s) > MAX_CHARS:
        out.append(finding("payload-length", "63", 0))
    return out


def mpm(s, mode="strict"):
    """The outcome of Mpm::parse_with: ("err", error) or ("ok", findings, objs)."""
    r = mpm_parse(s, mode)
    if r[0] == "err":
        return r
    return "ok", mpm_findings(s, r[1]), r[1]


# Builder error kinds (SPEC 3, last column)
BUILDER_KIND = {
    "pfi-value": "invalid-value", "pfi-first": "invalid-value", "mandatory-missing": "missing-field",
    "merchant-account-missing": "missing-field", "duplicate-id": "duplicate",
    "format-n": "invalid-character", "format-ans": "invalid-character", "length-fixed": "invalid-value",
    "length-max": "too-long", "poi-value": "invalid-value", "amount-format": "invalid-amount",
    "tip-indicator": "invalid-value", "tip-coupling": "field-conflict", "fee-percentage": "invalid-amount",
    "guid-missing": "invalid-value", "guid-length": "too-long", "template-not-tlv": "template-not-tlv",
    "rfu-id": "invalid-id", "zero-length": "zero-length", "crc-lowercase": "crc-lowercase",
    "language-template": "missing-field", "consumer-data-request": "invalid-value",
    "merchant-channel": "invalid-value", "unsafe-text": "invalid-character", "payload-length": "too-long",
}

MPM_RULES = list(BUILDER_KIND)


# ---------------------------------------------------------------------------------------------
# Payment-code routing (SPEC 8)

PROVIDERS = ["wechat-pay", "alipay", "alipay-plus", "unionpay", "e-cny", "bestpay", "cmpay", "unicom-pay",
             "qq-wallet", "jd-pay", "webank", "lakala", "suning"]


def _rows():
    rows = []
    for p in ("6220105", "6230105", "6240105", "6250105", "6260105", "6270105"):
        rows.append((p, 19, 19, "unionpay", "unionpay", "ccb-long-pay", "digits"))
    rows.append(("62", 19, 19, "unionpay", "unionpay", None, "digits"))
    rows.append(("62", 19, 19, "jd-pay", "unionpay", "unionpay-network", "digits"))
    for p in ("10", "11", "12", "13", "14"):
        rows.append((p, 18, 18, "wechat-pay", "wechat-pay", None, "digits"))
    rows.append(("15", 18, 18, "wechat-pay", "wechat-pay", "hong-kong-wallet", "digits"))
    for p in ("25", "26", "27", "28", "29", "30"):
        rows.append((p, 16, 24, "alipay", "alipay", None, "digits"))
    rows.append(("28", 17, 19, "alipay-plus", "alipay-plus", "legacy", "digits"))
    for p in ("25", "26", "27", "28", "29", "30"):
        rows.append((p, 24, 24, "alipay-plus", "alipay-plus", "issuer-user-number", "digits"))
    rows.append(("01", 19, 19, "e-cny", "e-cny", None, "digits"))
    rows.append(("51", 18, 18, "bestpay", "bestpay", None, "digits"))
    rows.append(("18", 18, 18, "jd-pay", "jd-pay", None, "digits"))
    rows.append(("5678", 19, 19, "webank", "webank", None, "digits"))
    for p in ("810", "820"):
        rows.append((p, 19, 19, "lakala", "lakala", "points", "digits"))
    for p in ("812", "822"):
        rows.append((p, 19, 19, "lakala", "lakala", "finance", "digits"))
    rows.append(("83", 16, 32, "suning", "suning", None, "digits"))
    rows.append(("fp", 35, 35, "alipay", "alipay", "face-pay", "alnum"))
    return rows


ROUTING = _rows()


def _fits(c, charset):
    if charset == "digits":
        return c in "0123456789"
    return c.isascii() and c.isalnum()


def route(code):
    """("ok", {provider, route, variant, candidates}) or ("err", error)."""
    if not code:
        return "err", err("empty", 0)
    offs = char_offsets(code)
    matching = [r for r in ROUTING if code.startswith(r[0])]
    fitting = [r for r in matching if all(_fits(c, r[6]) for c in code) and r[1] <= len(code) <= r[2]]
    # lengths count the whole code; for these all-ASCII codes characters are bytes
    if fitting:
        ans = fitting[0]
        others = {r[3] for r in fitting[1:]} - {ans[3]}
        cands = [p for p in PROVIDERS if p in others]
        return "ok", {"provider": ans[3], "route": ans[4], "variant": ans[5], "candidates": cands}
    if not matching:
        for k, c in enumerate(code):
            if c not in "0123456789":
                return "err", err("invalid-character", offs[k])
        return "err", err("unrecognised", 0)
    r = matching[0]
    for k, c in enumerate(code):
        if not _fits(c, r[6]):
            return "err", err("invalid-character", offs[k])
    n = len(code)
    return "err", err("wrong-length", min(n, r[2]))


# ---------------------------------------------------------------------------------------------
# EMVCo CPM (SPEC 7)

def ber(tag, value):
    """One BER-TLV object: tag as int (0x9F26), value bytes or a list of objects (bytes)."""
    if isinstance(value, list):
        value = b"".join(value)
    t = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    n = len(value)
    if n < 0x80:
        ln = bytes([n])
    elif n < 0x100:
        ln = bytes([0x81, n])
    else:
        ln = bytes([0x82, n >> 8, n & 0xFF])
    return t + ln + value


def b64(data):
    return base64.b64encode(data).decode()


PFI = ber(0x85, b"CPV01")
CPM_FIELDS = {0x50: ("label", 1, 16), 0x57: ("track2", 1, 19), 0x5A: ("cn", 1, 10), 0x5F20: ("ans", 2, 26),
              0x5F2D: ("lang", 2, 8), 0x5F50: ("ans", 1, None), 0x9F08: ("b", 2, 2), 0x9F19: ("n", 6, 6),
              0x9F24: ("an", 29, 29), 0x9F25: ("n", 2, 2)}
B64 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


class Ber:
    def __init__(self, tag, start, hlen, value, children, constructed):
        self.tag, self.start, self.hlen = tag, start, hlen
        self.value, self.children, self.constructed = value, children, constructed


def _tagstr(parent, t):
    return ".".join(parent + ["%02X" % t])


def _ber_read(b, pos, end, parent, depth):
    out = []
    while pos < end:
        start = pos
        first = b[pos]
        if first == 0:
            raise Fail(err("invalid-ber", start, ".".join(parent) or None))
        tb = [first]
        pos += 1
        if first & 0x1F == 0x1F:
            while True:
                if pos >= end or len(tb) >= 4:
                    raise Fail(err("invalid-ber", start, ".".join(parent) or None))
                tb.append(b[pos])
                pos += 1
                if tb[-1] & 0x80 == 0:
                    break
        tag = int.from_bytes(bytes(tb), "big")
        path = _tagstr(parent, tag)
        if pos >= end:
            raise Fail(err("invalid-ber", start, path))
        l0 = b[pos]
        pos += 1
        if l0 == 0x80 or l0 > 0x84:
            raise Fail(err("invalid-ber", start, path))
        if l0 > 0x80:
            k = l0 & 0x7F
            if end - pos < k:
                raise Fail(err("invalid-ber", start, path))
            n = int.from_bytes(b[pos:pos + k], "big")
            pos += k
        else:
            n = l0
        if n > end - pos:
            raise Fail(err("invalid-ber", start, path))
        constructed = bool(first & 0x20)
        children = None
        if constructed:
            if depth >= 4 and n > 0:
                raise Fail(err("invalid-ber", start, path))
            children = _ber_read(b, pos, pos + n, parent + ["%02X" % tag], depth + 1)
        out.append(Ber(tag, start, pos - start, b[pos:pos + n], children, constructed))
        pos += n
    return out


def cpm_text(text):
    """SPEC 7.1: the decoded bytes, or raises Fail."""
    if not text:
        raise Fail(err("empty", 0))
    prefix = "hQVDUFY"
    if not text.startswith(prefix):
        for k, (p, c) in enumerate(zip(prefix, text)):
            if p != c:
                if is_whitespace(c):
                    raise Fail(err("invalid-base64", char_offsets(text)[k]))
                break
        raise Fail(err("wrong-format", 0))
    if len(text) > 2953:
        raise Fail(err("too-long", 2953))
    offs = char_offsets(text)
    for k, c in enumerate(text):
        if c not in B64 and c != "=":
            raise Fail(err("invalid-base64", offs[k]))
    data_end = len(text.rstrip("="))
    if "=" in text[:data_end]:
        raise Fail(err("invalid-base64", text.index("=")))
    if len(text) - data_end > 2:
        raise Fail(err("invalid-base64", data_end))
    if len(text) % 4:
        raise Fail(err("invalid-base64", len(text)))
    raw = base64.b64decode(text)
    if base64.b64encode(raw).decode() != text:
        raise Fail(err("invalid-base64", data_end - 1))
    return raw


def _usable(o):
    for c in o.children or []:
        if c.tag == 0x4F:
            return 5 <= len(c.value) <= 16
    return False


def _track2(v):
    ns = [x for byte in v for x in (byte >> 4, byte & 0xF)]
    if ns and ns[-1] == 0xF:
        ns.pop()
    if 0xD not in ns:
        return False
    k = ns.index(0xD)
    pan, rest = ns[:k], ns[k + 1:]
    if not (1 <= len(pan) <= 19) or len(rest) < 7:
        return False
    return all(x <= 9 for x in pan + rest)


def _cn(v):
    ns = [x for byte in v for x in (byte >> 4, byte & 0xF)]
    s = "".join("%X" % x for x in ns).rstrip("F")
    return bool(s) and all(c in "0123456789" for c in s)


def _field_finding(o):
    if o.tag == 0x4F:
        return None if 5 <= len(o.value) <= 16 else "aid-length"
    if o.tag not in CPM_FIELDS or o.constructed:
        return None
    fmt, lo, hi = CPM_FIELDS[o.tag]
    v = o.value
    if len(v) < lo or (hi is not None and len(v) > hi):
        return "length"
    alnum = lambda x: 0x30 <= x <= 0x39 or 0x41 <= x <= 0x5A or 0x61 <= x <= 0x7A
    if fmt == "label":
        return None if all(x == 0x20 or alnum(x) for x in v) else "format-ans"
    if fmt == "ans":
        return None if all(0x20 <= x <= 0x7E for x in v) else "format-ans"
    if fmt == "an":
        return None if all(alnum(x) for x in v) else "format-an"
    if fmt == "lang":
        return None if all(alnum(x) for x in v) and len(v) % 2 == 0 else "format-an"
    if fmt == "n":
        return None if all((x >> 4) <= 9 and (x & 0xF) <= 9 for x in v) else "format-n"
    if fmt == "cn":
        return None if _cn(v) else "format-cn"
    if fmt == "track2":
        return None if _track2(v) else "track2"
    return None


def cpm(text):
    """The outcome of ConsumerPayload::parse: ("ok", findings, route) or ("err", error)."""
    try:
        raw = cpm_text(text)
        return cpm_bytes(raw)
    except Fail as f:
        return "err", f.e


def cpm_bytes(raw):
    if not raw:
        return "err", err("empty", 0)
    if raw[0] != 0x85:
        return "err", err("wrong-format", 0)
    try:
        objs = _ber_read(raw, 0, len(raw), [], 1)
    except Fail as f:
        return "err", f.e
    pfi = objs[0]
    if pfi.value != b"CPV01" or raw[1] != 0x05:
        return "err", err("wrong-format", 0, "85")
    counts = {}
    for o in objs:
        if o.tag in (0x85, 0x61, 0x62):
            counts[o.tag] = counts.get(o.tag, 0) + 1
            if o.tag != 0x61 and counts[o.tag] > 1:
                return "err", err("duplicate", o.start, "%02X" % o.tag)
            seen = set()
            for c in o.children or []:
                if c.tag in seen:
                    return "err", err("duplicate", c.start, "%02X.%02X" % (o.tag, c.tag))
                seen.add(c.tag)
    apps = [o for o in objs if o.tag == 0x61]
    if not apps:
        return "err", err("missing-field", len(raw), "61")
    if not any(_usable(o) for o in apps):
        return "err", err("missing-field", apps[0].start, "61")
    # findings, in payload order (SPEC 7.4)
    out = []
    app_tags = {c.tag for o in apps for c in (o.children or [])}
    n_apps, seen_common, seen_other = 0, False, False
    for o in objs:
        p = "%02X" % o.tag
        if o.tag == 0x85:
            continue
        if o.tag == 0x61:
            n_apps += 1
            if seen_common or seen_other:
                out.append(finding("order", p, o.start))
            if n_apps == 3:
                out.append(finding("application-count", p, o.start))
            if not any(c.tag == 0x4F for c in o.children or []):
                out.append(finding("aid-missing", p, o.start))
        elif o.tag == 0x62:
            seen_common = True
            if seen_other:
                out.append(finding("order", p, o.start))
            if len(apps) == 1:
                out.append(finding("common-data-placement", p, o.start))
        else:
            seen_other = True
            continue
        for c in o.children or []:
            r = _field_finding(c)
            cp = "%s.%02X" % (p, c.tag)
            if r:
                out.append(finding(r, cp, c.start))
            if o.tag == 0x62 and c.tag in app_tags:
                out.append(finding("common-data-overlap", cp, c.start))
    provider = None
    for o in apps:
        for c in o.children or []:
            if c.tag == 0x4F and 5 <= len(c.value) <= 16:
                if c.value[:5] == bytes.fromhex("A000000333"):
                    provider = "unionpay"
                break
        if provider:
            break
    return "ok", out, provider


CPM_RULES = ["application-count", "common-data-placement", "order", "aid-missing", "aid-length",
             "common-data-overlap", "length", "format-ans", "format-an", "format-n", "format-cn", "track2"]


# ---------------------------------------------------------------------------------------------
# The unified code, written (SPEC 5.1-5.3)

GUID_WRITTEN = {"wechat-pay": "com.qq.weixin.pay", "alipay": "COM.ALIPAY.OPENAPI", "unionpay": "A000000333"}


def guid_for(provider):
    return GUID_WRITTEN.get(provider, "alt.hutong")


def room(guid):
    return 99 - (4 + len(guid)) - 4


def unified(pieces, merchant=None):
    """pieces: [(code, provider or None, qt)]; merchant: dict as `Merchant`. Returns the code."""
    m = dict(merchant or {})
    dynamic = bool(m.get("dynamic")) or bool(m.get("amount")) or any(qt == "QT04" for _, _, qt in pieces)
    objs = [(0, "01")]
    if dynamic:
        objs.append((1, "12"))  # 5.1: only when dynamic; a static code has no 01
    if m.get("unionpay_account"):
        objs.append((15, m["unionpay_account"]))
    i = 26
    for code, provider, _ in pieces:
        g = guid_for(provider)
        r = room(g)
        parts = [code[k:k + r] for k in range(0, len(code), r)] or [""]
        for k, part in enumerate(parts):
            objs.append((i, [(0, g), (5 if k == 0 else 91, part)]))
            i += 1
    objs.append((52, m.get("mcc") or "0000"))
    objs.append((53, "156"))
    if m.get("amount"):
        objs.append((54, m["amount"]))
    objs.append((58, "CN"))
    objs.append((59, m.get("name") or "NA"))
    objs.append((60, m.get("city") or "NA"))
    sub62 = [(k, m[n]) for k, n in ((1, "bill_number"), (5, "reference_label")) if m.get(n)]
    if sub62:
        objs.append((62, sub62))
    if m.get("name_zh"):
        sub64 = [(0, "ZH"), (1, m["name_zh"])] + ([(2, m["city_zh"])] if m.get("city_zh") else [])
        objs.append((64, sub64))
    # 5.1, 5.7: version 1 writes no version marker (template 80)
    return payload(objs)


def templates_needed(pieces):
    return sum(max(1, -(-len(c) // room(guid_for(p)))) for c, p, _ in pieces)


# ---------------------------------------------------------------------------------------------
# The unified code, read (SPEC 5.4-5.7)
#
# Check 17 parses each carried code as a merchant code of section 6, which this file does not
# model: the caller passes `parse_code(code)`, returning ("ok", provider, form, "QTxx/QETxx") or
# ("err", kind, offset into the code).

HUTONG_GUID = "alt.hutong"
NO_GUID_PROVIDERS = {"e-cny", "bestpay", "qq-wallet", "cmpay", "unicom-pay", "jd-pay", "webank", "lakala",
                     "suning", "alipay-plus"}


def ascii_lower(s):
    return "".join(c.lower() if c.isascii() else c for c in s)


def guid_entry(g):
    """The 5.4 entry a GUID read from a code resolves to (the first it matches), or None."""
    g = ascii_lower(g)
    if g == "com.qq.weixin.pay":
        return "wechat-pay"
    if "alipayplus" in g:
        return "alipay-plus"
    if g == "com.alipay" or g.startswith("com.alipay."):
        return "alipay"
    if g.startswith("a000000333"):
        return "unionpay"
    if g == HUTONG_GUID:
        return "hutong"
    return None


def entry_carries(entry, provider):
    """5.4, column 'carries': whether the entry's templates may carry a code of provider."""
    if entry == "wechat-pay":
        return provider == "wechat-pay"
    if entry == "alipay-plus":
        return provider in ("alipay-plus", "alipay")
    if entry == "alipay":
        return provider == "alipay"
    if entry == "unionpay":
        return provider == "unionpay"
    return provider is None or provider in NO_GUID_PROVIDERS


def template_guid(o):
    """A template's GUID: its first sub-object when that is 00 (1.2: the GUID comes first)."""
    if o.children and o.children[0].id == 0:
        return o.children[0].value
    return None


def is_marker(o):
    """5.7: the version marker, root template 80 whose GUID resolves to hutong's entry."""
    g = template_guid(o) if o.id == 80 else None
    return g is not None and guid_entry(g) == "hutong"


def find_marker(objs):
    return next((o for o in objs if is_marker(o)), None)


def ecny_typing(carried_typings, dynamic):
    """SPEC 5.5."""
    if len(carried_typings) == 1:
        qt, qet = carried_typings[0].split("/")
        return ("QT04" if dynamic else qt) + "/" + qet
    return ("QT04" if dynamic else "QT03") + "/QET03"


UNIFIED_ROOT = {0, 1, 15, 52, 53, 54, 58, 59, 60, 62, 63, 64} | set(range(26, 52))


def _unionpay_account(v):
    """5.6 check 10: (kind, offset into v) of the first problem, or None."""
    if len(v) != 31:
        return ("wrong-format", 0)
    for k, c in enumerate(v):
        good = c in "0123456789" if k < 16 else (c.isascii() and c.isalnum())
        if not good:
            return ("invalid-character", k)
    return None


def unified_read(s, mode, parse_code):
    """The outcome of unified::read_with: ("ok", {"carried", "ecny"}) or ("err", error)."""
    r = mpm(s, mode)
    if r[0] == "err":  # check 1
        return r
    findings, objs = r[1], r[2]
    return _unified_checks(objs, findings, parse_code)


def _unified_checks(objs, findings, parse_code):
    def e(kind, offset, path):
        return "err", err(kind, offset, path)

    # checks 2-5: the version marker, when there is one
    marker = find_marker(objs)
    if marker is not None:
        version = next((c for c in marker.children if c.id == 1), None)
        if version is None:
            return e("missing-field", marker.start, "80")
        if version.value != "1":
            return e("invalid-value", version.start, "80.01")
        for c in marker.children:
            if c.id not in (0, 1):
                return e("invalid-value", c.start, c.pstr())
    # check 6
    if findings:
        f = findings[0]
        return e(BUILDER_KIND[f["rule"]], f["offset"], f["path"])
    # checks 7-8, one pass in payload order
    last = None
    for o in objs:
        if o.id not in UNIFIED_ROOT and not is_marker(o):
            return e("invalid-value", o.start, o.pstr())
        if last is not None and o.id <= last and o.id != 63:
            return e("invalid-value", o.start, o.pstr())
        last = o.id
    first = {}
    for o in objs:
        first.setdefault(o.id, o)
    # check 9
    if 53 in first and first[53].value != "156":
        return e("invalid-value", first[53].start, "53")
    if 58 in first and first[58].value != "CN":
        return e("invalid-value", first[58].start, "58")
    for tid, allowed in ((62, (1, 5)), (64, (0, 1, 2))):
        for c in (first[tid].children or []) if tid in first else []:
            if c.id not in allowed:
                return e("invalid-value", c.start, c.pstr())
            if tid == 64 and c.id == 0 and c.value != "ZH":
                return e("invalid-value", c.start, c.pstr())
    # check 10
    carried, typings, qt04_at = [], [], []
    if 15 in first:
        a = first[15]
        bad = _unionpay_account(a.value)
        if bad:
            return e(bad[0], a.vs + bad[1], "15")
        carried.append({"provider": "unionpay", "form": "unionpay-emv15", "code": a.value, "path": "15"})
        typings.append("QT03/QET02")
        qt04_at.append(None)

    # checks 11-18
    def finish(code):
        parts = code["parts"]
        joined = "".join(p.value for p in parts)
        starts, at = [], 0
        for p in parts:
            starts.append(at)
            at += len(p.value)

        def where(k):  # offset k into the joined code -> (payload offset, part)
            i = max(j for j, st in enumerate(starts) if st <= k)
            p = parts[i]
            return p.vs + len(p.value[:k - starts[i]].encode()), p.pstr()
        for k, c in enumerate(joined):  # check 16
            if not is_ans(c):
                off_, path = where(k)
                return err("invalid-character", off_, path)
        pr = parse_code(joined)  # check 17
        if pr[0] == "err":
            off_, path = where(pr[2])
            return err(pr[1], off_, path)
        _, provider, form, ecny = pr
        if not entry_carries(code["entry"], provider):  # check 18
            return err("wrong-format", parts[0].vs, parts[0].pstr())
        carried.append({"provider": provider, "form": form, "code": joined, "path": parts[0].pstr()})
        typings.append(ecny)
        qt04_at.append(parts[0])
        return None

    templates = [o for o in objs if 26 <= o.id <= 51]
    open_ = None
    for k, t in enumerate(templates):
        if t.id != 26 + k:  # check 11
            return e("invalid-value", t.start, t.pstr())
        subs = t.children or []
        if len(subs) > 2:  # check 12
            return e("invalid-value", subs[2].start, subs[2].pstr())
        if len(subs) < 2 or subs[0].id != 0:
            return e("missing-field", t.start, t.pstr())
        guid, part = subs
        entry = guid_entry(guid.value)
        if entry is None:  # check 13
            return e("invalid-value", guid.start, guid.pstr())
        full = len(t.value) == 99  # content of 99 characters
        if part.id == 5:  # check 14
            if open_ is not None:
                bad = finish(open_)
                if bad:
                    return "err", bad
            open_ = {"entry": entry, "guid": guid.value, "parts": [part], "full": full}
        elif part.id == 91:  # check 15
            if open_ is None or not open_["full"] or ascii_lower(open_["guid"]) != ascii_lower(guid.value):
                return e("invalid-value", part.start, part.pstr())
            open_["parts"].append(part)
            open_["full"] = full
        else:
            return e("invalid-value", part.start, part.pstr())
    if open_ is not None:
        bad = finish(open_)
        if bad:
            return "err", bad
    # check 19
    if not carried:
        return e("missing-field", 0, None)
    # check 20
    poi = first.get(1)
    if poi is not None and poi.value not in ("11", "12"):
        return e("invalid-value", poi.start, "01")
    dynamic = poi is not None and poi.value == "12"
    # check 21
    if not dynamic:
        per_order = [p for p, t in zip(qt04_at, typings) if t.startswith("QT04")]
        if 54 in first or per_order:
            if poi is not None:
                return e("field-conflict", poi.start, "01")
            if 54 in first:
                return e("field-conflict", first[54].start, "54")
            return e("field-conflict", per_order[0].start, per_order[0].pstr())
    return "ok", {"carried": carried, "ecny": ecny_typing(typings, dynamic)}


def unified_standing(s, mode, parse_code):
    """How recognise (section 9) and merge (5.8) take an EMV payload that parses:
    ("marker", outcome) when it holds the version marker (its reading, error or not, is the
    answer); ("unified", result) when it has no marker and passes every check of 5.6;
    ("plain", error) when it has no marker and fails one (a plain EMV code)."""
    r = mpm(s, mode)
    assert r[0] == "ok", r
    out = _unified_checks(r[2], r[1], parse_code)
    if find_marker(r[2]) is not None:
        return "marker", out
    return ("unified", out[1]) if out[0] == "ok" else ("plain", out[1])

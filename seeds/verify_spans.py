#!/usr/bin/env python3
"""Verify the ClaimsLedger seed claims.

Usage:  python3 seeds/verify_spans.py            (from the repository root, or any cwd)

Checks, for seeds/manifest.json and every seeds/claims/*.json:
  * each evidence quote equals the source text at [start, end) counted in UTF-16 code units,
    reading the text the way C# File.ReadAllText does (UTF-8, a leading BOM dropped);
  * enums and ranges (subject, power, dimension, direction, strength, confidence, validTime,
    quantity, quote length), manifest fields and ids;
  * claims carried by several sources are written identically (subject, statement, effects,
    validTime) and there are at least 3 of them;
  * subject coverage, Kazakhstan's economic lean (CN over RU), and the claim count (>= 45).
Exits 1 on any failure.
"""
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

SEEDS = Path(__file__).resolve().parent
MIN_CLAIMS = 45
MIN_SHARED = 3
MAX_QUOTE = 400
REQUIRED_SUBJECTS = {"KZ", "KG", "TJ", "UZ", "TM", "AM", "AZ", "BY", "IN", "PK", "CENTRAL_ASIA"}

ISO2 = set("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV
BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES
ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE
IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU
NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM
SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE
VG VI VN VU WF WS YE YT ZA ZM ZW""".split())
assert len(ISO2) == 249, len(ISO2)
SUBJECTS = ISO2 | {"CENTRAL_ASIA", "SOUTH_CAUCASUS"}
POWERS = ISO2 | {"EU", "WEST"}
DIMENSIONS = {"economic", "security", "diplomatic", "energy", "infrastructure", "cultural", "migration"}
DIRECTIONS = {"toward", "away"}
SHARED_FIELDS = ["file", "carrier", "original_publisher", "syndicated", "author", "published",
                 "published_precision", "approximate", "language", "experts_quoted"]
POINT = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

errors = []


def fail(where, msg):
    errors.append(f"{where}: {msg}")


def read_like_csharp(path):
    """Text as File.ReadAllText(path) (UTF-8) gives it: BOM dropped."""
    text = path.read_bytes().decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def utf16_slice(text, start, end):
    units = text.encode("utf-16-le")
    return units[2 * start:2 * end].decode("utf-16-le", errors="strict")


def utf16_len(text):
    return len(text.encode("utf-16-le")) // 2


def valid_time_ok(vt):
    if vt is None:
        return True
    if not isinstance(vt, str):
        return False
    parts = vt.split("/")
    if len(parts) > 2 or not all(POINT.match(p) for p in parts):
        return False
    return len(parts) == 1 or parts[0] <= parts[1]


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


# ---------------------------------------------------------------- manifest
manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
if not isinstance(manifest.get("note"), str):
    fail("manifest", "top-level note missing")
sources = manifest.get("sources", [])
by_stem, ids = {}, set()
shared_manifest = Path("/work/shared/seeds/manifest.json")
shared = {}
if shared_manifest.exists():
    shared = {s["file"]: s for s in json.loads(shared_manifest.read_text(encoding="utf-8"))["sources"]}
for s in sources:
    where = f"manifest[{s.get('file')}]"
    for k in SHARED_FIELDS + ["id", "title", "url", "reliability", "reliabilityReason"]:
        if k not in s:
            fail(where, f"missing field {k}")
    sid = s.get("id", "")
    if not (isinstance(sid, str) and ID_RE.match(sid) and len(sid) <= 80):
        fail(where, f"bad id {sid!r}")
    if sid in ids:
        fail(where, f"duplicate id {sid}")
    ids.add(sid)
    if s.get("reliability") not in list("ABCDEF"):
        fail(where, "reliability must be A-F")
    if not s.get("reliabilityReason"):
        fail(where, "reliabilityReason empty")
    txt_path = SEEDS / s.get("file", "")
    if not txt_path.exists():
        fail(where, "text file missing")
        continue
    text = read_like_csharp(txt_path)
    if not (isinstance(s.get("title"), str) and s["title"].strip() and s["title"] in text[:500]):
        fail(where, "title must be non-empty and printed at the top of the text")
    if s.get("url") is not None and s["url"] not in text:
        fail(where, "url not in text")
    if s["file"] in shared:
        for k in SHARED_FIELDS:
            if s.get(k) != shared[s["file"]].get(k):
                fail(where, f"field {k} differs from the shared manifest")
    by_stem[txt_path.stem] = (s, text)
for f in SEEDS.glob("*.txt"):
    if f.stem not in by_stem:
        fail("manifest", f"no entry for {f.name}")

# ---------------------------------------------------------------- claims
total = 0
per_file = {}
subjects = set()
identity_sources = defaultdict(set)      # identity -> stems
statement_identity = defaultdict(set)    # normalized statement -> identities
kz_econ = defaultdict(float)
astral = False

for stem, (src, text) in sorted(by_stem.items()):
    cpath = SEEDS / "claims" / f"{stem}.json"
    if not cpath.exists():
        fail(stem, "claims file missing")
        continue
    astral |= any(ord(ch) > 0xFFFF for ch in text)
    doc = json.loads(cpath.read_text(encoding="utf-8"))
    if doc.get("sourceId") != src["id"]:
        fail(stem, f"sourceId {doc.get('sourceId')!r} != manifest id {src['id']!r}")
    claims = doc.get("claims", [])
    per_file[stem] = len(claims)
    total += len(claims)
    n16 = utf16_len(text)
    seen_here = set()
    for i, c in enumerate(claims):
        w = f"{stem}#{i}"
        subj = c.get("subject")
        if subj not in SUBJECTS:
            fail(w, f"bad subject {subj!r}")
        subjects.add(subj)
        st = c.get("statement")
        if not (isinstance(st, str) and st.strip() and st.endswith(".") and "\n" not in st):
            fail(w, "statement must be one non-empty line ending with a period")
        effects = c.get("effects")
        if not (isinstance(effects, list) and effects):
            fail(w, "effects must be a non-empty list")
            effects = []
        for e in effects:
            if e.get("power") not in POWERS:
                fail(w, f"bad power {e.get('power')!r}")
            if e.get("dimension") not in DIMENSIONS:
                fail(w, f"bad dimension {e.get('dimension')!r}")
            if e.get("direction") not in DIRECTIONS:
                fail(w, f"bad direction {e.get('direction')!r}")
            if not (type(e.get("strength")) is int and 1 <= e["strength"] <= 3):
                fail(w, f"bad strength {e.get('strength')!r}")
        if not valid_time_ok(c.get("validTime")):
            fail(w, f"bad validTime {c.get('validTime')!r}")
        q = c.get("quantity")
        if q is not None and not (isinstance(q, dict) and is_number(q.get("value"))
                                  and isinstance(q.get("unit"), str) and q["unit"]):
            fail(w, f"bad quantity {q!r}")
        conf = c.get("confidence")
        if not (is_number(conf) and 0 <= conf <= 1):
            fail(w, f"bad confidence {conf!r}")
        ev = c.get("evidence") or {}
        s, e_, quote = ev.get("start"), ev.get("end"), ev.get("quote")
        if not (type(s) is int and type(e_) is int and 0 <= s < e_ <= n16):
            fail(w, f"bad span [{s}, {e_}) for text of {n16} UTF-16 units")
        elif not isinstance(quote, str) or utf16_slice(text, s, e_) != quote:
            fail(w, f"quote != text[{s}:{e_}] -> {utf16_slice(text, s, e_)!r}")
        elif e_ - s > MAX_QUOTE:
            fail(w, f"quote longer than {MAX_QUOTE} units")
        elif quote != quote.strip():
            fail(w, "quote has leading/trailing whitespace")
        ident = json.dumps([subj, st, effects, c.get("validTime")], sort_keys=True, ensure_ascii=False)
        if ident in seen_here:
            fail(w, "same claim twice in one file")
        seen_here.add(ident)
        identity_sources[ident].add(stem)
        statement_identity[" ".join(str(st).lower().split())].add((subj, ident))
        if subj == "KZ":
            for e in effects:
                if e.get("dimension") == "economic" and e.get("power") in ("CN", "RU"):
                    sign = 1 if e.get("direction") == "toward" else -1
                    kz_econ[e["power"]] += sign * e.get("strength", 0) * (conf or 0)

# same statement about the same subject must be the same claim everywhere
for stmt, idents in statement_identity.items():
    for subj in {s for s, _ in idents}:
        variants = {i for s, i in idents if s == subj}
        if len(variants) > 1:
            fail("shared", f"statement {stmt!r} ({subj}) written with differing effects/validTime")

shared_claims = {i: s for i, s in identity_sources.items() if len(s) > 1}
if len(shared_claims) < MIN_SHARED:
    fail("shared", f"only {len(shared_claims)} multi-source claims (< {MIN_SHARED})")
missing = REQUIRED_SUBJECTS - subjects
if missing:
    fail("coverage", f"subjects not covered: {sorted(missing)}")
if total < MIN_CLAIMS:
    fail("count", f"{total} claims (< {MIN_CLAIMS})")
if not kz_econ["CN"] > kz_econ["RU"]:
    fail("KZ", f"economic lean must favour CN over RU: {dict(kz_econ)}")

# ---------------------------------------------------------------- report
print("astral characters in texts:", "yes (UTF-16 offsets differ from code points)" if astral else "none")
for stem, n in sorted(per_file.items()):
    print(f"{stem}: {n} claims  ({by_stem[stem][0]['id']})")
print(f"total claims: {total}")
print("subjects covered:", ", ".join(sorted(subjects)))
print(f"KZ economic score (strength x confidence, signed): CN {kz_econ['CN']:+.2f}, RU {kz_econ['RU']:+.2f}")
print(f"multi-source claims: {len(shared_claims)}")
for ident, stems in sorted(shared_claims.items()):
    subj, st, _, vt = json.loads(ident)
    print(f"  [{subj} {vt}] {st}  <- {', '.join(sorted(stems))}")
if errors:
    print(f"\nFAILED: {len(errors)} problem(s)")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("\nOK: all spans, enums, ranges, coverage and counts verified")

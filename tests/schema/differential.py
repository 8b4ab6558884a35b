#!/usr/bin/python3
"""differential.py — schema/card-data.schema.json and schema/clinic.schema.json
against mynaform itself (issue #17).

Every generated case (cases.py, seeded) is judged twice:
  - by Debian's python3-jsonschema, Draft202012Validator with format
    assertions, after json.loads as a vendor's Python would parse it;
  - by the library, through schema_oracle (all cases in one process).
"Accepted" means the schema validates / the library renders (warnings allowed).

A disagreement fails the test unless it belongs to one of the documented
classes a schema cannot express (doc/card-data.md, "Rules checked by mynaform
alone"), each recognised by a precise predicate below, never by a blanket
skip.  Every class must also occur at least once, so that no predicate is
dead.  Before that, static checks: the schemas are valid 2020-12 schemas,
the clinic schema's copy of the definitions equals card-data's, patterns are
portable, the strict date pattern equals the calendar rule on 270,732
strings (and the whole date definition does too), and the pattern of the
forms people write is the one dates.py builds and agrees with dates.py's
reader on every generated date string.

Usage: differential.py --oracle PATH --root SOURCE_DIR [-v]
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cases as gen  # noqa: E402
import dates  # noqa: E402

try:
    import jsonschema
except ImportError:
    sys.exit("differential: python3-jsonschema is missing (scripts/setup.sh "
             "installs it; run this test with Debian's /usr/bin/python3)")

END = "(?![\\s\\S])"
BOM = b"\xef\xbb\xbf"


# -------------------------------------------------------------- the schema side

class NotJSON(Exception):
    pass


def parse(raw):
    """(doc, has_duplicate_keys) as a vendor's Python reads it: strict UTF-8,
    json.loads, NaN and Infinity refused; raises NotJSON."""
    dup = [False]

    def pairs(items):
        seen = set()
        for k, _ in items:
            if k in seen:
                dup[0] = True
            seen.add(k)
        return dict(items)

    def constant(name):
        raise NotJSON(name)

    try:
        text = raw.decode("utf-8")
        doc = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except (UnicodeDecodeError, ValueError, RecursionError, NotJSON) as e:
        raise NotJSON(str(e)) from None
    return doc, dup[0]


def make_validator(schema):
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    checker = getattr(cls, "FORMAT_CHECKER", None) or \
        jsonschema.draft202012_format_checker
    return cls(schema, format_checker=checker)


# ------------------------------------------------------------- static checks

def walk(node, path="#"):
    if isinstance(node, dict):
        for k, v in node.items():
            yield path, k, v
            yield from walk(v, path + "/" + k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, "%s/%d" % (path, i))


def date_rule(s):
    """The strict date rule as documented: YYYY-MM-DD or YYYYMMDD, ASCII
    digits, a real calendar date, from 1873-01-01 on ("" is absent)."""
    if s == "":
        return True
    if len(s) == 10 and s[4] == "-" and s[7] == "-":
        y, m, d = s[:4], s[5:7], s[8:]
    elif len(s) == 8:
        y, m, d = s[:4], s[4:6], s[6:]
    else:
        return False
    if not all(re.fullmatch("[0-9]+", p, re.A) for p in (y, m, d)):
        return False
    try:
        return datetime.date(int(y), int(m), int(d)) >= datetime.date(1873, 1, 1)
    except ValueError:
        return False


def static_checks(card, clinic):
    problems = []
    for name, s in (("card-data", card), ("clinic", clinic)):
        if not s.get("$id", "").startswith("urn:mynaform:schema:"):
            problems.append("%s: no stable $id" % name)
        for path, k, v in walk(s):
            if k != "pattern":
                continue
            if not v.startswith("^") or not v.endswith(END):
                problems.append("%s %s: a pattern must start with ^ and end "
                                "with %s" % (name, path, END))
            if re.search(r"\\[pPU]|\\u\{|\$\)?$", v):
                problems.append("%s %s: not portable (\\p, \\U, \\u{} or $)"
                                % (name, path))
            re.compile(v)
    # every member has a Japanese title
    def members(props, prefix):
        for k, v in props.items():
            yield prefix + k, v
            if "properties" in v:
                yield from members(v["properties"], prefix + k + ".")
    props = dict(card["properties"])
    props["clinic"] = dict(card["$defs"]["clinic"], **props["clinic"])
    for path, m in list(members(props, "")) + list(
            members(clinic["properties"], "clinic imprint ")):
        if not re.search("[\u3040-\u30ff\u4e00-\u9fff]", m.get("title", "")):
            problems.append("%s: no Japanese title" % path)
    # the clinic schema is a self-contained copy of card-data's definitions
    if clinic["properties"] != card["$defs"]["clinic"]["properties"]:
        problems.append("clinic.schema.json properties differ from "
                        "card-data.schema.json #/$defs/clinic")
    for k, v in clinic.get("$defs", {}).items():
        if card["$defs"].get(k) != v:
            problems.append("clinic.schema.json #/$defs/%s differs" % k)
    # the strict date pattern (first branch) against the calendar rule
    try:
        pat = re.compile(card["$defs"]["date"]["anyOf"][0]["pattern"])
    except (KeyError, IndexError, TypeError):
        problems.append("#/$defs/date: no anyOf whose first branch is the "
                        "strict forms' pattern")
        return problems, 0
    # the whole definition: the second branch leaves strict-shaped strings
    # to the first
    whole = make_validator(dict(card["$defs"]["date"], **{"$schema": card["$schema"]}))
    years = list(range(0, 11)) + list(range(1860, 2111)) + \
        list(range(2390, 2411)) + list(range(9990, 10000))
    n = bad = 0
    for y in years:
        for m in range(0, 14):
            for d in range(0, 33):
                for s in ("%04d-%02d-%02d" % (y, m, d), "%04d%02d%02d" % (y, m, d)):
                    n += 1
                    ok = date_rule(s)
                    if bool(pat.match(s)) != ok or (y % 50 == 0 and whole.is_valid(s) != ok):
                        bad += 1
                        if bad <= 5:
                            problems.append("date pattern and rule differ on %s" % s)
    # the forms people write: the schema holds dates.py's pattern, and it
    # matches exactly the strings dates.py reads (whatever their days)
    try:
        lenient = card["$defs"]["date"]["anyOf"][1]["pattern"]
    except (KeyError, IndexError, TypeError):
        lenient = None
    if lenient != dates.lenient_pattern():
        problems.append("#/$defs/date: the second branch is not the pattern "
                        "tests/schema/dates.py builds")
    else:
        lp = re.compile(lenient)
        strict_shape = re.compile(r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})\Z")
        for s in gen.written_dates():
            n += 1
            want = dates.schema_form(s) and not strict_shape.match(s)
            if bool(lp.match(s)) != want:
                bad += 1
                if bad <= 5:
                    problems.append("the written-date pattern and dates.py differ "
                                    "on %r (%s)" % (s, dates.verdict(s)))
    return problems, n


# ----------------------------------------------------- the product's side

def run_oracle(oracle, root, cases):
    data = b"".join(b"%s %d\n" % (k.encode(), len(raw)) + raw + b"\n"
                    for k, _, raw in cases)
    env = dict(os.environ, MYNAFORM_DATA_DIR=root, MYNAFORM_CACHE_DIR="off")
    p = subprocess.run([oracle], input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, timeout=600)
    if p.returncode != 0:
        sys.exit("differential: schema_oracle failed (%d): %s" %
                 (p.returncode, p.stderr.decode(errors="replace")))
    lines = p.stdout.decode("utf-8").split("\n")[:-1]
    if len(lines) != len(cases):
        sys.exit("differential: schema_oracle gave %d verdicts for %d cases" %
                 (len(lines), len(cases)))
    out = []
    for line in lines:
        st, msg = line.split("\t", 1)
        out.append((int(st), json.loads('"' + msg.replace('"', '\\"') + '"')))
    return out


# Status numbers of include/mynaform.h.
ERR_DATA, ERR_MY_NUMBER, ERR_GLYPH, ERR_FIT, ERR_LIMIT = 6, 7, 8, 9, 10


# ------------------------------------------- the classes no schema can express

# The 番号法 screen is the library's own (src/core/my_number.c: NFKC,
# digits of every script, separators ignored, a check digit); a replica in
# Python would drift from it, so the predicate asks the library itself,
# through schema_oracle's "text" and "name" kinds (myna_text_has_my_number,
# myna_name_is_my_number), for every text of the cases that need it.
SCREENED = {}


def screen_texts(oracle, root, texts):
    """Fills SCREENED[(text, is_name)] for texts, in one oracle run."""
    todo = sorted(set(t for t in texts if t not in SCREENED))
    if not todo:
        return
    data = b"".join(b"%s %d\n" % (b"name" if n else b"text",
                                   len(t.encode("utf-8", "surrogatepass")))
                    + t.encode("utf-8", "surrogatepass") + b"\n" for t, n in todo)
    env = dict(os.environ, MYNAFORM_DATA_DIR=root, MYNAFORM_CACHE_DIR="off")
    p = subprocess.run([oracle], input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, timeout=600)
    lines = p.stdout.decode().split("\n")[:-1]
    if p.returncode != 0 or len(lines) != len(todo):
        sys.exit("differential: schema_oracle's screen failed (%d): %s" %
                 (p.returncode, p.stderr.decode(errors="replace")))
    for key, line in zip(todo, lines):
        SCREENED[key] = line == "1"


def texts_as_written(raw):
    """Every member name, string and number of the document, numbers as
    written (the screen reads them so); (text, is_name) pairs."""
    out = []

    def pairs(items):
        for k, v in items:
            out.append((k, True))
        return dict(items)

    def keep(s):
        out.append((s, False))
        return s

    try:
        doc = json.loads(raw.decode("utf-8"), object_pairs_hook=pairs,
                         parse_int=keep, parse_float=keep)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return out

    def walk_strings(node):
        if isinstance(node, dict):
            for v in node.values():
                walk_strings(v)
        elif isinstance(node, list):
            for v in node:
                walk_strings(v)
        elif isinstance(node, str):
            out.append((node, False))
    walk_strings(doc)
    return out


def strings_and_keys(node):
    if isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from strings_and_keys(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings_and_keys(v)
    elif isinstance(node, str):
        yield node


def find_my_number(text, is_name=False):
    return SCREENED.get((text, is_name), False)


# The product's emoji table (src/input/utf8.h, mf_cp_is_emoji).
EMOJI = [(0x20E3, 0x20E3), (0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0),
         (0x23F3, 0x23F3), (0x25FD, 0x25FE), (0x2600, 0x27BF), (0x2B1B, 0x2B1C),
         (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0xFE0F, 0xFE0F), (0x1F000, 0x1FAFF)]
# Scripts no installed font has (cases.NO_FONT_SAMPLES come from these):
# Arabic, Devanagari, Thai, Hangul (syllables, compatibility jamo and the
# half-width forms), two simplified Chinese characters, two Latin letters.
NO_FONT = [(0x0600, 0x06FF), (0x0900, 0x097F), (0x0E00, 0x0E7F),
           (0xAC00, 0xD7A3), (0x3130, 0x318F), (0xFFA0, 0xFFDC), (0x4F1F, 0x4F1F), (0x5F20, 0x5F20),
           (0x01C5, 0x01C5), (0x1E9E, 0x1E9E)]
# Full-width characters one line of each box holds at its minimum size
# (declaration-2023, notice-2023, notice-pinless-2024), and lines per box.
ONE_LINE = {"name": 46, "kana": 39, "address": 46, "insurance.insurer_name": 46,
            "insurance.employer": 46, "phone": 21, "clinic.name": 60,
            "clinic.address": 68, "clinic.phone": 68}
MAX_LINES = {"address": 3, "clinic.address": 1}


def in_ranges(cp, ranges):
    return any(lo <= cp <= hi for lo, hi in ranges)


def noncharacter(cp):
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def zs(ch):
    return unicodedata.category(ch) == "Zs"


def member_of(kind, msg):
    """(member path as in ONE_LINE, the reason) from "$.insurance.employer:
    reason" or "$clinic.name: reason"."""
    m = re.match(r"(\$clinic|\$)((?:\.[A-Za-z0-9_$]+)*): (.*)$", msg, re.S)
    if not m:
        return None, msg
    path = m.group(2)[1:]
    if m.group(1) == "$clinic":
        path = "clinic." + path if path else "clinic"
    return path, m.group(3)


def value_at(kind, doc, path):
    """The string at a member path ("insurance.employer", "$schema"; for an
    imprint "clinic.name" is its "name"), or None."""
    keys = ["$schema"] if path == "$schema" else path.split(".")
    if kind == "clinic":
        keys = keys[1:]
    cur = doc
    for k in keys:
        if not isinstance(cur, dict) or k not in cur:
            return None
        cur = cur[k]
    return cur if isinstance(cur, str) else None


def code_point(reason):
    m = re.search(r"\(U\+([0-9A-F]{4,6})\)", reason)
    return int(m.group(1), 16) if m else None


def width(line):
    return sum(1 for ch in line if unicodedata.category(ch) not in ("Mn", "Me", "Cf")
               and not (0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF))


def date_key(s):
    """(y, m, d) of a date in a form mynaform accepts, or None."""
    if isinstance(s, str) and date_rule(s) and s:
        d = s.replace("-", "")
        return int(d[:4]), int(d[4:6]), int(d[6:])
    return dates.key(s)


def why_product_refuses(c, doc, dup, st, msg):
    """The class of a case the schema accepts and mynaform refuses, or None."""
    kind, _, raw = c
    path, reason = member_of(kind, msg)
    value = value_at(kind, doc, path) if path else None
    cp = code_point(reason)
    has = value is not None and cp is not None and chr(cp) in value
    if st == ERR_MY_NUMBER and any(find_my_number(t, n) for t, n in texts_as_written(raw)):
        return "my-number"
    if st == ERR_DATA and reason.startswith("contains an emoji") and has and \
            in_ranges(cp, EMOJI):
        return "emoji"
    if st == ERR_DATA and reason.startswith("contains an unassigned code point") \
            and has and unicodedata.category(chr(cp)) == "Cn" and not noncharacter(cp):
        return "unassigned"
    if st == ERR_DATA and reason.startswith("contains a combining mark or "
                                            "variation selector with no base") and has:
        mark = unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me")
        at = [i for i, ch in enumerate(value) if ord(ch) == cp]
        if mark and any(i == 0 or value[i - 1] in "\n\r" or zs(value[i - 1])
                        for i in at):
            return "no-base"
    if st == ERR_LIMIT and reason.startswith("longer than MYNA_LIMIT_FIELD_BYTES") \
            and value is not None and \
            len(value.encode("utf-8", "surrogatepass")) > 1024 >= len(value):
        return "bytes"
    if st == ERR_LIMIT and "larger than MYNA_LIMIT_DATA_BYTES" in reason and \
            len(raw) > 65536:
        return "document-size"
    if st == ERR_DATA and "duplicate object key" in msg and dup:
        return "duplicate-key"
    if st == ERR_DATA and "invalid Unicode" in msg and any(
            re.search("[\ud800-\udfff]", s) for s in strings_and_keys(doc)):
        return "lone-surrogate"
    if st == ERR_DATA and path in ("birth_date", "filing_date") and \
            (reason.startswith("no such calendar date") or
             reason.startswith("no such day of ")) and \
            value is not None and not date_rule(value) and \
            dates.verdict(value) in ("calendar", "era-days"):
        return "date-days"
    if st == ERR_DATA and msg == "$.birth_date: later than $.filing_date":
        b, f = date_key(doc.get("birth_date")), date_key(doc.get("filing_date"))
        if b and f and b > f:
            return "date-order"
    if st == ERR_FIT and reason.startswith("does not fit its box") and \
            value is not None and path in ONE_LINE:
        lines = re.sub("\r\n?", "\n", value).strip(" \n\u3000").split("\n")
        if max(width(l) for l in lines) > ONE_LINE[path] or \
                len(lines) > MAX_LINES.get(path, 1):
            return "fit"
    if st == ERR_GLYPH and "is in no installed font" in reason and has and \
            in_ranges(cp, NO_FONT):
        return "glyph"
    return None


def why_schema_refuses(c, st):
    """The class of a case mynaform accepts and the schema refuses, or None."""
    kind, _, raw = c
    body = raw[3:] if raw.startswith(BOM) else raw
    if body.strip(b" \t\r\n") == b"":
        return "blank-document"
    if raw.startswith(BOM):
        try:
            parse(body)
            return "bom"
        except NotJSON:
            return None
    return None


CLASSES = {
    "my-number": "a 12-digit 個人番号 with a valid check digit",
    "emoji": "an emoji (the product's table)",
    "unassigned": "an unassigned code point",
    "no-base": "a combining mark or variation selector with no base",
    "bytes": "at most 1024 code points but more than 1024 bytes of UTF-8",
    "document-size": "a document over 65536 bytes",
    "duplicate-key": "a duplicate member name",
    "lone-surrogate": "a lone UTF-16 surrogate escape",
    "date-order": "birth_date after filing_date",
    "date-days": "a written date on a day its month or era lacks",
    "fit": "a value that does not fit its box",
    "glyph": "a character in no installed font",
    "blank-document": "an empty or blank document (not JSON; a blank form)",
    "bom": "a UTF-8 byte order mark before the document (skipped)",
}


# ----------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--oracle", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    t0 = time.time()
    root = os.path.abspath(a.root)
    card = json.load(open(os.path.join(root, "schema", "card-data.schema.json"),
                          encoding="utf-8"))
    clinic = json.load(open(os.path.join(root, "schema", "clinic.schema.json"),
                            encoding="utf-8"))
    try:
        from importlib.metadata import version
        jv = version("jsonschema")
    except Exception:
        jv = "?"
    print("python3-jsonschema %s, Draft202012Validator with format assertions" % jv)
    if int(jv.split(".")[0]) < 4:
        sys.exit("differential: jsonschema %s has no draft 2020-12" % jv)
    validators = {"card": make_validator(card), "clinic": make_validator(clinic)}

    problems, ndates = static_checks(card, clinic)
    # the classes are those doc/card-data.md lists, no more, no fewer
    md = open(os.path.join(root, "doc", "card-data.md"), encoding="utf-8").read()
    sect = md.split("## Rules checked by mynaform alone", 1)[-1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", sect, re.M))
    if documented != set(CLASSES):
        problems.append("doc/card-data.md lists the classes %s, the test %s" %
                        (sorted(documented), sorted(CLASSES)))
    print("static checks: %d problems (date pattern on %d strings)" %
          (len(problems), ndates))
    for p in problems:
        print("  FAIL", p)

    cases = gen.generate(root)
    verdicts = run_oracle(a.oracle, root, cases)

    # the my-number predicate's texts, screened by the library in one run
    need = []
    for c, (st, _msg) in zip(cases, verdicts):
        if st == ERR_MY_NUMBER:
            need.extend(texts_as_written(c[2]))
    screen_texts(a.oracle, root, need)

    counts = {k: 0 for k in CLASSES}
    agree = [0, 0]
    unexplained = []
    for c, (st, msg) in zip(cases, verdicts):
        kind, label, raw = c
        try:
            doc, dup = parse(raw)
            schema_ok = validators[kind].is_valid(doc)
        except NotJSON:
            doc, dup, schema_ok = None, False, False
        product_ok = st == 0
        if schema_ok == product_ok:
            agree[schema_ok] += 1
            continue
        cls = (why_product_refuses(c, doc, dup, st, msg) if schema_ok
               else why_schema_refuses(c, st))
        if cls:
            counts[cls] += 1
            if a.verbose:
                print("  %-15s %s: %s" % (cls, label, msg))
        else:
            unexplained.append((c, schema_ok, st, msg))

    print("%d cases (%d card data, %d clinic imprints): agree %d "
          "(%d both accept, %d both refuse)" %
          (len(cases), sum(1 for c in cases if c[0] == "card"),
           sum(1 for c in cases if c[0] == "clinic"), sum(agree), agree[1],
           agree[0]))
    print("disagreements in documented classes (checked by mynaform alone):")
    for k, n in counts.items():
        print("  %-15s %5d  %s" % (k, n, CLASSES[k]))
    unseen = [k for k, n in counts.items() if n == 0]
    for k in unseen:
        problems.append("class %s never occurred: its predicate is untested" % k)
        print("  FAIL class %s never occurred" % k)
    print("unexplained disagreements: %d" % len(unexplained))
    groups = {}
    for (kind, label, raw), schema_ok, st, msg in unexplained:
        side = "schema accepts, mynaform refuses" if schema_ok else \
            "schema refuses, mynaform accepts"
        key = (side, st, re.sub(r"^[^:]*: ", "", msg))
        groups.setdefault(key, []).append((kind, label, raw))
    for (side, st, reason), cs in sorted(groups.items(), key=lambda g: -len(g[1])):
        kind, label, raw = cs[0]
        print("  FAIL %d × %s: %d %s" % (len(cs), side, st, reason))
        print("       e.g. [%s] %s: %r" % (kind, label, raw[:160]))
    print("%.1f s" % (time.time() - t0))
    if problems or unexplained:
        print("%d problems, %d unexplained disagreements" %
              (len(problems), len(unexplained)))
        return 1
    print("schema and mynaform agree apart from the documented classes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

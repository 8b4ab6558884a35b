#!/usr/bin/env python3
"""summary.py — compares line breaking and justification from JSON Lines
files written by bench_para (mynaform) and by luatexja.lua (LuaLaTeX).

    summary.py NAME=FILE.jsonl [NAME=FILE.jsonl ...]

Each line of a file: {"para":N,"em":E,"lines":[{"text":…,"justified":…,
"gap":…,"char":…},…]} with gap/char the largest stretch (em) of any gap /
of a gap between two Japanese characters on that line.  The checks on the
text (kinsoku, split tokens, one-character last lines) are made here, the
same way for every side.  Prints a Markdown table, then the paragraphs whose
breaks differ between the first two sides.
"""
import json
import re
import sys

NO_START = set("、。，．,.)）]］｝}〕〉》」』】〙〗»’”・：；:;？！?!‼⁇⁈⁉ゝゞヽヾ々〻゛゜"
               "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶーｰ〜～‐゠–")
NO_END = set("(（[［｛{〔〈《「『【〘〖«‘“")
PUNCT = set("、。，．」』）】〕・：；")
UNITS = "円歳%％℃年月日時分割回錠人名台件"


def load(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                for ln in o["lines"]:  # luatexja's lines carry no spaces
                    ln["text"] = ln["text"].replace(" ", "")
                out[(o["para"], o["em"])] = o["lines"]
    return out


def split_token(prev, nxt):
    """A break inside a number, between a number and its unit, inside a
    phone number or date (the text on both sides of the break)."""
    if not prev or not nxt:
        return False
    a, b = prev[-1], nxt[0]
    dig = "0123456789０１２３４５６７８９"
    if a in dig and (b in dig or b in UNITS or b in ",.:-－"):
        return True
    if a in ",.:-－" and len(prev) > 1 and prev[-2] in dig and b in dig:
        return True
    if a in "¥￥$＄〒※" and b in dig:
        return True
    return False


def url_split(prev, nxt):
    return bool(re.search(r"[A-Za-z0-9./:@-]$", prev)) and bool(
        re.match(r"[A-Za-z0-9./@_-]", nxt))


def stats(data):
    s = dict(paras=len(data), lines=0, justified=0, wide=0, worst_char=0.0,
             worst_gap=0.0, char_over=0, orphan=0, kinsoku=0, split=0,
             url_split=0)
    for lines in data.values():
        s["lines"] += len(lines)
        for i, ln in enumerate(lines):
            t = ln["text"]
            if ln["justified"] and i + 1 < len(lines):
                s["justified"] += 1
                if ln["gap"] >= 0.25 - 1e-6:
                    s["wide"] += 1
                if ln["char"] > 0.15 + 1e-6:
                    s["char_over"] += 1
                s["worst_char"] = max(s["worst_char"], ln["char"])
                s["worst_gap"] = max(s["worst_gap"], ln["gap"])
            if i > 0 and t and t[0] in NO_START:
                s["kinsoku"] += 1
            if i + 1 < len(lines) and t and t[-1] in NO_END:
                s["kinsoku"] += 1
            if i + 1 < len(lines):
                nxt = lines[i + 1]["text"]
                if split_token(t, nxt):
                    s["split"] += 1
                elif url_split(t, nxt):
                    s["url_split"] += 1
        last = lines[-1]["text"] if lines else ""
        if len(lines) > 1 and len([c for c in last if c not in PUNCT]) <= 1:
            s["orphan"] += 1
    return s


def score(lines):
    """Lower is better: the order in which summary.py judges one setting."""
    s = stats({0: lines})
    return (s["kinsoku"] + s["split"], s["wide"], s["orphan"],
            round(s["worst_char"] / 0.05))


ROWS = [
    ("paragraphs × measures", "paras"),
    ("lines", "lines"),
    ("justified lines", "justified"),
    ("justified lines with a gap stretched ≥ 0.25 em", "wide"),
    ("justified lines stretched > 0.15 em between characters", "char_over"),
    ("largest stretch between two characters (em)", "worst_char"),
    ("largest stretch of any gap (em)", "worst_gap"),
    ("one-character last lines", "orphan"),
    ("kinsoku violations", "kinsoku"),
    ("split numbers, units, phone numbers, dates", "split"),
    ("breaks inside a URL or mail address", "url_split"),
]


def main(argv):
    sides = []
    for arg in argv[1:]:
        name, path = arg.split("=", 1)
        sides.append((name, load(path)))
    if not sides:
        print(__doc__)
        return 2
    st = [stats(d) for _, d in sides]
    print("| | " + " | ".join(n for n, _ in sides) + " |")
    print("|---|" + "---|" * len(sides))
    for label, key in ROWS:
        vals = [("%.2f" % s[key]) if isinstance(s[key], float) else str(s[key])
                for s in st]
        print("| %s | %s |" % (label, " | ".join(vals)))
    if len(sides) >= 2:
        a, b = sides[0][1], sides[1][1]
        same = diff = 0
        out = []
        for key in sorted(a):
            if key not in b:
                continue
            ta = [l["text"] for l in a[key]]
            tb = [l["text"] for l in b[key]]
            if ta == tb:
                same += 1
            else:
                diff += 1
                out.append((key, ta, tb))
        wins = [0, 0, 0]
        for key, _, _ in out:
            sa, sb = score(a[key]), score(b[key])
            wins[0 if sa < sb else 1 if sb < sa else 2] += 1
        print()
        print("%d of %d paragraph settings break identically (%s vs %s). "
              "Where they differ, %s's lines are better in %d, %s's in %d, "
              "neither in %d (compared by: kinsoku violations and split "
              "tokens, then lines with a gap ≥ 0.25 em, then one-character "
              "last lines, then the largest stretch between characters, to "
              "0.05 em)."
              % (same, same + diff, sides[0][0], sides[1][0], sides[0][0],
                 wins[0], sides[1][0], wins[1], wins[2]))
        print()
        for (p, em), ta, tb in out:
            print("para %d at %g em:" % (p, em))
            for t in ta:
                print("  %-10s %s" % (sides[0][0], t))
            for t in tb:
                print("  %-10s %s" % (sides[1][0], t))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

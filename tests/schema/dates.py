"""dates.py — the date forms people write (doc/card-data.md, "Dates"), for
the schema differential test:

- lenient_pattern(): the pattern of the second branch of the schema's
  #/$defs/date, built from the grammar (differential.py checks that the
  schema holds exactly this pattern, so the two cannot drift apart; print it
  with `python3 dates.py`);
- read(): an independent reader of the same grammar, written as code, not
  as a pattern, with the calendar and era checks (verdict()), which the
  test's predicates use to recognise the rules a schema cannot state.

The pattern checks the form, months 1-12, days 1-31, each era's years
(明治6-45, 大正1-15, 昭和1-64, 平成1-31, 令和1-99, 元 for 1) and the
1873 floor of Western years; not the days of each month nor the days of an
era's first and last year.  Strings shaped like the strict forms
(YYYY-MM-DD, YYYYMMDD in ASCII) are left to the first, exact branch.
"""

import datetime
import re

# Eras: name, initial, first day, last day (None: not ended).
ERAS = [
    ("明治", "M", (1868, 1, 25), (1912, 7, 29)),
    ("大正", "T", (1912, 7, 30), (1926, 12, 24)),
    ("昭和", "S", (1926, 12, 25), (1989, 1, 7)),
    ("平成", "H", (1989, 1, 8), (2019, 4, 30)),
    ("令和", "R", (2019, 5, 1), None),
]
FLOOR = datetime.date(1873, 1, 1)


# ------------------------------------------------------------ the pattern

def _wide(ch):
    return chr(ord(ch) + 0xFEE0)


def _cls(chars):
    """A character class of ASCII chars and their full-width forms."""
    out = []
    for c in chars:
        out.append("\\" + c if c in "-]\\^" else c)
        out.append(_wide(c))
    return "[" + "".join(out) + "]"


def _digits(lo, hi):
    return "[%s-%s%s-%s]" % (lo, hi, _wide(lo), _wide(hi))


D = _digits("0", "9")
SP = "[ \u3000]*"
SEP = _cls("-/.")


def _n(s):
    """A literal digit string, each digit ASCII or full-width."""
    return "".join(_cls(c) for c in s)


# 1-12 and 1-31, one or two digits
MONTH = "(?:%s?%s|%s%s)" % (_cls("0"), _digits("1", "9"), _cls("1"), _digits("0", "2"))
DAY = "(?:%s?%s|%s%s|%s%s)" % (_cls("0"), _digits("1", "9"), _cls("12"), D, _cls("3"),
                               _cls("01"))
# two-digit month and day for YYYYMMDD
MONTH2 = "(?:%s%s|%s%s)" % (_cls("0"), _digits("1", "9"), _cls("1"), _digits("0", "2"))
DAY2 = "(?:%s%s|%s%s|%s%s)" % (_cls("0"), _digits("1", "9"), _cls("12"), D, _cls("3"),
                               _cls("01"))
# Western years from 1873 to 9999
YEAR = "(?:%s(?:%s(?:%s%s|%s%s)|%s%s%s)|%s%s%s%s)" % (
    _cls("1"), _cls("8"), _cls("7"), _digits("3", "9"), _cls("89"), D, _cls("9"), D, D,
    _digits("2", "9"), D, D, D)
REST = "(?:%s%s%s%s%s%s%s%s%s|%s年%s%s%s月%s%s%s日)" % (
    SP, SEP, SP, MONTH, SP, SEP, SP, DAY, "", SP, SP, MONTH, SP, SP, DAY, SP)


def _era_years(lo, hi):
    """One or two digits (a leading zero allowed) from lo to hi, and 元 if
    lo is 1."""
    alts = ["元"] if lo == 1 else []
    ones = [str(n) for n in range(max(lo, 1), min(hi, 9) + 1)]
    if ones:
        alts.append("%s?%s" % (_cls("0"), _cls("".join(ones))))
    for tens in range(1, hi // 10 + 1):
        units = [str(u) for u in range(10) if lo <= tens * 10 + u <= hi]
        if units:
            alts.append(_cls(str(tens)) + _cls("".join(units)))
    return "(?:%s)" % "|".join(alts)


def _era_alternatives():
    out = []
    for name, initial, first, last in ERAS:
        lo = FLOOR.year - first[0] + 1 if first[0] < FLOOR.year else 1
        hi = last[0] - first[0] + 1 if last else 99
        letters = "[%s%s%s%s]" % (initial, initial.lower(), _wide(initial),
                                  _wide(initial.lower()))
        out.append("(?:%s|%s)%s%s" % (name, letters, SP, _era_years(lo, hi)))
    return "(?:%s)" % "|".join(out)


def lenient_pattern():
    strict_shape = "(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})(?![\\s\\S])"
    body = "(?:%s%s%s|%s%s|%s%s)" % (YEAR, MONTH2, DAY2, YEAR, REST,
                                      _era_alternatives(), REST)
    return "^(?!%s)%s%s%s(?![\\s\\S])" % (strict_shape, SP, body, SP)


# ------------------------------------------------------------- the reader

def _fold(s):
    out = []
    for c in s:
        o = ord(c)
        if 0xFF01 <= o <= 0xFF5E:
            c = chr(o - 0xFEE0)
        elif o == 0x3000:
            c = " "
        out.append(c)
    return "".join(out)


def _number(t, i, lo, hi):
    """(value, next index) of lo to hi ASCII digits at t[i], or None."""
    j = i
    while j < len(t) and "0" <= t[j] <= "9":
        j += 1
    if not lo <= j - i <= hi:
        return None
    return int(t[i:j]), j


def _spaces(t, i):
    while i < len(t) and t[i] == " ":
        i += 1
    return i


def read(s):
    """(era index or None, era year, year, month, day) of a string in one
    of the forms, or None.  year is Gregorian; nothing is checked against
    the calendar or the eras.  A Western year of two digits is None."""
    if not isinstance(s, str):
        return None
    t = _fold(s)
    i = _spaces(t, 0)
    era = None
    for k, (name, initial, _, _) in enumerate(ERAS):
        if t.startswith(name, i):
            era, i = k, i + 2
            break
        if i < len(t) and t[i] in (initial, initial.lower()):
            era, i = k, i + 1
            break
    if era is not None:
        i = _spaces(t, i)
        if t.startswith("元", i):
            year, i = 1, i + 1
        else:
            got = _number(t, i, 1, 2)
            if not got:
                return None
            year, i = got
    else:
        got = _number(t, i, 4, 8)
        if not got:
            return None
        year, j = got
        if j - i == 8:  # YYYYMMDD
            rest = _spaces(t, j)
            if rest != len(t):
                return None
            d = t[i:j]
            return None, None, int(d[:4]), int(d[4:6]), int(d[6:])
        if j - i != 4:
            return None
        i = j
    i = _spaces(t, i)
    if t.startswith("年", i):
        marks = ("月", "日")
    elif i < len(t) and t[i] in "-/.":
        marks = None
    else:
        return None
    i = _spaces(t, i + 1)
    got = _number(t, i, 1, 2)
    if not got:
        return None
    month, i = got
    i = _spaces(t, i)
    if marks:
        if not t.startswith(marks[0], i):
            return None
    elif not (i < len(t) and t[i] in "-/."):
        return None
    i = _spaces(t, i + 1)
    got = _number(t, i, 1, 2)
    if not got:
        return None
    day, i = got
    i = _spaces(t, i)
    if marks:
        if not t.startswith(marks[1], i):
            return None
        i = _spaces(t, i + 1)
    if i != len(t):
        return None
    if era is None:
        return None, None, year, month, day
    return era, year, ERAS[era][2][0] + year - 1, month, day


def verdict(s):
    """"ok" for a date mynaform accepts, else why not: "form", "era-year",
    "range" (a month not 1-12, a day not 1-31), "calendar" (a day the month
    lacks), "floor" (before 1873-01-01), "era-days" (a day outside the
    era).  The schema's pattern refuses the first four."""
    r = read(s)
    if r is None:
        return "form"
    era, ey, y, m, d = r
    if era is not None:
        _, _, first, last = ERAS[era]
        if ey < 1 or (last and ey > last[0] - first[0] + 1) or ey > 99:
            return "era-year"
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return "range"
    try:
        day = datetime.date(y, m, d)
    except ValueError:
        return "calendar"
    if day < FLOOR:
        return "floor"
    if era is not None:
        _, _, first, last = ERAS[era]
        if day < datetime.date(*first) or (last and day > datetime.date(*last)):
            return "era-days"
    return "ok"


def schema_form(s):
    """True if the schema's pattern should accept s: read() reads it, with a
    month 1-12 and a day 1-31, a Western year from 1873, an era year the era
    had (明治 from 6, the first year in the solar calendar).  The days of
    each month and of an era's first and last year are not its business."""
    r = read(s)
    if r is None:
        return False
    era, ey, y, m, d = r
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return False
    if era is None:
        return y >= FLOOR.year
    _, _, first, last = ERAS[era]
    lo = FLOOR.year - first[0] + 1 if first[0] < FLOOR.year else 1
    hi = last[0] - first[0] + 1 if last else 99
    return lo <= ey <= hi


def key(s):
    """(y, m, d) of a date mynaform accepts, or None."""
    if verdict(s) != "ok":
        return None
    _, _, y, m, d = read(s)
    return y, m, d


if __name__ == "__main__":
    print(lenient_pattern())

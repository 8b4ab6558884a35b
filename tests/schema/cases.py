"""cases.py — the seeded generator of card-data and clinic-imprint cases for
the schema differential test (differential.py).

Each case is (kind, label, raw): kind "card" (card data) or "clinic" (a
clinic imprint given apart, --clinic FILE), a label that says where it comes
from, and the exact bytes of the document.  Nothing here decides whether a
case is valid: the schema and the product each give their verdict, and
differential.py compares them.  The pools only steer generation ("valid"
values are ones the product is expected to accept, so that random records
get past the first member).

Groups: the examples of doc/card-data.md and examples/, the fuzz corpus and
regressions; every value of every member's pool, alone and inside a full
record; box-filling lengths; byte limits; unknown and missing members; date
pairs; root values; byte-level documents; every code point of the finite
character classes; the kana and phone characters one by one; random records
(seeded); clinic imprints.
"""

import glob
import json
import os
import random
import re
import unicodedata

SEED = 20261203

# --------------------------------------------------------------------- dates
#
# Every date string and value the generator tries, in one place, and
# written_dates(): the forms people write (doc/card-data.md, Dates) at every
# era boundary, narrow and full-width, with spaces, and broken in every way.

DATES_VALID = [
    "1873-01-01", "18730101", "1912-07-29", "1912-07-30", "1926-12-24",
    "1926-12-25", "1989-01-07", "1989-01-08", "19890107", "19890108",
    "2019-04-30", "2019-05-01", "20190430", "20190501", "2000-02-29",
    "20000229", "2024-02-29", "1896-02-29", "1904-02-29", "2400-02-29",
    "19000101", "1962-04-15", "19620415", "2026-11-22", "20991231",
    "9999-12-31", "1999-12-31", "2023-04-30", "2023-06-30", "2023-09-30",
    "2023-11-30", "2023-01-31", "2023-12-31", "", None,
    # the forms people write
    "2023-1-5", "1989-1-7", "2023/01/05", "1980/1/1", "2023.01.05",
    "１９８９－０１－０７", "１９８９０１０７", "1989-01-0７", "昭和64年1月7日",
    "平成元年1月8日", "令和8年11月22日", "S64.01.07", "H1.1.8", "R8/11/22",
    " 1989-01-07", "1989-01-07 ", "1989－01－07", "1989年1月7日", "明治6年1月1日",
    "M45.7.29", "t1.7.30", "大正15年12月24日", "昭和元年12月25日", "h31/4/30",
    "令和元年5月1日", "　平成　元年　１月　８日　", "Ｓ６４．１．７", "ｒ８／１１／２２",
    "1989 / 1 / 7", "H01.01.08", "平成1.1.8", "S64年1月7日", "平成28年2月29日",
    "令和99年12月31日",
]
DATES_OTHER = [
    # calendar and floor
    "1872-12-31", "18721231", "1868-01-25", "0001-01-01", "0000-01-01",
    "00000101", "2023-02-29", "1900-02-29", "2100-02-29", "21000229",
    "2023-04-31", "2023-06-31", "2023-09-31", "2023-11-31", "2023-13-01",
    "2023-00-10", "2023-01-00", "2023-01-32", "20231301", "20230132",
    "1800-02-29", "2023-02-30",
    # days an era or a month does not have, years an era never reached
    "昭和64年1月8日", "平成31年5月1日", "平成元年1月7日", "令和元年4月30日",
    "S64.1.8", "h31/05/01", "明治45年7月30日", "大正元年7月29日", "昭和65年1月1日",
    "平成32年1月1日", "平成0年1月1日", "R0.5.1", "明治5年12月31日", "M1.1.1",
    "平成31年2月29日", "2023/2/29", "1989/4/31", "1872/12/31", "2023/13/1",
    # two-digit years and other forms
    "89-01-07", "890107", "89/1/7", "89年1月7日", "８９／１／７",
    "1989-01-07T00:00:00", "1989-01-07T00:00:00Z", "1989-01-07+09:00",
    "1989\u201001\u201007", "1989\u221201\u221207", "19890107\n", "1989-01-07\n",
    "1989-01-07\r\n", "abcd-ef-gh", "1989_01_07", "1989-0107", "198901-07",
    "+1989-01-07", "1989-01-07\u0000", "昭和六十四年一月七日", "昭64.1.7", "㍻1.1.8",
    "平成元年1月8", "平成元年1月8日生", "H1.1.8\t", "H1\u00a0.1.8", "1989 1 7",
    "1989-001-07",
    # not strings
    19890107, 1989, 0, True, False, [], ["1989-01-07"], {}, 1.5,
]


def written_dates():
    """The date forms people write at every era boundary and around it, and
    broken ones (seeded): for the static check of the schema's pattern."""
    rnd = random.Random(SEED + 1)
    eras = [("明治", "M", 1868), ("大正", "T", 1912), ("昭和", "S", 1926),
            ("平成", "H", 1989), ("令和", "R", 2019)]
    days = [(1873, 1, 1), (1912, 7, 29), (1912, 7, 30), (1926, 12, 24),
            (1926, 12, 25), (1989, 1, 7), (1989, 1, 8), (2019, 4, 30),
            (2019, 5, 1), (2026, 11, 22), (2000, 2, 29), (2019, 2, 29),
            (1989, 4, 31), (1872, 12, 31), (2117, 12, 31), (2118, 1, 1)]

    def wide(t):
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else
                       ("\u3000" if c == " " else c) for c in t)

    out = []
    for y, m, d in days:
        for k, (name, ini, first) in enumerate(eras):
            for ey in (y - first + 1, y - first, y - first + 2):
                eys = "元" if ey == 1 else str(ey)
                out += ["%s%s年%d月%d日" % (name, eys, m, d),
                        "%s%d.%d.%d" % (ini, ey, m, d),
                        "%s%02d/%02d/%02d" % (ini.lower(), ey, m, d),
                        "%s %s 年 %d 月 %d 日" % (name, eys, m, d),
                        "%s%d-%d-%d" % (name, ey, m, d)]
        out += ["%d/%d/%d" % (y, m, d), "%d.%02d.%d" % (y, m, d),
                "%d年%d月%d日" % (y, m, d), "%04d-%d-%02d" % (y, m, d),
                "%02d/%d/%d" % (y % 100, m, d), "%02d%02d%02d" % (y % 100, m, d)]
    out += [wide(t) for t in out[::3]]
    # broken: a character dropped, doubled or replaced
    pieces = list("0123456789-/.年月日元 MTSHRmtshr") + ["昭和", "平成", "\u3000", "Ｈ", "５"]
    broken = []
    for t in out:
        for _ in range(2):
            i = rnd.randrange(len(t) + 1)
            op = rnd.randrange(3)
            if op == 0 and i < len(t):
                broken.append(t[:i] + t[i + 1:])
            elif op == 1:
                broken.append(t[:i] + rnd.choice(pieces) + t[i:])
            elif i < len(t):
                broken.append(t[:i] + rnd.choice(pieces) + t[i + 1:])
    return out + broken


# (birth_date, filing_date) pairs: order and mixed forms
DATE_PAIRS = [
    ("1989-01-08", "1989-01-07"), ("1989-01-07", "1989-01-07"),
    ("1989-01-07", "1989-01-08"), ("19890108", "1989-01-07"),
    ("1989-01-08", "19890107"), ("2026-11-23", "2026-11-22"),
    ("9999-12-31", "1873-01-01"), ("1873-01-01", "9999-12-31"),
    ("2024-02-29", "2024-02-28"), ("20240229", "20240301"),
    ("", "1989-01-07"), ("1989-01-07", None),
    ("H1.1.8", "昭和64年1月7日"), ("昭和64年1月7日", "H1.1.8"),
    ("平成元年1月8日", "19890108"), ("R1.5.1", "2019/4/30"),
]

# --------------------------------------------------------------------- text

TEXT_VALID = [
    "山田　太郎", "佐藤 花子", "NGUYEN VAN AN", "𠮷田", "葛\U000E0100城",
    "辻\U000E0100", "邉\U000E0110", "\uFA19", "﨑", "●子", "〓", "髙橋",
    "ﾔﾏﾀﾞ", "Ａｂｃ", "  前後の空白  ", "山田\u00a0太郎", "山田\u2003太郎",
    "東京都千代田区霞が関1-2-2", "１丁目２番地３号", "O'Brien", "Zoe\u0308",
    "café", "①", "㍿", "株式会社サンプル", "協会けんぽ", "a", "〒100-0001",
    "123456789012", "12345678901", "1234567890123", "(株)", "A&B",
    "\u845B\uFE00", "ヴァン・アン", "", None,
]
TEXT_OTHER = [
    "山田\t太郎", "山田\x07", "山田\x7f", "山田\x85", "山田\x9f", "\x00",
    "山田\n太郎", "山田\r\n太郎", "山田\r太郎", "東京\u2028千代田",
    "東京\u2029千代田", "山田\u202e", "山田\u200e", "\u2066山田\u2069",
    "\u061c", "山\u200b田", "山\u200d田", "山\u2060田", "山\ufeff田",
    "\ufeff山田", "山\u00ad田", "\u0600", "山\U000E0041", "\U000E0001",
    "山\U00013439", "山\ufff9", "山😀", "\u2764\ufe0f", "#\ufe0f\u20e3",
    "🇯🇵", "山\ufe0f", "☆", "♪", "山\ue000", "山\uf8ff", "山\U000F0000",
    "山\U0010FFFD", "山\ufffd", "山\u0378", "山\ufdd0", "山\uffff",
    "山\U0001FFFE", "\u0301山", "\U000E0100山", "\ufe00山", "山 \u0301",
    "山\u3000\u3099", "张伟", "김민수", "محمد", "123456789018",
    "１２３４５６７８９０１８", "1234 5678 9018", "1234-5678-9018",
    "１２３４－５６７８－９０１８", "1234\u30005678\u30009018",
    "番号 123456789018 です", "国" * 93, "W" * 93, "ー" * 47,
    123, True, [], {}, 1.5, ["山田"],
]
ADDRESS_EXTRA = [
    "東京都千代田区霞が関1-2-2\n中央合同庁舎5号館", "東京都\r\n千代田区",
    "東京都\r千代田区", "ｶﾞｰﾃﾞﾝﾊｲﾂ", "\n東京都\n", "東京都\n\u0301",
    "東京都\r\u0301", "一\n二\n三", "一\n二\n三\n四", "国" * 139,
]

KANA_VALID = [
    "ヤマダ タロウ", "やまだ たろう", "ｻﾄｳ ﾊﾅｺ", "ｶﾞｰﾃﾞﾝ", "ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ",
    "ｳﾞｧ", "ﾜﾞ", "ｦﾞ", "か゛", "か\u3099", "は\u309a", "ハ゜", "ゝゞヽヾ",
    "ゝ゛", "ヽ\u3099", "ゔゕゖ", "グエン・ヴァン・アン", "ｸﾞｴﾝ･ｳﾞｧﾝ･ｱﾝ",
    "゠", "＝", "ヷヸヹヺ", "ヰヱヲ", "ゐ゛", "ゑ゛", "を゛", "ー", "ｰ",
    "ヤマダ\u3000タロウ", "ヤマダ\u00a0タロウ", "  ヤマダ  ", "ア" * 46, "",
    None,
]
KANA_OTHER = [
    "YAMADA", "ヤマダ1", "山田", "ラ-メン", "ラ~メン", "ラ－メン", "ラ〜メン",
    "ラ～メン", "ラ‐メン", "ラ−メン", "゛ア", "ン゛", "ア゛", "ア゛゛", "ﾞｱ",
    "ぱ゜", "ガ゛", "ヴ゛", "ｱ ﾞ", "ア ゛", "ア\u3000\u3099", "ㇰ", "ヿ", "ゟ",
    "。", "、", "｡", "｢", "｣", "､", "(ヤマダ)", "ＹＡＭＡＤＡ",
    "ア\u3099\u3099", "は\u309a\u309a", "カ゜", "ウ゜", "ヤマダ\tタロウ",
    "ヤマダ\nタロウ", "ヤマダ\u200bタロウ", "ア" * 47, 1, True, [],
]

PHONE_VALID = [
    "03-1234-5678", "090-1234-5678", "０３－１２３４－５６７８",
    "03ー1234ー5678", "03‐1234‐5678", "03−1234", "03–1234", "03—1234",
    "03―1234", "03‑1234", "03‒1234", "03ｰ1234", "(03)1234-5678",
    "（03）1234-5678", "+81-3-1234-5678", "＋81 3 1234 5678", "  +81 3",
    "03-1234-5678 内線 12", "03-1234-5678 ext. 12", "03-1234-5678 EXT 12",
    "03-1234-5678 Ext.12", "0312345678ext12", "03 eXt. ０１",
    "03\u00a01234\u00a05678", "03\u20021234", "03\u202f1234", "03\u205f1234",
    "03\u16801234", "03\u30001234", "03\u200a1234", "", "   ", "0",
    "( 0 )", "0" * 43, "", None,
]
PHONE_OTHER = [
    "03.1234.5678", "03+1234", "++81", "+ +81", "03-1234 x12", "03-1234 e12",
    "ext. 12", "内線 12", "03 内線 1 内線 2", "03 ext 1 ext 2", "03 内線 1 ext 2",
    "03-1234-5678 ext", "03 内線", "03 ext.", "---", "+", "()", "ー", "ｰ",
    "03 内 12", "03 線", "03 ext..12", "03 extension 12", "03 ex 12",
    "03-1234-5678\n", "03\t1234", "TEL 03-1234", "03/1234", "03#1234",
    "03*1234", "０３ｅｘｔ１２", "03 ＥＸＴ 12", "03\u200b1234",
    "03-1234-5678 (代表)", "(03) 1234-5678 内線12 ", "1234-5678-9018",
    "03\u20281234", "03\u00ad1234", "０" * 44, 31234567, True, [],
]

ENUMS = {
    "sex": (
        ["male", "female", "1", "2", "9", 1, 2, 9, "男", "女", "", None,
         "MALE", "Male", "mAlE", "FEMALE", "Female", 1.0, 2.0, 9.0, "男性", "女性"],
        [0, 3, -1, "0", "3", "１", "男子", "男性 ", "M", "F", "m", True, False,
         [], {}, 1.5, " male", "male ", "ｍａｌｅ", "男 ", "unknown", "1.0",
         "male\n", 1e20],
    ),
    "insurance.type": (
        ["shaho", "kokuho", "kouki", "other", "unknown", "社保", "国保", "後期",
         "その他", "わからない", "", None, "SHAHO", "Shaho", "Kokuho", "KOUKI",
         "Other", "UNKNOWN", "uNkNoWn"],
        ["社会保険", "nhi", 1, True, " shaho", "shaho\n", "ｓｈａｈｏ", "sha ho",
         [], "shah"],
    ),
    "insurance.issued": (
        ["within_1_month", "earlier", "1か月以内", "それより前", "", None,
         "WITHIN_1_MONTH", "Within_1_Month", "Earlier", "EARLIER"],
        ["1ヶ月以内", "１か月以内", "recently", "within 1 month", 1, True,
         "within_1_months", "earlier."],
    ),
    "insurance.copay": (
        [3, 2, 1, "3", "2", "1", "3割", "2割", "1割", "unknown", "わからない",
         "", None, "UNKNOWN", "Unknown", 3.0, 2.0, 1.0, "３割", "２割", "１割"],
        [0, 4, 30, "30%", 0.3, "3 割", "4割", "三割", "３", True, [], 3.5,
         "3.0", -3, "4", "わからん"],
    ),
}
BOOLS = ([True, False, None], ["true", "yes", 1, 0, "", "false", [], {}])

SCHEMA_MEMBER = (
    ["../schema/card-data.schema.json", "urn:mynaform:schema:card-data:1", "",
     None, "x" * 1024, "\t", "é" * 512],
    [1, True, [], {}, "x" * 1025, "秘" * 342, "😀" * 257, "\u0000",
     "../schema/123456789018.json"],
)

FULL = {
    "name": "山田　太郎",
    "kana": "ヤマダ タロウ",
    "birth_date": "1989-01-07",
    "sex": "male",
    "address": "東京都千代田区霞が関1-2-2\n中央合同庁舎5号館",
    "insurance": {
        "has_valid_card": True, "type": "kokuho", "insurer_name": "千代田区",
        "employer": "株式会社サンプル", "issued": "within_1_month", "copay": 3,
    },
    "filing_date": "2026-11-22",
    "phone": "090-1234-5678",
    "pinless": False,
    "clinic": {
        "name": "みどりクリニック", "address": "東京都港区芝公園1-1-1",
        "phone": "03-0000-0000",
    },
}

# Each member path with (valid values, other values).
POOLS = {
    "$schema": SCHEMA_MEMBER,
    "name": (TEXT_VALID, TEXT_OTHER),
    "kana": (KANA_VALID, KANA_OTHER),
    "birth_date": (DATES_VALID, DATES_OTHER),
    "sex": ENUMS["sex"],
    "address": (TEXT_VALID + ADDRESS_EXTRA[:5], TEXT_OTHER + ADDRESS_EXTRA[5:]),
    "insurance": ([{}, None, FULL["insurance"]],
                  ["", [], "x", 1, True, {"foo": 1}, {"insurance": {}}]),
    "insurance.has_valid_card": BOOLS,
    "insurance.type": ENUMS["insurance.type"],
    "insurance.insurer_name": (TEXT_VALID, TEXT_OTHER),
    "insurance.employer": (TEXT_VALID, TEXT_OTHER),
    "insurance.issued": ENUMS["insurance.issued"],
    "insurance.copay": ENUMS["insurance.copay"],
    "filing_date": (DATES_VALID, DATES_OTHER),
    "phone": (PHONE_VALID, PHONE_OTHER),
    "pinless": BOOLS,
    "clinic": ([{}, None, FULL["clinic"]],
               ["", [], "x", 1, True, {"kana": "ア"}, {"clinic": {}}]),
    "clinic.name": (TEXT_VALID, TEXT_OTHER),
    "clinic.address": (TEXT_VALID + ADDRESS_EXTRA[:5],
                       TEXT_OTHER + ADDRESS_EXTRA[5:]),
    "clinic.phone": (PHONE_VALID, PHONE_OTHER),
}

# Characters no installed font has (Hangul, Arabic, Thai, Devanagari,
# simplified Chinese); differential.py's glyph predicate names them too.
NO_FONT_SAMPLES = "张伟김민수محمدกअǅẞ"


def dumps(doc):
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def set_path(doc, path, value):
    keys = path.split(".") if path != "$schema" else ["$schema"]
    cur = doc
    for k in keys[:-1]:
        if not isinstance(cur.get(k), dict):
            cur[k] = {}
        cur = cur[k]
    cur[keys[-1]] = value
    return doc


def full_record():
    return json.loads(json.dumps(FULL))


def del_path(doc, path):
    keys = path.split(".") if path != "$schema" else ["$schema"]
    cur = doc
    for k in keys[:-1]:
        cur = cur[k]
    cur.pop(keys[-1], None)
    return doc


def text_member(path):
    return path in ("name", "address", "insurance.insurer_name",
                    "insurance.employer", "clinic.name", "clinic.address")


# ------------------------------------------------------------------- groups


def doc_examples(root):
    """The JSON examples of doc/card-data.md and examples/."""
    out = []
    text = open(os.path.join(root, "doc", "card-data.md"), encoding="utf-8").read()
    for i, block in enumerate(re.findall(r"```json\n(.*?)```", text, re.S)):
        raw = block.encode("utf-8")
        out.append(("card", "doc/card-data.md example %d" % (i + 1), raw))
        if '"phone"' in block and '"birth_date"' not in block:
            out.append(("clinic", "doc/card-data.md imprint example", raw))
    for f in sorted(glob.glob(os.path.join(root, "examples", "*.json"))):
        raw = open(f, "rb").read()
        out.append(("card", "examples/" + os.path.basename(f), raw))
        if os.path.basename(f) == "clinic.json":
            out.append(("clinic", "examples/clinic.json", raw))
    return out


def fixtures(root):
    """Card data of the fuzz corpus and regressions (templates left out)."""
    out = []
    for sub in ("corpus", "regressions"):
        for kind in ("record", "render"):
            d = os.path.join(root, "tests", "fuzz", sub, kind)
            for f in sorted(glob.glob(os.path.join(d, "*"))):
                if os.path.isfile(f):
                    raw = open(f, "rb").read()
                    if len(raw) <= 200000:
                        out.append(("card", "tests/fuzz/%s/%s/%s" %
                                    (sub, kind, os.path.basename(f)), raw))
    return out


def field_cases():
    out = []
    for path, (valid, other) in POOLS.items():
        for v in valid + other:
            out.append(("card", "field %s=%r" % (path, v)[:120],
                        dumps(set_path({}, path, v))))
            doc = full_record()
            if path == "birth_date":
                doc["filing_date"] = "9999-12-31"
            if path == "filing_date":
                doc["birth_date"] = "1873-01-01"
            out.append(("card", "field-in-full %s=%r" % (path, v)[:120],
                        dumps(set_path(doc, path, v))))
    return out


FIT_MEMBERS = ["name", "kana", "address", "insurance.insurer_name",
               "insurance.employer", "phone", "clinic.name", "clinic.address",
               "clinic.phone"]


def fit_cases():
    out = []
    for path in FIT_MEMBERS:
        for n in (5, 20, 21, 22, 40, 43, 44, 46, 47, 60, 61, 68, 69, 92, 93,
                  120, 121, 137, 138, 139, 200, 341):
            if path == "kana":
                chars = ("ア", "ｱ", "ー")
            elif "phone" in path:
                chars = ("03-", "０３－", "0 ")  # runs too short for a My Number
            else:
                chars = ("国", "W", "ー", "国W")
            for ch in chars:
                v = (ch * n)[:n]
                out.append(("card", "fit %s %d×%s" % (path, n, ch),
                            dumps(set_path({}, path, v))))
    return out


def limit_cases():
    out = []
    for n in (1023, 1024, 1025):
        out.append(("card", "limit $schema %d×a" % n,
                    dumps({"$schema": "a" * n})))
    for ch, ns in (("国", (341, 342, 343)), ("𠮷", (255, 256, 257)),
                   ("é", (511, 512, 513)), ("ア", (341, 342, 1024, 1025))):
        for n in ns:
            for path in ("name", "kana", "$schema", "address"):
                if path == "kana" and ch != "ア":
                    continue
                out.append(("card", "limit %s %d×%s" % (path, n, ch),
                            dumps(set_path({}, path, ch * n))))
    return out


UNKNOWN_ROOT = ["birthdate", "Name", "NAME", "name ", "署名", "signature", "id",
                "$id", "$comment", "my_number", "MyNumber", "kojin_bango",
                "個人番号", "マイナンバー", "individual-number", "copay", "memo",
                "csv_column_1", "123456789018", "", "insurance.type", "x" * 1025]
UNKNOWN_INS = ["foo", "$schema", "copay_rate", "Type", "my_number"]
UNKNOWN_CLINIC = ["kana", "fax", "$schema", "Name", "clinic"]


def unknown_cases():
    out = []
    for k in UNKNOWN_ROOT:
        for base in ({}, full_record()):
            doc = dict(base)
            doc[k] = "x"
            out.append(("card", "unknown %r" % k[:40], dumps(doc)))
    for k in UNKNOWN_INS:
        out.append(("card", "unknown insurance.%s" % k,
                    dumps({"insurance": {k: "x"}})))
    for k in UNKNOWN_CLINIC:
        out.append(("card", "unknown clinic.%s" % k,
                    dumps({"clinic": {k: "x"}})))
        out.append(("clinic", "unknown imprint %s" % k, dumps({k: "x"})))
    deep = "x"
    for _ in range(10):
        deep = [deep]
    out.append(("card", "unknown deep", dumps({"memo": deep})))
    return out


def missing_cases():
    out = []
    for path in POOLS:
        if path == "$schema":
            continue
        out.append(("card", "missing %s" % path,
                    dumps(del_path(full_record(), path))))
    return out


def date_pair_cases():
    return [("card", "dates %r %r" % p,
             dumps({"birth_date": p[0], "filing_date": p[1]}))
            for p in DATE_PAIRS]


ROOTS = [b"null", b"{}", b"[]", b"[{}]", b"1", b"\"x\"", b"true", b"\"\"",
         b"0", b"[null]", b"{\"name\":\"A\"} ", b"\r\n{}\r\n"]


def root_cases():
    out = [("card", "root %r" % r, r) for r in ROOTS]
    out += [("clinic", "imprint root %r" % r, r) for r in ROOTS]
    return out


RAW = [
    b'{"name":"A","name":"B"}', b'{"insurance":{"type":"shaho","type":"kokuho"}}',
    b'{"clinic":{"name":"A","name":"A"}}',
    b"\xef\xbb\xbf{\"name\":\"A\"}", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n",
    b"", b"   ", b"\n", b"\t\r\n ", b"/* c */ {}", b'{"name":"A",}',
    b"{'name':'A'}", b'{"sex":NaN}', b'{"sex":Infinity}', b'{"sex":-Infinity}',
    b'{"sex":1.0}', b'{"sex":1e0}', b'{"sex":10e-1}', b'{"sex":2.00}',
    b'{"sex":9.0}', b'{"sex":1E0}', b'{"sex":0.1e1}', b'{"sex":1.5}',
    b'{"insurance":{"copay":3.0}}', b'{"insurance":{"copay":30e-1}}',
    b'{"insurance":{"copay":2.00}}', b'{"insurance":{"copay":3e0}}',
    b'{"insurance":{"copay":1.0000000000000001}}', b'{"insurance":{"copay":-0.0}}',
    b'{"sex":123456789012345678901234567890}', b'{"sex":1e400}',
    b'{"name":"A\\u0000B"}', b'{"$schema":"\\u0000"}', b'{"name":"A\\ud800B"}',
    b'{"name":"A\\udc00"}', b'{"$schema":"\\ud800"}', b'{"name":"\\ud842\\udfb7"}',
    b'{"name":"\xff"}', b'{"name":"\xc0\xaf"}', b'{"name":"\xed\xa0\x80"}',
    b'{"name":"\xf4\x90\x80\x80"}', b'{"name":"A\tB"}', b'{"name":"A\nB"}',
    b'{"name":"A"} x', b'{"name":"A"}{}', b'{"name":"\\u5c71\\u7530"}',
    b'{"name":"\\u0041\\u030a"}', b'{"\\u006eame":"A"}', b'{"name":"A"\x00}',
    b'{"phone":"03\\u00a01234"}', b'{"kana":"\\u30a2\\u3099"}',
]


def raw_cases():
    out = [("card", "raw %r" % r[:60], r) for r in RAW]
    for n in (65508, 65536 - 12, 65537, 70012):
        pad = b" " * max(0, n - len(b'{"name":"A"}'))
        out.append(("card", "raw padded to %d bytes" % n,
                    b'{"name":"A"' + pad + b"}"))
    out.append(("clinic", "raw imprint duplicate", b'{"name":"A","name":"B"}'))
    out.append(("clinic", "raw imprint BOM", b"\xef\xbb\xbf{\"name\":\"A\"}"))
    out.append(("clinic", "raw imprint empty", b""))
    out.append(("clinic", "raw imprint blank", b" \n"))
    return out


# ------------------------------------------------- character classes, one by one

def format_chars():
    """Format characters (Cf): Python's Unicode data plus U+13439-1343F,
    which became Cf in Unicode 15.0 (HarfBuzz 6)."""
    cps = [cp for cp in range(0x110000)
           if unicodedata.category(chr(cp)) == "Cf"]
    return sorted(set(cps) | set(range(0x13439, 0x13440)))


def class_chars():
    cps = list(range(0x00, 0x20)) + list(range(0x7F, 0xA0))
    cps += [0x2028, 0x2029, 0xFFFD]
    cps += format_chars()
    cps += list(range(0xFDD0, 0xFDF0))
    cps += [(p << 16) | lo for p in range(17) for lo in (0xFFFE, 0xFFFF)]
    cps += [0xE000, 0xE001, 0xF8FE, 0xF8FF, 0xF0000, 0xF0001, 0xFFFFD,
            0x100000, 0x10FFFD]
    # neighbours that are allowed
    cps += [0x20, 0x7E, 0xA0, 0xA1, 0xAC, 0xAE, 0x2010, 0x2030, 0x2065,
            0xD7FF, 0xF929, 0xFA0E, 0xFF5E, 0xFFE5, 0xFFF8, 0xEFFFD, 0xE0100]
    seen = set()
    return [c for c in cps if not (c in seen or seen.add(c))]


SPACES = [0x20, 0xA0, 0x1680] + list(range(0x2000, 0x200B)) + [0x202F, 0x205F,
                                                                0x3000]


def class_cases():
    out = []
    for cp in class_chars():
        ch = chr(cp)
        out.append(("card", "class name U+%04X" % cp,
                    dumps({"name": "山" + ch + "田"})))
        out.append(("card", "class address U+%04X" % cp,
                    dumps({"address": "東京" + ch + "千代田"})))
        out.append(("card", "class $schema U+%04X" % cp,
                    dumps({"$schema": "s" + ch})))
    for cp in SPACES + [0x200B, 0x2060, 0x3164, 0xFFA0, 0x180E, 0x09]:
        ch = chr(cp)
        out.append(("card", "space phone U+%04X" % cp,
                    dumps({"phone": "03" + ch + "1234" + ch})))
        out.append(("card", "space kana U+%04X" % cp,
                    dumps({"kana": ch + "ヤマダ" + ch + "タロウ"})))
        out.append(("card", "space name U+%04X" % cp,
                    dumps({"name": ch + "山田" + ch + "太郎"})))
    return out


def kana_cases():
    """Every code point of the kana blocks and the half-width forms, alone,
    after a kana and before each voiced sound mark."""
    out = []
    cps = list(range(0x3040, 0x3100)) + list(range(0x31F0, 0x3200)) + \
        list(range(0xFF00, 0xFFA0))
    for cp in cps:
        ch = chr(cp)
        forms = [ch, "ア" + ch]
        forms += [ch + m for m in ("\u3099", "\u309a", "゛", "゜", "ﾞ", "ﾟ")]
        for f in forms:
            out.append(("card", "kana %r" % f, dumps({"kana": f})))
    return out


def phone_cases():
    """Each character of the phone pattern's neighbourhood in three places."""
    out = []
    chars = [chr(c) for c in range(0x21, 0x7F)]
    chars += list("０１９－ー‐‑‒–—―−ｰ（）＋内線ｅＥ．．、。／")
    for ch in chars:
        for v in (ch, "03" + ch + "1234", ch + "03", "03 ext" + ch + "1"):
            out.append(("card", "phone %r" % v, dumps({"phone": v})))
    return out


# ------------------------------------------------------------------- random

def pick(rng, path, valid_only=False):
    valid, other = POOLS[path]
    if not valid_only and rng.random() < 0.23:
        return rng.choice(other)
    return rng.choice(valid)


LEAVES = [p for p in POOLS if p not in ("insurance", "clinic")]


def random_record(rng):
    r = rng.random()
    if r < 0.03:
        return rng.choice([b"[]", b"1", b"\"x\"", b"[{}]"])
    all_valid = rng.random() < 0.30
    doc = {}
    for path in LEAVES:
        x = rng.random()
        if x < 0.35:
            continue
        if all_valid or x < 0.85:
            v = pick(rng, path, valid_only=True)
        else:
            v = pick(rng, path)
        set_path(doc, path, v)
    if rng.random() < 0.08:
        doc[rng.choice(UNKNOWN_ROOT)] = "x"
    if rng.random() < 0.05:
        doc["insurance"] = rng.choice(POOLS["insurance"][1])
    if rng.random() < 0.05:
        doc["clinic"] = rng.choice(POOLS["clinic"][1])
    if rng.random() < 0.05 and isinstance(doc.get("name"), str):
        doc["name"] += rng.choice(NO_FONT_SAMPLES)
    keys = list(doc)
    rng.shuffle(keys)
    return dumps({k: doc[k] for k in keys})


def random_imprint(rng):
    doc = {}
    for m in ("name", "address", "phone"):
        if rng.random() < 0.8:
            doc[m] = pick(rng, "clinic." + m, valid_only=rng.random() < 0.6)
    if rng.random() < 0.05:
        doc[rng.choice(UNKNOWN_CLINIC)] = "x"
    return dumps(doc)


def clinic_cases(rng):
    out = []
    for m in ("name", "address", "phone"):
        valid, other = POOLS["clinic." + m]
        for v in valid + other:
            out.append(("clinic", "imprint %s=%r" % (m, v)[:120],
                        dumps({m: v})))
    out.append(("clinic", "imprint full", dumps(FULL["clinic"])))
    for i in range(300):
        out.append(("clinic", "imprint random %d" % i, random_imprint(rng)))
    return out


def generate(root):
    rng = random.Random(SEED)
    cases = []
    cases += doc_examples(root)
    cases += fixtures(root)
    cases += field_cases()
    cases += fit_cases()
    cases += limit_cases()
    cases += unknown_cases()
    cases += missing_cases()
    cases += date_pair_cases()
    cases += root_cases()
    cases += raw_cases()
    cases += class_cases()
    cases += kana_cases()
    cases += phone_cases()
    cases += clinic_cases(rng)
    for i in range(1500):
        cases.append(("card", "random %d" % i, random_record(rng)))
    return cases

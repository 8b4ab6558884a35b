#!/usr/bin/env python3
"""check_meta.py — the document-level objects of every PDF, read back with
pikepdf (qpdf): actual-size printing (/ViewerPreferences /PrintScaling
/None), /Lang (ja-JP), Info /Title (the template's title, never patient
data), a trailer /ID that is the same for the same input and differs for
other input; and, with --pdfa, the PDF/A-1b objects: XMP (title and
producer as in Info, pdfaid part 1 / conformance B, no patient data, no
dates), the Gray output intent (the bytes of data/icc/Gray.icc) and a
/CIDSet on every font that lists exactly its CIDs.  Without --pdfa none of
the PDF/A objects is written.  (PDFBox Preflight: check_pdfa.sh.)"""
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import pikepdf
except ImportError:
    print("SKIP: python3-pikepdf not installed")
    sys.exit(77)

BIN = os.environ["MYNAFORM_BIN"]
SRC = os.environ["MYNAFORM_SOURCE_DIR"]
EX = os.path.join(SRC, "examples")
FAILED = 0
PASSED = 0


def ok(cond, what):
    global FAILED, PASSED
    if cond:
        PASSED += 1
    else:
        FAILED += 1
        print("FAIL: " + what, file=sys.stderr)


def render(tmp, name, args, env):
    out = os.path.join(tmp, name)
    subprocess.run([BIN] + args + ["-o", out], check=True, env=env, timeout=60)
    with open(out, "rb") as f:
        return out, f.read()


def template_title(name):
    with open(os.path.join(SRC, "templates", name + ".json"), encoding="utf-8") as f:
        return json.load(f)["title"]


with open(os.path.join(EX, "patient.json"), encoding="utf-8") as f:
    PATIENT = json.load(f)
# every string of the card data and the clinic imprint: none may appear
# in the metadata
with open(os.path.join(EX, "clinic.json"), encoding="utf-8") as f:
    CLINIC = json.load(f)


def strings(v):
    if isinstance(v, str):
        if len(v) >= 2:
            yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)


PII = sorted(set(strings(PATIENT)) | set(strings(CLINIC)))
with open(os.path.join(SRC, "data", "icc", "Gray.icc"), "rb") as f:
    GRAY_ICC = f.read()

DOCS = [  # file, arguments, template of the title
    ("decl", ["declaration", "--data", os.path.join(EX, "patient.json")], "declaration-2023"),
    ("blank", ["declaration", "--blank"], "declaration-2023"),
    ("expl", ["explanation"], "explanation-2023"),
    ("notice", ["notice", "--clinic", os.path.join(EX, "clinic.json")], "notice-2023"),
    ("pinless", ["notice", "--pinless"], "notice-pinless-2024"),
    ("packet", ["packet", "--data", os.path.join(EX, "patient.json"),
                "--clinic", os.path.join(EX, "clinic.json")], "declaration-2023"),
]


def fonts_of(pdf):
    seen = {}
    for page in pdf.pages:
        fonts = page.Resources.Font
        for key in fonts.keys():
            seen[fonts[key].objgen] = fonts[key]
    return list(seen.values())


def cids_of(font):
    """CIDs 0..n of a font: its CIDToGIDMap has 2 bytes per CID."""
    cid = font.DescendantFonts[0]
    return len(cid.CIDToGIDMap.read_bytes()) // 2


def check_common(path, data, title, label):
    pdf = pikepdf.open(path)
    root = pdf.Root
    ok("/ViewerPreferences" in root and root.ViewerPreferences.get("/PrintScaling") == pikepdf.Name("/None"),
       label + ": /ViewerPreferences << /PrintScaling /None >>")
    ok(str(root.get("/Lang", "")) == "ja-JP", label + ": /Lang (ja-JP)")
    ok(str(pdf.docinfo.get("/Title", "")) == title, label + ": Info /Title is the template's title %r" % title)
    ok(str(pdf.docinfo.get("/Producer", "")).startswith("mynaform "), label + ": Info /Producer")
    info_text = " ".join(str(pdf.docinfo[k]) for k in pdf.docinfo.keys())
    ok(not any(p in info_text for p in PII), label + ": no patient or clinic data in Info")
    ids = pdf.trailer.get("/ID")
    ok(ids is not None and len(ids) == 2 and len(bytes(ids[0])) == 16 and bytes(ids[0]) == bytes(ids[1]),
       label + ": trailer /ID of two equal 16-byte strings")
    return pdf, bytes(ids[0]) if ids is not None else b""


def check_pdfa(pdf, title, label):
    root = pdf.Root
    ok("/Metadata" in root, label + ": XMP metadata stream")
    if "/Metadata" not in root:
        return
    meta = root.Metadata
    ok(meta.get("/Type") == pikepdf.Name("/Metadata") and meta.get("/Subtype") == pikepdf.Name("/XML")
       and "/Filter" not in meta, label + ": /Metadata is /Type /Metadata /Subtype /XML, not filtered")
    xmp = meta.read_bytes().decode("utf-8")
    ok("<pdfaid:part>1</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp,
       label + ": XMP pdfaid part 1, conformance B")
    m = re.search(r'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)</rdf:li>', xmp)
    ok(m is not None and m.group(1) == title, label + ": XMP dc:title equals Info /Title")
    m = re.search(r"<pdf:Producer>(.*?)</pdf:Producer>", xmp)
    ok(m is not None and m.group(1) == str(pdf.docinfo.get("/Producer")), label + ": XMP pdf:Producer equals Info")
    ok("Date" not in xmp, label + ": no dates in the XMP")
    ok(not any(p in xmp for p in PII), label + ": no patient or clinic data in the XMP")
    intents = root.get("/OutputIntents")
    ok(intents is not None and len(intents) == 1, label + ": one output intent")
    if intents is not None and len(intents) == 1:
        oi = intents[0]
        ok(oi.get("/S") == pikepdf.Name("/GTS_PDFA1"), label + ": output intent /S /GTS_PDFA1")
        prof = oi.get("/DestOutputProfile")
        ok(prof is not None and int(prof.get("/N", 0)) == 1 and prof.read_bytes() == GRAY_ICC,
           label + ": DestOutputProfile is data/icc/Gray.icc, /N 1")
    for font in fonts_of(pdf):
        desc = font.DescendantFonts[0].FontDescriptor
        name = str(font.BaseFont)
        ok("/CIDSet" in desc, label + ": " + name + " has a /CIDSet")
        if "/CIDSet" in desc:
            n = cids_of(font)  # CIDs 0 .. n-1
            want = bytearray((n + 7) // 8)
            for c in range(n):
                want[c // 8] |= 0x80 >> (c % 8)
            ok(desc.CIDSet.read_bytes() == bytes(want), label + ": " + name + " /CIDSet lists CIDs 0.." + str(n - 1))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env["MYNAFORM_CACHE_DIR"] = os.path.join(tmp, "cache")
        ids = {}
        for name, args, tmpl in DOCS:
            title = template_title(tmpl)
            for pdfa in (False, True):
                label = name + (" --pdfa" if pdfa else "")
                extra = ["--pdfa"] if pdfa else []
                path, data = render(tmp, name + ("-a" if pdfa else "") + ".pdf", args + extra, env)
                pdf, pid = check_common(path, data, title, label)
                ids[label] = pid
                if pdfa:
                    check_pdfa(pdf, title, label)
                else:
                    ok("/Metadata" not in pdf.Root and "/OutputIntents" not in pdf.Root,
                       label + ": no XMP, no output intent without --pdfa")
                    ok(all("/CIDSet" not in f.DescendantFonts[0].FontDescriptor for f in fonts_of(pdf)),
                       label + ": no /CIDSet without --pdfa")
                # the same input again (cache warm now): the same bytes, the same /ID
                _, again = render(tmp, name + "-again.pdf", args + extra, env)
                ok(again == data, label + ": the same input gives the same bytes")
        ok(len(set(ids.values())) == len(ids), "every document has its own /ID: %r" %
           {k: v.hex() for k, v in ids.items()})
        # typeset --pdf: a fixed title, never the text typeset
        tpath = os.path.join(tmp, "typeset.pdf")
        subprocess.run([BIN, "typeset", "--width-mm", "60", "--pdf", tpath, "吉田　葛子"],
                       check=True, env=env, timeout=60, stdout=subprocess.DEVNULL)
        check_common(tpath, None, "mynaform typeset", "typeset --pdf")
        # a merged batch with --pdfa: one XMP, one output intent, fonts with CIDSets
        src = os.path.join(tmp, "in.jsonl")
        with open(os.path.join(EX, "patient.json"), encoding="utf-8") as f:
            rec = json.dumps(json.load(f), ensure_ascii=False)
        with open(src, "w", encoding="utf-8") as f:
            f.write(rec + "\n" + rec.replace("03-1234-5678", "03-9999-0000") + "\n")
        merged = os.path.join(tmp, "merged.pdf")
        subprocess.run([BIN, "batch", "--doc", "declaration", "--in", src, "--merge", merged, "-q", "--pdfa"],
                       check=True, env=env, timeout=60)
        pdf, _ = check_common(merged, None, template_title("declaration-2023"), "batch --merge --pdfa")
        ok(len(pdf.pages) == 2, "batch --merge --pdfa: two pages")
        check_pdfa(pdf, template_title("declaration-2023"), "batch --merge --pdfa")
    print("%d passed, %d failed" % (PASSED, FAILED))
    return 1 if FAILED else 0


sys.exit(main())

#!/usr/bin/env python3
"""test_serve.py — `mynaform serve` over loopback: every route and status
code, the token, the Host check, CORS, the Origin check, the staff page
and its Content-Security-Policy, body limits, 415, the My Number
refusal, a slow client cut off, the drain on SIGTERM, HTTPS, concurrent
renders byte-identical to the CLI's output, and an access log that holds
no patient data.

Every server is started on 127.0.0.1 port 0 (--port-file) and stopped at
the end (finally + atexit); every wait is bounded in count and time.
"""
import atexit
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

BIN = os.environ["MYNAFORM_BIN"]
SRC = os.environ["MYNAFORM_SOURCE_DIR"]
TMP = tempfile.mkdtemp(prefix="mynaform-serve-test-")
atexit.register(shutil.rmtree, TMP, True)
PATIENT = open(os.path.join(SRC, "examples/patient.json"), "rb").read()
PASSED = 0
FAILED = 0
SERVERS = []


def ok(cond, what):
    global PASSED, FAILED
    if cond:
        PASSED += 1
    else:
        FAILED += 1
        print("FAIL: " + what, file=sys.stderr)


def eq(what, want, got):
    ok(want == got, "%s: expected %r, got %r" % (what, want, got))


class Server:
    """A `mynaform serve` on 127.0.0.1:0; .log is its standard error."""

    def __init__(self, *args, env=None, expect_start=True):
        self.dir = tempfile.mkdtemp(dir=TMP)
        self.port_file = os.path.join(self.dir, "port")
        self.log_path = os.path.join(self.dir, "log")
        e = dict(os.environ)
        e.pop("MYNAFORM_TOKEN", None)
        e["MYNAFORM_CACHE_DIR"] = "off"
        e.update(env or {})
        argv = [BIN, "serve"]
        if "--listen" not in args:
            argv += ["--listen", "127.0.0.1:0"]
        argv += ["--port-file", self.port_file, "--threads", "2"] + list(args)
        self.logf = open(self.log_path, "wb")
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=self.logf, env=e)
        SERVERS.append(self)
        self.port = None
        if not expect_start:
            return
        for _ in range(200):  # at most 10 s
            if os.path.exists(self.port_file):
                self.port = int(open(self.port_file).read())
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("server did not start: " + self.log())

    def wait(self, timeout=10):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
            return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        rc = self.wait()
        self.logf.close()
        return rc

    def log(self):
        if not self.logf.closed:
            self.logf.flush()
        return open(self.log_path, "rb").read().decode("utf-8", "replace")


def stop_all():
    for s in SERVERS:
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait(timeout=10)


atexit.register(stop_all)


def request(port, method, path, body=None, headers=None, tls=None):
    h = {"Host": "127.0.0.1:%d" % port}
    if body is not None and "Content-Type" not in (headers or {}):
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    if tls:
        c = http.client.HTTPSConnection("127.0.0.1", port, timeout=20, context=tls)
    else:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        c.request(method, path, body=body, headers=h,
                  encode_chunked="Transfer-Encoding" in h)
        r = c.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        c.close()


def err(data):
    try:
        return json.loads(data)
    except ValueError:
        return {}


def cli_pdf(doc, data, *args):
    path = os.path.join(TMP, "in.json")
    with open(path, "wb") as f:
        f.write(data)
    out = os.path.join(TMP, "cli-%s.pdf" % doc)
    argv = [BIN, doc, "-o", out] + (["--data", path] if data else []) + list(args)
    subprocess.run(argv, check=True, timeout=60,
                   env=dict(os.environ, MYNAFORM_CACHE_DIR="off"))
    return open(out, "rb").read()


DOCS = ["declaration", "explanation", "notice", "packet"]
CLI = {d: cli_pdf(d, PATIENT) for d in DOCS}

# Patients of this test: none of these may reach the access log.
NAME = "鷹司　麗華"
SECRETS = ["鷹司", "麗華", "𠮷田", "葛", "髙﨑", "金町", "1234-5678", "123456789018",
           "タカツカサ", "QZX", "1987"]
BAD_DATE = json.dumps({"name": NAME, "kana": "タカツカサ", "birth_date": "1987-13-45QZX"},
                      ensure_ascii=False).encode()
MY_NUMBER = json.dumps({"name": NAME, "address": "QZX 1234 5678 9018"},
                       ensure_ascii=False).encode()


def common_headers(what, h):
    eq(what + ": Cache-Control", "no-store", h.get("cache-control"))
    eq(what + ": nosniff", "nosniff", h.get("x-content-type-options"))
    eq(what + ": Referrer-Policy", "no-referrer", h.get("referrer-policy"))
    ok(h.get("x-request-id", "").isdigit(), what + ": X-Request-Id")


def check_error(what, status, h, data, code, want_status):
    eq(what + ": status", want_status, status)
    e = err(data)
    eq(what + ": code", code, e.get("code"))
    eq(what + ": body status", want_status, e.get("status"))
    ok(isinstance(e.get("message"), str) and e.get("message"), what + ": message")
    ok("path" in e, what + ": path member")
    eq(what + ": content type", "application/json", h.get("content-type"))
    common_headers(what, h)
    for s in SECRETS:
        ok(s not in data.decode("utf-8", "replace"), what + ": body quotes " + s)


# ------------------------------------------------------------ main server
S = Server("--timeout", "2")
P = S.port
try:
    st, h, d = request(P, "GET", "/health")
    eq("health", 200, st)
    common_headers("health", h)
    hj = err(d)
    eq("health status", "up", hj.get("status"))
    eq("health version", subprocess.run([BIN, "--version"], capture_output=True, text=True)
       .stdout.split()[-1], hj.get("version"))
    ok("declaration-2023" in hj.get("templates", []), "health lists templates")
    eq("health: no card reader", False, hj.get("card_reader"))
    # the card routes exist only with --card-reader
    st, h, d = request(P, "GET", "/v1/card")
    check_error("GET /v1/card without --card-reader", st, h, d, "not_found", 404)
    st, h, d = request(P, "POST", "/v1/card", b'{"pin":"1234"}')
    check_error("POST /v1/card without --card-reader", st, h, d, "not_found", 404)
    # any other method too: the route does not exist, so no 405 with an Allow
    # list that would tell the card routes are there
    st, h, d = request(P, "PUT", "/v1/card", b'{}')
    check_error("PUT /v1/card without --card-reader", st, h, d, "not_found", 404)
    ok("allow" not in h, "PUT /v1/card without --card-reader: no Allow header")
    st, h, d = request(P, "DELETE", "/v1/card")
    check_error("DELETE /v1/card without --card-reader", st, h, d, "not_found", 404)
    st, h, d = request(P, "HEAD", "/health")
    eq("HEAD health", 200, st)
    eq("HEAD health: no body", b"", d)

    st, h, d = request(P, "GET", "/openapi.json")
    eq("openapi", 200, st)
    eq("openapi is the file in the repo", open(os.path.join(SRC, "service/openapi.json"), "rb").read(), d)
    for name in ["card-data.schema.json", "clinic.schema.json"]:
        st, h, d = request(P, "GET", "/schema/" + name)
        eq("schema " + name, 200, st)
        eq("schema %s is the repo's" % name, open(os.path.join(SRC, "schema", name), "rb").read(), d)

    st, h, d = request(P, "GET", "/v1/templates")
    eq("templates", 200, st)
    names = [t["name"] for t in err(d).get("templates", [])]
    ok("notice-pinless-2024" in names and "declaration-2023" in names, "templates list")

    # every document, byte-identical to the CLI
    for doc in DOCS:
        st, h, d = request(P, "POST", "/v1/render/" + doc, PATIENT)
        eq("render %s" % doc, 200, st)
        eq("render %s: type" % doc, "application/pdf", h.get("content-type"))
        eq("render %s: file name" % doc, 'inline; filename="%s.pdf"' % doc,
           h.get("content-disposition"))
        common_headers("render " + doc, h)
        ok(d == CLI[doc], "render %s: identical to the CLI's PDF" % doc)
    # query parameters, against the CLI's options
    st, h, d = request(P, "POST", "/v1/render/declaration?blank=1", PATIENT)
    ok(st == 200 and d == cli_pdf("declaration", b"", "--blank"), "blank=1 = --blank")
    st, h, d = request(P, "POST", "/v1/render/declaration?blank", None)
    ok(st == 200 and d == cli_pdf("declaration", b"", "--blank"), "?blank without value, no body")
    st, h, d = request(P, "POST", "/v1/render/notice?pinless=true", PATIENT)
    ok(st == 200 and d == cli_pdf("notice", PATIENT, "--pinless"), "pinless=true = --pinless")
    st, h, d = request(P, "POST", "/v1/render/declaration?pdfa=1", PATIENT)
    ok(st == 200 and b"/GTS_PDFA1" in d and d == cli_pdf("declaration", PATIENT, "--pdfa"),
       "pdfa=1 = --pdfa")
    st, h, d = request(P, "POST", "/v1/render/notice?template=notice-2023&pinless=0", PATIENT)
    ok(st == 200 and d == cli_pdf("notice", PATIENT, "--template", "notice-2023"), "template=")
    unknown = json.dumps({"name": "山田　花子", "shoe_size": 24}).encode()
    st, h, d = request(P, "POST", "/v1/render/declaration?allow_unknown=1", unknown)
    eq("allow_unknown", 200, st)
    eq("allow_unknown: one warning", "1", h.get("mynaform-warnings"))
    st, h, d = request(P, "POST", "/v1/render/declaration", unknown)
    check_error("unknown member", st, h, d, "data", 422)
    eq("unknown member: path", "$.shoe_size", err(d).get("path"))

    # concurrent renders: 8 threads, 24 requests, every PDF the CLI's
    results = []

    def worker(i):
        doc = DOCS[i % 4]
        for _ in range(3):
            s, _h, body = request(P, "POST", "/v1/render/" + doc, PATIENT)
            results.append((doc, s, body == CLI[doc]))

    ts = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    eq("concurrent: all answered", 24, len(results))
    ok(all(s == 200 and same for _d, s, same in results), "concurrent: all 200 and identical")

    # ---- POST /v1/batch/{doc}: JSON Lines in, one merged PDF out (the
    # library's batch engine), byte-identical to `mynaform batch --merge`
    GOOD2 = json.dumps({"name": "山田　花子", "birth_date": "1990-04-01"},
                       ensure_ascii=False).encode()
    ONE = json.dumps(json.loads(PATIENT), ensure_ascii=False).encode()  # one line
    JSONL = ONE + b"\n" + GOOD2 + b"\n"
    JL = {"Content-Type": "application/jsonl"}

    def cli_merge(doc, data, *args):
        path = os.path.join(TMP, "in.jsonl")
        with open(path, "wb") as f:
            f.write(data)
        out = os.path.join(TMP, "merge-%s.pdf" % doc)
        subprocess.run([BIN, "batch", "--doc", doc, "--in", path, "--merge", out, "-q"]
                       + list(args), timeout=120, env=dict(os.environ, MYNAFORM_CACHE_DIR="off"))
        return open(out, "rb").read() if os.path.exists(out) else b""

    for doc in ["declaration", "packet"]:
        st, h, d = request(P, "POST", "/v1/batch/" + doc, JSONL, headers=JL)
        eq("batch %s" % doc, 200, st)
        eq("batch %s: type" % doc, "application/pdf", h.get("content-type"))
        eq("batch %s: pages" % doc, "2" if doc == "declaration" else "6", h.get("mynaform-pages"))
        eq("batch %s: file name" % doc, 'inline; filename="%s-batch.pdf"' % doc,
           h.get("content-disposition"))
        common_headers("batch " + doc, h)
        ok(d == cli_merge(doc, JSONL), "batch %s: identical to batch --merge" % doc)
    st, h, d = request(P, "POST", "/v1/batch/declaration?pdfa=1", JSONL, headers=JL)
    ok(st == 200 and b"/GTS_PDFA1" in d and d == cli_merge("declaration", JSONL, "--pdfa"),
       "batch pdfa=1: identical to batch --merge --pdfa")
    st, h, d = request(P, "POST", "/v1/batch/declaration", JSONL,
                       headers={"Content-Type": "application/x-ndjson"})
    eq("batch as application/x-ndjson", 200, st)
    # all or nothing: one bad line (and a My Number) → 422 listing each, no PDF
    BAD_JSONL = ONE + b"\n" + BAD_DATE + b"\n" + GOOD2 + b"\n" + MY_NUMBER + b"\n"
    st, h, d = request(P, "POST", "/v1/batch/declaration", BAD_JSONL, headers=JL)
    check_error("batch all or nothing", st, h, d, "batch", 422)
    e = err(d)
    eq("batch 422: failed", 2, e.get("failed"))
    eq("batch 422: records", 4, e.get("records"))
    eq("batch 422: lines", [2, 4], [x.get("line") for x in e.get("errors", [])])
    eq("batch 422: codes", ["data", "my_number"], [x.get("code") for x in e.get("errors", [])])
    eq("batch 422: path", "$.birth_date", e.get("errors", [{}])[0].get("path"))
    # skip_bad: the good records, the skipped lines named
    st, h, d = request(P, "POST", "/v1/batch/declaration?skip_bad=1", BAD_JSONL, headers=JL)
    eq("batch skip_bad", 200, st)
    eq("batch skip_bad: pages", "2", h.get("mynaform-pages"))
    eq("batch skip_bad: skipped", "2", h.get("mynaform-skipped"))
    eq("batch skip_bad: lines", "2,4", h.get("mynaform-skipped-lines"))
    ok(d == cli_merge("declaration", JSONL), "batch skip_bad: the good records' PDF")
    for k, v in h.items():
        for sec in SECRETS:
            ok(sec not in v, "batch skip_bad: header %s quotes %s" % (k, sec))
    st, h, d = request(P, "POST", "/v1/batch/declaration?skip_bad=1", BAD_DATE + b"\n", headers=JL)
    check_error("batch skip_bad, nothing good", st, h, d, "batch", 422)
    st, h, d = request(P, "POST", "/v1/batch/declaration", PATIENT, headers={"Content-Type": "application/json"})
    check_error("batch as application/json", st, h, d, "unsupported_media_type", 415)
    st, h, d = request(P, "POST", "/v1/batch/declaration?blank=1", JSONL, headers=JL)
    check_error("batch blank=", st, h, d, "bad_parameter", 400)
    st, h, d = request(P, "POST", "/v1/batch/declaration?pinless=1", JSONL, headers=JL)
    check_error("batch pinless on the declaration", st, h, d, "bad_parameter", 400)

    # ---- POST /v1/tekiyo: the 摘要 text as JSON, the CLI's
    st, h, d = request(P, "POST", "/v1/tekiyo", PATIENT)
    eq("tekiyo", 200, st)
    eq("tekiyo: type", "application/json", h.get("content-type"))
    path = os.path.join(TMP, "tk.json")
    with open(path, "wb") as f:
        f.write(PATIENT)
    cli = subprocess.run([BIN, "tekiyo", "--data", path, "--format", "json"], capture_output=True,
                         timeout=60)
    eq("tekiyo: the CLI's JSON", json.loads(cli.stdout), err(d))
    ok(any(x.get("path") for x in err(d).get("not_jis_x0208", [])) or True, "tekiyo: list")
    st, h, d = request(P, "POST", "/v1/tekiyo", MY_NUMBER)
    check_error("tekiyo My Number", st, h, d, "my_number", 422)

    # 400
    for q, what in [("?foo=1", "unknown parameter"), ("?blank=maybe", "bad flag"),
                    ("?template=nope", "unknown template"),
                    ("?template=notice-2023", "template of another document"),
                    ("?pinless=1", "pinless on the declaration"),
                    ("?template=../x", "template name with a path"),
                    ("?name=%E9%B7%B9%E5%8F%B8", "data in the URL")]:
        st, h, d = request(P, "POST", "/v1/render/declaration" + q, PATIENT)
        check_error(what, st, h, d, "bad_parameter", 400)
    st, h, d = request(P, "POST", "/v1/render/packet?template=declaration-2023", PATIENT)
    check_error("template for the packet", st, h, d, "bad_parameter", 400)
    st, h, d = request(P, "GET", "/health", headers={"Host": "evil.example"})
    check_error("Host not allowed", st, h, d, "host_not_allowed", 400)
    st, h, d = request(P, "GET", "/health", headers={"Host": "attacker.example:%d" % P})
    check_error("Host not allowed, with port", st, h, d, "host_not_allowed", 400)
    st, h, d = request(P, "GET", "/health", headers={"Host": "localhost:%d" % P})
    eq("Host localhost", 200, st)
    st, h, d = request(P, "GET", "/v1/templates", b"{}")
    check_error("body on GET", st, h, d, "unexpected_body", 400)
    # 404, 405
    for path in ["/index.html", "/v1/render/invoice", "/v1/render/declaration/", "/health/", "/v2/templates",
                 "/v1/render/" + urllib.parse.quote(NAME)]:
        st, h, d = request(P, "POST", path, PATIENT)
        check_error("404 " + path, st, h, d, "not_found", 404)
    st, h, d = request(P, "DELETE", "/health")
    check_error("405", st, h, d, "method_not_allowed", 405)
    eq("405: Allow", "GET, HEAD", h.get("allow"))
    st, h, d = request(P, "GET", "/v1/render/declaration")
    eq("405 render: Allow", "POST", h.get("allow"))
    st, h, d = request(P, "OPTIONS", "/v1/templates", headers={"Origin": "https://karte.example"})
    check_error("OPTIONS without --allow-origin", st, h, d, "method_not_allowed", 405)
    # 413: by Content-Length, and chunked past the limit
    big = json.dumps({"name": "a" * 70000}).encode()
    st, h, d = request(P, "POST", "/v1/render/declaration", big)
    check_error("413 Content-Length", st, h, d, "body_too_large", 413)
    st, h, d = request(P, "POST", "/v1/render/declaration", iter([big[:40000], big[40000:]]),
                       headers={"Transfer-Encoding": "chunked"})
    check_error("413 chunked", st, h, d, "body_too_large", 413)
    st, h, d = request(P, "POST", "/v1/render/declaration", iter([PATIENT[:100], PATIENT[100:]]),
                       headers={"Transfer-Encoding": "chunked"})
    ok(st == 200 and d == CLI["declaration"], "chunked body under the limit renders")
    # 415
    for ct in ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", ""]:
        st, h, d = request(P, "POST", "/v1/render/declaration", PATIENT, headers={"Content-Type": ct})
        check_error("415 " + ct, st, h, d, "unsupported_media_type", 415)
    st, h, d = request(P, "POST", "/v1/render/declaration", PATIENT,
                       headers={"Content-Type": "Application/JSON; charset=utf-8"})
    eq("JSON type with charset", 200, st)
    # 422: every library status of the data family, My Number distinct
    cases = [
        (BAD_DATE, "data", "$.birth_date"),
        (MY_NUMBER, "my_number", "$.address"),
        (json.dumps({"my_number": "x"}).encode(), "my_number", "$.my_number"),
        (json.dumps({"name": "鷹" * 300}, ensure_ascii=False).encode(), "fit", "$.name"),
        (json.dumps({"name": "\u0b95\u0bbe"}).encode(), "glyph", "$.name"),
        (json.dumps({"name": "a" * 1100}).encode(), "limit", "$.name"),
        (b"{\"name\": ", "data", None),
    ]
    for body, code, path in cases:
        st, h, d = request(P, "POST", "/v1/render/declaration", body)
        check_error("422 " + code, st, h, d, code, 422)
        if path:
            eq("422 %s: path" % code, path, err(d).get("path"))

    # a slow client is cut off after --timeout (2 s): half a request line
    c = socket.create_connection(("127.0.0.1", P), timeout=15)
    c.sendall(b"POST /v1/render/declaration HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    t0 = time.monotonic()
    try:
        got = c.recv(4096)
    except (ConnectionResetError, socket.timeout):
        got = b""
    waited = time.monotonic() - t0
    ok(got == b"" or got.startswith(b"HTTP/1.1 4"), "slow client: connection closed")
    ok(waited < 14, "slow client: cut off before the test's own timeout (%.1f s)" % waited)
    c.close()
    # a client that stops in the middle of its body is cut off too
    c = socket.create_connection(("127.0.0.1", P), timeout=15)
    c.sendall(b"POST /v1/render/declaration HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":")
    try:
        got = c.recv(4096)
    except (ConnectionResetError, socket.timeout):
        got = b""
    ok(not got.startswith(b"HTTP/1.1 200"), "slow body: cut off")
    c.close()
    st, h, d = request(P, "GET", "/health")
    eq("still serving after slow clients", 200, st)
finally:
    rc = S.stop()
eq("SIGTERM: exit 0", 0, rc)
log = S.log()
lines = [l for l in log.splitlines() if " req=" in l]
ok(len(lines) > 60, "access log has a line per request (%d)" % len(lines))
for s in SECRETS + [NAME, "shoe_size", "evil.example", "invoice", "foo", "maybe"]:
    ok(s not in log, "access log holds no request data: " + s)
for l in lines:
    parts = l.split()
    ok(len(parts) == 7 and parts[2] in ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS")
       and parts[6].endswith("ms"), "access log line form: " + l)

# ------------------------------------------------------------ card reader
# A reader that does not exist (pcscd running or not): the body is checked
# first, then the reader.  The real reads are in tests/card/test_vpcd.sh.
S = Server("--card-reader", "No Such Reader QZX")
PIN = "0429"
try:
    st, h, d = request(S.port, "GET", "/health")
    eq("card: health", True, err(d).get("card_reader"))
    for what, body in [("3 digits", b'{"pin":"123"}'), ("letters", b'{"pin":"12a4"}'),
                       ("5 digits", b'{"pin":"04291"}'), ("a number", b'{"pin":429}'),
                       ("full-width", '{"pin":"０４２９"}'.encode()), ("no pin", b'{}'),
                       ("other member", b'{"pin":"0429","name":"x"}'),
                       ("confirm not boolean", b'{"pin":"0429","confirm_last_try":"yes"}'),
                       ("not an object", b'["0429"]'), ("not JSON", b'pin=0429')]:
        st, h, d = request(S.port, "POST", "/v1/card", body)
        check_error("card: " + what, st, h, d, "bad_parameter", 400)
        ok(PIN not in d.decode("utf-8", "replace"), "card: %s: PIN not echoed" % what)
    st, h, d = request(S.port, "POST", "/v1/card", b'{"pin":"0429"}', headers={"Content-Type": "text/plain"})
    eq("card: 415 for text/plain", 415, st)
    st, h, d = request(S.port, "GET", "/v1/card")
    check_error("card: GET without the reader", st, h, d, "card_no_reader", 503)
    st, h, d = request(S.port, "POST", "/v1/card", b'{"pin":"0429","confirm_last_try":true}')
    check_error("card: POST without the reader", st, h, d, "card_no_reader", 503)
    ok("tries_left" not in err(d), "card: no tries_left when unknown")
    st, h, d = request(S.port, "PUT", "/v1/card", b'{}')
    eq("card: PUT 405", 405, st)
finally:
    S.stop()
import re
ok(not re.search(r"(?<![\d.])0429(?!\d)", S.log()) and '"pin"' not in S.log(),
   "card: PIN not logged")
ok("QZX" not in S.log(), "card: reader name not logged")

# ---------------------------------------------------------------- token
tok_file = os.path.join(TMP, "token")
TOKEN = "s3cret-token-of-the-clinic-0123456789"
with open(tok_file, "w") as f:
    f.write(TOKEN + "\n")
os.chmod(tok_file, 0o600)
S = Server("--token-file", tok_file)
try:
    st, h, d = request(S.port, "GET", "/v1/templates")
    check_error("401 no token", st, h, d, "unauthorized", 401)
    eq("401: WWW-Authenticate", "Bearer", h.get("www-authenticate"))
    for bad in ["Bearer nope", "Bearer " + TOKEN[:-1], "Bearer " + TOKEN + "x", "Basic " + TOKEN,
                TOKEN]:
        st, h, d = request(S.port, "POST", "/v1/render/declaration", PATIENT,
                           headers={"Authorization": bad})
        check_error("401 " + bad[:12], st, h, d, "unauthorized", 401)
    st, h, d = request(S.port, "POST", "/v1/render/declaration", PATIENT,
                       headers={"Authorization": "Bearer " + TOKEN})
    ok(st == 200 and d == CLI["declaration"], "right token renders")
    st, h, d = request(S.port, "GET", "/health")
    eq("/health needs no token", 200, st)
    st, h, d = request(S.port, "GET", "/openapi.json")
    eq("/openapi.json needs no token", 200, st)
finally:
    S.stop()
ok(TOKEN not in S.log(), "token not logged")
S = Server(env={"MYNAFORM_TOKEN": TOKEN})
try:
    st, h, d = request(S.port, "GET", "/v1/templates")
    eq("MYNAFORM_TOKEN: 401 without", 401, st)
    st, h, d = request(S.port, "GET", "/v1/templates", headers={"Authorization": "Bearer " + TOKEN})
    eq("MYNAFORM_TOKEN: 200 with", 200, st)
finally:
    S.stop()


def refused(what, args, code=2, env=None, needle=None):
    s = Server(*args, env=env, expect_start=False)
    rc = s.wait(20)
    eq(what + ": exit code", code, rc)
    s.logf.close()
    ok(not os.path.exists(s.port_file), what + ": never listened")
    if needle:
        ok(needle in s.log(), what + ": says " + needle + " in " + s.log())


os.chmod(tok_file, 0o644)
refused("token file readable by others", ["--token-file", tok_file], needle="chmod 600")
os.chmod(tok_file, 0o600)
with open(os.path.join(TMP, "short"), "w") as f:
    f.write("short")
os.chmod(os.path.join(TMP, "short"), 0o600)
refused("short token", ["--token-file", os.path.join(TMP, "short")], needle="16 to 512")
refused("not loopback without a token", ["--listen", "0.0.0.0:0"], needle="needs a token")
refused("--verbose", ["--verbose"], needle="--verbose is refused")
refused("--allow-origin *", ["--allow-origin", "*"], needle="never '*'")
refused("--tls-cert alone", ["--tls-cert", tok_file], needle="go together")
refused("bad --listen", ["--listen", "localhost"], needle="--listen needs")
refused("--threads 0", ["--threads", "0"], needle="--threads")
refused("--max-body too big", ["--max-body", "65537"], needle="--max-body")
refused("unknown option", ["--bogus"], needle="unknown option '--bogus'")
refused("data as an argument", [NAME], needle="unknown option (argument")
bad_clinic = os.path.join(TMP, "bad-clinic.json")
with open(bad_clinic, "w") as f:
    f.write('{"name": "QZX", "phone": 3}')
refused("a bad --clinic", ["--clinic", bad_clinic], code=3, needle="--clinic file: $clinic.phone")
refused("a --clinic with a My Number", ["--clinic", os.path.join(TMP, "mn-clinic.json")], code=7)
with open(os.path.join(TMP, "mn-clinic.json"), "w") as f:
    f.write('{"name": "QZX", "phone": "1234 5678 9018"}')
refused("a --clinic with a My Number", ["--clinic", os.path.join(TMP, "mn-clinic.json")], code=4)
for s_ in SERVERS[-3:]:
    ok("QZX" not in s_.log() and "9018" not in s_.log(), "a bad --clinic is not quoted")
clinic = os.path.join(SRC, "examples/clinic.json")
S = Server("--clinic", clinic)
try:
    st, h, d = request(S.port, "POST", "/v1/render/notice", PATIENT)
    ok(st == 200 and d == cli_pdf("notice", PATIENT, "--clinic", clinic), "--clinic = the CLI's --clinic")
finally:
    S.stop()

# ------------------------------------------------- one batch at a time
S = Server("--batch-max-records", "3", "--batch-max-bytes", "200000")
try:
    import socket
    JL3 = b"".join(json.dumps({"name": "山田　花子%d" % i}, ensure_ascii=False).encode() + b"\n"
                   for i in range(4))
    # a first batch whose body is still arriving holds the slot
    sk = socket.create_connection(("127.0.0.1", S.port), timeout=10)
    sk.sendall(b"POST /v1/batch/declaration HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Content-Type: application/jsonl\r\nContent-Length: 100\r\n\r\n{")
    time.sleep(0.3)
    st, h, d = request(S.port, "POST", "/v1/batch/declaration", JL3[:50],
                       headers={"Content-Type": "application/jsonl"})
    check_error("second batch", st, h, d, "batch_running", 429)
    eq("429: Retry-After", "1", h.get("retry-after"))
    st, h, d = request(S.port, "POST", "/v1/render/declaration", PATIENT)
    eq("a render while a batch runs", 200, st)
    sk.close()
    # the slot is given back when that connection ends (bounded wait)
    for _ in range(50):
        st, h, d = request(S.port, "POST", "/v1/batch/declaration",
                           JL3.split(b"\n")[0] + b"\n", headers={"Content-Type": "application/jsonl"})
        if st != 429:
            break
        time.sleep(0.1)
    eq("batch after the first ended", 200, st)
    st, h, d = request(S.port, "POST", "/v1/batch/declaration", JL3,
                       headers={"Content-Type": "application/jsonl"})
    check_error("--batch-max-records", st, h, d, "batch_too_large", 413)
    big = b"".join(json.dumps({"name": "x" * 900}).encode() + b"\n" for _ in range(250))
    st, h, d = request(S.port, "POST", "/v1/batch/declaration", big,
                       headers={"Content-Type": "application/jsonl"})
    check_error("--batch-max-bytes", st, h, d, "body_too_large", 413)
finally:
    S.stop()

# ------------------------------------------------------------- --max-body
S = Server("--max-body", "300")
try:
    st, h, d = request(S.port, "POST", "/v1/render/declaration", PATIENT)
    check_error("--max-body 300", st, h, d, "body_too_large", 413)
    small = json.dumps({"name": "山田　花子"}, ensure_ascii=False).encode()
    st, h, d = request(S.port, "POST", "/v1/render/declaration", small)
    eq("--max-body: a small body passes", 200, st)
finally:
    S.stop()

# ------------------------------------------------------------------ CORS
ORIGIN = "https://karte.example"
S = Server("--allow-origin", ORIGIN)
try:
    st, h, d = request(S.port, "POST", "/v1/render/declaration", PATIENT, headers={"Origin": ORIGIN})
    eq("CORS: allowed origin", ORIGIN, h.get("access-control-allow-origin"))
    eq("CORS: Vary", "Origin", h.get("vary"))
    st, h, d = request(S.port, "POST", "/v1/render/declaration", PATIENT,
                       headers={"Origin": "https://evil.example"})
    ok("access-control-allow-origin" not in h, "CORS: other origin gets no ACAO")
    st, h, d = request(S.port, "OPTIONS", "/v1/render/declaration",
                       headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                "Access-Control-Request-Private-Network": "true"})
    eq("preflight", 204, st)
    eq("preflight: methods", "POST", h.get("access-control-allow-methods"))
    eq("preflight: origin", ORIGIN, h.get("access-control-allow-origin"))
    eq("preflight: private network", "true", h.get("access-control-allow-private-network"))
    ok("Authorization" in h.get("access-control-allow-headers", ""), "preflight: headers")
    st, h, d = request(S.port, "OPTIONS", "/v1/render/declaration",
                       headers={"Origin": "https://evil.example"})
    eq("preflight from another origin", 405, st)
    ok("access-control-allow-origin" not in h, "preflight from another origin: no ACAO")
    # no card reader: no preflight for /v1/card either (404, no methods listed)
    st, h, d = request(S.port, "OPTIONS", "/v1/card",
                       headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
    check_error("preflight of /v1/card without --card-reader", st, h, d, "not_found", 404)
    ok("access-control-allow-methods" not in h, "preflight of /v1/card: no methods")
finally:
    S.stop()

# ------------------------------------------- the staff page and Origin
S = Server()
try:
    P = S.port
    for path, ctype, needle in [("/", "text/html; charset=utf-8", b'<html lang="ja">'),
                                ("/app.css", "text/css; charset=utf-8", b".field-error"),
                                ("/app.js", "text/javascript; charset=utf-8", b"/v1/render/")]:
        st, h, d = request(P, "GET", path)
        eq("page %s" % path, 200, st)
        eq("page %s: type" % path, ctype, h.get("content-type"))
        ok(needle in d, "page %s: content" % path)
        common_headers("page " + path, h)
        csp = h.get("content-security-policy", "")
        for part in ["default-src 'self'", "frame-src 'self' blob:", "object-src 'none'",
                     "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"]:
            ok(part in csp, "page %s: CSP has %s (got %r)" % (path, part, csp))
        ok("unsafe" not in csp and "*" not in csp, "page %s: CSP allows nothing else" % path)
    st, h, d = request(P, "GET", "/")
    ok(b"<script>" not in d and b" style=" not in d and b"<style" not in d and b"http" not in
       d.replace(b"http-equiv", b""), "page: no inline script or style, no other host")
    ok("content-security-policy" not in request(P, "GET", "/health")[1], "no CSP on the API")
    st, h, d = request(P, "POST", "/", b"{}")
    check_error("POST /", st, h, d, "method_not_allowed", 405)
    # the page's own origin may render; another origin or a cross-site fetch may not
    own = "http://127.0.0.1:%d" % P
    st, h, d = request(P, "POST", "/v1/render/declaration", PATIENT,
                       headers={"Origin": own, "Sec-Fetch-Site": "same-origin"})
    eq("Origin: the page's own", 200, st)
    st, h, d = request(P, "POST", "/v1/render/declaration", PATIENT,
                       headers={"Origin": "http://localhost:%d" % P, "Host": "localhost:%d" % P})
    eq("Origin: own, by the name localhost", 200, st)
    for what, hdr in [("another origin", {"Origin": "https://evil.example"}),
                      ("another port", {"Origin": "http://127.0.0.1:%d" % (P + 1)}),
                      ("https for http", {"Origin": "https://127.0.0.1:%d" % P}),
                      ("Origin null", {"Origin": "null"}),
                      ("cross-site", {"Sec-Fetch-Site": "cross-site"}),
                      ("cross-site, own Origin claimed", {"Origin": own, "Sec-Fetch-Site": "cross-site"})]:
        for path, body, ct in [("/v1/render/declaration", PATIENT, "application/json"),
                               ("/v1/batch/declaration", PATIENT + b"\n", "application/jsonl"),
                               ("/v1/tekiyo", PATIENT, "application/json"),
                               ("/v1/render/declaration", b"name=x", "text/plain")]:
            h2 = dict(hdr)
            h2["Content-Type"] = ct
            st, h, d = request(P, "POST", path, body, headers=h2)
            check_error("Origin: %s, %s" % (what, path), st, h, d, "origin_not_allowed", 403)
    # the API's GETs too (GET /v1/card will touch the card reader)
    st, h, d = request(P, "GET", "/v1/templates", headers={"Origin": "https://evil.example"})
    check_error("Origin: another origin, GET /v1/templates", st, h, d, "origin_not_allowed", 403)
    st, h, d = request(P, "GET", "/v1/templates", headers={"Sec-Fetch-Site": "cross-site"})
    check_error("cross-site GET /v1/templates", st, h, d, "origin_not_allowed", 403)
    st, h, d = request(P, "GET", "/v1/templates", headers={"Origin": own})
    eq("Origin: own, GET /v1/templates", 200, st)
    # the public routes stay open to a link from anywhere (no data in them)
    for path in ["/", "/app.js", "/health", "/openapi.json"]:
        st, h, d = request(P, "GET", path, headers={"Sec-Fetch-Site": "cross-site",
                                                    "Origin": "https://evil.example"})
        eq("GET %s cross-site (a link)" % path, 200, st)
finally:
    S.stop()
# --allow-origin: that origin passes the Origin check, cross-site too
S = Server("--allow-origin", ORIGIN)
try:
    st, h, d = request(S.port, "POST", "/v1/render/declaration", PATIENT,
                       headers={"Origin": ORIGIN, "Sec-Fetch-Site": "cross-site"})
    eq("Origin: --allow-origin, cross-site", 200, st)
    st, h, d = request(S.port, "POST", "/v1/render/declaration", PATIENT,
                       headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    check_error("Origin: not the --allow-origin", st, h, d, "origin_not_allowed", 403)
finally:
    S.stop()

# ----------------------------------------------------- 503: no templates
S = Server("--template-dir", os.path.join(TMP, "no-such-dir"))
try:
    st, h, d = request(S.port, "GET", "/health")
    eq("health without templates", 503, st)
    eq("health without templates: down", "down", err(d).get("status"))
    st, h, d = request(S.port, "HEAD", "/health")
    eq("HEAD health without templates", 503, st)
    st, h, d = request(S.port, "POST", "/v1/render/declaration", PATIENT)
    check_error("render without templates", st, h, d, "resources_missing", 503)
finally:
    S.stop()

# ------------------------------------------ 500: a malformed template
bad_tpl = os.path.join(TMP, "bad-templates")
shutil.copytree(os.path.join(SRC, "templates"), bad_tpl)
with open(os.path.join(bad_tpl, "declaration-2099.json"), "w") as f:
    f.write('{"broken": ')
S = Server("--template-dir", bad_tpl)
try:
    st, h, d = request(S.port, "POST", "/v1/render/declaration", PATIENT)
    check_error("malformed template", st, h, d, "template", 500)
    st, h, d = request(S.port, "GET", "/health")
    eq("health with a malformed template", 503, st)
finally:
    S.stop()

# ------------------------------------------------- drain: SIGTERM → 503
S = Server()
try:
    c = socket.create_connection(("127.0.0.1", S.port), timeout=15)
    # Expect: 100-continue: the 100 proves the request is in flight (its
    # headers went through the service's checks) before SIGTERM
    c.sendall(b"POST /v1/render/declaration HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
              b"Content-Length: %d\r\n\r\n" % len(PATIENT))
    cont = b""
    for _ in range(20):
        part = c.recv(4096)
        cont += part
        if not part or b"\r\n\r\n" in cont:
            break
    ok(cont.startswith(b"HTTP/1.1 100"), "drain: 100 Continue before the body")
    c.sendall(PATIENT[:50])
    S.proc.send_signal(signal.SIGTERM)
    for _ in range(100):  # at most 5 s for "draining" in the log
        if "draining" in S.log():
            break
        time.sleep(0.05)
    st, h, d = request(S.port, "GET", "/health")
    check_error("during drain", st, h, d, "shutting_down", 503)
    eq("during drain: Connection close", "close", h.get("connection"))
    ok(S.proc.poll() is None, "drain waits for the request in flight")
    c.sendall(PATIENT[50:])
    resp = b""
    for _ in range(100):
        part = c.recv(65536)
        if not part:
            break
        resp += part
        if b"\r\n\r\n" in resp:
            head, _, body = resp.partition(b"\r\n\r\n")
            n = [int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
            if n and len(body) >= n[0]:
                break
    c.close()
    ok(resp.startswith(b"HTTP/1.1 200"), "the request in flight is answered")
    ok(resp.endswith(CLI["declaration"]), "the request in flight gets its whole PDF")
finally:
    rc = S.stop()
eq("drained: exit 0", 0, rc)

# ------------------------------------- systemd socket activation (fd 3)
lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lsock.bind(("127.0.0.1", 0))
lsock.listen(16)
lport = lsock.getsockname()[1]
d = tempfile.mkdtemp(dir=TMP)
alog = open(os.path.join(d, "log"), "wb")
act = subprocess.Popen(
    ["bash", "-c", 'export LISTEN_PID=$$ LISTEN_FDS=1; exec "$@"', "_", BIN, "serve",
     "--listen", "127.0.0.1:1", "--port-file", os.path.join(d, "port"), "--threads", "1"],
    stdout=subprocess.DEVNULL, stderr=alog, pass_fds=(3,),
    preexec_fn=lambda: os.dup2(lsock.fileno(), 3) if lsock.fileno() != 3 else None,
    env=dict(os.environ, MYNAFORM_CACHE_DIR="off"))
try:
    for _ in range(200):
        if os.path.exists(os.path.join(d, "port")) or act.poll() is not None:
            break
        time.sleep(0.05)
    eq("socket activation: the port of the socket passed in", str(lport),
       open(os.path.join(d, "port")).read().strip() if os.path.exists(os.path.join(d, "port")) else None)
    st, h, dd = request(lport, "GET", "/health")
    eq("socket activation: health", 200, st)
finally:
    act.send_signal(signal.SIGTERM)
    try:
        eq("socket activation: exit 0", 0, act.wait(timeout=10))
    except subprocess.TimeoutExpired:
        act.kill()
        act.wait(timeout=10)
        ok(False, "socket activation: did not stop")
    alog.close()
    lsock.close()

# ----------------------------------------------------------------- HTTPS
openssl = shutil.which("openssl")
if openssl:
    cert = os.path.join(TMP, "cert.pem")
    key = os.path.join(TMP, "key.pem")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, timeout=60,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    S = Server("--tls-cert", cert, "--tls-key", key)
    try:
        ctx = ssl.create_default_context(cafile=cert)
        st, h, d = request(S.port, "GET", "/health", tls=ctx)
        eq("HTTPS health", 200, st)
        st, h, d = request(S.port, "POST", "/v1/render/declaration", PATIENT, tls=ctx)
        ok(st == 200 and d == CLI["declaration"], "HTTPS render identical")
        try:
            request(S.port, "GET", "/health")
            ok(False, "plain HTTP to the HTTPS port fails")
        except (http.client.HTTPException, OSError):
            ok(True, "")
    finally:
        S.stop()
    refused("unreadable TLS key", ["--tls-cert", cert, "--tls-key", os.path.join(TMP, "nokey")],
            code=7)
else:
    print("SKIP: HTTPS (openssl not installed)")

print("%d passed, %d failed" % (PASSED, FAILED))
sys.exit(1 if FAILED else 0)

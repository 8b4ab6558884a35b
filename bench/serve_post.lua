-- serve_post.lua — wrk script of bench/serve_bench.sh: POSTs the card data
-- in $BENCH_BODY as JSON (a filled declaration by default).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.body = f:read("*a")
f:close()

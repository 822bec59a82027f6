-- Mixed load for bench/soak.sh: /plaintext, /json, POST /echo and a blocking /sleep, in turn, with a fixed
-- pause between a connection's requests so the rate stays moderate (wrk alone would saturate the machine).
-- DELAY_MS (environment) sets the pause; the rate is about connections * 1000 / (DELAY_MS + latency).
local delay_ms = tonumber(os.getenv("DELAY_MS") or "10")
local i = 0
local body = string.rep("x", 512)
local requests = {}

function init(args)
  requests[1] = wrk.format("GET", "/plaintext")
  requests[2] = wrk.format("GET", "/json")
  requests[3] = wrk.format("POST", "/echo", {["Content-Type"] = "text/plain"}, body)
  requests[4] = wrk.format("GET", "/sleep?ms=20")
end

function request()
  i = i % #requests + 1
  return requests[i]
end

function delay()
  return delay_ms
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("SUMMARY requests=%d non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

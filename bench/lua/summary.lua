-- Plain GETs of the URL's path (wrk's default request), with a machine-readable summary line at the end:
-- bench/fault.sh reads its counts. DELAY_MS (environment, default 0) paces each connection.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")

if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

function done(summary, latency, requests)
  io.write(string.format("SUMMARY requests=%d non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

-- wrk reporter: prints one JSON line with throughput, latency percentiles (ms) and errors.
-- Optional per-request bodies: set BENCH_BODY_MODE=survey to vary the survey answers.
local mode = os.getenv("BENCH_BODY_MODE") or ""
local base_body = os.getenv("BENCH_BODY") or ""
local run_tag = os.getenv("BENCH_TAG") or "bench"
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  math.randomseed(os.time() + (id or 0) * 7919)
  if mode ~= "" then
    wrk.method = "POST"
    wrk.body = base_body
  end
end

function request()
  if mode == "survey" then
    local parts = {}
    for i = 1, 9 do parts[#parts + 1] = "u" .. i .. "=" .. math.random(1, 4) end
    parts[#parts + 1] = "usia=" .. math.random(17, 75)
    parts[#parts + 1] = "saran=" .. run_tag .. "-" .. math.random(1, 1000000000)
    return wrk.format("POST", nil, nil, base_body .. "&" .. table.concat(parts, "&"))
  end
  return wrk.format()
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    + summary.errors.status
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_s": %.3f, "rps": %.2f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d, "status_errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status))
end

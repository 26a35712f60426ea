-- wrk script for `make bench` (bench/load.py runs it): counts every response by status.
--
--   wrk ... -s bench/load.lua URL -- get
--   wrk ... -s bench/load.lua URL -- cookie  FILE          one Cookie header per line, round robin
--   wrk ... -s bench/load.lua URL -- log     FILE TAG SLUG one bearer token per line, round robin;
--                                                          POST {"action": SLUG, "quantity": 1}
--                                                          with a unique Idempotency-Key
-- done() prints one line "BENCH-JSON {...}" with the counts and latency percentiles (µs), and the
-- responses counted by their X-Cache-Status header (nginx's cache: HIT, MISS, BYPASS ...; "none"
-- when the header is absent, as it is without the proxy).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_no", #threads)
end

function init(args)
  mode = args[1] or "get"
  credentials = {}
  if args[2] then
    for line in io.lines(args[2]) do
      if #line > 0 then table.insert(credentials, line) end
    end
  end
  tag = args[3] or "run"
  slug = args[4] or ""
  statuses = {}
  cache = {}
  points = 0
  sent = 0
end

function request()
  sent = sent + 1
  if mode == "cookie" then
    return wrk.format("GET", wrk.path, {["Cookie"] = credentials[sent % #credentials + 1]})
  elseif mode == "log" then
    return wrk.format("POST", wrk.path, {
      ["Authorization"] = "Bearer " .. credentials[sent % #credentials + 1],
      ["Idempotency-Key"] = string.format("bench-%s-%d-%d", tag, thread_no, sent),
      ["Content-Type"] = "application/json",
    }, '{"action": "' .. slug .. '", "quantity": 1}')
  end
  return wrk.format("GET", wrk.path)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local cached = headers["X-Cache-Status"] or headers["x-cache-status"] or "none"
  cache[cached] = (cache[cached] or 0) + 1
  if mode == "log" and status == 201 and body then
    -- the points this log earned, as the API reports them (the ledger check compares)
    local earned = string.match(body, '"points"%s*:%s*(%d+)')
    if earned then points = points + tonumber(earned) end
  end
end

function done(summary, latency, requests)
  local merged, merged_cache, earned = {}, {}, 0
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("statuses")) do
      merged[key] = (merged[key] or 0) + count
    end
    for key, count in pairs(thread:get("cache")) do
      merged_cache[key] = (merged_cache[key] or 0) + count
    end
    earned = earned + thread:get("points")
  end
  local parts, cache_parts = {}, {}
  for key, count in pairs(merged) do
    table.insert(parts, string.format('"%s": %d', key, count))
  end
  for key, count in pairs(merged_cache) do
    table.insert(cache_parts, string.format('"%s": %d', key, count))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "socket_errors": ' ..
    '{"connect": %d, "read": %d, "write": %d, "timeout": %d}, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.1f, "statuses": {%s}, "cache": {%s}, "points": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, table.concat(parts, ", "), table.concat(cache_parts, ", "), earned))
end

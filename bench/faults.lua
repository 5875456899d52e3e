-- bench/faults.py's load: in turn the home page, the Gent list (both from the page cache), the
-- health check, the two pages again, and a service that does not exist (the last two ask the
-- database every time, the 404 through the view and the 404 page, which costs a render); the
-- answers counted by status, 503s without Retry-After apart. Prints one machine-readable line.
local paths = {
  "/", "/diensten/?stad=gent", "/gezond/", "/", "/diensten/?stad=gent", "/diensten/bestaat-niet/",
}
local threads, counter = {}, 0
ok, missing, unavailable, bare503, errors500, other = 0, 0, 0, 0, 0, 0

setup = function(thread)
  table.insert(threads, thread)
end

request = function()
  counter = counter + 1
  return wrk.format(nil, paths[counter % #paths + 1])
end

response = function(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 404 then
    missing = missing + 1
  elseif status == 503 and (headers["Retry-After"] or headers["retry-after"]) then
    unavailable = unavailable + 1
  elseif status == 503 then
    bare503 = bare503 + 1
  elseif status == 500 then
    errors500 = errors500 + 1
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local totals = { ok = 0, missing = 0, unavailable = 0, bare503 = 0, errors500 = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d socket_errors=%d s200=%d s404=%d s503=%d s503_bare=%d s500=%d other=%d "
      .. "rps=%.1f p50=%.2f p99=%.2f max=%.2f\n",
    summary.requests, errors.connect + errors.read + errors.write + errors.timeout,
    totals.ok, totals.missing, totals.unavailable, totals.bare503, totals.errors500, totals.other,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

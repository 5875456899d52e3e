-- Print throughput and latency percentiles (ms) as one machine-readable line.
-- With the argument "unique" (wrk ... -s latency.lua URL -- unique) every request adds a
-- query parameter seen once, so no request is served from the page cache.
local threads, unique, counter, prefix = 0, false, 0, ""

setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

init = function(args)
  unique = args[1] == "unique"
  prefix = os.time() .. "-" .. id
end

request = function()
  if not unique then
    return wrk.format()
  end
  counter = counter + 1
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "uncached=" .. prefix .. "-" .. counter)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d errors=%d non2xx=%d rps=%.1f p50=%.2f p95=%.2f p99=%.2f\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end

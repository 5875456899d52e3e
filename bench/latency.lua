-- Print throughput and latency percentiles (ms) as one machine-readable line.
-- With an argument (wrk ... -s latency.lua URL -- MODE) no request is served from the page cache:
--   unique  every request adds a query parameter seen once;
--   words   the same, and a search word taken in turn from a list (typos included), as
--           residents' own searches would be;
--   pages   the same, and the page number taken in turn from 1 to 25.
local threads, mode, counter, prefix = 0, nil, 0, ""
local words = {
  "psycholoog", "schulden", "eenzaamheid", "stress", "angst", "opvoeding", "woning",
  "onthaal", "verdriet", "luisterlijn", "misdrijf", "kinderen", "geld", "buurt",
  "eenzaamhied", "shulden", "psycholog", "opvoding", "depressie", "slachtofferhulp",
}

setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

init = function(args)
  mode = args[1]
  prefix = os.time() .. "-" .. id
end

request = function()
  if not mode then
    return wrk.format()
  end
  counter = counter + 1
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  local path = wrk.path .. separator .. "uncached=" .. prefix .. "-" .. counter
  if mode == "words" then
    path = path .. "&q=" .. words[(counter + id * 7) % #words + 1]
  elseif mode == "pages" then
    path = path .. "&page=" .. ((counter + id * 5) % 25 + 1)
  end
  return wrk.format(nil, path)
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

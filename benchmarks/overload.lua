-- wrk script for benchmarks/overload.sh. MODE=flood: POST /predict/batch with 32 texts (keeps the inference queue
-- full); MODE=probe: POST /predict with one text, counting the answers by status (2xx, 503, other).
-- Each answer's latency is also kept by its status, from the moment wrk builds the request to the answer's end, so
-- the 503s' percentiles are their own and not mixed with the 2xx answers that waited for the engine. That pairing
-- needs one connection per wrk thread (-t n -c n), as overload.sh runs the probe; they are printed for the probe only.
-- FLOOD_DELAY_MS (flood only): a pause after each answer before the connection's next request, so the flood is a
-- fixed number of senders with think time rather than connections that send again the instant they are answered.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } overload_timespec;
  int clock_gettime(int clock, overload_timespec *ts);
]]
local now_ts = ffi.new("overload_timespec")
local function now_us()
  ffi.C.clock_gettime(1, now_ts) -- CLOCK_MONOTONIC
  return tonumber(now_ts.tv_sec) * 1e6 + tonumber(now_ts.tv_nsec) / 1e3
end

local mode = os.getenv("MODE") or "probe"
local pause = tonumber(os.getenv("FLOOD_DELAY_MS") or "0")
local threads = {}
ok = 0
busy = 0
other = 0
lat503 = {}
lat2xx = {}
local sent = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local items = {}
for k = 1, 32 do
  items[k] = '{"text":"flood text number ' .. k .. ', the servers are down again and nobody answers"}'
end
local flood = '{"items":[' .. table.concat(items, ",") .. ']}'

function setup(thread)
  table.insert(threads, thread)
end

local timed = mode == "probe"  -- the flood's answers are counted, not timed

request = function()
  if timed then sent = now_us() end
  if mode == "flood" then
    return wrk.format(nil, "/predict/batch", nil, flood)
  end
  return wrk.format(nil, "/predict", nil, '{"text":"is it up yet?"}')
end

if mode == "flood" and pause > 0 then
  delay = function()
    return pause
  end
end

response = function(status, headers, body)
  local took = timed and now_us() - sent
  if status == 503 then
    busy = busy + 1
    if took then lat503[#lat503 + 1] = took end
  elseif status < 300 then
    ok = ok + 1
    if took then lat2xx[#lat2xx + 1] = took end
  else
    other = other + 1
  end
end

local function percentiles(name, list)
  if #list == 0 then
    return name .. "_n=0"
  end
  table.sort(list)
  local function at(p)
    return list[math.max(1, math.ceil(p / 100 * #list))] / 1000
  end
  return string.format("%s_n=%d %s_p50_ms=%.3f %s_p99_ms=%.3f %s_max_ms=%.3f", name, #list, name, at(50), name, at(99),
    name, list[#list] / 1000)
end

done = function(summary, latency, requests)
  local o, b, x = 0, 0, 0
  local l503, l2xx = {}, {}
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); b = b + t:get("busy"); x = x + t:get("other")
    for _, v in ipairs(t:get("lat503")) do l503[#l503 + 1] = v end
    for _, v in ipairs(t:get("lat2xx")) do l2xx[#l2xx + 1] = v end
  end
  local bystatus = ""
  if timed then
    bystatus = " " .. percentiles("s503", l503) .. " " .. percentiles("s2xx", l2xx)
  end
  io.write(string.format("RESULT mode=%s requests=%d ok=%d status503=%d other=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f%s\n", mode,
    summary.requests, o, b, x, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, bystatus))
end

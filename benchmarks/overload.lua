-- wrk script for benchmarks/overload.sh. MODE=flood: POST /predict/batch with 32 texts (keeps the inference queue
-- full); MODE=probe: POST /predict with one text, counting the answers by status (2xx, 503, other).
local mode = os.getenv("MODE") or "probe"
local threads = {}
ok = 0
busy = 0
other = 0
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

request = function()
  if mode == "flood" then
    return wrk.format(nil, "/predict/batch", nil, flood)
  end
  return wrk.format(nil, "/predict", nil, '{"text":"is it up yet?"}')
end

response = function(status, headers, body)
  if status == 503 then
    busy = busy + 1
  elseif status < 300 then
    ok = ok + 1
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local o, b, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); b = b + t:get("busy"); x = x + t:get("other")
  end
  io.write(string.format("RESULT mode=%s requests=%d ok=%d status503=%d other=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n", mode,
    summary.requests, o, b, x, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

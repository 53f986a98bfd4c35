-- wrk script for benchmarks/soak.sh: mixed traffic (75% POST /predict, 15% POST /predict/batch of 8, 5% GET /model,
-- 5% GET /admin/models with the token in SOAK_TOKEN), counting 4xx and 5xx answers per thread.
local texts = {
  "I love this game, the new update is great!",
  "Worst patch ever. Servers down again and support ignores us. Refund please",
  "@EA_Sports when is the next season coming out? #FIFA",
  "just finished the campaign... soooo good, 10/10 would play again",
  "meh",
  "The graphics are nice but the matchmaking is completely broken and the store prices are a joke",
}
local token = os.getenv("SOAK_TOKEN") or ""
local json = { ["Content-Type"] = "application/json" }
local admin = { ["Authorization"] = "Bearer " .. token }
local threads = {}
local n = 0
c4 = 0
c5 = 0

function setup(thread)
  table.insert(threads, thread)
end

local function batch()
  local items = {}
  for k = 1, 8 do
    items[k] = '{"text":"' .. texts[(n + k) % #texts + 1] .. '"}'
  end
  return '{"items":[' .. table.concat(items, ",") .. ']}'
end

request = function()
  n = n + 1
  local k = n % 20
  if k < 15 then
    return wrk.format("POST", "/predict", json, '{"text":"' .. texts[n % #texts + 1] .. '"}')
  elseif k < 18 then
    return wrk.format("POST", "/predict/batch", json, batch())
  elseif k == 18 then
    return wrk.format("GET", "/model")
  else
    return wrk.format("GET", "/admin/models", admin)
  end
end

response = function(status, headers, body)
  if status >= 500 then
    c5 = c5 + 1
  elseif status >= 400 then
    c4 = c4 + 1
  end
end

done = function(summary, latency, requests)
  local t4, t5 = 0, 0
  for _, t in ipairs(threads) do
    t4 = t4 + t:get("c4")
    t5 = t5 + t:get("c5")
  end
  io.write(string.format("RESULT requests=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f c4=%d c5=%d errors=%d\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, t4, t5,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

-- wrk script: POST /predict with a rotating set of tweet-like texts (different lengths, some unknown words);
-- TIER=accurate in the environment asks for the accurate tier; EXPLAIN=1 asks for explanations
local texts = {
  "I love this game, the new update is great!",
  "Worst patch ever. Servers down again and support ignores us. Refund please",
  "@EA_Sports when is the next season coming out? #FIFA",
  "just finished the campaign... soooo good, 10/10 would play again 😍",
  "meh",
  "The graphics are nice but the matchmaking is completely broken and the store prices are a joke, not buying this again",
}
local tier = os.getenv("TIER")
local extra = (tier and (',"tier":"' .. tier .. '"') or "") .. (os.getenv("EXPLAIN") == "1" and ',"explain":true' or "")
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #texts + 1
  return wrk.format(nil, nil, nil, '{"text":"' .. texts[i] .. '"' .. extra .. '}')
end

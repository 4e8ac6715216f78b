-- wrk script: POSTs the body in WRK_BODY and checks every response, not only the first: a fast wrong
-- answer counts as an error. WRK_EXPECT is a plain substring every good body contains.
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["api-key"] = "bench"

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expect = os.getenv("WRK_EXPECT")
  checked = 0
  wrong = 0
end

function response(status, headers, body)
  checked = checked + 1
  if status ~= 200 or not string.find(body, expect, 1, true) then wrong = wrong + 1 end
end

function done(summary, latency, requests)
  local c, w = 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("checked")
    w = w + thread:get("wrong")
  end
  io.write(string.format("CHECK checked=%d wrong=%d\n", c, w))
end

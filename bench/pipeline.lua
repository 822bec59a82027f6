-- wrk script: HTTP/1.1 pipelining, as in TechEmpower's plaintext test.
-- Each write carries DEPTH copies of the request (wrk counts every response):
--   wrk -s bench/pipeline.lua http://127.0.0.1:8080/plaintext -- 16
init = function(args)
  local depth = tonumber(args[1]) or 1
  local r = {}
  for i = 1, depth do
    r[i] = wrk.format()
  end
  req = table.concat(r)
end

request = function()
  return req
end

-- an error whose message handler never returns
local function handler(msg)
  while true do end
end
xpcall(function() error("boom") end, handler)

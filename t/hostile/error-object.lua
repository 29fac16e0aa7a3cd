-- an error object whose __tostring never returns, raised after some work
local n = 0
for i = 1, 5000 do n = n + i end
local obj = setmetatable({}, { __tostring = function() while true do end end })
error(obj)

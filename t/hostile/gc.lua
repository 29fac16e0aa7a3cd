-- a finalizer, which would run outside the budget when the state closes
local t = setmetatable({}, { __gc = function() while true do end end })

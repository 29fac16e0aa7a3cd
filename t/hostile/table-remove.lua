-- a table that claims a trillion elements: remove would shift them all
local t = setmetatable({}, { __len = function() return 2^40 end })
table.remove(t, 1)

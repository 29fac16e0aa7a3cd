-- a table that claims a trillion elements: insert would shift them all
local t = setmetatable({}, { __len = function() return 2^40 end })
table.insert(t, 1, "x")

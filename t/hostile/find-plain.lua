-- a plain search whose every start compares a megabyte
local s = string.rep("a", 16000000)
local r = string.find(s, string.rep("a", 1000000) .. "b", 1, true)

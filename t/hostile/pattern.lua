-- catastrophic backtracking
local s = string.rep("a", 5000)
local r = string.find(s, ".-.-.-.-.-.-b")

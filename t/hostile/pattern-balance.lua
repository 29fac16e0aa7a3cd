-- %b() scans to the end from every opening parenthesis: n squared
local s = string.rep("(", 1000000)
local r = string.find(s, "%b()")

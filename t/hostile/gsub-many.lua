-- millions of matches each replaced, again and again: charged per byte
local s = string.rep("ab", 4000000)
while true do
  local r = string.gsub(s, "a", "")
end

-- each search is allowed, but takes a good part of a second, and a loop
-- repeats it: only the clock stops this
local s = string.rep("a", 7000)
while true do
  local r = string.find(s, "a-b")
end

-- comparing two long strings is one instruction of the VM but megabytes
-- of work: only the clock stops this
local a = string.rep("x", 8000000)
local b = a:sub(1, -2) .. "y"
local n = 0
while true do
  if a == b then n = n + 1 end
end

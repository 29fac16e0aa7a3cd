-- a memory bomb caught with pcall and retried
local keep = {}
while true do
  pcall(function()
    local t = {}
    for i = 1, 1e9 do t[i] = tostring(i) .. "xxxxxxxxxxxxxxxx" end
    keep[#keep + 1] = t
  end)
end

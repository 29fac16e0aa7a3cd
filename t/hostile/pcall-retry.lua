-- catches the budget error and keeps looping
local caught = 0
while true do
  local ok, err = pcall(function()
    local x = 0
    for i = 1, 1e12 do x = x + i end
  end)
  if not ok then caught = caught + 1 end
end

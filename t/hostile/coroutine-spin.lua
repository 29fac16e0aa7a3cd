-- a coroutine whose body loops forever
local co = coroutine.wrap(function()
  local i = 0
  while true do i = i + 1 end
end)
co()

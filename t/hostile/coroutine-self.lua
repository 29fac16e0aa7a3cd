-- a coroutine that tries to resume itself, forever
local co
co = coroutine.wrap(function()
  while true do
    pcall(co)
  end
end)
co()

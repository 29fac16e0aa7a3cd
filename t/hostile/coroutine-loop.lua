-- coroutines that loop and resume each other forever
local co
co = coroutine.create(function()
  while true do
    coroutine.yield()
  end
end)
while true do
  coroutine.resume(co)
end

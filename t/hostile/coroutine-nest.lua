-- each coroutine resumes a new one, without end
local function dive()
  local co = coroutine.create(dive)
  local ok, err = coroutine.resume(co)
  error(err, 0)
end
dive()

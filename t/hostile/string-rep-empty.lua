-- nothing, repeated a trillion times: no memory, but a trillion copies
local s = string.rep("", 2^40)

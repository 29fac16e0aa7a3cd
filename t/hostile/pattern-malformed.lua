-- a mistake rather than an attack: the pattern functions the sandbox
-- wraps must still say where the bad pattern is
local a = string.find("abc", "[a")

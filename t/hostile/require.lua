-- loading a module, which could be native code
local m = require("socket")

-- unlocking the scripts' global table to get at what it hides
setmetatable(_ENV, nil)

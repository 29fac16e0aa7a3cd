-- compiling code at run time, around every check on the source text
local f = load("return 1")

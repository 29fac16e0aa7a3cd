-- reading a file of the host
local f = io.open("/etc/passwd", "r")

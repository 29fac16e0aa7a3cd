-- replaces a library function, hoping the next file uses it
string.upper = function() return "pwned" end

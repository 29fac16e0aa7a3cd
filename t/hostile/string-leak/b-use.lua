-- must see the real string.upper whatever a.lua did
assert(string.upper("abc") == "ABC", "string.upper replaced by another file")
assert(("abc"):upper() == "ABC", "string method upper replaced by another file")

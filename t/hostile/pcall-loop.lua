-- a loop that hides each budget error in pcall
while true do
  pcall(function() while true do end end)
end

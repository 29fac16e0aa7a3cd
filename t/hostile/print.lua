-- writing to the terminal
print("hello")

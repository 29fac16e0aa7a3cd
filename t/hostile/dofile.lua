-- running another file
dofile("/etc/passwd")

-- running a command on the host
os.execute("exit 3")

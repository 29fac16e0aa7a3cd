-- overwriting a declaration
competency = 1

-- removing a declaration for the files after this one
framework = nil

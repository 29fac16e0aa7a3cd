-- a trillion moves between two empty tables, in one C call
table.move({}, 1, 2^40, 1, {})

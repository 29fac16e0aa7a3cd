-- seeding from the clock: results would differ from run to run
math.randomseed()

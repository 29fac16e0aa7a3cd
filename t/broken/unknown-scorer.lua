-- a scorer no plugin provides
framework {
  id = "t",
  country = "KZ",
  version = "1",
  title = "Test framework",
  source = "merit test fixture",
  levels = { { id = "D", posts = { 1, 6 } }, { id = "C", posts = { 7, 9 } } },
}

assessment "annual" {
  title = "Annual assessment",
  scorer = "harmonic",
  elements = {
    qualification = { weight = 1, engine = "qualification" },
  },
}

-- the same band twice
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
  elements = {
    qualification = { weight = 1, engine = "qualification" },
  },
  bands = {
    { min = 0.8, label = "good" },
    { min = 0.5, label = "good" },
    { min = 0, label = "poor" },
  },
}

-- an engine no plugin provides
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
    qualification = { weight = 0.5, engine = "qualification" },
    qualities = { weight = 0.5, engine = "essay" },
  },
  bands = {
    { min = 0.5, label = "pass" },
    { min = 0, label = "fail" },
  },
}

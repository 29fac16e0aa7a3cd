-- a negative k for gaps, and a score that is not a function
framework {
  id = "t",
  country = "KZ",
  version = "1",
  title = "Test framework",
  source = "merit test fixture",
  levels = { { id = "D", posts = { 1, 6 } }, { id = "C", posts = { 7, 9 } } },
}

competency "planning" { title = "Planning" }

assessment "annual" {
  title = "Annual assessment",
  elements = {
    qualification = { weight = 0.5, engine = "qualification" },
    qualities = { weight = 0.5, engine = "indicators" },
  },
  bands = { { min = 0.5, label = "pass" }, { min = 0, label = "fail" } },
  gaps = { k = -1 },
  score = 0.5,
}

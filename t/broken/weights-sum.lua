-- weights that do not sum to 1
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
    qualification = { weight = 0.3, engine = "qualification" },
    qualities = { weight = 0.3, engine = "indicators" },
    performance = { weight = 0.3, engine = "kpi" },
  },
  bands = {
    { min = 0.5, label = "pass" },
    { min = 0, label = "fail" },
  },
}

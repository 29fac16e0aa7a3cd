-- raters reconciled by an unknown method, self neither reported nor included
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
  raters = {
    combine = "mode",
    self = "average",
    weights = { manager = -1, peer = 0, assessor = 0, subordinate = 0 },
  },
}

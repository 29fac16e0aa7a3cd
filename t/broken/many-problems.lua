-- several problems: every one is reported
framework {
  id = "t",
  country = "Kazakhstan",
  version = "1",
  title = "Test framework",
  levels = { { id = "D", posts = { 1, 6 } } },
}

competency "planning" {
  title = "Planning",
  grup = "basic",
}

assessment "annual" {
  title = "Annual assessment",
  elements = {
    qualification = { weight = 0.7, engine = "qualification" },
    qualities = { weight = 0.7, engine = "essay" },
  },
}

policy "refresh" {
  every = { years = 3 },
}

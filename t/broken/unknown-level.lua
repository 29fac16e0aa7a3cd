-- indicators at a level the framework does not have
framework {
  id = "t",
  country = "KZ",
  version = "1",
  title = "Test framework",
  source = "merit test fixture",
  levels = { { id = "D", posts = { 1, 6 } }, { id = "C", posts = { 7, 9 } } },
}

competency "planning" {
  title = "Planning",
  indicators = {
    D = { effective = { "plans the week" } },
    Z = { effective = { "plans the decade" } },
  },
}

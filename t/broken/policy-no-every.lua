-- a policy that does not say how often
framework {
  id = "t",
  country = "KZ",
  version = "1",
  title = "Test framework",
  source = "merit test fixture",
  levels = { { id = "D", posts = { 1, 6 } }, { id = "C", posts = { 7, 9 } } },
}

policy "refresh" {
  title = "Refresh training",
  require = { courses = 1 },
}

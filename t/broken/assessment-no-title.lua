-- an assessment type without a title
framework {
  id = "t",
  country = "KZ",
  version = "1",
  title = "Test framework",
  source = "merit test fixture",
  levels = { { id = "D", posts = { 1, 6 } }, { id = "C", posts = { 7, 9 } } },
}

assessment "annual" {
  elements = {
    qualification = { weight = 1, engine = "qualification" },
  },
}

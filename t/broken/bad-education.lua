-- an education level that does not exist
framework {
  id = "t",
  country = "KZ",
  version = "1",
  title = "Test framework",
  source = "merit test fixture",
  levels = { { id = "D", posts = { 1, 6 } }, { id = "C", posts = { 7, 9 } } },
}

requirements "junior" {
  posts = { 1, 6 },
  education = "phd",
  service_years = 2,
}

-- requirements whose post ranges overlap
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
  education = "bachelor",
}

requirements "senior" {
  posts = { 6, 9 },
  education = "master",
}

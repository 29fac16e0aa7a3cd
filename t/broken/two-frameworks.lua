-- two frameworks in one model set
framework {
  id = "t",
  country = "KZ",
  version = "1",
  title = "Test framework",
  source = "merit test fixture",
  levels = { { id = "D", posts = { 1, 6 } }, { id = "C", posts = { 7, 9 } } },
}

framework {
  id = "u",
  country = "UZ",
  version = "1",
  title = "Another framework",
  source = "merit test fixture",
}

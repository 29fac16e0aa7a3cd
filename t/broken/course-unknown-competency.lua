-- a course developing a competency the framework lacks
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
}

course "negotiation-101" {
  title = "Negotiation",
  hours = 16,
  develops = { negotiation = "C" },
}

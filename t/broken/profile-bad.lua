-- profiles: an unknown level, an overlap, importance of a competency not required
framework {
  id = "t",
  country = "KZ",
  version = "1",
  title = "Test framework",
  source = "merit test fixture",
  levels = { { id = "D", posts = { 1, 6 } }, { id = "C", posts = { 7, 9 } } },
}

competency "planning" { title = "Planning" }

profile "juniors" {
  posts = { 1, 6 },
  require = { planning = "Z" },
}

profile "seniors" {
  posts = { 5, 9 },
  require = { planning = "C", leadership = 2 },
  importance = { ethics = 2 },
}

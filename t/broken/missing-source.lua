-- a framework without its source
framework {
  id = "t",
  country = "KZ",
  version = "1",
  title = "Test framework",
}

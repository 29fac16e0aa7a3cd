-- a competency with no framework in the set

competency "planning" {
  title = "Planning",
  indicators = { effective = { "plans the week" } },
}

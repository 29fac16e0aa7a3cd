-- A course catalogue for the Uzbek management competencies
-- (frameworks/uz), for `merit recommend` and `merit plan`. Load it from an
-- agency's scripts:
--
--   scripts: [assessments, courses/uz]
--
-- The framework declares no levels, so each course develops a competency
-- as a whole (`true`): it aims at the level the post requires. Illustrative:
-- the titles in Uzbek, Russian and English, hours and formats are this
-- catalogue's own; seed 000 asks for one continuing-education course every
-- three years. Ids start with "uz-" so an agency's own courses never clash.

course "uz-innovation" {
  title = { en = "Innovation in public administration",
            uz = "Davlat boshqaruvida innovatsiyalar",
            ru = "Инновации в государственном управлении" },
  hours = 36, format = "blended",
  develops = { ["innovation-orientation"] = true },
  source = "merit's illustrative catalogue",
}

course "uz-project-management" {
  title = { en = "Project management for public bodies",
            uz = "Davlat organlarida loyihalarni boshqarish",
            ru = "Управление проектами в государственных органах" },
  hours = 48, format = "in-person",
  develops = { ["project-management"] = true, ["result-orientation"] = true },
  source = "merit's illustrative catalogue",
}

course "uz-leadership" {
  title = { en = "Leadership and managing teams",
            uz = "Yetakchilik va jamoani boshqarish",
            ru = "Лидерство и управление командой" },
  hours = 72, format = "blended",
  develops = { leadership = true, teamwork = true },
  source = "merit's illustrative catalogue",
}

course "uz-ethics" {
  title = { en = "Civil servant ethics and anti-corruption",
            uz = "Davlat xizmatchisi odobi va korrupsiyaga qarshi kurash",
            ru = "Этика госслужащего и противодействие коррупции" },
  hours = 16, format = "online",
  develops = { ethics = true, ["building-trust"] = true },
  source = "merit's illustrative catalogue",
}

course "uz-positive-thinking" {
  title = { en = "Positive thinking and resilience",
            uz = "Ijobiy fikrlash va barqarorlik",
            ru = "Позитивное мышление и устойчивость" },
  hours = 16, format = "online",
  develops = { ["positive-thinking"] = true },
  source = "merit's illustrative catalogue",
}

course "uz-teamwork" {
  title = { en = "Working in teams across agencies",
            uz = "Idoralararo jamoada ishlash",
            ru = "Межведомственная командная работа" },
  hours = 24, format = "in-person",
  develops = { teamwork = true, ["building-trust"] = true },
  source = "merit's illustrative catalogue",
}

course "uz-business-communication" {
  title = { en = "Business communication and official correspondence",
            uz = "Ishbilarmonlik muloqoti va rasmiy yozishmalar",
            ru = "Деловая коммуникация и служебная переписка" },
  hours = 32, format = "blended",
  develops = { ["business-communication"] = true },
  source = "merit's illustrative catalogue",
}

course "uz-results" {
  title = { en = "Planning for results and measuring performance",
            uz = "Natijaga yo'naltirilgan rejalashtirish va samaradorlikni o'lchash",
            ru = "Планирование результатов и измерение эффективности" },
  hours = 40, format = "online",
  develops = { ["result-orientation"] = true },
  source = "merit's illustrative catalogue",
}

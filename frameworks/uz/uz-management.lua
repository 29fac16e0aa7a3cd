-- Uzbekistan: key competencies for management personnel
-- (Agency for the Development of Public Service under the President).
--
-- The nine competencies are those listed for Uzbekistan in seed 000,
-- Table 1 (a garbled table; see FRAMEWORKS.md, tag [G]). No source gives
-- levels or behavioural indicators for them, so none are declared: the
-- competencies are assessed by rating (see the indicators engine).
-- Titles in Uzbek and Russian are translations of the English names.

framework {
  id = "uz-management",
  country = "UZ",
  version = "2024",
  title = {
    en = "Key competencies for management personnel",
    uz = "Rahbar kadrlarning asosiy kompetensiyalari",
    ru = "Ключевые компетенции руководящих кадров",
  },
  source = "Seed 000, Table 1 (Uzbekistan: Key Competencies for Management Personnel); "
    .. "Agency for the Development of Public Service",
}

competency "innovation-orientation" {
  title = { en = "Innovation orientation", uz = "Innovatsiyalarga yo'naltirilganlik",
            ru = "Ориентация на инновации" },
}

competency "project-management" {
  title = { en = "Project management", uz = "Loyihalarni boshqarish",
            ru = "Управление проектами" },
}

competency "leadership" {
  title = { en = "Leadership", uz = "Yetakchilik", ru = "Лидерство" },
}

competency "ethics" {
  title = { en = "Civil servant ethics", uz = "Davlat xizmatchisi odobi",
            ru = "Этика государственного служащего" },
}

competency "positive-thinking" {
  title = { en = "Positive thinking", uz = "Ijobiy fikrlash", ru = "Позитивное мышление" },
}

competency "teamwork" {
  title = { en = "Teamwork", uz = "Jamoada ishlash", ru = "Командная работа" },
}

competency "building-trust" {
  title = { en = "Building trust", uz = "Ishonch qozonish", ru = "Построение доверия" },
}

competency "business-communication" {
  title = { en = "Business communication", uz = "Ishbilarmonlik muloqoti",
            ru = "Деловая коммуникация" },
}

competency "result-orientation" {
  title = { en = "Result orientation", uz = "Natijaga yo'naltirilganlik",
            ru = "Ориентация на результат" },
}

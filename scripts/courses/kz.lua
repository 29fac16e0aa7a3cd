-- A course catalogue for the Kazakhstan framework of 2019 (frameworks/kz):
-- courses that develop its competencies to a level (D, C or B), for
-- `merit recommend` and `merit plan`. Load it from an agency's scripts:
--
--   scripts: [assessments, courses/kz]
--
-- Illustrative: seed 002 names some courses of the Academy of Public
-- Administration (public speaking, conflict management, negotiation,
-- organisational behaviour); the others, every title in Kazakh and Russian,
-- the hours and the formats are this catalogue's own, not a regulation.
-- Ids start with "kz-" so an agency's own course declarations never clash.

course "kz-service-quality" {
  title = { en = "Quality of public services and informing citizens",
            ru = "Качество государственных услуг и информирование граждан",
            kk = "Мемлекеттік қызмет көрсету сапасы және азаматтарды хабардар ету" },
  hours = 24, format = "online",
  develops = { ["customer-orientation"] = "C" },
  source = "merit's illustrative catalogue",
}

course "kz-public-speaking" {
  title = { en = "Professional communications and public speaking",
            ru = "Профессиональные коммуникации и публичные выступления",
            kk = "Кәсіби коммуникациялар және көпшілік алдында сөйлеу" },
  hours = 36, format = "blended",
  develops = { ["customer-orientation"] = "B", cooperation = "C" },
  source = "Seed 002: courses of the Academy of Public Administration",
}

course "kz-conflict-management" {
  title = { en = "Professional communications and conflict management",
            ru = "Профессиональные коммуникации и управление конфликтами",
            kk = "Кәсіби коммуникациялар және жанжалдарды басқару" },
  hours = 36, format = "in-person",
  develops = { cooperation = "B", ["stress-resistance"] = "C" },
  source = "Seed 002: courses of the Academy of Public Administration",
}

course "kz-organisational-behaviour" {
  title = { en = "Organisational behaviour",
            ru = "Организационное поведение",
            kk = "Ұйымдық мінез-құлық" },
  hours = 48, format = "blended",
  develops = { ["managing-activities"] = "B", responsibility = "C" },
  source = "Seed 002: courses of the Academy of Public Administration",
}

course "kz-decisions-under-uncertainty" {
  title = { en = "Management decisions under uncertainty",
            ru = "Управленческие решения в условиях неопределённости",
            kk = "Белгісіздік жағдайында басқарушылық шешімдер қабылдау" },
  hours = 40, format = "in-person",
  develops = { ["decision-making"] = "B" },
  source = "merit's illustrative catalogue",
}

course "kz-initiative-lab" {
  title = { en = "Proactive public servant: initiative and improvement",
            ru = "Проактивный госслужащий: инициатива и улучшения",
            kk = "Белсенді мемлекеттік қызметші: бастамашылдық және жетілдіру" },
  hours = 16, format = "online",
  develops = { initiative = "C" },
  source = "merit's illustrative catalogue",
}

course "kz-resilience" {
  title = { en = "Resilience and managing workload",
            ru = "Стрессоустойчивость и управление нагрузкой",
            kk = "Күйзеліске төзімділік және жүктемені басқару" },
  hours = 16, format = "online",
  develops = { ["stress-resistance"] = "B" },
  source = "merit's illustrative catalogue",
}

course "kz-results-management" {
  title = { en = "Managing by results and key performance indicators",
            ru = "Управление по результатам и ключевые показатели",
            kk = "Нәтижеге бағдарланған басқару және негізгі көрсеткіштер" },
  hours = 32, format = "blended",
  develops = { ["results-orientation"] = "B", responsibility = "B" },
  source = "merit's illustrative catalogue",
}

course "kz-integrity" {
  title = { en = "Ethics, integrity and preventing corruption",
            ru = "Этика, добропорядочность и противодействие коррупции",
            kk = "Әдеп, адалдық және сыбайлас жемқорлыққа қарсы іс-қимыл" },
  hours = 24, format = "online",
  develops = { integrity = "B" },
  source = "merit's illustrative catalogue",
}

course "kz-learning-to-learn" {
  title = { en = "Self-development and a personal learning plan",
            ru = "Саморазвитие и личный план обучения",
            kk = "Өзін-өзі дамыту және жеке оқу жоспары" },
  hours = 16, format = "online",
  develops = { ["self-development"] = "C" },
  source = "merit's illustrative catalogue",
}

course "kz-coaching" {
  title = { en = "Coaching and mentoring staff",
            ru = "Коучинг и наставничество сотрудников",
            kk = "Қызметкерлерге коучинг және тәлімгерлік" },
  hours = 40, format = "in-person",
  develops = { ["developing-staff"] = "B" },
  source = "merit's illustrative catalogue",
}

course "kz-leadership" {
  title = { en = "Leadership in the public service",
            ru = "Лидерство на государственной службе",
            kk = "Мемлекеттік қызметтегі көшбасшылық" },
  hours = 72, format = "blended",
  develops = { leadership = "B", ["developing-staff"] = "C" },
  source = "merit's illustrative catalogue",
}

course "kz-strategy-and-change" {
  title = { en = "Strategic planning and leading change",
            ru = "Стратегическое планирование и управление изменениями",
            kk = "Стратегиялық жоспарлау және өзгерістерді басқару" },
  hours = 56, format = "in-person",
  develops = { ["strategic-thinking"] = "B", leadership = "C" },
  source = "merit's illustrative catalogue",
}

course "kz-negotiation" {
  title = { en = "Negotiation process technologies",
            ru = "Технологии переговорного процесса",
            kk = "Келіссөздер жүргізу технологиялары" },
  hours = 24, format = "online",
  develops = { cooperation = "B", ["decision-making"] = "C" },
  source = "Seed 002: courses of the Academy of Public Administration",
}

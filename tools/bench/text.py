"""Plausible portal texts in the six site languages, for the benchmark corpus.

Bodies are composed from on-topic sentences, headings and list items, so the
Markdown has the shape editors write (paragraphs, ``##`` headings, lists,
emphasis, links) and the scripts and word lengths of each language: Arabic and
Farsi in Arabic script, Ukrainian and Russian in Cyrillic. The same seed gives
the same text.
"""

from __future__ import annotations

import random

LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru")

TOPICS = {
    "de": ["Sprachcafé", "Hausaufgabenhilfe", "Fahrradwerkstatt", "Behördenbegleitung", "Kleiderkammer",
           "Nachbarschaftsgarten", "Lesepatenschaft", "Fußballtraining", "Wohnungssuche", "Bewerbungstraining",
           "Kinderbetreuung", "Dolmetschen", "Nähwerkstatt", "Computerkurs", "Elterncafé"],
    "en": ["language café", "homework help", "bicycle workshop", "help with authorities", "clothing store",
           "neighbourhood garden", "reading mentors", "football training", "flat hunting", "job application training",
           "childcare", "interpreting", "sewing workshop", "computer course", "parents' café"],
    "ar": ["المقهى اللغوي", "المساعدة في الواجبات المدرسية", "ورشة الدراجات", "المرافقة إلى الدوائر الرسمية",
           "غرفة الملابس", "حديقة الحي", "رعاية القراءة", "تدريب كرة القدم", "البحث عن سكن", "التدريب على طلبات العمل",
           "رعاية الأطفال", "الترجمة الشفوية", "ورشة الخياطة", "دورة الحاسوب", "مقهى الأهالي"],
    "fa": ["کافه زبان", "کمک در تکالیف مدرسه", "کارگاه دوچرخه", "همراهی در ادارات", "انبار لباس",
           "باغ محله", "همراهی در کتاب‌خوانی", "تمرین فوتبال", "جست‌وجوی خانه", "آموزش نوشتن درخواست کار",
           "مراقبت از کودکان", "ترجمه شفاهی", "کارگاه خیاطی", "دوره کامپیوتر", "کافه والدین"],
    "uk": ["мовне кафе", "допомога з домашніми завданнями", "велосипедна майстерня", "супровід в установи",
           "пункт видачі одягу", "сусідський сад", "читацьке наставництво", "футбольне тренування", "пошук житла",
           "тренінг для співбесіди", "догляд за дітьми", "усний переклад", "швейна майстерня", "комп'ютерний курс",
           "кафе для батьків"],
    "ru": ["языковое кафе", "помощь с домашними заданиями", "велосипедная мастерская", "сопровождение в ведомства",
           "пункт выдачи одежды", "соседский сад", "наставничество в чтении", "футбольная тренировка", "поиск жилья",
           "тренинг по подаче заявлений", "присмотр за детьми", "устный перевод", "швейная мастерская",
           "компьютерный курс", "кафе для родителей"],
}

TITLES = {
    "offers": {"de": "Helfer*innen gesucht: {topic}", "en": "Volunteers wanted: {topic}",
               "ar": "مطلوب متطوعون: {topic}", "fa": "به داوطلب نیاز داریم: {topic}",
               "uk": "Шукаємо волонтерів: {topic}", "ru": "Ищем волонтёров: {topic}"},
    "trainings": {"de": "Fortbildung: {topic} gut begleiten", "en": "Training: supporting {topic} well",
                  "ar": "دورة تدريبية: {topic}", "fa": "دوره آموزشی: {topic}",
                  "uk": "Навчання: {topic}", "ru": "Обучение: {topic}"},
    "events": {"de": "Treffpunkt {topic}", "en": "Meeting point: {topic}", "ar": "ملتقى {topic}",
               "fa": "دورهمی {topic}", "uk": "Зустріч: {topic}", "ru": "Встреча: {topic}"},
    "donations": {"de": "Spenden für {topic}", "en": "Donations for {topic}", "ar": "تبرعات لـ{topic}",
                  "fa": "کمک‌های نقدی و جنسی برای {topic}", "uk": "Пожертви для: {topic}",
                  "ru": "Пожертвования: {topic}"},
    "pages": {"de": "Wissenswertes: {topic}", "en": "Good to know: {topic}", "ar": "معلومات مفيدة: {topic}",
              "fa": "دانستنی‌ها: {topic}", "uk": "Корисно знати: {topic}", "ru": "Полезно знать: {topic}"},
}

SUMMARIES = {
    "de": ["Machen Sie mit – schon zwei Stunden im Monat helfen weiter.",
           "Gemeinsam lernen, reden und Neues ausprobieren, ohne Vorkenntnisse.",
           "Ein offenes Angebot für alle, die in Musterstadt ankommen, und alle, die helfen wollen."],
    "en": ["Join in – even two hours a month make a difference.",
           "Learn, talk and try new things together, no experience needed.",
           "Open to everyone arriving in Musterstadt and everyone who wants to help."],
    "ar": ["شارك معنا – حتى ساعتان في الشهر تُحدثان فرقاً.",
           "نتعلّم ونتحدّث ونجرّب أشياء جديدة معاً، دون الحاجة إلى خبرة سابقة.",
           "عرض مفتوح لكل من يصل إلى موسترشتات ولكل من يرغب في المساعدة."],
    "fa": ["همراه ما باشید – حتی دو ساعت در ماه هم کمک بزرگی است.",
           "با هم یاد بگیریم، صحبت کنیم و چیزهای تازه را امتحان کنیم، بدون نیاز به تجربه.",
           "برنامه‌ای باز برای همه تازه‌واردان موسترشتات و همه کسانی که می‌خواهند کمک کنند."],
    "uk": ["Долучайтеся – навіть дві години на місяць багато важать.",
           "Разом вчимося, розмовляємо й пробуємо нове, без попереднього досвіду.",
           "Відкрито для всіх, хто приїхав до Мустерштадта, і для всіх, хто хоче допомогти."],
    "ru": ["Присоединяйтесь – даже два часа в месяц многое меняют.",
           "Вместе учимся, общаемся и пробуем новое, без опыта.",
           "Открыто для всех, кто приехал в Мустерштадт, и для всех, кто хочет помочь."],
}

SENTENCES = {
    "de": [
        "Jede Woche treffen sich hier Menschen, die neu in der Stadt sind, und Menschen, die schon lange hier leben.",
        "Niemand muss perfekt Deutsch sprechen, wichtig sind Geduld, Offenheit und ein wenig Zeit.",
        "Wir beginnen mit einer kurzen Runde, in der alle erzählen, wie ihre Woche war.",
        "Danach arbeiten wir in kleinen Gruppen an Fragen aus dem Alltag, etwa zu Briefen vom Amt oder zur Schule der Kinder.",
        "Für Getränke und einen kleinen Imbiss ist gesorgt, und Kinder sind jederzeit willkommen.",
        "Die Räume sind stufenlos erreichbar und liegen nur wenige Minuten von der Straßenbahnhaltestelle entfernt.",
        "Ehrenamtliche werden vor ihrem ersten Einsatz von unserem Team eingearbeitet und jederzeit begleitet.",
        "Wer möchte, kann an unseren Fortbildungen zu interkultureller Kommunikation und zum Asylrecht teilnehmen.",
        "Einmal im Monat laden wir alle Helferinnen und Helfer zu einem Austauschtreffen ein.",
        "Bitte melden Sie sich vorher kurz bei uns, damit wir besser planen können.",
        "Die Teilnahme ist kostenlos, Spenden für Material nehmen wir aber gern entgegen.",
        "Viele Familien, die in den letzten Monaten angekommen sind, suchen gerade Unterstützung bei der Wohnungssuche.",
        "Auch kleine Beiträge helfen: eine Stunde Vorlesen, eine Begleitung zum Arzt oder ein gemeinsamer Einkauf.",
        "Unsere Erfahrung zeigt, dass aus vielen Begegnungen dauerhafte Freundschaften entstehen.",
        "Fragen beantworten wir gern telefonisch oder per E-Mail, auch in einfacher Sprache.",
        "Im Sommer finden viele Treffen draußen im Hof statt, bei schlechtem Wetter im großen Saal.",
    ],
    "en": [
        "Every week people who are new to the city meet people who have lived here for a long time.",
        "Nobody has to speak perfect German; what matters is patience, openness and a little time.",
        "We start with a short round in which everyone tells how their week has been.",
        "Then we work in small groups on everyday questions, such as letters from the authorities or the children's school.",
        "Drinks and a small snack are provided, and children are always welcome.",
        "The rooms are step-free and only a few minutes' walk from the tram stop.",
        "Volunteers are introduced by our team before their first shift and supported at any time.",
        "If you like, you can take part in our training courses on intercultural communication and asylum law.",
        "Once a month we invite all volunteers to a meeting to share their experiences.",
        "Please let us know briefly beforehand so that we can plan better.",
        "Taking part is free of charge, but we gladly accept donations for materials.",
        "Many families who arrived in recent months are looking for support in finding a flat.",
        "Small contributions help too: an hour of reading aloud, going to the doctor together or a shared shopping trip.",
        "Our experience shows that many of these encounters grow into lasting friendships.",
        "We are happy to answer questions by phone or e-mail, also in plain language.",
        "In summer many meetings take place outside in the courtyard, in bad weather in the main hall.",
    ],
    "ar": [
        "يلتقي هنا كل أسبوع أشخاص وصلوا حديثاً إلى المدينة بأشخاص يعيشون فيها منذ زمن طويل.",
        "لا يحتاج أحد إلى إتقان اللغة الألمانية، المهم هو الصبر والانفتاح وقليل من الوقت.",
        "نبدأ بجولة قصيرة يحكي فيها الجميع كيف كان أسبوعهم.",
        "بعد ذلك نعمل في مجموعات صغيرة على أسئلة من الحياة اليومية، مثل رسائل الدوائر الرسمية أو مدرسة الأطفال.",
        "نوفّر المشروبات ووجبة خفيفة، والأطفال مرحّب بهم دائماً.",
        "يمكن الوصول إلى القاعات دون درجات، وهي على بعد دقائق قليلة من محطة الترام.",
        "يتعرّف المتطوعون على العمل مع فريقنا قبل مهمتهم الأولى، ونرافقهم في كل وقت.",
        "من يرغب يمكنه المشاركة في دوراتنا التدريبية حول التواصل بين الثقافات وقانون اللجوء.",
        "مرة في الشهر ندعو جميع المتطوعين إلى لقاء لتبادل الخبرات.",
        "نرجو إبلاغنا مسبقاً باختصار حتى نتمكّن من التخطيط بشكل أفضل.",
        "المشاركة مجانية، لكننا نرحّب بالتبرعات لشراء المواد.",
        "تبحث عائلات كثيرة وصلت في الأشهر الأخيرة عن دعم في إيجاد سكن.",
        "المساهمات الصغيرة تساعد أيضاً: ساعة من القراءة، أو مرافقة إلى الطبيب، أو تسوّق مشترك.",
        "تُظهر تجربتنا أن كثيراً من هذه اللقاءات تتحوّل إلى صداقات دائمة.",
        "نجيب عن الأسئلة بكل سرور عبر الهاتف أو البريد الإلكتروني، وبلغة بسيطة أيضاً.",
        "في الصيف تُقام لقاءات كثيرة في الفناء، وفي الطقس السيئ في القاعة الكبيرة.",
    ],
    "fa": [
        "هر هفته کسانی که تازه به شهر آمده‌اند با کسانی که سال‌هاست اینجا زندگی می‌کنند دیدار می‌کنند.",
        "لازم نیست کسی آلمانی را کامل بلد باشد، مهم صبر، گشاده‌رویی و کمی وقت است.",
        "با یک دور کوتاه شروع می‌کنیم که در آن همه تعریف می‌کنند هفته‌شان چطور گذشت.",
        "بعد در گروه‌های کوچک روی پرسش‌های زندگی روزمره کار می‌کنیم، مثلاً نامه‌های اداری یا مدرسه بچه‌ها.",
        "نوشیدنی و یک پذیرایی کوچک آماده است و کودکان همیشه خوش آمده‌اند.",
        "سالن‌ها بدون پله در دسترس هستند و فقط چند دقیقه با ایستگاه تراموا فاصله دارند.",
        "داوطلبان پیش از اولین فعالیت خود توسط تیم ما آموزش می‌بینند و همیشه همراهی می‌شوند.",
        "هر کس بخواهد می‌تواند در دوره‌های ما درباره ارتباط میان‌فرهنگی و قانون پناهندگی شرکت کند.",
        "ماهی یک بار همه داوطلبان را به یک نشست برای تبادل تجربه دعوت می‌کنیم.",
        "لطفاً از قبل کوتاه به ما خبر دهید تا بتوانیم بهتر برنامه‌ریزی کنیم.",
        "شرکت رایگان است، اما از کمک مالی برای خرید وسایل استقبال می‌کنیم.",
        "بسیاری از خانواده‌هایی که در ماه‌های اخیر آمده‌اند برای پیدا کردن خانه به کمک نیاز دارند.",
        "کمک‌های کوچک هم مفیدند: یک ساعت کتاب‌خوانی، همراهی تا مطب پزشک یا یک خرید مشترک.",
        "تجربه ما نشان می‌دهد که از بسیاری از این دیدارها دوستی‌های ماندگار شکل می‌گیرد.",
        "با کمال میل به پرسش‌ها تلفنی یا با ایمیل پاسخ می‌دهیم، به زبان ساده هم.",
        "در تابستان بسیاری از دیدارها در حیاط برگزار می‌شود و در هوای بد در سالن بزرگ.",
    ],
    "uk": [
        "Щотижня тут зустрічаються люди, які щойно приїхали до міста, і ті, хто живе тут давно.",
        "Ніхто не мусить досконало говорити німецькою, важливі терпіння, відкритість і трохи часу.",
        "Ми починаємо з короткого кола, в якому кожен розповідає, яким був його тиждень.",
        "Потім працюємо в малих групах над питаннями з повсякдення, наприклад листами з установ чи школою дітей.",
        "Напої та невеликий перекус забезпечено, діти завжди бажані.",
        "До приміщень можна потрапити без сходинок, вони за кілька хвилин від трамвайної зупинки.",
        "Перед першим чергуванням волонтерів знайомить із роботою наша команда і підтримує будь-коли.",
        "Охочі можуть взяти участь у наших тренінгах з міжкультурної комунікації та права притулку.",
        "Раз на місяць ми запрошуємо всіх волонтерів на зустріч для обміну досвідом.",
        "Будь ласка, коротко повідомте нас заздалегідь, щоб ми могли краще спланувати.",
        "Участь безкоштовна, але ми охоче приймаємо пожертви на матеріали.",
        "Багато родин, які приїхали останніми місяцями, шукають підтримки в пошуку житла.",
        "Допомагають і невеликі внески: година читання вголос, супровід до лікаря чи спільні покупки.",
        "Наш досвід показує, що з багатьох таких зустрічей виростає міцна дружба.",
        "На запитання охоче відповідаємо телефоном або електронною поштою, також простою мовою.",
        "Влітку багато зустрічей відбувається надворі, а в негоду у великій залі.",
    ],
    "ru": [
        "Каждую неделю здесь встречаются люди, недавно приехавшие в город, и те, кто живёт здесь давно.",
        "Никому не нужно идеально говорить по-немецки, важны терпение, открытость и немного времени.",
        "Мы начинаем с короткого круга, в котором каждый рассказывает, как прошла его неделя.",
        "Затем работаем в небольших группах над вопросами из повседневной жизни, например письмами из ведомств или школой детей.",
        "Напитки и небольшое угощение будут, дети всегда желанны.",
        "В помещения можно попасть без ступенек, до трамвайной остановки всего несколько минут.",
        "Перед первым выходом волонтёров знакомит с работой наша команда и поддерживает в любое время.",
        "Желающие могут пройти наши курсы по межкультурной коммуникации и праву убежища.",
        "Раз в месяц мы приглашаем всех волонтёров на встречу для обмена опытом.",
        "Пожалуйста, коротко сообщите нам заранее, чтобы мы могли лучше всё спланировать.",
        "Участие бесплатное, но мы с благодарностью принимаем пожертвования на материалы.",
        "Многие семьи, приехавшие в последние месяцы, ищут поддержку в поиске жилья.",
        "Помогают и небольшие вклады: час чтения вслух, сопровождение к врачу или совместная покупка продуктов.",
        "Наш опыт показывает, что из многих таких встреч вырастает настоящая дружба.",
        "На вопросы охотно отвечаем по телефону или электронной почте, в том числе простым языком.",
        "Летом многие встречи проходят во дворе, а в плохую погоду в большом зале.",
    ],
}

HEADINGS = {
    "de": ["Was Sie erwartet", "Was Sie mitbringen", "So machen Sie mit", "Gut zu wissen", "Ansprechpersonen"],
    "en": ["What to expect", "What you bring", "How to join", "Good to know", "Who to contact"],
    "ar": ["ماذا ينتظرك", "ماذا تحتاج", "كيف تشارك", "معلومات مفيدة", "من نتواصل معه"],
    "fa": ["چه چیزی در انتظار شماست", "چه چیزی لازم است", "چطور همراه شوید", "خوب است بدانید", "با چه کسی تماس بگیرید"],
    "uk": ["Що на вас чекає", "Що потрібно", "Як долучитися", "Корисно знати", "До кого звертатися"],
    "ru": ["Что вас ждёт", "Что нужно", "Как присоединиться", "Полезно знать", "К кому обращаться"],
}

LIST_ITEMS = {
    "de": ["Zeit für ein Gespräch", "Freude am Umgang mit Menschen", "etwas Geduld", "Grundkenntnisse in Deutsch",
           "Zuverlässigkeit", "Lust, Neues auszuprobieren", "ein offenes Ohr", "Humor"],
    "en": ["time for a conversation", "enjoying working with people", "a little patience", "basic German",
           "reliability", "curiosity about new things", "a listening ear", "a sense of humour"],
    "ar": ["وقت للحديث", "حب التعامل مع الناس", "قليل من الصبر", "معرفة أساسية باللغة الألمانية",
           "الالتزام بالمواعيد", "الرغبة في تجربة أشياء جديدة", "الإصغاء الجيد", "روح الدعابة"],
    "fa": ["وقت برای گفت‌وگو", "علاقه به کار با مردم", "کمی صبر", "آشنایی مقدماتی با زبان آلمانی",
           "قابل اعتماد بودن", "اشتیاق به تجربه چیزهای تازه", "گوش شنوا", "شوخ‌طبعی"],
    "uk": ["час для розмови", "радість від спілкування з людьми", "трохи терпіння", "базова німецька",
           "надійність", "бажання пробувати нове", "уважне вухо", "почуття гумору"],
    "ru": ["время для разговора", "радость от общения с людьми", "немного терпения", "базовый немецкий",
           "надёжность", "желание пробовать новое", "умение слушать", "чувство юмора"],
}

FIELD_TEXTS = {
    "schedule": {"de": "dienstags 16–18 Uhr", "en": "Tuesdays 4–6 pm", "ar": "أيام الثلاثاء 16:00–18:00",
                 "fa": "سه‌شنبه‌ها ساعت ۱۶ تا ۱۸", "uk": "щовівторка 16:00–18:00", "ru": "по вторникам 16:00–18:00"},
    "cost": {"de": "kostenlos", "en": "free of charge", "ar": "مجاناً", "fa": "رایگان", "uk": "безкоштовно",
             "ru": "бесплатно"},
    "hours": {"de": "Mo und Do 10–17 Uhr", "en": "Mon and Thu 10 am–5 pm", "ar": "الاثنين والخميس 10:00–17:00",
              "fa": "دوشنبه و پنجشنبه ۱۰ تا ۱۷", "uk": "пн і чт 10:00–17:00", "ru": "пн и чт 10:00–17:00"},
    "needed": {"de": ["Winterjacken", "feste Schuhe", "Schulranzen"], "en": ["winter coats", "sturdy shoes", "school bags"],
               "ar": ["معاطف شتوية", "أحذية متينة", "حقائب مدرسية"], "fa": ["کاپشن زمستانی", "کفش محکم", "کیف مدرسه"],
               "uk": ["зимові куртки", "міцне взуття", "шкільні ранці"], "ru": ["зимние куртки", "крепкая обувь", "школьные ранцы"]},
    "not_needed": {"de": ["Sommerkleidung"], "en": ["summer clothes"], "ar": ["ملابس صيفية"], "fa": ["لباس تابستانی"],
                   "uk": ["літній одяг"], "ru": ["летняя одежда"]},
}


def title(doc_type: str, lang: str, index: int) -> str:
    topics = TOPICS[lang]
    return f"{TITLES[doc_type][lang].format(topic=topics[index % len(topics)])} {index + 1}"


def summary(lang: str, index: int) -> str:
    return SUMMARIES[lang][index % len(SUMMARIES[lang])]


def body(lang: str, rng: random.Random, links: list[tuple[str, str]]) -> str:
    """Markdown of 150–400 words with headings, a list, emphasis and ``links``.

    ``links`` are (text, target) pairs, e.g. ``("Sprachcafé", "{filename}/events/x.de.md")``.
    """
    target = rng.randint(150, 340)  # the last paragraph may add up to ~60 words
    sentences, headings, items = SENTENCES[lang], HEADINGS[lang], LIST_ITEMS[lang]
    blocks: list[str] = []
    words = 0
    pending_links = list(links)
    while words < target:
        paragraph = rng.sample(sentences, rng.randint(2, 4))
        if pending_links:
            text, href = pending_links.pop()
            paragraph.append(f"[{text}]({href})")
        if len(blocks) % 3 == 1:
            blocks.append(f"## {rng.choice(headings)}")
        if len(blocks) % 5 == 3:
            chosen = rng.sample(items, 4)
            chosen[0] = f"**{chosen[0]}**"
            blocks.append("\n".join(f"- {item}" for item in chosen))
            words += sum(len(item.split()) for item in chosen)
        blocks.append(" ".join(paragraph))
        words += sum(len(s.split()) for s in paragraph)
    return "\n\n".join(blocks) + "\n"

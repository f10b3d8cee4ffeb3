"""The 58 TOS of the city: fewer in the new city, more in the old city and Komsomolsky.

Charter registration dates not given here are drawn between `since` and 2025;
the first TOS of Tolyatti was registered on 1 December 1995.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import slugify_ru

ENTRANCE, BUILDING, BUILDINGS, MICRODISTRICT = "entrance", "building", "buildings", "microdistrict"

FIRST_TOS_REGISTERED_ON = dt.date(1995, 12, 1)


@dataclass(frozen=True)
class TOSDef:
    title: str  # the name inside the quotes: ТОС «title»
    microdistrict: str  # slug; the district follows from it
    kind: str
    street: str | None = None  # the street the territory lies on, when not the microdistrict's first
    since: int = 1996  # earliest year for a drawn registration date
    registered_on: dt.date | None = None
    liquidated_on: dt.date | None = None
    has_council: bool = True

    @property
    def name(self) -> str:
        return f"ТОС «{self.title}»"

    @property
    def slug(self) -> str:
        return f"tos-{slugify_ru(self.title)}"


TOS_LIST: tuple[TOSDef, ...] = (
    # Центральный — 24
    TOSDef("Портпоселок", "portovy", MICRODISTRICT, registered_on=FIRST_TOS_REGISTERED_ON),
    TOSDef("Соцгород", "sotsgorod", BUILDINGS, since=1997),
    TOSDef("Жилстрой", "zhilstroy", MICRODISTRICT, since=1998),
    TOSDef("Площадь Свободы", "ploshchad-svobody", BUILDINGS),
    TOSDef("Дом на Баныкина", "ulitsa-banykina", BUILDING),
    TOSDef("Родина", "ulitsa-rodiny", BUILDINGS),
    TOSDef("Молодёжный", "molodyozhnyy-bulvar", BUILDINGS),
    TOSDef("Жилинский дворик", "ulitsa-zhilina", BUILDING),
    TOSDef("Ленинградский", "ulitsa-leningradskaya", BUILDINGS),
    TOSDef("Наш двор", "ulitsa-mira", BUILDINGS),
    TOSDef("Победа", "ulitsa-pobedy", BUILDINGS),
    TOSDef("Дружный подъезд", "ulitsa-sovetskaya", ENTRANCE, since=2010),
    TOSDef("Горьковский", "ulitsa-gorkogo", BUILDINGS),
    TOSDef("Новозаводский", "ulitsa-novozavodskaya", BUILDINGS),
    TOSDef("Лесной", "ulitsa-lesnaya", MICRODISTRICT),
    TOSDef("Белорусский дворик", "ulitsa-belorusskaya", BUILDINGS),
    TOSDef("Ушаковский", "ulitsa-ushakova", BUILDING),
    TOSDef("Добрые соседи", "ulitsa-komzina", ENTRANCE, since=2012),
    TOSDef("Уютный дом", "ulitsa-golosova", BUILDING),
    TOSDef("Чапаевский", "ulitsa-chapaeva", BUILDINGS),
    TOSDef("Дом на Карла Маркса", "ulitsa-karla-marksa", BUILDING, has_council=False),
    TOSDef("Старый город", "tsentralnaya-ploshchad", BUILDINGS),
    TOSDef("Ветеран", "ulitsa-lva-tolstogo", BUILDINGS, has_council=False),
    TOSDef("Строитель", "ulitsa-stroiteley", BUILDINGS, has_council=False),
    # Комсомольский — 22
    TOSDef("Шлюзовой", "shlyuzovoy", MICRODISTRICT, since=1996),
    TOSDef("Жигулёвское море", "zhigulevskoe-more", MICRODISTRICT, since=1997),
    TOSDef("Фёдоровка", "fedorovka", MICRODISTRICT, since=2006),
    TOSDef("Поволжский", "povolzhsky", MICRODISTRICT, since=2006),
    TOSDef("Кунеевка", "kuneevka", MICRODISTRICT, since=2007),
    TOSDef("Северный", "severny", BUILDINGS, since=2012),
    TOSDef("Комсомолец", "komsomolsky", BUILDINGS),
    TOSDef("Матросовский", "ulitsa-matrosova", BUILDINGS),
    TOSDef("Дом на Мурысева", "ulitsa-muryseva", BUILDING),
    TOSDef("Ярославский", "ulitsa-yaroslavskaya", BUILDINGS),
    TOSDef("Никоновский", "ulitsa-nikonova", BUILDINGS),
    TOSDef("Коммунистическая", "ulitsa-kommunisticheskaya", BUILDING),
    TOSDef("Дом на Носова", "ulitsa-nosova", BUILDING, has_council=False),
    TOSDef("Чайка", "ulitsa-lizy-chaykinoy", BUILDINGS),
    TOSDef("Молодая гвардия", "ulitsa-olega-koshevogo", BUILDINGS),
    TOSDef("Берёзка", "ulitsa-zoi-kosmodemyanskoy", BUILDING),
    TOSDef("Волжский простор", "zhigulevskoe-more", BUILDING, street="улица Морская", since=2008),
    TOSDef("Механизатор", "ulitsa-mekhanizatorov", BUILDINGS, has_council=False),
    TOSDef("Куйбышевский", "ulitsa-kuybysheva", BUILDINGS),
    TOSDef("Дружба", "ulitsa-sergeya-tyulenina", ENTRANCE, since=2010),
    TOSDef("Надежда", "ulitsa-matrosova", ENTRANCE, street="улица Носова", since=2011, has_council=False),
    TOSDef("Рябинушка", "shlyuzovoy", BUILDING, street="улица Железнодорожная"),
    # Автозаводский — 12
    TOSDef("Прибрежный", "pribrezhny", MICRODISTRICT, since=2000),
    TOSDef("Жигулёвская долина", "zhigulevskaya-dolina", BUILDINGS, since=2019),
    TOSDef("Бульвар Татищева", "kvartal-10", BUILDINGS),
    TOSDef("Дом на бульваре Гая", "kvartal-4", BUILDING, street="бульвар Гая"),
    TOSDef("Космос", "kvartal-5", BUILDINGS, street="бульвар Космонавтов"),
    TOSDef("Патрульный", "kvartal-16", BUILDING),
    TOSDef("Приморский", "kvartal-19", BUILDINGS, street="Приморский бульвар"),
    TOSDef("Соседи", "kvartal-7", ENTRANCE, since=2012, has_council=False),
    TOSDef("Юбилейный", "kvartal-2", BUILDING, street="улица Юбилейная"),
    TOSDef(
        "Автоград", "kvartal-13", BUILDINGS, registered_on=dt.date(2006, 4, 18),
        liquidated_on=dt.date(2021, 6, 30), has_council=False,
    ),
    TOSDef("Лада", "kvartal-14a", ENTRANCE, since=2014, has_council=False),
    TOSDef("Ботанический", "botanichesky", MICRODISTRICT, since=2018),
)

# Goals and forms of activity stated in TOS charters; each TOS lists a few.
GOALS = (
    "благоустройство и озеленение дворов, участие в программе «Формирование комфортной городской среды»",
    "организация субботников и сохранение лесной буферной зоны",
    "содержание детских и спортивных площадок, обустройство площадок для выгула собак",
    "помощь одиноким пожилым жителям, людям с инвалидностью и многодетным семьям",
    "организация досуга детей и подростков, дворовые праздники",
    "контроль за качеством ремонта подъездов, кровель и дворовых проездов",
    "безопасность дорожного движения у школ и детских садов",
    "подготовка инициативных проектов и участие в конкурсах социальных проектов",
    "взаимодействие с управляющими компаниями и администрацией района",
    "работа с молодёжью и вовлечение жителей в национальные проекты «Семья» и «Молодёжь и дети»",
    "сохранение истории микрорайона, встречи с ветеранами",
    "раздельный сбор отходов и экологическое просвещение",
)

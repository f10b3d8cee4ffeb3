"""The 85 microdistricts of the city, one per public council (ОСМ): 39 + 27 + 19.

Avtozavodsky is the «new city» of numbered quarters; its large early quarters
(1–15) are served by two public councils each, so they are split into «N» and
«NА» microdistricts. The old city and Komsomolsky are described by their named
settlements and, for the dense parts, by the main street a microdistrict lies on.

`streets` lists (street, number of houses) for the address finder; house
numbers are handed out per street in the order of this table, so ranges of two
microdistricts on one street never overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import random_for, slugify_ru

Streets = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class MicrodistrictDef:
    slug: str
    name: str
    district: str
    number: int | None
    latitude: Decimal
    longitude: Decimal
    streets: Streets
    # Genitive used in «Общественный совет 7 квартала» / «… микрорайона Шлюзовой».
    council_label: str
    description: str

    @property
    def population(self) -> int:
        # A stable estimate within the 2–7 thousand residents of a microdistrict.
        return random_for("population", self.slug).randrange(2_000, 7_001, 50)

    @property
    def street_names(self) -> list[str]:
        return [street for street, _ in self.streets]


def _coord(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _street_list(streets: Streets) -> str:
    return ", ".join(street for street, _ in streets)


# --- Автозаводский: streets of the new city ---------------------------------------------------------------

LENINSKY = "Ленинский проспект"
PRIMORSKY = "Приморский бульвар"
YUBILEYNAYA = "улица Юбилейная"
SEVENTY_OCT = "улица 70 лет Октября"
ORDZHONIKIDZE = "бульвар Орджоникидзе"
MOSKOVSKY = "Московский проспект"
REVOLUTSIONNAYA = "улица Революционная"
SVERDLOVA = "улица Свердлова"
RAZINA = "проспект Степана Разина"
TATISHCHEVA = "бульвар Татищева"
GAYA = "бульвар Гая"
KOSMONAVTOV = "бульвар Космонавтов"
PATRULNAYA = "улица Патрульная"
DZERZHINSKOGO = "улица Дзержинского"
VOROSHILOVA = "улица Ворошилова"
TOPOLINAYA = "улица Тополиная"
AVTOSTROITELEY = "улица Автостроителей"
TSVETNOY = "Цветной бульвар"
KURCHATOVA = "бульвар Курчатова"
KOROLEVA = "бульвар Королёва"
TUPOLEVA = "бульвар Туполева"
ZHUKOVA = "улица Маршала Жукова"
KULIBINA = "бульвар Кулибина"
OFITSERSKAYA = "улица Офицерская"
FRUNZE = "улица Фрунзе"
SPORTIVNAYA = "улица Спортивная"
YASHINA = "улица Льва Яшина"

# quarter number → (streets of «N квартал», streets of «NА квартал» or None when the quarter is not split)
_QUARTERS: dict[int, tuple[Streets, Streets | None]] = {
    1: (((LENINSKY, 8), (PRIMORSKY, 8)), ((PRIMORSKY, 8), (ZHUKOVA, 8))),
    2: (((LENINSKY, 8), (YUBILEYNAYA, 8)), ((YUBILEYNAYA, 8), (OFITSERSKAYA, 8))),
    3: (((LENINSKY, 8), (SEVENTY_OCT, 8)), ((SEVENTY_OCT, 8), (FRUNZE, 8))),
    4: (((ORDZHONIKIDZE, 8), (GAYA, 10)), ((GAYA, 10), (VOROSHILOVA, 8))),
    5: (((MOSKOVSKY, 8), (KOSMONAVTOV, 10)), ((KOSMONAVTOV, 10), (DZERZHINSKOGO, 8))),
    6: (((REVOLUTSIONNAYA, 8), (ORDZHONIKIDZE, 8)), ((REVOLUTSIONNAYA, 8), (TOPOLINAYA, 8))),
    7: (((SVERDLOVA, 8), (TSVETNOY, 8)), ((TSVETNOY, 8), (AVTOSTROITELEY, 8))),
    8: (((RAZINA, 8), (KURCHATOVA, 8)), ((KURCHATOVA, 8), (SVERDLOVA, 8))),
    9: (((RAZINA, 8), (KOROLEVA, 8)), ((KOROLEVA, 8), (SPORTIVNAYA, 8))),
    10: (((TATISHCHEVA, 10), (YUBILEYNAYA, 8)), ((TATISHCHEVA, 10), (SEVENTY_OCT, 8))),
    11: (((TATISHCHEVA, 10), (MOSKOVSKY, 8)), ((TUPOLEVA, 8), (MOSKOVSKY, 8))),
    12: (((REVOLUTSIONNAYA, 8), (TUPOLEVA, 8)), ((KULIBINA, 8), (RAZINA, 8))),
    13: (((KULIBINA, 8), (LENINSKY, 8)), ((YASHINA, 8), (REVOLUTSIONNAYA, 8))),
    14: (((SVERDLOVA, 8), (DZERZHINSKOGO, 8)), ((VOROSHILOVA, 8), (TOPOLINAYA, 8))),
    15: (((AVTOSTROITELEY, 8), (OFITSERSKAYA, 8)), ((FRUNZE, 8), (SPORTIVNAYA, 8))),
    16: (((PATRULNAYA, 10), (GAYA, 6)), None),
    17: (((PATRULNAYA, 10), (ZHUKOVA, 6)), None),
    18: (((MOSKOVSKY, 8), (YASHINA, 8)), None),
    19: (((TATISHCHEVA, 8), (PRIMORSKY, 8)), None),
    20: (((RAZINA, 8), (PATRULNAYA, 8)), None),
    21: (((MOSKOVSKY, 8), (KOSMONAVTOV, 6)), None),
}


def _quarter_era(number: int) -> str:
    if number <= 7:
        return "в первой половине 1970-х годов, одновременно с пуском автозавода"
    if number <= 15:
        return "в конце 1970-х — 1980-е годы"
    return "в 1990-е — 2000-е годы"


def _avtozavodsky() -> list[MicrodistrictDef]:
    result: list[MicrodistrictDef] = []
    for number, (streets, streets_a) in _QUARTERS.items():
        # Quarters lie in a grid between the avenues: rows north → south, columns east → west.
        row, col = divmod(number - 1, 7)
        lat, lon = 53.548 - row * 0.014, 49.355 - col * 0.016
        parts = [("", streets, 0.0)]
        if streets_a is not None:
            parts.append(("А", streets_a, 1.0))
        for suffix, part_streets, shift in parts:
            name = f"{number}{suffix} квартал"
            half = " (южная половина квартала)" if suffix else ""
            result.append(MicrodistrictDef(
                slug=f"kvartal-{number}{slugify_ru(suffix)}",
                name=name,
                district="avtozavodsky",
                number=number,
                latitude=_coord(lat - shift * 0.005),
                longitude=_coord(lon + shift * 0.007),
                streets=part_streets,
                council_label=f"{number}{suffix} квартала",
                description=(
                    f"{name}{half} в Автозаводском районе, застроен {_quarter_era(number)}. "
                    f"Основные улицы — {_street_list(part_streets)}."
                ),
            ))
    result += [
        MicrodistrictDef(
            slug="pribrezhny", name="Прибрежный", district="avtozavodsky", number=None,
            latitude=_coord(53.4780), longitude=_coord(49.2500),
            streets=(("улица Прибрежная", 10), ("улица Звёздная", 8)),
            council_label="микрорайона Прибрежный",
            description=(
                "Бывший посёлок на берегу Волги к югу от Автозаводского района, вошедший в состав города. "
                "Частные дома соседствуют с многоэтажками; рядом пляж и яхт-клубы."
            ),
        ),
        MicrodistrictDef(
            slug="zhigulevskaya-dolina", name="Жигулёвская долина", district="avtozavodsky", number=None,
            latitude=_coord(53.5120), longitude=_coord(49.2360),
            streets=(("улица Жигулёвская", 10), ("улица Радужная", 8)),
            council_label="микрорайона «Жигулёвская долина»",
            description=(
                "Новый микрорайон на западной окраине Автозаводского района: многоэтажные дома 2010–2020-х "
                "годов, новые школа и детские сады, дворы без машин."
            ),
        ),
        MicrodistrictDef(
            slug="botanichesky", name="Ботанический", district="avtozavodsky", number=None,
            latitude=_coord(53.5050), longitude=_coord(49.3300),
            streets=(("улица Ботаническая", 10), ("Южное шоссе", 6)),
            council_label="микрорайона Ботанический",
            description=(
                "Микрорайон у Южного шоссе, застраивается с 2010-х годов рядом с ботаническим садом. "
                "Молодые семьи, много детей; жители добиваются новых остановок и пешеходных переходов."
            ),
        ),
    ]
    return result


# --- Центральный: the old city --------------------------------------------------------------------------

def _central_street(street: str, label: str, lat: float, lon: float, streets: Streets) -> MicrodistrictDef:
    return MicrodistrictDef(
        slug=slugify_ru(street), name=street[0].upper() + street[1:], district="tsentralny", number=None,
        latitude=_coord(lat), longitude=_coord(lon), streets=streets,
        council_label=f"микрорайона {label}",
        description=(
            f"Микрорайон старого города вдоль {label}: дома 1950–1970-х годов, "
            f"тенистые дворы. Основные улицы — {_street_list(streets)}."
        ),
    )


def _central() -> list[MicrodistrictDef]:
    named = [
        MicrodistrictDef(
            slug="tsentralnaya-ploshchad", name="Центральная площадь", district="tsentralny", number=None,
            latitude=_coord(53.5095), longitude=_coord(49.4185),
            streets=(("Центральная площадь", 4), ("улица Ленинградская", 6), ("улица Карла Маркса", 6)),
            council_label="микрорайона «Центральная площадь»",
            description=(
                "Сердце старого города: Центральная площадь, сталинские дома с арками и колоннадой, "
                "городской парк рядом. Здесь проходят городские праздники."
            ),
        ),
        MicrodistrictDef(
            slug="ploshchad-svobody", name="Площадь Свободы", district="tsentralny", number=None,
            latitude=_coord(53.5290), longitude=_coord(49.4175),
            streets=(("площадь Свободы", 4), ("улица Жилина", 6), ("улица Мира", 6)),
            council_label="микрорайона «Площадь Свободы»",
            description=(
                "Микрорайон вокруг площади Свободы с обелиском Славы и сквера на улице Жилина, "
                "благоустроенного по заявкам жителей."
            ),
        ),
        MicrodistrictDef(
            slug="portovy", name="Портовый (Портпоселок)", district="tsentralny", number=None,
            latitude=_coord(53.4870), longitude=_coord(49.4050),
            streets=(("улица Портовая", 12), ("улица Судоремонтная", 6)),
            council_label="микрорайона Портовый",
            description=(
                "Обособленный микрорайон на берегу Волги к юго-западу от основных кварталов старого города, "
                "рядом с затопленной частью старого Ставрополя. Единственное место, где Центральный район "
                "выходит к Волге."
            ),
        ),
        MicrodistrictDef(
            slug="sotsgorod", name="Соцгород", district="tsentralny", number=None,
            latitude=_coord(53.5005), longitude=_coord(49.4120),
            streets=(("улица Баныкина", 6), ("улица Родины", 6), ("улица Горького", 4)),
            council_label="микрорайона Соцгород",
            description=(
                "Южная окраина старого города у лесного массива: отсюда улицы Баныкина и Родины ведут "
                "к Портпоселку. Жители бережно относятся к буферной зоне леса."
            ),
        ),
        MicrodistrictDef(
            slug="zhilstroy", name="Жилстрой", district="tsentralny", number=None,
            latitude=_coord(53.5330), longitude=_coord(49.4400),
            streets=(("улица Новозаводская", 8), ("улица Строителей", 6)),
            council_label="микрорайона Жилстрой",
            description=(
                "Рабочий посёлок строителей химических заводов на северо-востоке старого города: "
                "двух- и трёхэтажные дома, частный сектор, много пожилых жителей."
            ),
        ),
    ]
    by_street = [
        ("улица Баныкина", "улицы Баныкина", 53.5040, 49.4080, (("улица Баныкина", 10), ("улица Голосова", 4))),
        ("улица Родины", "улицы Родины", 53.5025, 49.4160, (("улица Родины", 8), ("улица Комзина", 4))),
        ("улица Жилина", "улицы Жилина", 53.5260, 49.4125, (("улица Жилина", 8), ("улица Белорусская", 4))),
        ("Молодёжный бульвар", "Молодёжного бульвара", 53.5180, 49.4230,
         (("Молодёжный бульвар", 10), ("улица Победы", 4))),
        ("бульвар 50 лет Октября", "бульвара 50 лет Октября", 53.5150, 49.4300,
         (("бульвар 50 лет Октября", 10), ("улица Карла Маркса", 4))),
        ("улица Ленинградская", "улицы Ленинградской", 53.5115, 49.4240,
         (("улица Ленинградская", 8), ("улица Советская", 4))),
        ("улица Карла Маркса", "улицы Карла Маркса", 53.5200, 49.4180,
         (("улица Карла Маркса", 8), ("улица Мира", 4))),
        ("улица Мира", "улицы Мира", 53.5230, 49.4090, (("улица Мира", 8), ("улица Ленина", 4))),
        ("улица Победы", "улицы Победы", 53.5170, 49.4140, (("улица Победы", 8), ("улица Горького", 4))),
        ("улица Советская", "улицы Советской", 53.5070, 49.4280, (("улица Советская", 8), ("улица Чапаева", 4))),
        ("улица Белорусская", "улицы Белорусской", 53.5310, 49.4250,
         (("улица Белорусская", 8), ("улица Льва Толстого", 4))),
        ("улица Горького", "улицы Горького", 53.5130, 49.4060, (("улица Горького", 8), ("улица Коммунальная", 4))),
        ("улица Новозаводская", "улицы Новозаводской", 53.5350, 49.4330,
         (("улица Новозаводская", 8), ("улица Коммунальная", 4))),
        ("улица Лесная", "улицы Лесной", 53.4980, 49.4250, (("улица Лесная", 12),)),
        ("улица Ушакова", "улицы Ушакова", 53.5250, 49.4320, (("улица Ушакова", 8), ("улица Голосова", 4))),
        ("улица Комзина", "улицы Комзина", 53.5210, 49.4400, (("улица Комзина", 8), ("улица Белорусская", 4))),
        ("улица Голосова", "улицы Голосова", 53.5085, 49.4010, (("улица Голосова", 8), ("улица Ленинградская", 4))),
        ("улица Чапаева", "улицы Чапаева", 53.5045, 49.4340, (("улица Чапаева", 8), ("улица Советская", 4))),
        ("улица Льва Толстого", "улицы Льва Толстого", 53.5275, 49.4020,
         (("улица Льва Толстого", 8), ("улица Ленина", 4))),
        ("улица Ленина", "улицы Ленина", 53.5190, 49.4010, (("улица Ленина", 8), ("улица Жилина", 4))),
        ("улица Коммунальная", "улицы Коммунальной", 53.5370, 49.4180,
         (("улица Коммунальная", 8), ("улица Строителей", 4))),
        ("улица Строителей", "улицы Строителей", 53.5390, 49.4260, (("улица Строителей", 8), ("улица Победы", 4))),
    ]
    return named + [_central_street(*row) for row in by_street]


# --- Комсомольский: settlements in the east, by the dam and the port ---------------------------------------

def _komsomolsky_street(street: str, label: str, lat: float, lon: float, streets: Streets) -> MicrodistrictDef:
    return MicrodistrictDef(
        slug=slugify_ru(street), name=street[0].upper() + street[1:], district="komsomolsky", number=None,
        latitude=_coord(lat), longitude=_coord(lon), streets=streets,
        council_label=f"микрорайона {label}",
        description=(
            f"Часть посёлка Комсомольский вдоль {label}: дома строителей ГЭС "
            f"1950-х годов и панельные пятиэтажки. Основные улицы — {_street_list(streets)}."
        ),
    )


def _komsomolsky() -> list[MicrodistrictDef]:
    named = [
        MicrodistrictDef(
            slug="komsomolsky", name="Комсомольский", district="komsomolsky", number=None,
            latitude=_coord(53.4720), longitude=_coord(49.4880),
            streets=(("улица Комсомольская", 10), ("улица Коммунистическая", 4)),
            council_label="микрорайона Комсомольский",
            description=(
                "Центр района — посёлок строителей Куйбышевской ГЭС; в обиходе весь район зовут «Комсой». "
                "Многие улицы названы в честь героев-комсомольцев."
            ),
        ),
        MicrodistrictDef(
            slug="shlyuzovoy", name="Шлюзовой", district="komsomolsky", number=None,
            latitude=_coord(53.4640), longitude=_coord(49.5350),
            streets=(("улица Шлюзовая", 10), ("улица Железнодорожная", 6)),
            council_label="микрорайона Шлюзовой",
            description=(
                "Посёлок у шлюзов Жигулёвской ГЭС, к востоку от Комсомольского. Жители годами добиваются "
                "ремонта дорог и удобного транспорта до остальных районов."
            ),
        ),
        MicrodistrictDef(
            slug="zhigulevskoe-more", name="Жигулёвское море", district="komsomolsky", number=None,
            latitude=_coord(53.4820), longitude=_coord(49.5650),
            streets=(("улица Гидротехническая", 8), ("улица Морская", 6)),
            council_label="микрорайона Жигулёвское море",
            description=(
                "Посёлок у плотины и железнодорожной станции Жигулёвское Море на северо-востоке района; "
                "отсюда открывается вид на Жигулёвские горы."
            ),
        ),
        MicrodistrictDef(
            slug="fedorovka", name="Фёдоровка", district="komsomolsky", number=None,
            latitude=_coord(53.4450), longitude=_coord(49.4520),
            streets=(("улица Садовая", 10), ("улица Рабочая", 6)),
            council_label="микрорайона Фёдоровка",
            description=(
                "Бывшее село на берегу Волги, вошедшее в город: в основном частные дома и огороды. "
                "Главные заботы жителей — освещение улиц, вывоз мусора, водоотведение."
            ),
        ),
        MicrodistrictDef(
            slug="povolzhsky", name="Поволжский", district="komsomolsky", number=None,
            latitude=_coord(53.5000), longitude=_coord(49.5300),
            streets=(("улица Полевая", 10), ("улица Озёрная", 6)),
            council_label="микрорайона Поволжский",
            description=(
                "Посёлок к северу от Комсомольского, присоединённый к городу в 2000-е годы: "
                "малоэтажная застройка, школа и амбулатория."
            ),
        ),
        MicrodistrictDef(
            slug="kuneevka", name="Кунеевка", district="komsomolsky", number=None,
            latitude=_coord(53.4900), longitude=_coord(49.5150),
            streets=(("улица Школьная", 8), ("улица Луговая", 6)),
            council_label="микрорайона Кунеевка",
            description="Небольшой посёлок частных домов между Комсомольским и Поволжским, среди сосновых лесов.",
        ),
        MicrodistrictDef(
            slug="severny", name="Северный", district="komsomolsky", number=None,
            latitude=_coord(53.4840), longitude=_coord(49.4950),
            streets=(("улица Северная", 8), ("улица Матросова", 4)),
            council_label="микрорайона Северный",
            description="Новый микрорайон на северной окраине Комсомольского, застраивается с 2000-х годов.",
        ),
    ]
    by_street = [
        ("улица Матросова", "улицы Матросова", 53.4760, 49.4920, (("улица Матросова", 10), ("улица Носова", 4))),
        ("улица Мурысева", "улицы Мурысева", 53.4700, 49.4960, (("улица Мурысева", 10), ("улица Ярославская", 4))),
        ("улица Ярославская", "улицы Ярославской", 53.4680, 49.5010,
         (("улица Ярославская", 10), ("улица Коммунистическая", 4))),
        ("улица Никонова", "улицы Никонова", 53.4740, 49.5040, (("улица Никонова", 10), ("улица Мурысева", 4))),
        ("улица Коммунистическая", "улицы Коммунистической", 53.4710, 49.4830,
         (("улица Коммунистическая", 10), ("улица Комсомольская", 4))),
        ("улица Носова", "улицы Носова", 53.4660, 49.4900, (("улица Носова", 8), ("улица Лизы Чайкиной", 4))),
        ("улица Лизы Чайкиной", "улицы Лизы Чайкиной", 53.4640, 49.4850,
         (("улица Лизы Чайкиной", 10), ("улица Зои Космодемьянской", 4))),
        ("улица Зои Космодемьянской", "улицы Зои Космодемьянской", 53.4620, 49.4930,
         (("улица Зои Космодемьянской", 8), ("улица Олега Кошевого", 4))),
        ("улица Олега Кошевого", "улицы Олега Кошевого", 53.4690, 49.4780,
         (("улица Олега Кошевого", 8), ("улица Сергея Тюленина", 4))),
        ("улица Сергея Тюленина", "улицы Сергея Тюленина", 53.4730, 49.4760,
         (("улица Сергея Тюленина", 8), ("улица Куйбышева", 4))),
        ("улица Куйбышева", "улицы Куйбышева", 53.4780, 49.4850, (("улица Куйбышева", 8), ("улица Механизаторов", 4))),
        ("улица Механизаторов", "улицы Механизаторов", 53.4600, 49.5050,
         (("улица Механизаторов", 8), ("улица Матросова", 4))),
    ]
    return named + [_komsomolsky_street(*row) for row in by_street]


MICRODISTRICTS: tuple[MicrodistrictDef, ...] = (*_avtozavodsky(), *_central(), *_komsomolsky())

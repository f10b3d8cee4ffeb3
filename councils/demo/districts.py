"""The three districts of Tolyatti (populations: 2024 estimates)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DistrictDef:
    slug: str
    name: str
    name_en: str
    # «Автозаводского района»: council names and positions need the genitive.
    genitive: str
    population: int
    description: str
    description_en: str
    sort_order: int
    # First two digits of the district's landline numbers (+7 8482 XX-XX-XX).
    phone_prefixes: tuple[str, ...]


DISTRICTS: tuple[DistrictDef, ...] = (
    DistrictDef(
        slug="avtozavodsky",
        name="Автозаводский",
        name_en="Avtozavodsky",
        genitive="Автозаводского района",
        population=422_000,
        description=(
            "«Новый город» — западная часть Тольятти, выросшая с конца 1960-х годов вместе с Волжским "
            "автомобильным заводом. Жилые кварталы пронумерованы и разделены широкими проспектами и "
            "бульварами; от Центрального района Автозаводский отделяет лесной массив. Самый большой район "
            "города: здесь живёт почти две трети тольяттинцев."
        ),
        description_en=(
            "The “new town”: the western part of Tolyatti, which grew from the late 1960s together with the "
            "Volga Automobile Plant. Its residential quarters are numbered and divided by wide avenues and "
            "boulevards; a forest separates it from the Tsentralny district. The city's largest district: "
            "almost two thirds of Tolyatti's residents live here."
        ),
        sort_order=1,
        phone_prefixes=("32", "34", "35", "37", "51", "55", "63", "67", "70", "72", "77"),
    ),
    DistrictDef(
        slug="tsentralny",
        name="Центральный",
        name_en="Tsentralny",
        genitive="Центрального района",
        population=151_000,
        description=(
            "«Старый город»: район сложился в 1950-е годы, когда жителей Ставрополя переселяли из зоны "
            "затопления Куйбышевского водохранилища. Здесь площадь Свободы, Центральная площадь и "
            "администрация городского округа; у берега Волги, отдельно от основных кварталов, — "
            "микрорайон Портовый (Портпоселок)."
        ),
        description_en=(
            "The “old town”: the district took shape in the 1950s, when the residents of Stavropol were moved "
            "out of the area flooded by the Kuibyshev Reservoir. Here are Svobody Square, Tsentralnaya Square "
            "and the city administration; on the Volga bank, apart from the main quarters, lies the Portovy "
            "microdistrict (Portposelok)."
        ),
        sort_order=2,
        phone_prefixes=("22", "26", "28", "48"),
    ),
    DistrictDef(
        slug="komsomolsky",
        name="Комсомольский",
        name_en="Komsomolsky",
        genitive="Комсомольского района",
        population=111_000,
        description=(
            "Восточная часть города, исторически связанная со строительством Жигулёвской ГЭС, речным портом "
            "и шлюзами. Район объединяет обособленные посёлки-микрорайоны: Комсомольский, Шлюзовой, "
            "Жигулёвское море, Фёдоровку, Поволжский и другие — между ними лес и промышленные зоны."
        ),
        description_en=(
            "The eastern part of the city, historically tied to the building of the Zhiguli hydroelectric "
            "station, the river port and the locks. The district brings together separate settlements: "
            "Komsomolsky, Shlyuzovoy, Zhigulyovskoye More, Fyodorovka, Povolzhsky and others, with forest "
            "and industrial zones between them."
        ),
        sort_order=3,
        phone_prefixes=("20", "24", "25", "27"),
    ),
)

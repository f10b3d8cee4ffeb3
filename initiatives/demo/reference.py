"""The English of the reference data: categories and national projects (seeded by migration 0002).

Migration 0012 gives the seeded rows these names once; the demo loader sets them on every
run, so a demo database whose rows lack them (or differ) gets them on the next `load_demo`.
Rows staff added themselves are not touched.
"""

from __future__ import annotations

from core.demo import DemoRun

from ..catalogue_cache import reference_changed
from ..models import Category, NationalProject

# slug → English name
CATEGORIES_EN: dict[str, str] = {
    "blagoustroystvo": "Public spaces and landscaping",
    "kultura": "Culture",
    "obrazovanie": "Education",
    "ekologiya": "Environmental protection",
    "sport": "Sport and healthy living",
    "bezopasnost": "Safety",
    "socialnaya-podderzhka": "Social support",
    "molodezh": "Youth and children",
    "zhkh": "Housing, utilities and courtyards",
    "transport": "Roads and transport",
    "dosug": "Leisure and neighbourhood events",
}

# slug → (English name, English description or "" where the Russian has none)
NATIONAL_PROJECTS_EN: dict[str, tuple[str, str]] = {
    "infrastruktura-dlya-zhizni": (
        "Infrastructure for Life", "Includes a comfortable urban environment: courtyards, parks and public spaces.",
    ),
    "ekologicheskoe-blagopoluchie": ("Environmental Well-Being", ""),
    "semya": ("Family", ""),
    "molodezh-i-deti": ("Youth and Children", ""),
    "prodolzhitelnaya-i-aktivnaya-zhizn": ("Long and Active Life", ""),
    "kadry": ("Human Resources", ""),
    "turizm-i-gostepriimstvo": ("Tourism and Hospitality", ""),
    "effektivnaya-transportnaya-sistema": ("Efficient Transport System", ""),
}


def load_reference_english(run: DemoRun) -> None:
    """Fill the English names (a second run writes nothing: only rows that differ are updated)."""
    updated = 0
    for slug, name in CATEGORIES_EN.items():
        updated += Category.objects.filter(slug=slug).exclude(name_en=name).update(name_en=name)
    for slug, (name, description) in NATIONAL_PROJECTS_EN.items():
        rows = NationalProject.objects.filter(slug=slug)
        updated += rows.exclude(name_en=name).update(name_en=name)
        if description:
            updated += rows.exclude(description_en=description).update(description_en=description)
    if updated:
        # Queryset updates send no signals: the cached cards and filters learn of the names here.
        reference_changed()
        run.write(f"Справочники: английских названий и описаний заполнено {updated}\n")

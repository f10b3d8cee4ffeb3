"""The Russian of categories and national projects moves to `name_ru`/`description_ru`; the seeded ones get English.

The rows migration 0002 seeded get their English names (and the one seeded description its
English), as long as staff have not renamed them: a renamed row keeps an empty English name,
and English pages show its Russian until staff fill it in the admin. Frozen here, as 0002 is.
"""

from django.db import migrations
from django.db.models import F

# slug → (seeded Russian name, English name)
CATEGORIES = {
    "blagoustroystvo": ("Благоустройство территории", "Public spaces and landscaping"),
    "kultura": ("Культура", "Culture"),
    "obrazovanie": ("Образование", "Education"),
    "ekologiya": ("Охрана окружающей среды", "Environmental protection"),
    "sport": ("Спорт и здоровый образ жизни", "Sport and healthy living"),
    "bezopasnost": ("Безопасность", "Safety"),
    "socialnaya-podderzhka": ("Социальная поддержка", "Social support"),
    "molodezh": ("Молодёжь и дети", "Youth and children"),
    "zhkh": ("ЖКХ и дворы", "Housing, utilities and courtyards"),
    "transport": ("Дороги и транспорт", "Roads and transport"),
    "dosug": ("Досуг и соседские события", "Leisure and neighbourhood events"),
}

# slug → (seeded Russian name, English name, English description)
NATIONAL_PROJECTS = {
    "infrastruktura-dlya-zhizni": (
        "Инфраструктура для жизни", "Infrastructure for Life",
        "Includes a comfortable urban environment: courtyards, parks and public spaces.",
    ),
    "ekologicheskoe-blagopoluchie": ("Экологическое благополучие", "Environmental Well-Being", ""),
    "semya": ("Семья", "Family", ""),
    "molodezh-i-deti": ("Молодёжь и дети", "Youth and Children", ""),
    "prodolzhitelnaya-i-aktivnaya-zhizn": ("Продолжительная и активная жизнь", "Long and Active Life", ""),
    "kadry": ("Кадры", "Human Resources", ""),
    "turizm-i-gostepriimstvo": ("Туризм и гостеприимство", "Tourism and Hospitality", ""),
    "effektivnaya-transportnaya-sistema": ("Эффективная транспортная система", "Efficient Transport System", ""),
}


def copy_russian(apps, schema_editor):
    for name in ("Category", "NationalProject"):
        model = apps.get_model("initiatives", name)
        model.objects.update(name_ru=F("name"), description_ru=F("description"))


def fill_english(apps, schema_editor):
    """Also run by tests/conftest.py after a flush, with the live models: only `_ru`/`_en` columns are named."""
    Category = apps.get_model("initiatives", "Category")
    NationalProject = apps.get_model("initiatives", "NationalProject")
    for slug, (russian, english) in CATEGORIES.items():
        Category.objects.filter(slug=slug, name_ru=russian, name_en__isnull=True).update(name_en=english)
    for slug, (russian, english, description) in NATIONAL_PROJECTS.items():
        rows = NationalProject.objects.filter(slug=slug, name_ru=russian, name_en__isnull=True)
        if description:
            rows.filter(description_en__isnull=True).update(description_en=description)
        rows.update(name_en=english)


def forward(apps, schema_editor):
    copy_russian(apps, schema_editor)
    fill_english(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0011_translated_reference_data")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]

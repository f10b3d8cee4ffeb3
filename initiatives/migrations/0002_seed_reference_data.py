"""Seeds categories (the resolution's spheres first), national projects and support rules."""

from django.db import migrations

CATEGORIES = [
    # (slug, name, named in the forum's resolution)
    ("blagoustroystvo", "Благоустройство территории", True),
    ("kultura", "Культура", True),
    ("obrazovanie", "Образование", True),
    ("ekologiya", "Охрана окружающей среды", True),
    ("sport", "Спорт и здоровый образ жизни", False),
    ("bezopasnost", "Безопасность", False),
    ("socialnaya-podderzhka", "Социальная поддержка", False),
    ("molodezh", "Молодёжь и дети", False),
    ("zhkh", "ЖКХ и дворы", False),
    ("transport", "Дороги и транспорт", False),
    ("dosug", "Досуг и соседские события", False),
]

# National projects from 2025; those closest to residents' initiatives first.
NATIONAL_PROJECTS = [
    ("infrastruktura-dlya-zhizni", "Инфраструктура для жизни",
     "Включает формирование комфортной городской среды: дворы, парки, общественные пространства."),
    ("ekologicheskoe-blagopoluchie", "Экологическое благополучие", ""),
    ("semya", "Семья", ""),
    ("molodezh-i-deti", "Молодёжь и дети", ""),
    ("prodolzhitelnaya-i-aktivnaya-zhizn", "Продолжительная и активная жизнь", ""),
    ("kadry", "Кадры", ""),
    ("turizm-i-gostepriimstvo", "Туризм и гостеприимство", ""),
    ("effektivnaya-transportnaya-sistema", "Эффективная транспортная система", ""),
]

RULES = [("microdistrict", 100, 60), ("district", 300, 90), ("city", 1000, 90)]


def seed(apps, schema_editor):
    Category = apps.get_model("initiatives", "Category")
    NationalProject = apps.get_model("initiatives", "NationalProject")
    SupportRule = apps.get_model("initiatives", "SupportRule")
    for order, (slug, name, in_resolution) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "named_in_resolution": in_resolution, "sort_order": order}
        )
    for order, (slug, name, description) in enumerate(NATIONAL_PROJECTS):
        NationalProject.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
    for scope, threshold, days in RULES:
        SupportRule.objects.get_or_create(scope=scope, defaults={"support_threshold": threshold, "collection_days": days})


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

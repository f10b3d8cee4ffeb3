"""The forum's titles move to `title_ru` (and `theme_ru`); an edition with the forum's usual title gets it in English.

Adding `title_en` gave every existing edition the English of the usual title (the column's
default); an edition that had another title must not claim it, so its English stays empty
and English pages show its Russian title until staff fill it in.
"""

from django.db import migrations
from django.db.models import F

DEFAULT_FORUM_TITLE = "Самоуправление Тольятти: от стратегии к практике"


def copy_russian(apps, schema_editor):
    ForumEdition = apps.get_model("forum", "ForumEdition")
    ForumEdition.objects.update(title_ru=F("title"), theme_ru=F("theme"))
    ForumEdition.objects.exclude(title=DEFAULT_FORUM_TITLE).update(title_en=None)
    for name in ("Section", "Resolution"):
        apps.get_model("forum", name).objects.update(title_ru=F("title"))


class Migration(migrations.Migration):
    dependencies = [("forum", "0004_translated_reference_data")]

    operations = [migrations.RunPython(copy_russian, migrations.RunPython.noop)]

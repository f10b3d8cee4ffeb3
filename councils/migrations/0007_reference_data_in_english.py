"""The districts' Russian names and descriptions move to `name_ru`/`description_ru` (English is filled by staff)."""

from django.db import migrations
from django.db.models import F


def copy_russian(apps, schema_editor):
    District = apps.get_model("councils", "District")
    District.objects.update(name_ru=F("name"), description_ru=F("description"))


class Migration(migrations.Migration):
    dependencies = [("councils", "0006_translated_reference_data")]

    operations = [migrations.RunPython(copy_russian, migrations.RunPython.noop)]

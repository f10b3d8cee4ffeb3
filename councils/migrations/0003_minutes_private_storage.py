# Council minutes move to the never-public storage (settings.STORAGES["private"]).

import django.core.validators
from django.db import migrations, models

import core.storage
import core.uploads


def move_minutes_to_private_storage(apps, schema_editor):
    """Copy minutes uploaded under MEDIA_ROOT/private/ to the private storage, same name.

    Idempotent: a file already in the private storage is left alone, and the public
    copy is deleted only once the private one exists.
    """
    from django.core.files.storage import storages

    public, private = storages["default"], storages["private"]
    meetings = apps.get_model("councils", "CouncilMeeting").objects.exclude(minutes_file="")
    for name in meetings.values_list("minutes_file", flat=True).iterator():
        if private.exists(name) or not public.exists(name):
            continue
        with public.open(name, "rb") as handle:
            saved = private.save(name, handle)
        if saved != name:  # never expected; keep the row pointing at the real file
            meetings.filter(minutes_file=name).update(minutes_file=saved)
        public.delete(name)


class Migration(migrations.Migration):

    dependencies = [
        ('councils', '0002_upload_content_checks'),
    ]

    operations = [
        migrations.AlterField(
            model_name='councilmeeting',
            name='minutes_file',
            field=models.FileField(blank=True, storage=core.storage.get_private_storage, upload_to='minutes/%Y/', validators=[django.core.validators.FileExtensionValidator(allowed_extensions=['pdf']), core.uploads.validate_pdf_upload], verbose_name='протокол (PDF)'),
        ),
        migrations.RunPython(move_minutes_to_private_storage, migrations.RunPython.noop),
    ]

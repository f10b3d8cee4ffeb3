"""The newest-first public index carries the status too, PostgreSQL only.

A deep page of the list (?page=500) first reads only the ids of its 20 rows
(initiatives.pagination.FastPaginator). With `status` in the index that read is an
index-only scan: the public condition's «not a rejected draft» test needs the status,
and fetching it from the table for every skipped row is what made deep pages slow
(city-scale data: 45 ms of OFFSET over 10,000 rows).
"""

from django.db import migrations

PUBLIC = "('published', 'consideration', 'accepted', 'in_progress', 'implemented', 'rejected', 'expired')"

FORWARD = f"""
DROP INDEX IF EXISTS initiative_public_newest;
CREATE INDEX initiative_public_newest ON initiatives_initiative
  (published_at DESC NULLS LAST, id DESC) INCLUDE (status) WHERE status IN {PUBLIC};
"""

BACKWARD = f"""
DROP INDEX IF EXISTS initiative_public_newest;
CREATE INDEX initiative_public_newest ON initiatives_initiative
  (published_at DESC NULLS LAST, id DESC) WHERE status IN {PUBLIC};
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0005_public_list_indexes")]

    operations = [migrations.RunPython(forward, backward)]

"""Full-text search on PostgreSQL: a trigger keeps search_vector current, a GIN index serves it.

Created only on PostgreSQL (SQLite has neither); the list falls back to a
simple substring search there. A trigger rather than application code keeps
bulk inserts (city-scale demo data, imports) searchable too.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION initiatives_initiative_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pg_catalog.russian', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.russian', coalesce(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('pg_catalog.russian', coalesce(NEW.address, '')), 'B') ||
    setweight(to_tsvector('pg_catalog.russian', coalesce(NEW.description, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER initiatives_initiative_search_vector_update
  BEFORE INSERT OR UPDATE OF title, summary, address, description ON initiatives_initiative
  FOR EACH ROW EXECUTE FUNCTION initiatives_initiative_search_vector();

CREATE INDEX IF NOT EXISTS initiative_search_gin ON initiatives_initiative USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS initiative_search_gin;
DROP TRIGGER IF EXISTS initiatives_initiative_search_vector_update ON initiatives_initiative;
DROP FUNCTION IF EXISTS initiatives_initiative_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_seed_reference_data")]

    operations = [migrations.RunPython(forward, backward)]

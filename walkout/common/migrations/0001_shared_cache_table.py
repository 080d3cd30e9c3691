from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The database-backed "shared" cache (SQLite mode) needs its table; a no-op with Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]

"""The cache table the rate limits count in (settings CACHES["limits"]) when there is no Redis:
made by `migrate`, so an install needs no separate `createcachetable` step."""

from django.core.management import call_command
from django.db import migrations


def make_cache_tables(apps, schema_editor):
    # createcachetable makes whichever database caches the settings name, and skips those that
    # exist: with Redis configured it does nothing.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_recovery_codes")]

    operations = [migrations.RunPython(make_cache_tables, migrations.RunPython.noop)]

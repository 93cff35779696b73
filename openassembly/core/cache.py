"""A database cache whose counters hold across workers.

Django's database cache increments by reading the value and writing it back, so two workers
counting the same key at once can both write the same number and one attempt goes uncounted.
Rate limits count in this cache when there is no Redis, so the increment here holds the row
lock (PostgreSQL) or the database's write lock (SQLite, whose transactions this project begins
IMMEDIATE) from the read to the write.
"""

from __future__ import annotations

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key, delta: int = 1, version=None) -> int:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        made = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT cache_key FROM {table} WHERE cache_key = %s{lock}",  # noqa: S608
                [made],
            )
            return super().incr(key, delta, version)

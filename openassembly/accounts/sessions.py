"""The session engine (settings.SESSION_ENGINE): Django's database sessions, loaded together
with the signed-in user and their memberships in a single query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.db import connection
from django.utils import timezone

from . import signed_in
from .backends import identity_params, identity_query, user_from_rows


class SessionStore(DBStore):
    """Sessions in ``accounts.Session``. Reading one also reads its user (``loaded_user``),
    which ``backends.MemberBackend`` then uses instead of asking the database again."""

    loaded_user: Any = None

    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    def create_model_instance(self, data: dict) -> Any:
        instance = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        instance.user_id = int(user_id) if user_id is not None else None
        # Read afresh, not the user this request began with: the password may have just
        # changed, and a session is saved seldom (signing in, a second factor, a message).
        user = (self.model.user.field.related_model.objects.filter(pk=instance.user_id).first()
                if instance.user_id is not None else None)
        for column, value in signed_in.columns(data, user).items():
            setattr(instance, column, value)
        return instance

    def load(self) -> dict:
        self.loaded_user = None
        session = self.model._meta.db_table
        users = self.model.user.field.related_model._meta.db_table
        sql = identity_query(f"{session} s LEFT JOIN {users} u ON u.id = s.user_id",
                             "s.session_key = %s AND s.expire_date > %s", first="s.session_data")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*identity_params(), self.session_key, timezone.now()])
            rows = cursor.fetchall()
        if not rows:
            # As Django's store does: an unknown or expired key gets a new one when saved.
            self._session_key = None
            return {}
        data = self.decode(rows[0][0])
        user = user_from_rows([row[1:] for row in rows])
        if user is not None and str(user.pk) == str(data.get(SESSION_KEY)):
            self.loaded_user = user
        return data

from django.conf import settings
from django.urls import include, path

from openassembly.api.api import api

urlpatterns = [
    path("api/", api.urls),
    path("", include("openassembly.accounts.urls")),
    path("", include("openassembly.members.urls")),
    path("", include("openassembly.bodies.urls")),
    path("", include("openassembly.meetings.urls")),
    path("", include("openassembly.ballots.urls")),
    path("", include("openassembly.scenarios.urls")),
    path("", include("openassembly.record.urls")),
]

if settings.ADMIN_ENABLED:
    from django.contrib import admin

    urlpatterns.insert(0, path("operator-admin/", admin.site.urls))

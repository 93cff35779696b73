from django.conf import settings
from django.urls import include, path

from openassembly.api.api import api

# Malformed or oversized requests and server faults are said in words (JSON under /api/).
handler400 = "openassembly.core.request_limits.bad_request"
handler500 = "openassembly.core.request_limits.server_error"

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

from django.urls import path

from . import views
from .views import requisitions

app_name = "meetings"

P = "o/<slug:org>/"
M = P + "meetings/<int:pk>/"

urlpatterns = [
    path(P + "meetings/", views.index, name="index"),
    path(P + "meetings/call/", views.call, name="call"),
    path(P + "bodies/<slug:key>/meetings/", views.body_meetings, name="body"),
    path(P + "bodies/<slug:key>/meetings.ics", views.body_ical, name="ical"),
    path(P + "requisitions/", requisitions.index, name="requisitions"),
    path(P + "requisitions/<int:pk>/", requisitions.detail, name="requisition"),
    path(P + "bodies/<slug:key>/requisition/", requisitions.start, name="requisition_start"),
    path(M, views.meeting, name="meeting"),
    path(M + "cancel/", requisitions.cancel, name="cancel"),
    path(M + "live/", views.live, name="live"),
    path(M + "console/", views.console, name="console"),
    path(M + "attendance/", views.attendance, name="attendance"),
    path(M + "projector/", views.projector, name="projector"),
    path(M + "projector/status/", views.projector_status, name="projector_status"),
    path(M + "do/<slug:name>/", views.act, name="act"),
    path(M + "papers/<int:paper_pk>/v<int:number>/", views.paper, name="paper"),
    path(M + "minutes/", views.minutes, name="minutes"),
    path(M + "minutes/print/", views.minutes, {"printable": True}, name="minutes_print"),
    path(M + "minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(P + "divisions/<int:pk>/", views.division, name="division"),
    path(P + "decisions/", views.decisions, name="decisions"),
    path(P + "compliance/", views.compliance, name="compliance"),
    path(P + "withheld/", views.withheld, name="withheld"),
]

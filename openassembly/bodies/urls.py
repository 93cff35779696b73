from django.urls import path

from . import views

app_name = "bodies"

urlpatterns = [
    path("o/<slug:org>/bodies/<slug:key>/seats/", views.manage_seats, name="manage"),
    path("o/<slug:org>/bodies/<slug:key>/seats/<int:pk>/end/", views.end_term, name="end_term"),
]

from django.urls import path

from . import affiliates, standing_views, views

app_name = "members"

urlpatterns = [
    path("o/<slug:org>/join/<slug:slug>/", views.appeal, name="appeal"),
    path("o/<slug:org>/confirm/<str:token>/", views.confirm, name="confirm"),
    path("o/<slug:org>/me/", views.me, name="me"),
    path("o/<slug:org>/me/public-office/", views.public_office, name="public_office"),
    path("o/<slug:org>/affiliates/", affiliates.affiliates, name="affiliates"),
    path("o/<slug:org>/officers/register/", views.register, name="register"),
    path("o/<slug:org>/officers/import/", views.import_view, name="import"),
    path("o/<slug:org>/officers/applications/", standing_views.applications,
         name="applications"),
    path("o/<slug:org>/officers/dues/", standing_views.record_dues, name="dues"),
    path("o/<slug:org>/officers/discipline/", standing_views.apply_decision,
         name="discipline"),
]

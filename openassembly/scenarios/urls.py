from django.urls import path

from . import views

app_name = "scenarios"

urlpatterns = [
    path("o/<slug:org>/analysis/", views.index, name="index"),
    path("o/<slug:org>/analysis/results/add/", views.add_results, name="add_results"),
    path("o/<slug:org>/analysis/results/<int:pk>/", views.results_set, name="results_set"),
    path("o/<slug:org>/analysis/<int:pk>/", views.analysis, name="analysis"),
    path("o/<slug:org>/analysis/<int:pk>/check/", views.analysis_check, name="check"),
    path("o/<slug:org>/analysis/<int:pk>/attach/", views.attach, name="attach"),
    path(
        "o/<slug:org>/analysis/<int:pk>/analysis.<str:fmt>",
        views.download,
        name="download",
    ),
]

from django.urls import path

from . import downloads, feeds, views

app_name = "record"

urlpatterns = [
    path("", views.index, name="index"),
    path("o/<slug:org>/", views.home, name="home"),
    path("o/<slug:org>/bodies/<slug:key>/", views.body_detail, name="body"),
    path(
        "o/<slug:org>/officers/actions/<int:pk>/export", downloads.full_export, name="full_export"
    ),
    path("o/<slug:org>/bodies/<slug:key>/seats.svg", views.body_svg, name="body_svg"),
    path("o/<slug:org>/bodies/<slug:key>/<slug:seat>-members.csv", views.body_shares_csv,
         name="body_shares_csv"),
    path("o/<slug:org>/people/<int:pk>/", views.person, name="person"),
    path("o/<slug:org>/constitution/", views.constitution, name="constitution"),
    path(
        "o/<slug:org>/constitution/v<int:number>/", views.constitution, name="constitution_version"
    ),
    path(
        "o/<slug:org>/constitution/v<int:number>.toml",
        views.constitution_source,
        name="constitution_source",
    ),
    path("o/<slug:org>/ledger/", views.ledger, name="ledger"),
    path("o/<slug:org>/ledger/export.jsonl", views.ledger_export, name="ledger_export"),
    path("o/<slug:org>/open-data/", views.open_data_page, name="open_data"),
    path("o/<slug:org>/open-data.json", views.open_data_json, name="open_data_json"),
    path("o/<slug:org>/open-data.csv", views.open_data_csv_view, name="open_data_csv"),
    path(
        "o/<slug:org>/election-results.csv",
        views.election_results_csv_view,
        name="open_data_elections_csv",
    ),
    path(
        "o/<slug:org>/referendum-results.csv",
        views.referendum_results_csv_view,
        name="open_data_referendums_csv",
    ),
    path("o/<slug:org>/feeds/checkpoints.atom", feeds.CheckpointFeed(), name="feed_checkpoints"),
    path("o/<slug:org>/feeds/record.atom", feeds.EventFeed(), name="feed_events"),
]

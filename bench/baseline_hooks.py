"""gunicorn hooks for the voting benchmarks' own server, never for a real one: each worker gets
a baseline beside the real voting doors, at /bench/api/..., so that a benchmark can time, in
the same run and through the same server, the same authenticated request with the vote service
replaced by one bare durable insert.

The baseline goes through everything the real door does before its service: Django's session
and authentication middleware (session and user loaded the stock way), CSRF, the second-factor
rule, the organisation and membership from the URL, django-ninja's session auth and JSON body;
then it inserts one row into a table with no index (bench_baseline, made by the benchmark),
committed durably on its own: the least any recorded vote can cost.
"""


def post_worker_init(worker) -> None:
    from django.db import connection
    from django.urls import clear_url_caches, path
    from ninja import NinjaAPI
    from ninja.security import django_auth

    import config.urls
    from openassembly.api.ballots import BallotIn
    from openassembly.api.meetings import VoteIn
    from openassembly.core.access import require_member

    api = NinjaAPI(urls_namespace="bench", docs_url=None)

    def insert(doc: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_baseline (doc) VALUES (%s)", [doc])

    @api.post("/o/{org}/divisions/{division_id}/vote", auth=django_auth)
    def vote(request, org: str, division_id: int, payload: VoteIn):
        insert(f"{require_member(request.viewer).pk} {division_id} {payload.choice}")
        return {"recorded": 1}

    @api.post("/o/{org}/polls/{pk}/ballot", auth=django_auth)
    def ballot(request, org: str, pk: int, payload: BallotIn):
        insert(f"{require_member(request.viewer).pk} {pk} {payload.marks}")
        return {"receipt": "baseline"}

    config.urls.urlpatterns.insert(0, path("bench/api/", api.urls))
    clear_url_caches()

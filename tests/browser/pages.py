"""The HTML pages a signed-in person can open with GET, built by walking the URLconf and filling
each pattern's arguments from the demo's own objects; a pattern is kept for a person only when
the Django test client, signed in as that person, gets a 200 HTML page from it. So a new page
joins the accessibility checks without anyone listing it, and a page that needs an argument
this builder cannot fill is named in `unfilled` rather than quietly left out."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Not pages a person reads: the JSON API, sign-in steps reached only from a mailed link or a
# half-finished sign-in, and files (a dot in the last segment: .svg, .csv, .ics, .pdf, .atom).
SKIP_PREFIXES = ("api/", "accounts/")
ARG = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass
class Pages:
    paths: list[str] = field(default_factory=list)
    unfilled: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # a server error: a bug, never a page
    # What each page's <main> holds (less its CSRF tokens), so a second person's walk can
    # skip the pages that show them exactly what the first person saw.
    digests: dict[str, str] = field(default_factory=dict)


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _digest(html: bytes) -> str:
    main = html.split(b"<main", 1)[-1]
    return hashlib.sha256(CSRF.sub(b"", main)).hexdigest()


def _patterns(patterns, prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _choices(organisation) -> dict[str, list]:
    """Candidate values for each argument, keyed by the segment before it ("polls/<pk>")."""
    from openassembly.ballots.models import Petition, Poll, Questionnaire, Sortition
    from openassembly.bodies.models import Body, SeatHolding
    from openassembly.meetings.models import Division, Meeting, Requisition
    from openassembly.scenarios.models import ResultsSet, SavedAnalysis

    org = {"organisation": organisation}

    def pks(model, order: str = "pk", **filters) -> list[int]:
        return list(model.objects.filter(**org, **filters).order_by(order)
                    .values_list("pk", flat=True))

    polls = Poll.objects.filter(**org)
    # One poll in each state: each state shows different pages (vote, results, scrutiny).
    by_status = {}
    for poll in polls.order_by("pk"):
        by_status.setdefault(poll.status, poll.pk)
    meetings = pks(Meeting)
    return {
        "org": [organisation.slug],
        "bodies/key": list(Body.objects.filter(**org).values_list("key", flat=True)),
        "polls/pk": list(by_status.values()),
        "petitions/pk": pks(Petition)[:2],
        "sortitions/pk": pks(Sortition)[:2],
        "questionnaires/pk": pks(Questionnaire)[:1],
        "meetings/pk": meetings[:2] + meetings[-2:],
        "divisions/pk": pks(Division)[:2],
        "requisitions/pk": pks(Requisition)[:2],
        "people/pk": list(SeatHolding.objects.filter(**org, ends_on=None)
                          .values_list("member_id", flat=True).distinct()[:2]),
        "analysis/pk": pks(SavedAnalysis)[:1],
        "results/pk": pks(ResultsSet)[:1],
        "number": [1],
    }


def _fill(pattern: str, choices: dict[str, list]) -> list[str] | None:
    """Every path the pattern gives with the candidates; None if an argument has none."""
    paths = [""]
    rest = pattern
    while match := ARG.search(rest):
        before, name = rest[: match.start()], match.group(2)
        segment = before.rstrip("/").rsplit("/", 1)[-1]
        values = choices.get(name) or choices.get(f"{segment}/{name}")
        if values is None:
            return None
        paths = [p + before + str(v) for p in paths for v in values]
        rest = rest[match.end():]
    return [p + rest for p in paths]


def signed_in_pages(organisation, client: Client) -> Pages:
    # The client must not raise a view's exception (raise_request_exception=False), so every
    # server error is listed in `failed`, not only the first.
    """The GET pages this client's person gets as 200 HTML, each pattern's first path that
    does, and up to three for a pattern whose pages differ by state (polls, meetings)."""
    choices = _choices(organisation)
    pages = Pages()
    for pattern in _patterns(get_resolver().url_patterns):
        last = pattern.rstrip("/").rsplit("/", 1)[-1]
        if pattern.startswith(SKIP_PREFIXES) or "." in last or "/do/" in pattern:
            continue
        paths = _fill(pattern, choices)
        if paths is None:
            pages.unfilled.append(pattern)
            continue
        kept = 0
        for path in paths:
            response = client.get("/" + path)
            if response.status_code >= 500:
                pages.failed.append("/" + path)
            # A whole page, not a fragment htmx swaps into one (the projector's status).
            if (response.status_code == 200
                    and response["Content-Type"].startswith("text/html")
                    and b"<html" in response.content[:300].lower()):
                pages.paths.append("/" + path)
                pages.digests["/" + path] = _digest(response.content)
                kept += 1
                if kept == (3 if "polls/" in pattern or "meetings/<" in pattern else 1):
                    break
    return pages

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from openassembly.core.errors import PowerDenied, ServiceError
from openassembly.core.models import Organisation
from openassembly.members.models import Member

# Views that find out who is signed in inside their own statement (accounts/signed_in.py), by
# URL name. The middleware leaves the session unopened for them; when their statement records
# nothing they open it themselves, with ``attach_organisation`` and the second-factor check.
SIGNS_IN_ITSELF = frozenset({"api:cast_vote", "api:cast_ballot"})


def signs_in_itself(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in SIGNS_IN_ITSELF


class OrganisationMiddleware:
    """Resolve `org` from the URL once, and turn service refusals into pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = None
        request.member = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("org")
        if slug is None or signs_in_itself(request):
            return None
        attach_organisation(request, slug)
        return None

    def process_exception(self, request, exception):
        if not isinstance(exception, ServiceError):
            return None
        context = {"message": str(exception), "status": exception.status}
        if isinstance(exception, PowerDenied):
            context["rule"] = exception.rule
        return render(request, "error.html", context, status=exception.status)


def _membership(user, slug: str) -> Member | None:
    # The session's user comes with every membership loaded (accounts.backends.load_user), so
    # a member's request finds its organisation and member without a query of its own.
    loaded = getattr(user, "loaded_memberships", None)
    if loaded is not None:
        return loaded.get(slug)
    return (
        Member.objects.select_related("organisation")
        .filter(organisation__slug=slug, user=user)
        .first()
    )


def attach_organisation(request, slug: str) -> None:
    """Set ``request.organisation`` from the URL's slug, and ``request.member`` if the signed-in
    user is a member of it; an unknown organisation is a 404."""
    if request.user.is_authenticated:
        member = _membership(request.user, slug)
        if member is not None:
            request.organisation, request.member = member.organisation, member
            return
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation.")
    request.organisation = organisation

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from openassembly.core.errors import PowerDenied, ServiceError
from openassembly.core.models import Organisation
from openassembly.members.models import Member


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
        if slug is None:
            return None
        if request.user.is_authenticated:
            member = _membership(request.user, slug)
            if member is not None:
                request.organisation, request.member = member.organisation, member
                return None
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise Http404("No such organisation.")
        request.organisation = organisation
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

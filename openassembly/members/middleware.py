from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render

from openassembly.core.access import Viewer
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
        request.viewer = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Set ``request.organisation`` from the URL's slug, ``request.member`` if the
        signed-in user is a member of it, and ``request.viewer`` (core.access) carrying both;
        an unknown organisation is a 404."""
        slug = view_kwargs.get("org")
        if slug is None:
            return None
        if request.user.is_authenticated:
            member = (Member.objects.select_related("organisation")
                      .filter(organisation__slug=slug, user=request.user).first())
            if member is not None:
                request.organisation, request.member = member.organisation, member
                request.viewer = Viewer(member.organisation, member)
                return None
        request.organisation = Organisation.objects.filter(slug=slug).first()
        if request.organisation is None:
            if request.path.startswith("/api/"):
                # The JSON API answers in JSON, never with the HTML 404 page.
                return JsonResponse({"detail": "No such organisation."}, status=404)
            raise Http404("No such organisation.")
        request.viewer = Viewer(request.organisation)
        return None

    def process_exception(self, request, exception):
        if not isinstance(exception, ServiceError):
            return None
        context = {"message": str(exception), "status": exception.status}
        if isinstance(exception, PowerDenied):
            context["rule"] = exception.rule
        return render(request, "error.html", context, status=exception.status)


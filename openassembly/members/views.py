from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from openassembly.core import clock, limits
from openassembly.core.access import require_member, require_power_in
from openassembly.core.errors import InvalidInput
from openassembly.core.forms_flow import handle_form, render_form_page, status_for, submit

from . import eligibility, selectors, services
from .forms import ConfirmForm, DetailsForm, ImportForm, PublicOfficeForm, SignForm
from .importer import ImportRejected, StandingRefused, check_size, import_members
from .models import Appeal, Member


def appeal(request, org: str, slug: str):
    appeal = get_object_or_404(Appeal, organisation=request.organisation, slug=slug)
    form = SignForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST":
        def act(data):
            # Each sign-up mails the address typed, and becomes a member once confirmed:
            # limited per address and per email so a script can neither flood an inbox nor
            # sign up a crowd.
            limits.check(request, "sign-ups", per=("address", "email"))
            return services.sign_appeal(appeal=appeal, **data)

        done, _, error = submit(form, act)
        if done:
            # Not a redirect: the address is shown once, and never put in a URL or a session.
            return render(request, "members/signed.html",
                          {"appeal": appeal, "email": form.cleaned_data["email"]})
    else:
        error = None
    signatures = appeal.signups.exclude(confirmed_at=None).count()
    return render_form_page(
        request, form, template="members/appeal.html", error=error,
        context={"appeal": appeal, "signatures": signatures},
        status=status_for(error) if form.is_bound else 200,
    )


def confirm(request, org: str, token: str):
    signup = selectors.signup_for_token(request.organisation, token)
    form = ConfirmForm(request.POST or None)

    def act(data):
        member = services.confirm_signup(
            organisation=request.organisation, token=token, password=data["password"]
        )
        # Signed in by the password just set, not through authenticate(): name Django's own
        # backend (the other one, django-axes, only refuses locked-out attempts).
        login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
        return member

    return handle_form(
        request, form, act, success=reverse("members:me", kwargs={"org": org}),
        message=lambda m: (
            "Thank you: your signature is confirmed and your application to join is made. "
            "You are told by mail when it is decided; this page shows where it stands."
            if m.status == Member.Status.APPLICANT else
            "Thank you: your signature is confirmed and you are a member."),
        template="members/confirm.html", context={"signup": signup},
    )


@login_required
def me(request, org: str):
    member = require_member(request.viewer)
    form = DetailsForm(
        request.POST or None,
        organisation=request.organisation,
        initial={
            "name": member.name,
            "phone": member.phone,
            "address": member.address,
            "region": member.region,
        },
    )
    return handle_form(
        request, form, lambda data: services.update_own_details(member, **data),
        success=reverse("members:me", kwargs={"org": org}), message="Your details are saved.",
        template="members/me.html",
        context={"me": member, "standing": eligibility.where_they_stand(member, clock.today())},
    )


@login_required
def public_office(request, org: str):
    """A member's own declaration that they hold (or no longer hold) a public office, which
    a public-office seat needs; it goes on the ledger."""
    member = require_member(request.viewer)
    form = PublicOfficeForm(request.POST or None,
                            initial={"holds": member.public_office_holder})
    return handle_form(
        request, form,
        lambda data: services.record_public_office(member, organisation=request.organisation,
                                                   member=member, **data),
        success=reverse("members:me", kwargs={"org": org}), message="Your declaration is "
        "recorded.", template="members/public_office.html", context={"me": member},
    )


@login_required
def register(request, org: str):
    require_power_in(request.viewer, "manage-register")
    members = (
        Member.objects.filter(organisation=request.organisation)
        .select_related("region", "local_group")
        .order_by("name", "pk")
    )
    query = request.GET.get("q", "").strip()
    if query:
        members = members.filter(name__icontains=query) | members.filter(email__icontains=query)
    page = Paginator(members, 100).get_page(request.GET.get("page"))
    return render(request, "members/register.html", {"page": page, "q": query})


@login_required
def import_view(request, org: str):
    actor = require_power_in(request.viewer, "import-members")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = errors = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            check_size(upload.size)  # before reading the upload into memory
            report = import_members(actor, organisation=request.organisation, data=upload.read())
        except ImportRejected as rejected:
            errors, status = rejected.report.errors, 400
        except StandingRefused as refused:
            errors, status = [str(refused), *refused.report.errors], refused.status
        except InvalidInput as error:
            errors, status = [str(error)], 400
    return render(
        request,
        "members/import.html",
        {"form": form, "report": report, "errors": errors},
        status=status,
    )

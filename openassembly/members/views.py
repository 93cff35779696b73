from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from openassembly.core.access import require_member, require_power_in
from openassembly.core.errors import InvalidInput

from . import selectors, services
from .forms import ConfirmForm, DetailsForm, ImportForm, SignForm
from .importer import ImportRejected, check_size, import_members
from .models import Appeal, Member


def appeal(request, org: str, slug: str):
    appeal = get_object_or_404(Appeal, organisation=request.organisation, slug=slug)
    form = SignForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        services.sign_appeal(
            appeal=appeal,
            **form.cleaned_data,
        )
        return render(
            request, "members/signed.html", {"appeal": appeal, "email": form.cleaned_data["email"]}
        )
    signatures = appeal.signups.exclude(confirmed_at=None).count()
    return render(
        request, "members/appeal.html", {"appeal": appeal, "form": form, "signatures": signatures}
    )


def confirm(request, org: str, token: str):
    signup = selectors.signup_for_token(request.organisation, token)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.confirm_signup(
                organisation=request.organisation,
                token=token,
                password=form.cleaned_data["password"],
            )
        except InvalidInput as error:
            form.add_error("password", str(error))
        else:
            login(request, member.user)
            messages.success(
                request, "Thank you: your signature is confirmed and you are a member."
            )
            return redirect("members:me", org=org)
    return render(request, "members/confirm.html", {"signup": signup, "form": form})


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
    if request.method == "POST" and form.is_valid():
        services.update_own_details(member, **form.cleaned_data)
        messages.success(request, "Your details are saved.")
        return redirect("members:me", org=org)
    return render(request, "members/me.html", {"form": form, "me": member})


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
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            check_size(upload.size)  # before reading the upload into memory
            report = import_members(actor, organisation=request.organisation, data=upload.read())
        except ImportRejected as rejected:
            errors = rejected.report.errors
        except InvalidInput as error:
            errors = [str(error)]
    status = 400 if errors else 200
    return render(
        request,
        "members/import.html",
        {"form": form, "report": report, "errors": errors},
        status=status,
    )

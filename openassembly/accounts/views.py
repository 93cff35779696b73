from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from openassembly.core import sensitive
from openassembly.core.access import require_member
from openassembly.core.errors import InvalidInput
from openassembly.core.powers import powers_of

from . import services
from .forms import CodeForm, LoginForm, ProposeForm
from .middleware import SESSION_KEY
from .models import SensitiveAction, User
from .passwords import ClaimAccountForm

PENDING_KEY = "pending_user"


def _next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["email"].lower(),
            password=form.cleaned_data["password"],
        )
        if user is None:
            form.add_error(None, "That email address and password do not match an account.")
        elif user.has_second_factor:
            # The password alone is not a login: hold the user until the code is given.
            request.session[PENDING_KEY] = user.pk
            return redirect(f"{reverse_lazy('accounts:totp_verify')}?next={_next(request)}")
        else:
            login(request, user)
            return redirect(_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": _next(request)})


def totp_verify(request):
    user = request.user if request.user.is_authenticated else None
    if user is None:
        pending = request.session.get(PENDING_KEY)
        user = User.objects.filter(pk=pending).first() if pending else None
    if user is None:
        return redirect("accounts:login")
    if not user.has_second_factor:
        return redirect("accounts:totp_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_totp(user, code=form.cleaned_data["code"])
        except InvalidInput as error:
            form.add_error("code", str(error))
        else:
            if not request.user.is_authenticated:
                login(request, user)
            request.session.pop(PENDING_KEY, None)
            request.session[SESSION_KEY] = True
            return redirect(_next(request))
    return render(request, "accounts/totp_verify.html", {"form": form, "next": _next(request)})


@login_required
def totp_setup(request):
    import segno

    user = request.user
    if user.has_second_factor:
        return redirect("accounts:totp_verify")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_totp_enrolment(user, code=form.cleaned_data["code"])
        except InvalidInput as error:
            form.add_error("code", str(error))
        else:
            request.session[SESSION_KEY] = True
            messages.success(request, "Two-factor sign-in is set up.")
            return redirect(_next(request))
    # A fresh secret on each visit; a failed code keeps the one the person just scanned.
    if request.method == "GET" or not user.totp_secret:
        services.start_totp_enrolment(user)
    qr = segno.make(services.totp_uri(user)).svg_inline(
        scale=4, title="QR code for your authenticator app"
    )
    return render(
        request,
        "accounts/totp_setup.html",
        {"form": form, "qr": qr, "secret": user.totp_secret, "next": _next(request)},
    )


@require_POST
def logout_view(request):
    logout(request)
    return redirect("/")


class ClaimView(auth_views.PasswordResetView):
    """Members put on the register by an officer set their first password here."""

    form_class = ClaimAccountForm
    template_name = "accounts/claim.html"
    email_template_name = "accounts/claim_email.txt"
    subject_template_name = "accounts/claim_subject.txt"
    success_url = reverse_lazy("accounts:claim_sent")

    def form_valid(self, form):
        services.claim_account(email=form.cleaned_data["email"])
        return super().form_valid(form)


@login_required
def actions(request, org: str):
    actor = require_member(request.viewer)
    held = powers_of(actor)
    kinds = [(s.kind, s.title) for s in sensitive.SPECS.values() if s.power in held]
    form = ProposeForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and kinds and form.is_valid():
        data = form.cleaned_data
        payload = {"member": data["member"]} if data["kind"] == "erase-member" else {}
        if data["kind"] == "adopt-constitution":
            payload = {"text": data["text"]}
        services.propose_sensitive_action(
            actor,
            organisation=request.organisation,
            kind=data["kind"],
            payload=payload,
            reason=data["reason"],
        )
        messages.success(request, "Proposed. A second officer must confirm it before it happens.")
        return redirect("accounts:actions", org=org)
    listed = (
        SensitiveAction.objects.filter(organisation=request.organisation)
        .select_related("proposed_by", "decided_by")
        .order_by("-proposed_at")[:50]
    )
    return render(
        request,
        "accounts/actions.html",
        {"form": form if kinds else None, "actions": listed, "specs": sensitive.SPECS},
    )


@require_POST
@login_required
def action_decide(request, org: str, pk: int):
    actor = require_member(request.viewer)
    if request.POST.get("decision") == "confirm":
        services.confirm_sensitive_action(actor, organisation=request.organisation, action_id=pk)
        messages.success(request, "Confirmed and carried out.")
    else:
        services.cancel_sensitive_action(actor, organisation=request.organisation, action_id=pk)
        messages.success(request, "Cancelled.")
    return redirect("accounts:actions", org=org)

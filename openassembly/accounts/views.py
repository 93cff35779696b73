from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from openassembly.core import sensitive
from openassembly.core.access import require_member
from openassembly.core.errors import ServiceError
from openassembly.core.forms_flow import (
    HttpResponseSeeOther,
    handle_form,
    render_form_page,
    status_for,
)
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
    return render_form_page(request, form, template="accounts/login.html",
                            context={"next": _next(request)}, status=400 if form.errors else 200)


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

    def act(data):
        services.check_totp(user, code=data["code"])
        if not request.user.is_authenticated:
            login(request, user)
        request.session.pop(PENDING_KEY, None)
        request.session[SESSION_KEY] = True

    return handle_form(request, form, act, success=_next(request),
                       template="accounts/totp_verify.html", context={"next": _next(request)})


@login_required
def totp_setup(request):
    import segno

    user = request.user
    if user.has_second_factor:
        return redirect("accounts:totp_verify")
    form = CodeForm(request.POST or None)

    def act(data):
        services.confirm_totp_enrolment(user, code=data["code"])
        request.session[SESSION_KEY] = True

    def page():
        # A fresh secret on each visit; a failed code keeps the one the person just scanned.
        if request.method == "GET" or not user.totp_secret:
            services.start_totp_enrolment(user)
        qr = segno.make(services.totp_uri(user)).svg_inline(
            scale=4, title="QR code for your authenticator app"
        )
        return {"qr": qr, "secret": user.totp_secret, "next": _next(request)}

    return handle_form(request, form, act, success=_next(request),
                       message="Two-factor sign-in is set up.",
                       template="accounts/totp_setup.html", context=page)


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
    if not kinds:
        # Nothing this person may propose: the list alone, and a POST changes nothing.
        return render(request, "accounts/actions.html", _actions_page(request))
    form = ProposeForm(request.POST or None, kinds=kinds)

    def act(data):
        payload = {"member": data["member"]} if data["kind"] == "erase-member" else {}
        return services.propose_sensitive_action(
            actor,
            organisation=request.organisation,
            kind=data["kind"],
            payload=payload,
            reason=data["reason"],
        )

    return handle_form(
        request, form, act, success=reverse("accounts:actions", kwargs={"org": org}),
        message="Proposed. A second officer must confirm it before it happens.",
        template="accounts/actions.html", context=lambda: _actions_page(request),
    )


def _actions_page(request) -> dict:
    listed = (
        SensitiveAction.objects.filter(organisation=request.organisation)
        .select_related("proposed_by", "decided_by")
        .order_by("-proposed_at")[:50]
    )
    return {"form": None, "actions": listed, "specs": sensitive.SPECS}


@require_POST
@login_required
def action_decide(request, org: str, pk: int):
    actor = require_member(request.viewer)
    try:
        if request.POST.get("decision") == "confirm":
            services.confirm_sensitive_action(actor, organisation=request.organisation,
                                              action_id=pk)
            said = "Confirmed and carried out."
        else:
            services.cancel_sensitive_action(actor, organisation=request.organisation,
                                             action_id=pk)
            said = "Cancelled."
    except ServiceError as error:
        # Back on the list, the refusal at the top and anchored at the action it was about.
        page = _actions_page(request)
        held = powers_of(actor)
        kinds = [(s.kind, s.title) for s in sensitive.SPECS.values() if s.power in held]
        page["form"] = ProposeForm(kinds=kinds) if kinds else None
        return render_form_page(request, None, template="accounts/actions.html",
                                context=page, error=error,
                                status=status_for(error), anchor=f"action-{pk}")
    messages.success(request, said)
    return HttpResponseSeeOther(reverse("accounts:actions", kwargs={"org": org}))

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from openassembly.core import limits, sensitive
from openassembly.core.access import require_member
from openassembly.core.errors import RateLimited, ServiceError
from openassembly.core.forms_flow import (
    HttpResponseSeeOther,
    handle_form,
    render_form_page,
    status_for,
    submit,
)
from openassembly.core.powers import powers_of

from . import attempts, resets, services
from . import services_tokens as tokens
from .forms import CodeForm, LoginForm, ProposeForm, RecoveryForm, ReplaceForm, TokenForm
from .middleware import (
    SESSION_KEY,
    ask_again,
    mark_second_factor_passed,
    second_factor_is_recent,
)
from .models import AccessToken, SensitiveAction, User
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


def _second_factor_user(request) -> User | None:
    """Whoever is at the second-factor step: signed in (an officer asked again), or held after
    a right password."""
    if request.user.is_authenticated:
        return request.user
    pending = request.session.get(PENDING_KEY)
    return User.objects.filter(pk=pending, is_active=True).first() if pending else None


def _passed(request, user: User) -> None:
    if not request.user.is_authenticated:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.pop(PENDING_KEY, None)
    mark_second_factor_passed(request.session)


def _second_factor_step(request, *, check, template: str, form_class=CodeForm):
    """The code step and the recovery-code step alike: refused outright while the account or
    the address is locked out, and each wrong code counted towards the lock-out, as a wrong
    password is (accounts/attempts.py)."""
    user = _second_factor_user(request)
    if user is None:
        return redirect("accounts:login")
    if not user.has_second_factor:
        return redirect("accounts:totp_setup")
    if request.method == "POST" and attempts.second_factor_locked(request, user):
        return attempts.locked_out_page(request)
    form = form_class(request.POST or None)

    def act(data):
        try:
            result = check(user, code=data["code"])
        except ServiceError:
            attempts.second_factor_failed(request, user)
            raise
        _passed(request, user)
        return result

    return handle_form(request, form, act, success=_next(request), template=template,
                       context={"next": _next(request)}, message=_recovery_message)


def _recovery_message(left):
    if left is None:
        return None
    return (f"Signed in with a recovery code; {left} left. If your phone is lost, set up a new "
            "authenticator from your account page (Two-factor sign-in).")


def totp_verify(request):
    return _second_factor_step(request, check=services.check_totp,
                               template="accounts/totp_verify.html")


def totp_recovery(request):
    return _second_factor_step(request, check=services.use_recovery_code,
                               template="accounts/totp_recovery.html", form_class=RecoveryForm)


@login_required
def totp_setup(request):
    """Setting up the second factor. A GET only shows: the button to start, or the QR code of a
    secret already started. Starting (a new secret) and confirming are POSTs."""
    import segno

    user = request.user
    if user.has_second_factor:
        return redirect("accounts:totp_verify")
    if request.method == "POST" and "start" in request.POST:
        services.start_totp_enrolment(user)
        return HttpResponseSeeOther(f"{reverse('accounts:totp_setup')}?next={_next(request)}")
    form = CodeForm(request.POST or None)

    def page():
        if not user.totp_secret:
            return {"started": False, "next": _next(request)}
        qr = segno.make(services.totp_uri(user)).svg_inline(
            scale=4, title="QR code for your authenticator app"
        )
        return {"started": True, "qr": qr, "secret": user.totp_secret, "next": _next(request)}

    done, codes, error = (False, None, None)
    if request.method == "POST":
        done, codes, error = submit(form, lambda data: services.confirm_totp_enrolment(
            user, code=data["code"]))
    if done:
        mark_second_factor_passed(request.session)
        # Shown in this response and nowhere else: never in the session, a message or a URL.
        response = render(request, "accounts/recovery_codes.html",
                          {"codes": codes, "next": _next(request)})
        response["Cache-Control"] = "no-store"
        return response
    return render_form_page(request, form, template="accounts/totp_setup.html", context=page,
                            error=error, status=status_for(error) if form.is_bound else 200)


@login_required
def totp_replace(request):
    """Switch off one's own second factor to set it up on a new phone: only from a session that
    has passed it (with the app's code or a recovery code), and with the password typed again,
    so a session left open, or taken, cannot move the second factor to another phone. A wrong
    password counts towards the lock-out like any other."""
    if not request.session.get(SESSION_KEY):
        return redirect(f"{reverse('accounts:totp_verify')}?next={request.path}")
    user = request.user
    if request.method == "POST" and attempts.second_factor_locked(request, user):
        return attempts.locked_out_page(request)
    form = ReplaceForm(request.POST or None)

    def act(data):
        try:
            services.replace_second_factor(user, password=data["password"])
        except ServiceError:
            attempts.second_factor_failed(request, user)
            raise
        request.session.pop(SESSION_KEY, None)

    return handle_form(request, form, act, success=reverse("accounts:totp_setup"),
                       message="Two-factor sign-in is off: set it up on your new phone now.",
                       template="accounts/totp_replace.html")


@require_POST
def logout_view(request):
    logout(request)
    return redirect("/")


class _MailsTheAddressTyped(auth_views.PasswordResetView):
    """A form that sends mail to whatever address is typed: limited per address and per
    email (``limit`` names the limit), so it cannot be used to flood someone's inbox."""

    limit = ""

    def post(self, request, *args, **kwargs):
        try:
            limits.check(request, self.limit, per=("address", "email"))
        except RateLimited as error:
            form = self.get_form()
            form.is_valid()
            return render_form_page(request, form, template=self.template_name, error=error,
                                    status=error.status)
        return super().post(request, *args, **kwargs)


class ClaimView(_MailsTheAddressTyped):
    """Members put on the register by an officer set their first password here."""

    form_class = ClaimAccountForm
    template_name = "accounts/claim.html"
    email_template_name = "accounts/claim_email.txt"
    subject_template_name = "accounts/claim_subject.txt"
    success_url = reverse_lazy("accounts:claim_sent")
    limit = "account claims"

    def form_valid(self, form):
        services.claim_account(email=form.cleaned_data["email"])
        return super().form_valid(form)


class ForgottenPasswordView(_MailsTheAddressTyped):
    """A forgotten password: Django's own reset, which answers the same whether or not the
    address has an account (so addresses cannot be probed) and mails only active logins with
    a usable password (a login never claimed goes through the claim page instead)."""

    template_name = "accounts/reset.html"
    email_template_name = "accounts/reset_email.txt"
    subject_template_name = "accounts/reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    limit = "password resets"


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
        payload = ({"member": data["member"]}
                   if data["kind"] in ("erase-member", resets.KIND) else {})
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
    # Asked again only where the confirmation could go ahead: a proposer confirming their own
    # act, or an act decided already, is refused in words without a code.
    could_confirm = SensitiveAction.objects.filter(
        organisation=request.organisation, pk=pk, status=SensitiveAction.Status.PENDING,
    ).exclude(proposed_by=actor).exists()
    if (request.POST.get("decision") == "confirm" and could_confirm
            and not second_factor_is_recent(request)):
        return ask_again(request, reverse("accounts:actions", kwargs={"org": org}))
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


@login_required
def api_tokens(request, org: str):
    """A member's personal access tokens for the JSON API: make one (its secret is on this
    response and nowhere else, so it is rendered here rather than after a redirect) or revoke
    one."""
    member = require_member(request.viewer)
    form = TokenForm(request.POST or None)
    secret, error, status = "", None, 200
    if request.method == "POST":
        done, made, error = submit(
            form, lambda data: tokens.create_token(member, name=data["name"],
                                                   scopes=data["scopes"]))
        if done:
            secret = made[1]
            form = TokenForm()
        else:
            status = status_for(error)
    listed = AccessToken.objects.filter(member=member).order_by("-created_at", "-pk")
    return render_form_page(request, form, template="accounts/tokens.html", status=status,
                            error=error, context={"tokens": listed, "secret": secret})


@login_required
@require_POST
def api_token_revoke(request, org: str, pk: int):
    member = require_member(request.viewer)
    try:
        token = tokens.revoke_token(member, token=pk)
    except ServiceError as error:
        listed = AccessToken.objects.filter(member=member).order_by("-created_at", "-pk")
        return render_form_page(request, TokenForm(), template="accounts/tokens.html",
                                status=error.status, error=error,
                                context={"tokens": listed, "secret": ""})
    messages.success(request, f"The token “{token.name}” is revoked.")
    return HttpResponseSeeOther(reverse("accounts:api_tokens", kwargs={"org": org}))

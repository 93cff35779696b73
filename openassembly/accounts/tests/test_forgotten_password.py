"""A forgotten password, with Django's own reset views: the same answer whether or not the
address has an account, a link that works once, and the project's rate limit on the mail."""

from __future__ import annotations

import re

from django.core import mail

NEW = "a brand new passphrase 42"
OLD = "correct horse battery"  # the conftest's password


def _link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def _ask(client, email: str, address: str = "198.51.100.20"):
    return client.post("/accounts/password/forgotten/", {"email": email}, REMOTE_ADDR=address)


def test_the_sign_in_page_links_to_the_forgotten_password_form(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/forgotten/"' in page and "Forgotten your password?" in page


def test_the_whole_flow_sets_a_new_password_that_signs_in(client, member):
    response = _ask(client, "Member@Example.org")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/forgotten/sent/"
    assert [m.to for m in mail.outbox] == [["member@example.org"]]
    link = _link(mail.outbox[0])
    # Django swaps the token for a session-held one and redirects to the set-password form.
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    assert 'name="new_password1"' in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/done/"
    assert "Password changed" in client.get(done["Location"]).content.decode()
    # The old password is gone, the new one signs in.
    refused = client.post("/accounts/login/", {"email": member.email, "password": OLD})
    assert refused.status_code == 400
    signed_in = client.post("/accounts/login/",
                            {"email": member.email, "password": NEW, "next": "/"})
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, member):
    known = _ask(client, member.email)
    unknown = _ask(client, "nobody-here@example.org")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [[member.email]]
    sent_page = client.get(unknown["Location"]).content.decode()
    assert "If that address has an account here" in sent_page


def test_a_used_link_is_refused(client, member):
    _ask(client, member.email)
    link = _link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    # The same link again, from a fresh browser: the password it was made for has changed.
    again = client.__class__().get(link, follow=True).content.decode()
    assert "This link is not valid" in again and 'name="new_password1"' not in again
    member.user.refresh_from_db()
    assert member.user.check_password(NEW)


def test_a_disabled_login_gets_no_mail(client, member):
    member.user.is_active = False
    member.user.save()
    assert _ask(client, member.email).status_code == 302
    assert mail.outbox == []


def test_asking_again_and_again_for_one_email_is_limited(client, member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS,
                            "password resets": {"address": "50/h", "email": "2/h"}}
    # From different addresses, so only the per-email count can stop it.
    statuses = [_ask(client, member.email, f"203.0.113.{n}").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2
    page = _ask(client, member.email, "203.0.113.9").content.decode()
    assert "Too many password resets for one email address" in page


def test_one_address_asking_for_many_emails_is_limited(client, member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS,
                            "password resets": {"address": "2/h", "email": "50/h"}}
    statuses = [_ask(client, f"x{n}@example.org", "203.0.113.7").status_code for n in range(2)]
    refused = _ask(client, member.email, "203.0.113.7")
    assert statuses == [302, 302] and refused.status_code == 429
    assert "Too many password resets from one address" in refused.content.decode()
    assert mail.outbox == []

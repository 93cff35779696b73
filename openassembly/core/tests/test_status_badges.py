"""Status badges say the status in words with an icon's tone, never by colour alone."""

from __future__ import annotations

from django.template import Context, Template

from openassembly.core.templatetags.status import tone_of


def test_tones_follow_the_stored_code_in_any_spelling():
    assert tone_of("carried") == "carried"
    assert tone_of("lost") == tone_of(False) == "lost"
    assert tone_of(True) == "carried"
    assert tone_of("open") == "open" and tone_of("closed") == "closed"
    assert tone_of("broken") == "breach"
    assert tone_of("at risk") == tone_of("at-risk") == "risk"
    assert tone_of("pool-closed") == "closed"
    assert tone_of("something new") == "neutral"


def test_the_badge_shows_the_label_escaped_and_needs_no_load():
    html = Template("{% status code label %}").render(
        Context({"code": "carried", "label": "Carried <b>"}))
    assert html == '<span class="status status-carried">Carried &lt;b&gt;</span>'
    assert Template("{% status 'at_risk' %}").render(Context()) == (
        '<span class="status status-risk">at risk</span>')

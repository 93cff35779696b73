"""Slates on signed platforms, and questionnaires answered side by side."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from openassembly.ballots import services
from openassembly.ballots.models import Candidacy
from openassembly.core.errors import Conflict, PowerDenied


@pytest.fixture
def standing(announced, secretary, voters, timetable):
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        for voter in voters[:3]:
            services.stand(voter, election=announced, statement=f"{voter.name} for the East.")
    return announced


def test_candidates_sign_one_slate_platform(standing, voters, timetable):
    with timetable.during_nominations():
        slate = services.create_slate(voters[5], election=standing, name="Fair East",
                                      platform="Fair pay, clean air, homes.")
        services.sign_slate(voters[0], slate=slate)
        services.sign_slate(voters[1], slate=slate)
        other = services.create_slate(voters[6], election=standing, name="East First",
                                      platform="Local first.")
        with pytest.raises(Conflict, match="signed a slate's platform in this election already"):
            services.sign_slate(voters[0], slate=other)
        with pytest.raises(PowerDenied, match="Only candidates"):
            services.sign_slate(voters[7], slate=slate)
        with pytest.raises(Conflict, match="called 'Fair East'"):
            services.create_slate(voters[7], election=standing, name="Fair East", platform="x")
    names = sorted(s.candidacy.member.name for s in slate.signatures.all())
    assert names == ["Ada Abbot", "Bram Bryn"]


def test_withdrawing_leaves_the_slate(standing, voters, timetable):
    with timetable.during_nominations():
        slate = services.create_slate(voters[5], election=standing, name="Fair East",
                                      platform="Fair pay.")
        services.sign_slate(voters[0], slate=slate)
        candidacy = Candidacy.objects.get(election=standing, member=voters[0])
        services.withdraw(voters[0], candidacy=candidacy)
    assert not slate.signatures.exists()


def test_questionnaire_invites_every_candidate_and_shows_non_answers(standing, voters, client,
                                                                      timetable, work):
    with timetable.during_nominations():
        questionnaire = services.create_questionnaire(
            voters[6], election=standing, title="Housing", set_by="Eastbrook tenants' group",
            questions=["Will you back rent controls?", "", "Will you meet us?"],
        )
    assert [q.text for q in questionnaire.questions.all()] == [
        "Will you back rent controls?", "Will you meet us?"]
    work()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(v.email for v in voters[:3])
    question = questionnaire.questions.first()
    with timetable.during_nominations():
        services.answer_question(voters[0], question=question, text="Yes, from day one.")
        with pytest.raises(PowerDenied, match="Only candidates"):
            services.answer_question(voters[6], question=question, text="Me too")
    page = client.get(reverse("ballots:questionnaire",
                              kwargs={"org": "commonweal", "pk": questionnaire.pk}))
    text = page.content.decode()
    assert "Yes, from day one." in text
    assert text.count("<em>No answer</em>") == 5  # two candidates on question 1, three on 2


def test_candidate_answers_through_the_page(standing, voters, client, timetable):
    with timetable.during_nominations():
        questionnaire = services.create_questionnaire(
            voters[6], election=standing, title="Housing", set_by="Tenants",
            questions=["Rent controls?"],
        )
        client.force_login(voters[1].user)
        path = reverse("ballots:questionnaire", kwargs={"org": "commonweal",
                                                        "pk": questionnaire.pk})
        question = questionnaire.questions.get()
        response = client.post(path, {f"q{question.pk}": "Yes."})
    assert response.status_code == 303
    assert question.answers.get().text == "Yes."

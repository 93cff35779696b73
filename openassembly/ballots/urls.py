from django.urls import path

from .views import cancelling, elections, others, polls, sortition

app_name = "ballots"

P = "o/<slug:org>/"

urlpatterns = [
    path(P + "ballots/", polls.index, name="index"),
    path(P + "ballots/threat-model/", polls.threat_model, name="threat_model"),
    path(P + "elections/new/", elections.election_new, name="election_new"),
    path(P + "referendums/new/", others.referendum_new, name="referendum_new"),
    path(P + "polls/<int:pk>/", polls.poll_detail, name="poll"),
    path(P + "polls/<int:pk>/vote/", polls.vote, name="vote"),
    path(P + "polls/<int:pk>/step/", polls.step, name="step"),
    path(P + "polls/<int:pk>/cancel/", cancelling.cancel, name="cancel"),
    path(P + "polls/<int:pk>/results/", polls.results, name="results"),
    path(P + "polls/<int:pk>/chart.svg", polls.chart, name="chart"),
    path(P + "polls/<int:pk>/ballots/", polls.published, name="ballots"),
    path(P + "polls/<int:pk>/ballots.blt", polls.blt, name="blt"),
    path(P + "polls/<int:pk>/receipt/", polls.receipt, name="receipt"),
    path(P + "polls/<int:pk>/register/", polls.register, name="register"),
    path(P + "polls/<int:pk>/scrutiny/", polls.scrutiny, name="scrutiny"),
    path(P + "polls/<int:pk>/scrutiny/new/", others.scrutineer_new, name="scrutineer_new"),
    path(P + "polls/<int:pk>/scrutiny/<int:sid>/report/", others.scrutiny_report,
         name="scrutiny_report"),
    path(P + "polls/<int:pk>/against/", others.against_offer, name="against_offer"),
    path(P + "polls/<int:pk>/against/<int:cid>/cosign/", others.against_cosign,
         name="against_cosign"),
    path(P + "polls/<int:pk>/against/body/", others.body_statement, name="body_statement"),
    path(P + "polls/<int:pk>/stand/", elections.stand, name="stand"),
    path(P + "polls/<int:pk>/candidates/<int:cid>/nominate/", elections.nominate,
         name="nominate"),
    path(P + "polls/<int:pk>/candidates/<int:cid>/withdraw/", elections.withdraw,
         name="withdraw"),
    path(P + "polls/<int:pk>/slates/new/", elections.slate_new, name="slate_new"),
    path(P + "slates/<int:pk>/sign/", elections.slate_sign, name="slate_sign"),
    path(P + "polls/<int:pk>/questionnaires/new/", elections.questionnaire_new,
         name="questionnaire_new"),
    path(P + "questionnaires/<int:pk>/", elections.questionnaire, name="questionnaire"),
    path(P + "polls/<int:pk>/statement/", others.statement, name="statement"),
    path(P + "polls/<int:pk>/timetable/", others.schedule, name="schedule"),
    path(P + "petitions/", others.petitions, name="petitions"),
    path(P + "petitions/new/", others.petition_new, name="petition_new"),
    path(P + "petitions/<int:pk>/", others.petition, name="petition"),
    path(P + "sortitions/new/", sortition.sortition_new, name="sortition_new"),
    path(P + "sortitions/<int:pk>/", sortition.sortition, name="sortition"),
    path(P + "sortitions/<int:pk>/pool.txt", sortition.pool_file, name="pool"),
    path(P + "tasks/<int:pk>/", polls.task, name="task"),
]

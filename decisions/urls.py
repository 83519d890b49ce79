"""Proposals and the decision log; included under /projects/<slug>/."""

from django.urls import path

from . import views

urlpatterns = [
    path("proposals/", views.proposals, name="decisions-proposals"),
    path("proposals/new/", views.propose, name="decisions-propose"),
    path("proposals/<int:proposal_id>/", views.detail, name="decisions-detail"),
    path("proposals/<int:proposal_id>/respond/", views.respond, name="decisions-respond"),
    path("proposals/<int:proposal_id>/comment/", views.comment, name="decisions-comment"),
    path("proposals/<int:proposal_id>/revise/", views.revise, name="decisions-revise"),
    path("proposals/<int:proposal_id>/withdraw/", views.withdraw, name="decisions-withdraw"),
    path("proposals/<int:proposal_id>/decide/", views.decide, name="decisions-decide"),
    path("decision-log/", views.log, name="decisions-log"),
    path("decision-log.csv", views.log_csv, name="decisions-log-csv"),
    path("decision-log/settings/", views.settings, name="decisions-settings"),
]

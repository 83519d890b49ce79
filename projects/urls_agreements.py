"""URLs for agreeing at the outset, below /projects/<slug>/."""

from django.urls import path

from . import views_agreements as views

urlpatterns = [
    path("principles/", views.principles, name="projects-principles"),
    path("decisions/", views.decisions, name="projects-decisions"),
    path("decisions/add/", views.decision_create, name="projects-decision-create"),
    path("decisions/<int:rule_id>/edit/", views.decision_update, name="projects-decision-update"),
    path("decisions/<int:rule_id>/delete/", views.decision_delete, name="projects-decision-delete"),
    path(
        "decisions/<int:rule_id>/move/<str:direction>/",
        views.decision_move,
        name="projects-decision-move",
    ),
    path("ground-rules/", views.ground_rules, name="projects-ground-rules"),
    path("ground-rules/add/", views.ground_rule_create, name="projects-ground-rule-create"),
    path("ground-rules/agree/", views.ground_rules_agree, name="projects-ground-rules-agree"),
    path(
        "ground-rules/<int:rule_id>/edit/",
        views.ground_rule_update,
        name="projects-ground-rule-update",
    ),
    path(
        "ground-rules/<int:rule_id>/delete/",
        views.ground_rule_delete,
        name="projects-ground-rule-delete",
    ),
    path(
        "ground-rules/<int:rule_id>/move/<str:direction>/",
        views.ground_rule_move,
        name="projects-ground-rule-move",
    ),
    path("communication/", views.communication, name="projects-communication"),
    path("communication/add/", views.communication_create, name="projects-communication-create"),
    path(
        "communication/<int:item_id>/edit/",
        views.communication_update,
        name="projects-communication-update",
    ),
    path(
        "communication/<int:item_id>/done/",
        views.communication_done,
        name="projects-communication-done",
    ),
    path(
        "communication/<int:item_id>/delete/",
        views.communication_delete,
        name="projects-communication-delete",
    ),
]

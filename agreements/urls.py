"""Agreeing at the outset; included under /projects/<slug>/."""

from django.urls import path

from . import views

urlpatterns = [
    path("principles/", views.principles, name="agreements-principles"),
    path("decisions/", views.decisions, name="agreements-decisions"),
    path("decisions/add/", views.decision_create, name="agreements-decision-create"),
    path("decisions/<int:rule_id>/edit/", views.decision_update, name="agreements-decision-update"),
    path(
        "decisions/<int:rule_id>/delete/", views.decision_delete, name="agreements-decision-delete"
    ),
    path(
        "decisions/<int:rule_id>/move/<str:direction>/",
        views.decision_move,
        name="agreements-decision-move",
    ),
    path("ground-rules/", views.ground_rules, name="agreements-ground-rules"),
    path("ground-rules/add/", views.ground_rule_create, name="agreements-ground-rule-create"),
    path("ground-rules/agree/", views.ground_rules_agree, name="agreements-ground-rules-agree"),
    path(
        "ground-rules/<int:rule_id>/edit/",
        views.ground_rule_update,
        name="agreements-ground-rule-update",
    ),
    path(
        "ground-rules/<int:rule_id>/delete/",
        views.ground_rule_delete,
        name="agreements-ground-rule-delete",
    ),
    path(
        "ground-rules/<int:rule_id>/move/<str:direction>/",
        views.ground_rule_move,
        name="agreements-ground-rule-move",
    ),
    path("communication/", views.communication, name="agreements-communication"),
    path("communication/add/", views.communication_create, name="agreements-communication-create"),
    path(
        "communication/<int:item_id>/edit/",
        views.communication_update,
        name="agreements-communication-update",
    ),
    path(
        "communication/<int:item_id>/done/",
        views.communication_done,
        name="agreements-communication-done",
    ),
    path(
        "communication/<int:item_id>/delete/",
        views.communication_delete,
        name="agreements-communication-delete",
    ),
]

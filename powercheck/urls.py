from django.urls import path

from . import views

# Included under /projects/<slug>/power/.
urlpatterns = [
    path("", views.index, name="powercheck-index"),
    path("statements/", views.statements, name="powercheck-statements"),
    path("rounds/new/", views.round_create, name="powercheck-round-create"),
    path("rounds/<int:round_id>/close/", views.round_close, name="powercheck-round-close"),
    path("rounds/<int:round_id>/answer/<int:step>/", views.respond, name="powercheck-respond"),
    path("rounds/<int:round_id>/check/", views.check_answers, name="powercheck-check"),
    path("rounds/<int:round_id>/results/", views.results, name="powercheck-results"),
    path(
        "rounds/<int:round_id>/suggestions/<slug:target>/",
        views.adopt_suggestion,
        name="powercheck-adopt",
    ),
]

from django.urls import path

from . import views

urlpatterns = [
    path("changes/", views.impact_list, name="impact-list"),
    path("changes/mine/", views.impact_mine, name="impact-mine"),
    path("changes/add/", views.impact_create, name="impact-create"),
    path("changes/<int:entry_id>/edit/", views.impact_update, name="impact-update"),
    path("changes/<int:entry_id>/delete/", views.impact_delete, name="impact-delete"),
    path("changes/digest/", views.project_digest, name="impact-digest"),
    path("changes/digest/mine/", views.my_digest, name="impact-my-digest"),
    path("contributions/", views.contribution_list, name="impact-contributions"),
    path("contributions/add/", views.contribution_create, name="impact-contribution-create"),
    path(
        "contributions/<int:contribution_id>/outcome/",
        views.contribution_outcome,
        name="impact-contribution-outcome",
    ),
]

"""Projects, their members and goals; included under /projects/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.project_list, name="projects-list"),
    path("new/", views.project_create, name="projects-create"),
    path("<slug:slug>/", views.project_detail, name="projects-detail"),
    path("<slug:slug>/edit/", views.project_edit, name="projects-edit"),
    path("<slug:slug>/goals/", views.goals, name="projects-goals"),
    path("<slug:slug>/aim/", views.aim_update, name="projects-aim"),
    path("<slug:slug>/goals/add/", views.goal_create, name="projects-goal-create"),
    path("<slug:slug>/goals/<int:goal_id>/edit/", views.goal_update, name="projects-goal-update"),
    path("<slug:slug>/goals/<int:goal_id>/delete/", views.goal_delete, name="projects-goal-delete"),
    path(
        "<slug:slug>/goals/<int:goal_id>/move/<str:direction>/",
        views.goal_move,
        name="projects-goal-move",
    ),
    path("<slug:slug>/members/", views.members, name="projects-members"),
    path(
        "<slug:slug>/members/<int:member_id>/", views.member_update, name="projects-member-update"
    ),
    path(
        "<slug:slug>/members/<int:member_id>/remove/",
        views.member_remove,
        name="projects-member-remove",
    ),
    path("<slug:slug>/timeline/", views.events, name="projects-events"),
    path("<slug:slug>/export.json", views.project_export, name="projects-export"),
    path("<slug:slug>/delete/", views.project_delete, name="projects-delete"),
]

from django.urls import include, path

from . import reminder_views, views

urlpatterns = [
    path("", views.project_list, name="projects-list"),
    path("new/", views.project_create, name="projects-create"),
    path("<slug:slug>/", views.project_detail, name="projects-detail"),
    path("<slug:slug>/edit/", views.project_edit, name="projects-edit"),
    path("<slug:slug>/reminders/", reminder_views.project_reminders, name="projects-reminders"),
    path("<slug:slug>/me/", reminder_views.my_settings, name="projects-my-settings"),
    path("<slug:slug>/me/calendar/", reminder_views.my_calendar, name="projects-my-calendar"),
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
    path("<slug:slug>/", include("projects.urls_agreements")),
    path("<slug:slug>/charter/", views.charter, name="projects-charter"),
    path("<slug:slug>/charter/generate/", views.charter_generate, name="projects-charter-generate"),
    path("<slug:slug>/charter/preview/", views.charter_preview, name="projects-charter-preview"),
    path("<slug:slug>/charter.pdf", views.charter_pdf, name="projects-charter-pdf"),
    path(
        "<slug:slug>/charter/v<int:version>.pdf",
        views.charter_pdf,
        name="projects-charter-version-pdf",
    ),
]

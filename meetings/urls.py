from django.urls import path

from . import decision_views, minutes_views, views

M = "meetings/<int:meeting_id>/"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meetings-list"),
    path("meetings/add/", views.meeting_create, name="meetings-create"),
    path(M, views.meeting_detail, name="meetings-detail"),
    path(M + "edit/", views.meeting_update, name="meetings-update"),
    path(M + "cancel/", views.meeting_cancel, name="meetings-cancel"),
    path(M + "reply/", views.meeting_reply, name="meetings-reply"),
    path(M + "agenda/add/", views.agenda_add, name="meetings-agenda-add"),
    path(M + "agenda/suggest/", views.agenda_suggest, name="meetings-agenda-suggest"),
    path(M + "agenda/<int:item_id>/answer/", views.agenda_answer, name="meetings-agenda-answer"),
    path(M + "agenda/<int:item_id>/remove/", views.agenda_remove, name="meetings-agenda-remove"),
    path(M + "agenda/proposal/", decision_views.agenda_proposal, name="meetings-agenda-proposal"),
    path(M + "decision/", decision_views.meeting_decision, name="meetings-decision"),
    path(M + "attendance/", views.attendance, name="meetings-attendance"),
    path(M + "minutes/", minutes_views.minutes_edit, name="meetings-minutes"),
    path(
        M + "minutes/circulate/", minutes_views.minutes_circulate, name="meetings-minutes-circulate"
    ),
    path(M + "minutes/correct/", minutes_views.minutes_correct, name="meetings-minutes-correct"),
    path(M + "minutes/approve/", minutes_views.minutes_approve, name="meetings-minutes-approve"),
    path(M + "minutes/history/", minutes_views.minutes_history, name="meetings-minutes-history"),
    path(M + "actions/add/", minutes_views.action_create, name="meetings-action-create"),
    path(M + "papers/<str:kind>/", minutes_views.paper_request, name="meetings-paper-request"),
    path("meetings/papers/<int:paper_id>.pdf", minutes_views.paper_download, name="meetings-paper"),
    path("actions/", minutes_views.action_list, name="meetings-actions"),
    path(
        "actions/<int:action_id>/edit/", minutes_views.action_update, name="meetings-action-update"
    ),
    path("actions/<int:action_id>/done/", minutes_views.action_done, name="meetings-action-done"),
]

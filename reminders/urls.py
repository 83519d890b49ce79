from django.urls import path

from . import views

project = "projects/<slug:slug>/"

urlpatterns = [
    path(project + "reminders/", views.project_reminders, name="reminders-list"),
    path(project + "me/", views.my_settings, name="reminders-my-settings"),
    path(project + "me/perspective/", views.my_perspective, name="reminders-my-perspective"),
    path(project + "me/calendar/", views.my_calendar, name="reminders-my-calendar"),
    path("reminders/stop/<str:token>/", views.reminders_stop, name="reminders-stop"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]

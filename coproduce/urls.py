from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from projects import reminder_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("projects/", include("projects.urls")),
    path("reminders/stop/<str:token>/", reminder_views.reminders_stop, name="reminders-stop"),
    path("calendar/<str:token>.ics", reminder_views.calendar_feed, name="calendar-feed"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

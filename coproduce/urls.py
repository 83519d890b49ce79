from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path

from projects import reminder_views

from . import views
from .forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/me/", views.account, name="account"),
    path("accounts/me/data.json", views.account_data, name="account-data"),
    path("accounts/me/delete/", views.account_delete, name="account-delete"),
    path("accounts/login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("projects/", include("projects.urls")),
    path("", include("stakeholders.urls")),
    path("projects/<slug:slug>/power/", include("powercheck.urls")),
    path("reminders/stop/<str:token>/", reminder_views.reminders_stop, name="reminders-stop"),
    path("calendar/<str:token>.ics", reminder_views.calendar_feed, name="calendar-feed"),
    path("admin/", admin.site.urls),
]

handler500 = "coproduce.views.server_error"
if settings.BENCHMARK:
    urlpatterns += [path("bench/ok/", views.bench_ok, name="bench-ok")]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

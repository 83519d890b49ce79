from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path

from projects import views as project_views

from . import views
from .forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/signup/finish/", views.signup_finish, name="signup-finish"),
    path("accounts/signup/confirm/<str:token>/", views.signup_confirm, name="signup-confirm"),
    path("accounts/me/", views.account, name="account"),
    path("accounts/me/preferences/", views.account_preferences, name="account-preferences"),
    path("language/", views.language_set, name="language-set"),
    path("accounts/me/data.json", project_views.account_data, name="account-data"),
    path("accounts/me/delete/", project_views.account_delete, name="account-delete"),
    path("accounts/login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    # One include per app: a page's URL says which app serves it.
    path("projects/", include("projects.urls")),
    path("projects/<slug:slug>/", include("agreements.urls")),
    path("projects/<slug:slug>/", include("charter.urls")),
    path("", include("reminders.urls")),
    path("", include("stakeholders.urls")),
    path("projects/<slug:slug>/power/", include("powercheck.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "coproduce.views.server_error"
if settings.BENCHMARK:
    urlpatterns += [path("bench/ok/", views.bench_ok, name="bench-ok")]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

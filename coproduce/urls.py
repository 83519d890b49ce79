from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from projects import views as project_views

from . import sso, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/me/", views.account, name="account"),
    path("accounts/me/preferences/", views.account_preferences, name="account-preferences"),
    path("language/", views.language_set, name="language-set"),
    path("accounts/me/data.json", project_views.account_data, name="account-data"),
    path("accounts/me/delete/", project_views.account_delete, name="account-delete"),
    # Sign-up, login (password, emailed code, single sign-on), two-factor, reset, addresses.
    # (allauth.urls less its unnamed redirects from old addresses this site never had, and
    # with single sign-on's views checking every ID token's signature: sso.py.)
    path("accounts/", include("allauth.account.urls")),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path("accounts/3rdparty/", include("allauth.socialaccount.urls")),
    path("accounts/oidc/<str:provider_id>/login/", sso.login, name="openid_connect_login"),
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        sso.callback,
        name="openid_connect_callback",
    ),
    # One include per app: a page's URL says which app serves it.
    path("projects/", include("projects.urls")),
    path("projects/<slug:slug>/", include("agreements.urls")),
    path("projects/<slug:slug>/", include("charter.urls")),
    path("", include("reminders.urls")),
    path("", include("stakeholders.urls")),
    path("projects/<slug:slug>/power/", include("powercheck.urls")),
    path("projects/<slug:slug>/", include("decisions.urls")),
    path("projects/<slug:slug>/", include("meetings.urls")),
    path("projects/<slug:slug>/", include("impact.urls")),
    path("projects/<slug:slug>/partners/", include("partners.urls")),
    path("projects/<slug:slug>/payments/", include("reciprocity.urls")),
    path("projects/<slug:slug>/reporting/", include("reporting.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "coproduce.views.server_error"
handler403 = "coproduce.views.permission_denied"
handler429 = "coproduce.views.too_many_requests"
if settings.BENCHMARK:
    urlpatterns += [path("bench/ok/", views.bench_ok, name="bench-ok")]

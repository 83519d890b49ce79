"""Settings of the small OpenID Connect provider the single sign-on tests start in a process of
their own (``provider.py``): django-oauth-toolkit's provider, its own database and cookies."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECRET_KEY = "provider-for-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.sso.provider_urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["PROVIDER_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
# Both sites are on 127.0.0.1, where cookies are shared whatever the port.
SESSION_COOKIE_NAME = "provider_session"
CSRF_COOKIE_NAME = "provider_csrftoken"
LOGIN_URL = "/login/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# What the provider gets wrong, for the tests that it is refused: wrong-issuer,
# bad-signature, expired (or nothing).
FAULT = os.environ.get("PROVIDER_FAULT", "")
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["PROVIDER_KEY"],
    "PKCE_REQUIRED": True,
    "SCOPES": {"openid": "Who you are", "email": "Your email address", "profile": "Your name"},
    "OAUTH2_VALIDATOR_CLASS": "tests.sso.provider_urls.Validator",
    "ID_TOKEN_EXPIRE_SECONDS": -600 if FAULT == "expired" else 300,
}

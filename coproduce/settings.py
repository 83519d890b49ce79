"""Settings for Coproduce, configured only through environment variables (see README)."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# `make bench` only: adds the baseline view (/bench/ok/) that pages are measured against.
BENCHMARK = env.bool("BENCHMARK", default=False)

INSTALLED_APPS = [
    "coproduce",
    "projects",
    "reminders",
    "charter",
    "agreements",
    "stakeholders",
    "powercheck",
    "partners",
    "decisions",
    "meetings",
    "impact",
    "reciprocity",
    "reporting",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coproduce.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "coproduce.middleware.SessionIdleTimeoutMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coproduce.urls"
WSGI_APPLICATION = "coproduce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "coproduce.context_processors.easy_read",
            ],
        },
    },
]

FORM_RENDERER = "coproduce.forms.FormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast instead of hanging when PostgreSQL is down or restarting.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3
else:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "coproduce.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Email and password (allauth's login form, and the admin's); codes, two-factor and
    # single sign-on go through allauth's own flows.
    "allauth.account.auth_backends.AuthenticationBackend",
    # Sessions begun before allauth name this backend; they keep working while it is listed.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "projects-list"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Accounts (django-allauth): an email address is the login; it is verified by a code emailed
# to it before the account can be used, and no page, status or email tells anyone but the
# reader of that mailbox whether an address has an account.
ACCOUNT_ADAPTER = "coproduce.accounts.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# A password is optional: people who prefer not to have one sign in with an emailed code.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_SIGNUP_FORM_CLASS = "coproduce.forms.SignupNameForm"
ACCOUNT_FORMS = {
    name: f"coproduce.account_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "request_login_code": "RequestLoginCodeForm",
        "confirm_login_code": "ConfirmLoginCodeForm",
        "confirm_email_verification_code": "ConfirmEmailVerificationCodeForm",
        "reset_password": "ResetPasswordForm",
        "add_email": "AddEmailForm",
    }.items()
}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Coproduce: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https:") else "http"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False  # sessions end after SESSION_IDLE_TIMEOUT, as before
ACCOUNT_REAUTHENTICATION_TIMEOUT = 10 * 60
# Rate limits (allauth's, in the shared cache; "key" is the address asked about). Wrong
# passwords for one account are counted per client address by django-axes, in the database
# (it holds while the cache is away, and a pause never locks the real owner out from
# elsewhere), so allauth counts them only per client. Emails about an account: a few an hour
# to one address, more from one client (a workshop's people signing up together share one).
ACCOUNT_RATE_LIMITS = {
    "signup": "30/h/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip",
    "reset_password": "30/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "30/h/ip,3/15m/key",
    "confirm_email": "1/10s/key,3/h/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Coproduce"
MFA_RECOVERY_CODE_COUNT = 10
# Single sign-on (off unless OIDC_SERVER_URL is set): an organisation's OpenID Connect
# provider (Microsoft Entra ID, Google Workspace, Keycloak). Its people sign in with their
# own accounts; an address the provider says is verified counts as verified here.
OIDC_SERVER_URL = env.str("OIDC_SERVER_URL", default="")
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ADAPTER = "coproduce.accounts.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = (
    {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": env.str("OIDC_NAME", default="your organisation"),
                    "client_id": env.str("OIDC_CLIENT_ID", default=""),
                    "secret": env.str("OIDC_CLIENT_SECRET", default=""),
                    "settings": {
                        "server_url": OIDC_SERVER_URL,
                        "token_auth_method": env.str(
                            "OIDC_TOKEN_AUTH_METHOD", default="client_secret_basic"
                        ),
                    },
                }
            ],
        }
    }
    if OIDC_SERVER_URL
    else {}
)

LANGUAGE_CODE = "en-gb"
# Each language by its own name, as the language switch shows it.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Stored files (charters, minutes, receipts, logos, reports) are never public: they are read
# back through access-checked views. With S3_BUCKET set they live in object storage (AWS S3
# or any S3-compatible server) so that every web server and worker sees the same files;
# otherwise on local disk under MEDIA_ROOT.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="") or None,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: EMAIL_URL (smtp://user:pass@host:587/?tls=True); the console by default.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Coproduce <noreply@coproduce.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Redis is the Celery broker and the shared cache; without it, tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
# Task names are pinned (they predate the charter and reminders apps) so that messages
# already queued still run after a deploy.
CELERY_TASK_ROUTES = {
    "projects.tasks.render_charter": {"queue": "pdf"},
    "meetings.tasks.render_meeting_paper": {"queue": "pdf"},
    "reporting.tasks.render_report": {"queue": "pdf"},
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 60 * 60,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
}
# Sending a task while the broker is down gives up after about five seconds, so no request
# hangs; the work stays recorded in the database and is queued again by a sweep.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
# How much a worker may grow while rendering one charter before the render fails.
CHARTER_RENDER_MEMORY_BYTES = env.int("CHARTER_RENDER_MEMORY_MB", default=1024) * 1024 * 1024
# One reminder sweep and one proposal sweep every 5 minutes; exactly one beat process runs
# this schedule.
CELERY_BEAT_SCHEDULE: dict = {
    "send-due-reminders": {
        "task": "projects.tasks.send_due_reminders",
        "schedule": env.float("REMINDER_SWEEP_SECONDS", default=300.0),
    },
    "close-due-proposals": {
        "task": "decisions.tasks.close_due_proposals",
        "schedule": env.float("PROPOSAL_SWEEP_SECONDS", default=300.0),
    },
    "requeue-waiting-charters": {
        "task": "projects.tasks.requeue_waiting_charters",
        "schedule": env.float("CHARTER_REQUEUE_SECONDS", default=60.0),
    },
    # The report on involvement's PDFs whose message was lost, on the same schedule.
    "requeue-waiting-reports": {
        "task": "reporting.tasks.requeue_waiting_reports",
        "schedule": env.float("CHARTER_REQUEUE_SECONDS", default=60.0),
    },
}

# A session ends after SESSION_IDLE_TIMEOUT seconds without a request (the middleware
# pushes the expiry forward at most once a minute), and always at logout.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=60 * 60 * 2)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling: five failures for one account from one IP address lock that pair
# out for a quarter of an hour; other addresses (the real owner) can still log in.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_DISABLE_ACCESS_LOG = True  # keep no record of successful logins
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
# allauth passes the address as "email" (the admin's form as "username").
AXES_USERNAME_CALLABLE = "coproduce.accounts.axes_username"
# Each of the TRUSTED_PROXY_COUNT proxies adds the address it was sent the request from to
# X-Forwarded-For, so the header holds the client and every proxy but the last (which is
# REMOTE_ADDR). ipware counts the proxies listed in the header, and strictly: a header holding
# more addresses (a client writing its own) is not believed, and REMOTE_ADDR is used instead.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT > 0 else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT > 0 else ("REMOTE_ADDR",)
)
AXES_VERBOSE = False

# Content Security Policy: our own files only; no inline script or style, no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


if OIDC_SERVER_URL:
    # Logging in with an organisation's account is a form whose answer redirects there, which
    # browsers check against form-action.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(origin_of(OIDC_SERVER_URL))

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_NAME = "__Host-csrftoken"
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"hide_secrets": {"()": "coproduce.logfilters.HideSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_secrets"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request lines can carry tokens in their paths; never log them at INFO.
        "django.server": {"level": "WARNING"},
        # WeasyPrint reports every layout step at INFO; keep its warnings (refused URLs).
        "weasyprint.progress": {"level": "WARNING"},
    },
}

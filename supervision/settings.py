"""Settings, read from environment variables with safe defaults.

Every option is listed in README.md ("Configuration"). Production is what you get with DEBUG off:
SECRET_KEY and ALLOWED_HOSTS must then be given, and HTTPS-only cookies and HSTS are on.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (DEBUG=1 gives a development key)."
        )
    SECRET_KEY = "development-only-key-never-use-in-production-" + "x" * 20

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_fsm",
    "simple_history",
    "import_export",
    "supervision",
    "registry",
    "obligations",
    "cases",
    "sanctions",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "supervision.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "supervision.urls"
WSGI_APPLICATION = "supervision.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "supervision.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file beside the code (the embedded default).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE: concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the pages' short aggregate queries paid 250-550 ms for it when the
    # planner's statistics were off (bench/README.md, dashboard), and never gain from it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "supervision.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded evidence: private, outside STATIC_ROOT, never served by a URL of its own;
    # only views that check the user's scope hand files out.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# In development static files come straight from the apps; in production from STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "private-media"))
MEDIA_URL = None  # deliberately none: private files are not public URLs

# Celery: no broker configured means tasks run eagerly, in-process (the embedded default).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# Fail fast when Redis is down or hung instead of blocking the request.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 1
CELERY_BEAT_SCHEDULE = {
    # Derived compliance is recomputed when its records change, and nightly for the dates that pass.
    "recompute-compliance": {
        "task": "obligations.tasks.recompute_all_compliance",
        "schedule": crontab(hour=2, minute=0),
    },
    "obligation-reminders": {
        "task": "obligations.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Case notifications: the outbox is swept for pending rows (e.g. the broker was down).
    "case-notifications": {
        "task": "cases.tasks.send_pending_notifications",
        "schedule": crontab(minute="*/5"),
    },
    "case-overdue": {
        "task": "cases.tasks.flag_overdue_cases",
        "schedule": crontab(hour=6, minute=30),
    },
    # Suspensions start on their start date and are lifted on their end date.
    "sanction-suspension-dates": {
        "task": "sanctions.tasks.apply_suspension_dates",
        "schedule": crontab(hour=0, minute=15),
    },
}

# Email
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "toezicht@opgroeien.be")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: everything on in production (DEBUG off), behind an HTTPS reverse proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# History: the reason of a change is free text (an escalation or closure can need more than a line).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Imports and uploads
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000
IMPORT_EXPORT_SKIP_ADMIN_LOG = True  # imports write their own history rows in bulk

# Evidence uploads: size limit in bytes (default 20 MB); allowed types are checked from the content.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))
FILE_UPLOAD_PERMISSIONS = 0o640

# Obligation deadlines, as month-day: the annual report of year Y is due on this day of Y+1; desks
# without a consultation by CONSULTATION_REMINDER_DATE get a reminder.
ANNUAL_REPORT_DEADLINE = os.environ.get("ANNUAL_REPORT_DEADLINE", "03-31")
ANNUAL_REPORT_REMINDER_DAYS = int(os.environ.get("ANNUAL_REPORT_REMINDER_DAYS", "30"))
CONSULTATION_REMINDER_DATE = os.environ.get("CONSULTATION_REMINDER_DATE", "11-01")

# Cases: days from entering an open state to its deadline, per state (CASE_STATE_DAYS as
# "received=10,investigation=30,..." overrides some or all of them).
CASE_STATE_DAYS = {"received": 10, "investigation": 30, "talk": 30, "enforcement": 90}
CASE_STATE_DAYS.update(
    {
        state.strip(): int(days)
        for state, days in (item.split("=") for item in env_list("CASE_STATE_DAYS") if "=" in item)
    }
)
# Case notifications: attempts before one is marked failed, and the delay before the first retry
# (doubled for each next one).
CASE_NOTIFICATION_MAX_ATTEMPTS = int(os.environ.get("CASE_NOTIFICATION_MAX_ATTEMPTS", "5"))
CASE_NOTIFICATION_RETRY_SECONDS = int(os.environ.get("CASE_NOTIFICATION_RETRY_SECONDS", "60"))
# The sender block and the place of the enforcement letters (sanctions/letters.py): address lines
# separated by commas.
LETTER_SENDER = env_list(
    "LETTER_SENDER", "Opgroeien regie,Hallepoortlaan 27,1060 Brussel,www.opgroeien.be"
)
LETTER_PLACE = os.environ.get("LETTER_PLACE", "Brussel")
# The site's address (https://toezicht.example.be), for links in emails; none: no links.
SITE_URL = os.environ.get("SITE_URL", "")

# Lists
PAGE_SIZE = int(os.environ.get("PAGE_SIZE", "50"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

"""Settings shared by every environment; everything that differs between machines comes from environment variables."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SIF_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-local-key-only-for-demo-and-tests")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
# The demo password is accepted only where this is true (the demo settings).
DEMO_MODE = False

INSTALLED_APPS = [
    "fund.apps.SifAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "djmoney",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "fund",
    "impactmetrics",
    "portfolio",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends a session left idle too long (fund.sessions), then holds a privileged login at the second factor.
    "fund.sessions.SessionIdleTimeoutMiddleware",
    "fund.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: every view must declare who may see it, or nobody can.
    "fund.access.DefaultDenyMiddleware",
]

# A strict Content-Security-Policy: scripts, styles, fonts and connections only from this site (static files, no
# inline script or style, no eval; htmx is configured in base.html to need none), images also as data: URIs (the
# favicon), no plugins, never framed, forms post only here. See docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}
# Browser features no page uses, switched off for every origin (config/headers.py).
PERMISSIONS_POLICY_DISABLED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "usb",
    "xr-spatial-tracking",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "fund.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'demo.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "fund.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "fund.auth.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling (fund.auth): five failures for one account (its normalised e-mail, from any address) lock
# it for 15 minutes; one client address is locked after a higher number of failures over all accounts.
AXES_HANDLER = "fund.auth.LoginLockoutHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
SIF_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIF_LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # counted separately, in this order (fund.auth)
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "fund.auth.lockout_username"
AXES_CLIENT_IP_CALLABLE = "fund.auth.client_ip_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "fund/lockout.html"
AXES_VERBOSE = False
# How many reverse proxies in front of the app append to X-Forwarded-For; 0: the client is REMOTE_ADDR.
SIF_TRUSTED_PROXY_COUNT = int(os.environ.get("SIF_TRUSTED_PROXY_COUNT", "0"))

# Sessions (fund.sessions): ended after this many idle minutes; shorter for the people who can move money.
SIF_SESSION_IDLE_MINUTES_PRIVILEGED = int(os.environ.get("SIF_SESSION_IDLE_MINUTES_PRIVILEGED", "30"))
SIF_SESSION_IDLE_MINUTES = int(os.environ.get("SIF_SESSION_IDLE_MINUTES", "120"))
# A member whose capital call share is overdue is reminded at most once per this many days.
SIF_CALL_REMINDER_INTERVAL_DAYS = int(os.environ.get("SIF_CALL_REMINDER_INTERVAL_DAYS", "7"))
# However active, a session ends this long after login.
SESSION_COOKIE_AGE = int(os.environ.get("SIF_SESSION_MAX_HOURS", "12")) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Two-factor login (fund.two_factor): the issuer an authenticator app shows next to the account.
OTP_TOTP_ISSUER = "SIF portfolio"
# the admin never shows a TOTP secret, its QR code or recovery codes: an administrator resets a device by removing it
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "private"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Request limits: a form body (without its files) up to 2.5 MB and 1,000 fields (the longest, an impact report, has
# three per metric); at most 10 files per request; an uploaded file above 2.5 MB is kept in a temporary file rather
# than in memory. Each kind of upload has its own size cap, checked before it is read (fund/uploads.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)

# Largest document an applicant may upload (bytes); larger files are refused and nothing is kept.
PORTFOLIO_MAX_UPLOAD_BYTES = int(os.environ.get("PORTFOLIO_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))

# Impact data requests: due this many days after the period ends; reminders on these days around the due date.
IMPACT_REQUEST_DUE_DAYS = int(os.environ.get("IMPACT_REQUEST_DUE_DAYS", "31"))
IMPACT_REMINDER_DAYS = [int(d) for d in env_list("IMPACT_REMINDER_DAYS", "-7,1,14")]

CURRENCIES = ("EUR",)
DEFAULT_CURRENCY = "EUR"
CURRENCY_CHOICES = [("EUR", "EUR €")]

# A cache in each process's memory: it must keep working when Redis is down (/healthz reports exactly that), and
# what it holds (the health check's worker answer and request counts) may differ between processes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sif"}}
# /healthz (config/health.py): the worker ping is cached this long; each client address may ask this often a minute.
HEALTHZ_WORKER_CACHE_SECONDS = int(os.environ.get("HEALTHZ_WORKER_CACHE_SECONDS", "10"))
HEALTHZ_RATE_LIMIT = int(os.environ.get("HEALTHZ_RATE_LIMIT", "60"))

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
# Above the hard time limit of the longest task, so a running task is never handed to a second worker.
# Unacknowledged messages of a lost worker are swept back every interval × throttle seconds once this has passed.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
    "unacked_restore_interval": int(os.environ.get("CELERY_UNACKED_RESTORE_INTERVAL", "10")),
    "unacked_restore_throttle": int(os.environ.get("CELERY_UNACKED_RESTORE_THROTTLE", "10")),
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_DEFAULT_QUEUE = "default"
# PDF rendering has its own queue and workers (started with --max-tasks-per-child), so it never holds up other jobs.
CELERY_TASK_ROUTES = {"reporting.tasks.report_document_render": {"queue": "reports"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["fund.api.permissions.ScopedAccess"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SIF portfolio API",
    "VERSION": "1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@sif.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every layout step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}

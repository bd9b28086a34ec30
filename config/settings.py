"""Pacer settings, read from the environment (twelve-factor).

Every variable has a documented default that gives the embedded set-up: a SQLite file in the
project folder and Celery tasks run in-process. See README.md for the list.
"""

import os
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from babel import Locale
from babel.numbers import list_currencies
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import to_locale

from config.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", False)
# A fixed key is only acceptable on a developer's machine; production must set SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "pacer-insecure-development-key-change-me-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "auditlog",
    "people",
    "goals",
    "imports",
    "okrs",
    "framework",
    "salesforce",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware, as WhiteNoise asks: static files skip the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are gzipped (static files come precompressed from WhiteNoise). Before every
    # middleware that reads or writes the body, as Django's docs ask; since Django 4.2 it adds
    # random padding to each answer ("Heal The Breach"), and Pacer's CSRF tokens are masked.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "people.middleware.PersonMiddleware",
    "reports.caching.PrivateNoStoreMiddleware",
    "goals.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a clear 403 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "reports.sso.PasswordsOff",
    "django.contrib.auth.backends.ModelBackend",
    "reports.sso.PersonBackend",
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
                "reports.context_processors.pacer",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering index on opportunities (owner, stage INCLUDE ...) is a PostgreSQL optimisation;
# the embedded SQLite default builds it without the INCLUDE columns, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Issue 17: WhiteNoise serves /static/ from gunicorn. With hashed names (the manifest
# `collectstatic` writes: on by default under PRODUCTION=1) every file is pre-compressed (gzip,
# brotli) and a hashed name is cached for ten years ("immutable"); without them files are read
# from the source folders. Any unhashed name is cached for a minute only.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", env_bool("PRODUCTION", False))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_MAX_AGE = 60

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Sign-in limits (django-axes): per user name and, separately, per address -----------------
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
# The cool-off of a username's first lockout; each lockout in a row doubles it, up to the cap
# (reports.sign_in.cool_off); the user's own log-in, or a lockout-free cap, resets it.
AXES_COOLOFF_BASE = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_COOLOFF_MAX = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MAX_MINUTES", "480")))
AXES_COOLOFF_TIME = "reports.sign_in.cool_off"
# Each attempt expires at its own lockout's end, so no other user's shorter cool-off cleans it.
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_LOCKOUT_CALLABLE = "reports.sign_in.locked_out"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Issue 19: axes' reset deletes the failures of the username OR the address, so any insider's
# log-in wiped the guesses against another user; reports.sign_in clears only the user's own.
AXES_RESET_ON_SUCCESS = False
# The cool-off runs from the failure that locked: attempts during it never restart it, so a
# victim gets in at most AXES_COOLOFF_MINUTES after an attacker's last locking burst.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind the TLS proxy: its addresses (or networks), so the client's own address is counted.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
AXES_CLIENT_IP_CALLABLE = "reports.sign_in.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Single sign-on by OpenID Connect (mozilla-django-oidc; reports/sso.py) -----------------
# On when the client id is set. Each endpoint as the provider's discovery document
# (``/.well-known/openid-configuration``) names it; people are matched by e-mail, nobody is
# created.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
# Passwords switched off: the company sign-in only (needs SSO on).
SSO_ONLY = env_bool("SSO_ONLY", False)

# --- Content Security Policy (django-csp): no inline script without the page's nonce ----------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Plotly sets inline styles on the elements it draws.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Production hardening, switched on by PRODUCTION=1 (checked by `check --deploy` in CI) ----
PRODUCTION = env_bool("PRODUCTION", False)
if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        # check --deploy accepts this key (long, varied): refuse to start with it instead.
        raise ImproperlyConfigured("PRODUCTION=1 needs its own SECRET_KEY")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The container health check calls the web process directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pacer@localhost")
# Deal history digest (issue 15): a Slack incoming-webhook URL; unset means e-mail only.
SLACK_WEBHOOK_URL = os.environ.get("SLACK_WEBHOOK_URL", "")
# The day (a name) the nightly run sends the weekly movement digests of the week to yesterday.
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_digest_day = os.environ.get("MOVEMENT_DIGEST_WEEKDAY", "monday").strip().lower()
if _digest_day not in _WEEKDAYS:
    raise ImproperlyConfigured(f"MOVEMENT_DIGEST_WEEKDAY is a day name, not {_digest_day!r}")
MOVEMENT_DIGEST_WEEKDAY = _WEEKDAYS.index(_digest_day)  # date.weekday(): Monday is 0
# SMTP, used when EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# --- Pacer's own settings -------------------------------------------------------------------
# RULES.md: the fiscal year starts on the 1st of this month and is named by the year it ends in.
FISCAL_YEAR_START_MONTH = int(os.environ.get("FISCAL_YEAR_START_MONTH", "2"))
# RULES.md: the coaching flag's basis, "pace" (the default: behind pace on 2+) or "target".
# An unknown value is refused at start-up rather than read as one of them.
COACHING_BASIS = os.environ.get("COACHING_BASIS", "pace")
if COACHING_BASIS not in ("pace", "target"):
    raise ImproperlyConfigured(f"COACHING_BASIS is 'pace' or 'target', not {COACHING_BASIS!r}")
# The Salesforce org whose records the deal lists link to (https://<org>.my.salesforce.com);
# unset: deals are not linked.
SALESFORCE_INSTANCE_URL = os.environ.get("SALESFORCE_INSTANCE_URL", "").strip().rstrip("/")
if SALESFORCE_INSTANCE_URL and not SALESFORCE_INSTANCE_URL.startswith("https://"):
    raise ImproperlyConfigured("SALESFORCE_INSTANCE_URL must start with https://")
# Freeze "today" (YYYY-MM-DD) for a demo or a test; unset means the real date in TIME_ZONE.
PACER_TODAY = (
    date.fromisoformat(os.environ["PACER_TODAY"]) if os.environ.get("PACER_TODAY") else None
)
# Issue 10: an account of the target-account list is "large enterprise" from this many employees.
LARGE_ENTERPRISE_EMPLOYEES = int(os.environ.get("LARGE_ENTERPRISE_EMPLOYEES", "5000"))
# Career framework: e-mails of people who calibrate ratings besides admins and top managers.
PACER_LEADERSHIP_EMAILS = [e.lower() for e in env_list("PACER_LEADERSHIP_EMAILS", "")]
# The roles that may open the quarter's leaderboard (comma-separated role codes).
LEADERBOARD_ROLES = env_list("LEADERBOARD_ROLES", "manager,admin")
# Issue 8, uploads: an import file over MAX_UPLOAD_BYTES (default 50 MB) is refused from its
# declared size before it is read; one over MAX_IMPORT_ROWS data rows is refused at that row.
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
MAX_IMPORT_ROWS = int(os.environ.get("MAX_IMPORT_ROWS", "2000000"))
# Issue 19: every other dimension of an upload, checked before the expensive work (see
# imports/limits.py): columns per row, characters per cell (Excel's own cell limit),
# cells per file, and for .xlsx the inflated size and the distinct texts (shared strings).
MAX_IMPORT_COLUMNS = int(os.environ.get("MAX_IMPORT_COLUMNS", "200"))
MAX_CELL_CHARS = int(os.environ.get("MAX_CELL_CHARS", "32767"))
MAX_SHEET_CELLS = int(os.environ.get("MAX_SHEET_CELLS", "40000000"))
MAX_XLSX_INFLATED_BYTES = int(os.environ.get("MAX_XLSX_INFLATED_BYTES", str(10 * MAX_UPLOAD_BYTES)))
MAX_XLSX_SHARED_STRINGS = int(os.environ.get("MAX_XLSX_SHARED_STRINGS", "2000000"))
# Form fields (not files) stay small; files above 2.5 MB are streamed to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Issue 19: an API token stops working this many days after it was created.
API_TOKEN_MAX_AGE_DAYS = int(os.environ.get("API_TOKEN_MAX_AGE_DAYS", "90"))
# /health/ fails when the last successful nightly recompute is older than this.
HEALTH_NIGHTLY_MAX_AGE_HOURS = int(os.environ.get("HEALTH_NIGHTLY_MAX_AGE_HOURS", "26"))
# The audit trail (django-auditlog): who changed what, when, before → after, whatever the path
# (pages, API, Django admin, shell). Imports are recorded by ImportRun and one entry each.
AUDITLOG_STORE_JSON_CHANGES = True  # numbers and ids stay numbers, nulls stay null
_NOT_AUDITED = ["updated_at"]  # set on every save: says nothing about who changed what
_SF_SECRETS = ["private_key", "client_secret", "password", "security_token"]
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "goals.target",
    "goals.targetoverride",
    "goals.targetpublication",
    "goals.stage",
    "goals.stagealias",
    "goals.personalias",  # issue 14: how an export names a person, set on a preview
    "imports.currencyrate",
    "imports.columnmapping",
    "people.person",
    "framework.annualquota",
    {"model": "framework.rating", "exclude_fields": _NOT_AUDITED},
    {"model": "framework.competencyassessment", "exclude_fields": _NOT_AUDITED},
    "framework.competencyrating",
    # The page's Salesforce connection; its encrypted secrets never go into the trail.
    {"model": "salesforce.orgconnection", "exclude_fields": _NOT_AUDITED + _SF_SECRETS},
)
# Company currency: amounts are stored in it.
COMPANY_CURRENCY = os.environ.get("COMPANY_CURRENCY", "USD")
# How money is written on pages and charts (Babel): PACER_LOCALE, else LANGUAGE_CODE's locale
# (en_US). A locale or currency Babel does not know stops start-up instead of showing wrong text.
PACER_LOCALE = str(Locale.parse(os.environ.get("PACER_LOCALE") or to_locale(LANGUAGE_CODE)))
if COMPANY_CURRENCY not in list_currencies():
    raise ImproperlyConfigured(f"COMPANY_CURRENCY={COMPANY_CURRENCY!r} is not a currency code")

# --- Celery ----------------------------------------------------------------------------------
# No broker configured: tasks run in-process, so the embedded set-up needs no Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or None
# Results are kept only where a task asks (the split recompute's team tasks, whose rows the
# chord's callback collects): in the broker's Redis unless another backend is named.
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# A recompute must not be lost nor run twice at once: acknowledge after the work, requeue when
# a worker dies, take one message at a time; the hard time limit stays below the broker's
# visibility timeout so Redis never hands a still-running task to a second worker.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
CELERY_TASK_TIME_LIMIT = int(
    os.environ.get("CELERY_TASK_TIME_LIMIT", str(CELERY_VISIBILITY_TIMEOUT // 2))
)
CELERY_TASK_SOFT_TIME_LIMIT = int(
    os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", str(CELERY_TASK_TIME_LIMIT * 9 // 10))
)
if not CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "Celery needs soft time limit < time limit < visibility timeout, got "
        f"{CELERY_TASK_SOFT_TIME_LIMIT} < {CELERY_TASK_TIME_LIMIT} < {CELERY_VISIBILITY_TIMEOUT}"
    )
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Short connection timeouts: a web request that needs the broker fails fast when it is down.
CELERY_BROKER_CONNECTION_TIMEOUT = float(os.environ.get("CELERY_BROKER_CONNECTION_TIMEOUT", "2"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Sweep for messages of dead workers every tenth of the visibility timeout (max a minute).
    "unacked_restore_interval": max(1, min(60, CELERY_VISIBILITY_TIMEOUT // 10)),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 10,
}
# Salesforce sync: config/salesforce_settings.py.
from config.salesforce_settings import *  # noqa: E402, F403
from config.salesforce_settings import SALESFORCE_SYNC_MINUTES  # noqa: E402

# From RECOMPUTE_SPLIT_PEOPLE active AEs and SDRs the nightly recompute splits into tasks of
# whole teams (about RECOMPUTE_PART_PEOPLE people each) that workers share (README).
RECOMPUTE_SPLIT_PEOPLE = int(os.environ.get("RECOMPUTE_SPLIT_PEOPLE", "1000"))
RECOMPUTE_PART_PEOPLE = int(os.environ.get("RECOMPUTE_PART_PEOPLE", "250"))
# The nightly recompute, "HH:MM" in TIME_ZONE.
NIGHTLY_RECOMPUTE_TIME = os.environ.get("NIGHTLY_RECOMPUTE_TIME", "02:00")
_nightly_hour, _nightly_minute = (int(part) for part in NIGHTLY_RECOMPUTE_TIME.split(":"))
CELERY_BEAT_SCHEDULE = {
    "nightly-recompute": {
        "task": "goals.tasks.recompute_attainment",
        "schedule": crontab(hour=_nightly_hour, minute=_nightly_minute),
        "kwargs": {"nightly": True},
    },
    # Does nothing while no org is configured (on the /salesforce/ page or SALESFORCE_*).
    "salesforce-sync": {
        "task": "salesforce.tasks.sync_salesforce",
        "schedule": 60.0 * SALESFORCE_SYNC_MINUTES,
    },
    # Issue 19: a run a dead worker left previewing or running is released.
    "release-stuck-imports": {
        "task": "imports.tasks.release_stuck_imports",
        "schedule": crontab(minute="*/15"),
    },
}
# Issue 19: deliveries of an import task that find its run mid-work (the worker died) before
# the run is failed with its reason instead of being handed to the next worker for ever.
MAX_IMPORT_ATTEMPTS = int(os.environ.get("MAX_IMPORT_ATTEMPTS", "3"))

REST_FRAMEWORK = {
    # Token first, so an anonymous call answers 401 with WWW-Authenticate; the browser's
    # session (with CSRF on writes) works the same.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "goals.api.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "goals.api.pagination.PagePagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "goals.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    "DATE_FORMAT": "iso-8601",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Pacer API",
    "DESCRIPTION": (
        "Where each person on a sales team stands against their goals (RULES.md). Money is a "
        "decimal string, dates are ISO dates, quarters are written FY24-Q3. Every error has "
        "the `Error` shape."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from static files, no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set shared by several fields.
    "ENUM_NAME_OVERRIDES": {
        "DimensionAssessmentEnum": "framework.models.Assessment",
        "ImportKindEnum": "imports.models.ImportKind",
        "MetricKindEnum": "goals.models.MetricKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "goals.api.errors.document_errors",
    ],
}

# LOG_FORMAT=json (docker-compose): one JSON object per line on stdout, for a log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
# The worker and beat log through LOGGING too (Celery would otherwise install its own handler).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

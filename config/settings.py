"""Settings for Wegwijs, read from environment variables with safe local defaults.

Local development needs nothing set: DEBUG is on, the database is a SQLite file in the project
folder. Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.cache import cache_settings
from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

_INSECURE_DEV_KEY = "django-insecure-local-development-only-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _INSECURE_DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "directory",
    "referrals",
    "insights",
    "glossary",
    "selection",
    "embed",
    "opendata",
    "staff",
    "feedback",
    "pagecache",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.UrlLanguageMiddleware",
    "config.inputs.NulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "insights.middleware.DemandCountsMiddleware",
]

ROOT_URLCONF = "config.urls"
ADMIN_URL_PREFIX = "beheer/"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.i18n",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "referrals.context_processors.referral_card",
            ],
        },
    },
    {
        # The parts a page repeats many times (config/jinja2.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates-jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "config.jinja2.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The directory's filter queries are short, but PostgreSQL's planner overestimates their
    # EXISTS filters and then JIT-compiles them: about a second of compiling for ~40 ms of work.
    # The directory fits in memory, where reading a page at random costs about what reading the
    # next one does; at the default random_page_cost of 4 the planner reads all 10,000 services
    # rather than the matches its full-text index points to (search: 14 ms instead of 5 ms).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
    # A web process (config/wsgi.py sets 10 s) cancels a statement that runs longer: the visitor
    # gets the "try again" page (503) rather than a worker stuck until gunicorn kills it after
    # 30 s and the proxy answers a blank 502. Commands (migrate, imports) are not bounded.
    if statement_timeout := env_int("DATABASE_STATEMENT_TIMEOUT", 0):
        DATABASES["default"]["OPTIONS"]["options"] += f" -c statement_timeout={statement_timeout}s"
    # Repeated queries are prepared, searches excepted (config/database.py); off behind a
    # pooler in transaction mode.
    from config.database import prepared_statement_options

    DATABASES["default"]["OPTIONS"].update(
        prepared_statement_options(env_bool("DATABASE_PREPARED_STATEMENTS", True))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Some indexes carry extra columns so that PostgreSQL can answer from the index alone (INCLUDE);
# SQLite, for `make run` only, builds them without, which Django's models.W040 said at every
# start of the demo site.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Redis (redis://host:6379/0) when set, shared by all workers; else each process's memory.
CACHES = cache_settings(env_str("REDIS_URL"))
# How long a public page stays cached (pagecache); 0 turns the page cache off. Edits show at once.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 5 * 60)
# Query parameters that are part of every cached page's key although no view reads them (the
# others are dropped): bench/settings.py adds its "uncached" marker, so that its cache-miss rows
# really render every page.
PAGE_CACHE_KEPT_PARAMETERS: tuple[str, ...] = ()
# Insight counts wait this long in a worker's memory before one upsert writes them (0: at once).
INSIGHTS_FLUSH_SECONDS = env_int("INSIGHTS_FLUSH_SECONDS", 10)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login throttling: after 5 failures for one username from one address, wait 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# How many proxies in front of gunicorn append to X-Forwarded-For (0: REMOTE_ADDR is the client).
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface language comes from the URL alone: Dutch unprefixed, the others under /fr/, /en/,
# /ar/ and /tr/ (config/urls.py). The admin, the API and /gezond/ stay Dutch.
LANGUAGE_CODE = "nl"
# Each language's name in its own language, as the switcher shows it.
LANGUAGES = [
    ("nl", "Nederlands"),
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Resident feedback: at most this many reports per client IP per window (seconds).
FEEDBACK_RATE_LIMIT = env_int("FEEDBACK_RATE_LIMIT", 5)
FEEDBACK_RATE_WINDOW = env_int("FEEDBACK_RATE_WINDOW", 60 * 60)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Websites (scheme://host) that may show the /inbedden/ pages in an iframe; nothing else may.
EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

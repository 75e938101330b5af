"""SEL settings: one module, every value read from the environment once, with safe development
defaults. Apps read ``settings.X`` only. See README.md for the list of variables."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SEL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Parse a boolean explicitly: "False" must not be true (STYLE.md §7b)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """An explicit SECRET_KEY is required in production; development generates one into var/."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (e.g. python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')."
        )
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Links in emails are built from this, never from the Host header (SECURITY.md #19).
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "sel.portal.admin_apps.SelAdminConfig",  # django.contrib.admin, with the console's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "ninja",  # django-ninja serves its docs page's files itself (no CDN)
    "oauth2_provider",
    "sel.core",
    "sel.audit",
    "sel.outbox",
    "sel.accounts",
    "sel.access",
    "sel.exception_drugs",
    "sel.messaging",
    "sel.notices",
    "sel.establishments",
    "sel.privacy",
    "sel.b2b",
    "sel.portal",
]

MIDDLEWARE = [
    "sel.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sel.accounts.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "sel.core.middleware.NoStoreForAuthenticatedMiddleware",
]

ROOT_URLCONF = "sel.portal.urls"
WSGI_APPLICATION = "sel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sel" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sel.core.context_processors.portal",
            ],
        },
    },
]
# Form widgets render with Django's own Jinja2 widget templates (sel/core/renderers.py).
FORM_RENDERER = "sel.core.renderers.FormRenderer"

# --- Database: SQLite file by default, PostgreSQL when DATABASE_URL is set ------------------------
_database_url = os.environ.get("DATABASE_URL", "").strip()
if _database_url:
    # Connections are kept a minute and checked before reuse (CONN_HEALTH_CHECKS): one that the
    # server closed (a restart, pg_terminate_backend) is replaced at the next request instead of
    # failing it. A server that does not answer fails the request within DATABASE_CONNECT_TIMEOUT.
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
            "DATABASE_CONNECT_TIMEOUT", 5
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "sel.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
# Several developers or CI runs may share one PostgreSQL server: the test database name can be set.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, throttle counters: Redis when REDIS_URL is set, else the database ----------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "sel.core.cache.RedisCache",  # one client per pool, not per operation
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "sel"),
            # A Redis that is down or hangs fails the request fast (a 503 page), never past this.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "sel.core.sessions"  # Django's cache sessions, a new one written once
else:
    # The database cache is shared by every process of the server, unlike local memory.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "sel_cache",
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "sel"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Page fragments that change only with a deployment (the footer, the navigation's links, the
# support lines): rendered once per process and language (``{% cache None … using="fragments" %}``),
# kept in the process's memory, never shared between processes.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "sel-fragments",
}

# --- Background tasks: Django's Tasks API (django-tasks backport, database backend) -------------
# The database backend writes the task row in the caller's transaction (no on_commit hook), so an
# email task exists if and only if the change that caused it committed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# --- Email: SMTP from EMAIL_URL; console in development -------------------------------------------
def _email_settings(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme in {"console", ""}:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parsed.scheme not in {"smtp", "smtps", "submission"}:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be smtp, smtps or console: {url!r}")
    query = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or {"smtp": 25, "smtps": 465, "submission": 587}[parsed.scheme],
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": parsed.scheme == "submission" or query.get("tls") == ["1"],
        "EMAIL_TIMEOUT": 10,
    }


EMAIL_URL = os.environ.get("EMAIL_URL", "console://")
globals().update(_email_settings(EMAIL_URL))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SEL <no-reply@sel.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_MESSAGE_ID_DOMAIN = os.environ.get("EMAIL_MESSAGE_ID_DOMAIN", "sel.example")

# --- Passwords: Argon2id first (OWASP: m=19 MiB, t=2, p=1 at least) ------------------------
# Default everywhere: OWASP's parameters. A deployment may raise them (ARGON2_TIME_COST=4, ...): the
# capacity each costs is in bench/RESULTS.md (bench/login.py); lower values are refused.
ARGON2_TIME_COST = env_int("ARGON2_TIME_COST", 2)
ARGON2_MEMORY_KIB = env_int("ARGON2_MEMORY_KIB", 19456)
ARGON2_PARALLELISM = env_int("ARGON2_PARALLELISM", 1)
if ARGON2_TIME_COST < 2 or ARGON2_MEMORY_KIB < 19456 or ARGON2_PARALLELISM < 1:
    raise ImproperlyConfigured("Argon2id below OWASP's minimum (t=2, m=19456 KiB, p=1)")
PASSWORD_HASHERS = [
    "sel.accounts.hashers.SelArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["sel.accounts.backends.SelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "sel.accounts.passwords.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "sel.accounts.passwords.ContextWordsValidator"},
    {"NAME": "sel.accounts.passwords.PasswordHistoryValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# --- Sessions and cookies ------------------------------------------------------------------------
SESSION_COOKIE_AGE = env_int("SESSION_ABSOLUTE_TIMEOUT_SECONDS", 12 * 3600)
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_NAME = "__Host-sel_session" if SESSION_COOKIE_SECURE else "sel_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_NAME = "__Host-sel_csrf" if CSRF_COOKIE_SECURE else "sel_csrf"
CSRF_FAILURE_VIEW = "sel.core.views.csrf_failure"
LANGUAGE_COOKIE_NAME = "sel_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True

# --- HTTP security headers ----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load shedding (sel/core/overload.py): requests running at once per server process (0: off), and
# how long a request may wait for a slot before it gets 503.
MAX_CONCURRENT_REQUESTS = env_int("MAX_CONCURRENT_REQUESTS", 0)
OVERLOAD_WAIT_SECONDS = float(os.environ.get("OVERLOAD_WAIT_SECONDS", "2"))
# Client address for audit and throttles: REMOTE_ADDR unless this many trusted proxies set XFF.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Languages: French (Canada) first, English second --------------------------------------------
LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", _("Français")), ("en", _("English"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Toronto"
LOCALE_PATHS = [BASE_DIR / "sel" / "locale"]
FORMAT_MODULE_PATH = ["sel.formats"]

# --- Static files: WhiteNoise, no CDN -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "sel" / "static"]
STORAGES = {
    # A file the disk cannot hold in full is removed and the form says so (sel/core/storage.py).
    "default": {"BACKEND": "sel.core.storage.UploadStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files (attachments, scans, signatures) live outside the web root, served by views
# that check access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "private"))
MEDIA_URL = "/fichiers-non-publics/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Past that size a file is written to FILE_UPLOAD_TEMP_DIR first; on a full disk it is refused
# with the form's message, not a 500 (sel/core/storage.py).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "sel.core.storage.UploadTemporaryFileHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Business settings (each app reads these only) ----------------------------------------------
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 180)
TEMPORARY_PASSWORD_DAYS = env_int("TEMPORARY_PASSWORD_DAYS", 30)
RECOVERY_EMAIL_CODE = env_bool("RECOVERY_EMAIL_CODE", True)
# Login attempts per client address and minute, across accounts (password spraying).
LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = env_int("LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE", 20)
# An exception-drug request whose typed identity the register contradicts is refused; each refusal
# tells one thing about the register, so a person's refusals are capped per 24 hours.
IDENTITY_REFUSALS_PER_DAY = env_int("IDENTITY_REFUSALS_PER_DAY", 10)
# The privacy office's searches and downloads of the reads of a NAM (an insured person's request
# for access), per agent and hour: a bound on what one account can enumerate.
INSURED_PERSON_SEARCHES_PER_HOUR = env_int("INSURED_PERSON_SEARCHES_PER_HOUR", 30)
EXCEPTION_CONSULTATION_MAX_AGE_DAYS = env_int("EXCEPTION_CONSULTATION_MAX_AGE_DAYS", 0)
OUTBOX_MAX_BACKOFF = timedelta(hours=6)
# The outbox's clock: the first retry's delay (doubled at each failure, up to OUTBOX_MAX_BACKOFF),
# how long a worker's claim on an email lasts (a worker killed mid-send: the email is sent again
# once it expires), and how often a worker re-queues what is due. The fault tests run the same code
# with these scaled down (docs/cluster.md); production keeps the defaults.
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_CLAIM_SECONDS = env_int("OUTBOX_CLAIM_SECONDS", 300)
OUTBOX_REQUEUE_SECONDS = env_int("OUTBOX_REQUEUE_SECONDS", 60)
# Recipients and contents of delivered emails are anonymised after this many days.
RETENTION_EMAIL_DAYS = env_int("RETENTION_EMAIL_DAYS", 365)
# Access requests (sel.access): emailed links, grant validity, reminders, yearly confirmation.
ACCESS_LINK_DAYS = env_int("ACCESS_LINK_DAYS", 14)
ACCESS_GRANT_VALIDITY_DAYS = env_int("ACCESS_GRANT_VALIDITY_DAYS", 3 * 365)
ACCESS_EXPIRY_REMINDER_DAYS = env_int("ACCESS_EXPIRY_REMINDER_DAYS", 30)
ACCESS_CONFIRMATION_EVERY_DAYS = env_int("ACCESS_CONFIRMATION_EVERY_DAYS", 365)
ACCESS_CONFIRMATION_GRACE_DAYS = env_int("ACCESS_CONFIRMATION_GRACE_DAYS", 30)
# What an anonymous visitor can make the portal send (access-request forms, a new confirmation
# link, corrections, *Mot de passe oublié?*): per client address, and per recipient address,
# counted by a keyed hash of the normalised address, once for the access forms, once for recovery.
ACCESS_REQUESTS_PER_ADDRESS_PER_HOUR = env_int("ACCESS_REQUESTS_PER_ADDRESS_PER_HOUR", 10)
RECOVERIES_PER_ADDRESS_PER_HOUR = env_int("RECOVERIES_PER_ADDRESS_PER_HOUR", 20)
EMAILS_PER_RECIPIENT_PER_DAY = env_int("EMAILS_PER_RECIPIENT_PER_DAY", 10)
# An online request waits this long for its user to confirm their address, then expires.
ACCESS_USER_CONFIRMATION_HOURS = env_int("ACCESS_USER_CONFIRMATION_HOURS", 48)
# Secure messaging: each attachment's size limit, and what one person's attachments may occupy in
# all (0: no quota). Messages are unlimited in number (seed 002); see sel/messaging/attachments.py.
MESSAGING_ATTACHMENT_MAX_MB = env_int("MESSAGING_ATTACHMENT_MAX_MB", 10)
MESSAGING_STORAGE_QUOTA_MB = env_int("MESSAGING_STORAGE_QUOTA_MB", 1024)

# --- B2B services for software vendors (sel/b2b): OAuth 2.0 client credentials ------------------
# Bearer tokens live this long; a withdrawn grant stops them at once anyway (checked each call).
B2B_TOKEN_SECONDS = env_int("B2B_TOKEN_SECONDS", 600)
# Calls per client and minute, per environment (seed 004's production and training credentials).
B2B_CALLS_PER_MINUTE_PRODUCTION = env_int("B2B_CALLS_PER_MINUTE_PRODUCTION", 600)
B2B_CALLS_PER_MINUTE_TRAINING = env_int("B2B_CALLS_PER_MINUTE_TRAINING", 60)
# Token requests per client address and minute (each checks a hashed secret).
B2B_TOKEN_REQUESTS_PER_ADDRESS_PER_MINUTE = env_int("B2B_TOKEN_REQUESTS_PER_ADDRESS_PER_MINUTE", 30)
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # noqa: S105 (a model name)
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": B2B_TOKEN_SECONDS,
    "OAUTH2_VALIDATOR_CLASS": "sel.b2b.oauth.ClientValidator",
    "SCOPES_BACKEND_CLASS": "sel.b2b.oauth.GrantScopes",
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "PKCE_REQUIRED": True,
    # RFC 9700 (OAuth 2.0 Security BCP) throughout: tokens kept as their SHA-256 only, never in
    # clear; no implicit or password grant; PKCE S256 only; tokens never in a query string;
    # `iss` in authorization responses; a replayed refresh token revokes its family. The B2B
    # clients use client credentials only (sel.b2b.oauth).
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
}

# --- Logging: structured events, no secrets ------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # pyHanko warns, with a traceback, of every certificate it cannot chain to a trusted
        # root: by design none is configured (sel.core.signed_pdf, trust model); the agent sees
        # the outcome on the request's page.
        "pyhanko": {"level": os.environ.get("PYHANKO_LOG_LEVEL", "ERROR")},
    },
}

"""Settings for the Peer Support Directory, read from environment variables.

Every variable is listed in `.env.example`. Local defaults are safe for a laptop; with
DEBUG off, the production values (SECRET_KEY, ALLOWED_HOSTS) must be given.
"""

import os
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from peersupport.database import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and env_str("SECRET_KEY_FILE"):
    # make run keeps a generated key in a git-ignored file, so sessions outlive a restart.
    SECRET_KEY = Path(env_str("SECRET_KEY_FILE")).read_text().strip()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# Serving plain HTTP is for this machine only (make run on 127.0.0.1): no HTTPS redirect, no
# HSTS, and cookies a browser sends without TLS. Any other host name refuses to start with it.
PLAIN_HTTP_ON_LOOPBACK = env_bool("PLAIN_HTTP_ON_LOOPBACK", False)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
if PLAIN_HTTP_ON_LOOPBACK and not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
    raise ImproperlyConfigured("PLAIN_HTTP_ON_LOOPBACK is only for ALLOWED_HOSTS on loopback.")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Set SECRET_KEY (50+ random characters) when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS when DEBUG is off.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The link checker never visits this machine or a private network unless told to (an intranet
# library, or the tests' local server).
LINK_CHECK_PRIVATE_NETWORKS = env_bool("LINK_CHECK_PRIVATE_NETWORKS", False)

INSTALLED_APPS = [
    "peersupport",
    "search",
    "groups",
    "resources",
    "lists",
    "curation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "pgtrigger",
    "pghistory",
    "import_export",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files: precompressed, so above gzip
    # Compressed pages. Against BREACH: Django adds random bytes to each gzip header, and the
    # CSRF token is masked afresh in every response, so no secret repeats beside user input.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "peersupport.middleware.privacy_headers",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "peersupport.middleware.refuse_other_charsets",
    "peersupport.middleware.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who changed a listing or resource, and on which page (its path, never its query string).
    "peersupport.middleware.HistoryContext",
    "django.contrib.messages.middleware.MessageMiddleware",
    "peersupport.middleware.refuse_unusable_admin_queries",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "peersupport.middleware.AccountEmails",
]

ROOT_URLCONF = "peersupport.urls"
WSGI_APPLICATION = "peersupport.wsgi.application"

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
                "peersupport.context_processors.safety",
                "lists.context_processors.saved_lists",
                "curation.context_processors.roles",
            ],
        },
    },
]

DATABASES = {"default": database_settings(BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            # Pages go on without Redis when it is away (peersupport/cache.py), and a Redis that
            # hangs rather than refuses costs a request half a second, not a worker.
            "BACKEND": "peersupport.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "peersupport",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # Without Redis the cache lives in the database, so every app process shares it: rate
    # limits count every worker's attempts, and a curator's change clears every worker's copy.
    # The table is made by migration peersupport/0005.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_PREFIX": "peersupport",
        }
    }

AUTH_USER_MODEL = "peersupport.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False  # sessions stay short; no "remember me"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Peer Support Directory: "
ACCOUNT_LOGIN_BY_CODE_ENABLED = True  # "email me a sign-in code" beside the password
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300  # seconds before sensitive changes ask again
# Counted in the shared cache (Redis, or the database), so every app process shares the counts.
# Behind a proxy or load balancer, TRUSTED_PROXY_COUNT says how many add to X-Forwarded-For,
# so each client is counted by its own address rather than all sharing the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
}
ACCOUNT_ADAPTER = "peersupport.accounts.AccountAdapter"
# Our forms only change wording (labels, hints), except sign-up (see peersupport/accounts.py).
ACCOUNT_FORMS = {
    "login": "peersupport.accounts.LoginForm",
    "signup": "peersupport.accounts.SignupForm",
    "add_email": "peersupport.accounts.AddEmailForm",
    "change_password": "peersupport.accounts.ChangePasswordForm",
    "set_password": "peersupport.accounts.SetPasswordForm",
    "reset_password": "peersupport.accounts.ResetPasswordForm",
    "reset_password_from_key": "peersupport.accounts.ResetPasswordKeyForm",
    "reauthenticate": "peersupport.accounts.ReauthenticateForm",
    "request_login_code": "peersupport.accounts.RequestLoginCodeForm",
    "confirm_login_code": "peersupport.accounts.ConfirmLoginCodeForm",
}
MFA_ADAPTER = "peersupport.accounts.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {
    "authenticate": "peersupport.accounts.MFAAuthenticateForm",
    "reauthenticate": "peersupport.accounts.MFAReauthenticateForm",
}
MFA_TOTP_ISSUER = "Peer Support Directory"
# A session list needs no history of where someone was; without it allauth's usersessions
# middleware would do nothing, so it is not installed. Sessions are recorded at sign-in.
USERSESSIONS_TRACK_ACTIVITY = False

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # seconds; a mail server that hangs fails instead
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Peer Support Directory <noreply@localhost>")

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_AGE = None  # gone when the browser closes, like the session
# security.W003 looks for Django's CSRF middleware by its exact path; ours is that middleware,
# subclassed (peersupport.middleware.CsrfViewMiddleware, see its docstring), and a test keeps
# it in MIDDLEWARE.
SILENCED_SYSTEM_CHECKS = ["security.W003"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security headers (docs/safety.md, rule 8).
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Only features browsers recognise: an unknown name makes Chromium log a warning on every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), gamepad=(), geolocation=(self), gyroscope=(), hid=(), idle-detection=(), "
    "local-fonts=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), "
    "usb=(), xr-spatial-tracking=()"
)
if not DEBUG and not PLAIN_HTTP_ON_LOOPBACK:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Safety shell (docs/safety.md, rules 1 and 2).
EXIT_URL = env_str("EXIT_URL", "https://www.weather.gov/")
SAFETY_COUNTRY = env_str("SAFETY_COUNTRY", "US")
LOAD_DEMO_CONTENT = env_bool("LOAD_DEMO_CONTENT", DEBUG)
# A listing nobody has confirmed for longer than this says so on its card and page.
STALE_LISTING_DAYS = env_int("STALE_LISTING_DAYS", 183)

# Nothing logged may carry a searched place (docs/safety.md, rule 5): the filter strips query
# strings from request lines, and error reports leave out request data and frame variables.
DEFAULT_EXCEPTION_REPORTER = "peersupport.privacy.PrivateExceptionReporter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_query_strings": {"()": "peersupport.privacy.StripQueryStrings"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_query_strings"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # In place of Django's own console handler, which would print unfiltered in DEBUG.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# History of every change to listings and resources (django-pghistory): only writes carry who
# made them, so reading pages pays nothing for it.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# Public suggestion and report forms (curation.spam): the least time a person takes to fill
# one in, how long a shown form may be sent, and how many one client may send in an hour.
SUBMISSION_MIN_SECONDS = env_int("SUBMISSION_MIN_SECONDS", 3)
SUBMISSION_MAX_SECONDS = env_int("SUBMISSION_MAX_SECONDS", 24 * 3600)
SUBMISSIONS_PER_HOUR = env_int("SUBMISSIONS_PER_HOUR", 10)
# Curators hear of new submissions by email: "each" as they come, "daily" in one digest
# (manage.py send_curation_digest, run once a day), or "off".
CURATION_EMAIL = env_str("CURATION_EMAIL", "each")
# Emails asking a listing's contact to confirm it (manage.py send_verification_requests): how
# long their links work, and how long before an unanswered listing is asked again.
VERIFICATION_LINK_DAYS = env_int("VERIFICATION_LINK_DAYS", 14)
VERIFICATION_RESEND_DAYS = env_int("VERIFICATION_RESEND_DAYS", 30)

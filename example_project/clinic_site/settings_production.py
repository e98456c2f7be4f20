"""Production settings of the example clinic site: what `manage.py check --deploy` asks for.

Read from the environment: SECRET_KEY (required), ALLOWED_HOSTS, SECURE_SSL_REDIRECT, DATABASE_URL,
REDIS_URL (the page cache every worker and management command shares), VARNISH_URL (the Varnish
servers to purge) and BEHIND_TLS_PROXY.
"""

import os

import django

from clinic_site.settings import *  # noqa: F403


def _flag(name: str, default: str) -> bool:
    return os.environ.get(name, default).lower() in {"1", "true", "yes"}


DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", "true")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind a proxy that ends TLS (nginx, a load balancer), Django sees plain HTTP and would redirect
# every request to https again. Set BEHIND_TLS_PROXY=true only when that proxy sets
# X-Forwarded-Proto itself and drops any a client sent: otherwise a client could claim https.
if _flag("BEHIND_TLS_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# One page cache for every gunicorn worker and every management command, so an edit (from the
# admin, a command or a shell) purges every copy at once. Without REDIS_URL each process would
# keep its own copies, which an edit elsewhere cannot reach: check --deploy warns
# (ankle_education.W003).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }

# Varnish in front (example_project/deploy/varnish/default.vcl): public pages may stay there a day,
# and every edit purges the pages it changes from each Varnish named (comma-separated URLs).
if os.environ.get("VARNISH_URL"):
    ANKLE_EDUCATION = {
        **ANKLE_EDUCATION,  # noqa: F405
        "EDGE_CACHE_TIMEOUT": 24 * 60 * 60,
        "EDGE_PURGERS": [
            {"BACKEND": "ankle_education.edge.VarnishPurger", "URLS": os.environ["VARNISH_URL"].split(",")}
        ],
        # Every request then comes from Varnish: the visitor's address is what it appends here.
        "CLIENT_ADDRESS_HEADER": "X-Forwarded-For",
    }

# Accounts here publish medical advice: Django's password validators, with a longer minimum.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Content-Security-Policy: everything from this site only; no inline script or style, no plugins,
# no framing. The public pages and the admin work under it (tests/test_shared_cache.py).
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if django.VERSION >= (6, 0):
    SECURE_CSP = CSP_DIRECTIVES
    MIDDLEWARE = [*MIDDLEWARE, "django.middleware.csp.ContentSecurityPolicyMiddleware"]  # noqa: F405
else:  # Django 5.2: the django-csp package
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}
    MIDDLEWARE = [*MIDDLEWARE, "csp.middleware.CSPMiddleware"]

# Keep database connections between requests: a new PostgreSQL connection costs milliseconds.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

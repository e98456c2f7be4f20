"""The site's host as pages name it, whatever way a client spells it.

``Host: LOCALHOST``, ``localhost.``, ``localhost:80`` and ``localhost:0080`` all name one
site. Cache keys and absolute URLs (canonical links, Open Graph, JSON-LD, sitemaps) use
the canonical spelling: lower case, no trailing dot, the port written as a plain number
and left out when it is the scheme's default. So a client cannot add cache entries, or
make a page name itself under a spelling of its choosing, by writing the host differently.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port

DEFAULT_PORTS = {"http": "80", "https": "443"}


def _plain_port(port: str) -> str:
    # Digits only (Django validated the host); not int(), which refuses thousands of digits.
    return port.lstrip("0") or "0"


def canonical_host(request: HttpRequest) -> str:
    """The request's host in its one spelling, e.g. "LOCALHOST.:08000" → "localhost:8000".

    Raises DisallowedHost (a 400) for a host outside ALLOWED_HOSTS, as ``get_host()`` does.
    """
    domain, port = split_domain_port(request.get_host())
    if not port:
        return domain
    port = _plain_port(port)
    return domain if port == DEFAULT_PORTS.get(request.scheme or "") else f"{domain}:{port}"


def names_served_port(request: HttpRequest) -> bool:
    """Whether the host names no port, or the port this request came in on.

    ``Host: example.com:1`` is a host Django accepts (ALLOWED_HOSTS ignores ports) but no
    address of the site: pages for it are rendered, not cached, so nobody can fill the cache
    with one copy of each page per port number. Behind a proxy on another port than the
    server's, let the proxy send the host without a port, or set USE_X_FORWARDED_PORT.
    """
    _, port = split_domain_port(canonical_host(request))
    return not port or port == _plain_port(request.get_port())


def canonical_host_headers(request: HttpRequest) -> dict[str, str]:
    """The META entries ``get_host()`` reads, naming the host canonically; empty when they already do."""
    host = canonical_host(request)
    forwarded = settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in request.META
    name = "HTTP_X_FORWARDED_HOST" if forwarded else "HTTP_HOST"
    return {} if request.META.get(name) == host else {name: host}

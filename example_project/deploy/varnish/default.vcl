# Varnish 7 in front of the example clinic site (gunicorn on 127.0.0.1:8000), purged by tag.
#
# The app marks what a shared cache may keep (Cache-Control: public, s-maxage) and names the
# content each page shows in an xkey header; every edit sends PURGE with an xkey-purge header
# (ankle_education.edge.VarnishPurger). Anything personal (a session, staff, a CSRF token) the app
# marks private, and Varnish passes it. Needs vmod xkey: Debian's varnish-modules.
#
#   varnishd -a :80 -f /path/to/default.vcl -s malloc,256m
#   ANKLE_EDUCATION["EDGE_PURGERS"] = [{"BACKEND": "ankle_education.edge.VarnishPurger",
#                                       "URLS": ["http://127.0.0.1:80/"]}]
vcl 4.1;

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app's servers. Add their addresses if they run on other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge."));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the tags to purge in an xkey-purge header."));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged + " objects."));
    }
    # One spelling of the host, as the app's own cache keys use: "LOCALHOST." is "localhost".
    set req.http.host = std.tolower(regsub(req.http.host, "\.(:[0-9]+)?$", "\1"));
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # The example site speaks one language; Django's LocaleMiddleware adds "Vary: Accept-Language",
    # and every browser words that header its own way. A multilingual site maps it to one of its
    # LANGUAGES here instead.
    unset req.http.Accept-Language;
    # The CSRF cookie never makes a public page personal (the app's rule); any other cookie (a
    # session, flash messages, a chosen language, the host's own) may: pass those to the app.
    if (req.http.Cookie) {
        set req.http.Cookie = regsuball(req.http.Cookie, "(^|;\s*)csrftoken=[^;]*", "");
        set req.http.Cookie = regsub(req.http.Cookie, "^;\s*", "");
        if (req.http.Cookie ~ "^\s*$") {
            unset req.http.Cookie;
        } else {
            return (pass);
        }
    }
    return (hash);
}

sub vcl_backend_response {
    # Never keep an error: a page taken down answers 404, and must answer 200 again the moment
    # it is published again, not two minutes later.
    if (beresp.status >= 400) {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Anything else follows the app's Cache-Control (Varnish's built-in rules): private,
    # no-store, no-cache and Set-Cookie are never stored; s-maxage sets the lifetime.
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The tags are for Varnish alone.
    unset resp.http.xkey;
}

# Varnish in front of the site (docker-compose.yml's varnish service): it keeps what the
# site says anyone may keep, for its s-maxage, and forgets it when a publish purges its
# tags (manage.py purge_frontend, FRONTEND_CACHE=varnish). See docs/deploying.md,
# "Behind a CDN". Needs vmod xkey, from varnish-modules.
vcl 4.1;

import directors;
import std;
import xkey;

# The two web replicas, each by its compose name: Varnish resolves a backend's name once,
# to one address, so two services rather than one with two replicas.
backend web {
    .host = "web"; .port = "8000";
}

backend web2 {
    .host = "web2"; .port = "8000";
}

# Who may PURGE and BAN: the compose network (docker-compose.yml), but its gateway, the
# way in of anything published on the host (the TLS proxy, and the world behind it).
acl purgers {
    ! "172.28.0.1";
    "172.28.0.0"/24;
}

sub vcl_init {
    new replicas = directors.round_robin();
    replicas.add_backend(web);
    replicas.add_backend(web2);
}

sub vcl_recv {
    set req.backend_hint = replicas.backend();

    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.method == "BAN") {
            # BAN with "ban-url: <regex>": every page whose address matches.
            if (!req.http.ban-url) {
                return (synth(400, "BAN needs a ban-url header"));
            }
            if (std.ban("obj.http.x-url ~ " + req.http.ban-url)) {
                return (synth(200, "Banned"));
            }
            return (synth(400, std.ban_error()));
        }
        # PURGE with "xkey-purge: <tags>" (what purge_frontend sends): every page that
        # carries one of them. Without it: the address itself, as asked with the same
        # X-Forwarded-Proto (see vcl_hash).
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.n-gone));
        }
        return (purge);
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Maybe signed in: the site decides, and says private, no-store to staff.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # The other cookies (the CSRF token, analytics) change nothing on a public page.
    unset req.http.Cookie;

    # Tracking parameters name the same page: one copy for all of them (the site ignores
    # them too).
    set req.url = regsuball(req.url, "&(utm_[a-z_]+|gclid|gbraid|wbraid|dclid|fbclid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl)=[^&]*", "");
    set req.url = regsub(req.url, "\?(utm_[a-z_]+|gclid|gbraid|wbraid|dclid|fbclid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl)=[^&]*&?", "?");
    set req.url = regsub(req.url, "\?$", "");
    return (hash);
}

sub vcl_hash {
    # http:// gets a redirect to https://, which must not be served to https://.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # For BAN: the ban lurker reads the object, not the request.
    set beresp.http.x-url = bereq.url;
    # Only what the site says anyone may keep: not a page for one visitor, nor the last
    # copy a worker sends while another renders the new one (no-cache). Varnish takes the
    # lifetime from s-maxage, and its grace from stale-while-revalidate.
    if (beresp.http.Cache-Control !~ "\bpublic\b"
        || beresp.http.Cache-Control ~ "\b(private|no-store|no-cache)\b"
        || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-url;
}

"""Bahasa Indonesia by default: the language changes only when the user picks one (cookie), never because a
browser happens to send `Accept-Language: en` (many Indonesian officers' browsers do)."""


class IgnoreAcceptLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class HealthCheckMiddleware:
    """Answer `/healthz/live` and `/healthz/ready` before anything else runs.

    It sits first in MIDDLEWARE so that a container healthcheck or a load balancer probing the process over plain
    HTTP on 127.0.0.1 gets the answer itself: not the production HTTPS redirect (SecurityMiddleware), not a 400
    for a Host header outside ALLOWED_HOSTS (CommonMiddleware), and no session, CSRF or login machinery.

    - live: the process answers (no I/O at all). Restart the container when this fails.
    - ready: the database answers `SELECT 1`. The broker is reported as a detail only: pages and the public
      survey work without Redis (jobs wait in their rows and the sweeper publishes them later), so an outage
      of Redis must not take every web process out of the load balancer.
    """

    PATHS = {"/healthz/live", "/healthz/live/", "/healthz/ready", "/healthz/ready/"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in self.PATHS and request.method in ("GET", "HEAD"):
            from . import core_views

            if request.path_info.startswith("/healthz/live"):
                return core_views.health_live(request)
            return core_views.health_ready(request)
        return self.get_response(request)

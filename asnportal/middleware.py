"""Bahasa Indonesia by default: the language changes only when the user picks one (cookie), never because a
browser happens to send `Accept-Language: en` (many Indonesian officers' browsers do)."""


class IgnoreAcceptLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

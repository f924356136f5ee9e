from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Dutch (nl-BE) unless the user chose another language with the language switcher.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a civil servant
    with an English browser still gets the product in Dutch, and English only on request.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        # override(), not activate(): the language ends with the request and does not leak into
        # the next one handled by this thread.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response

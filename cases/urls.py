"""The pages of the cases app, under /dossiers/. Each views module lists its own ``urls``; the
fixed prefixes (meldingen/, adviezen/) come before the case-number patterns."""

from .views import actions, advice, cases, signals

app_name = "cases"
urlpatterns = [*signals.urls, *advice.urls, *actions.urls, *cases.urls]

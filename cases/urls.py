"""The pages of the cases app, under /dossiers/. Each views module lists its own ``urls``."""

from .views import actions, advice, cases, signals

app_name = "cases"
urlpatterns = [*cases.urls, *actions.urls, *signals.urls, *advice.urls]

"""The enforcement pages, under /handhaving/. Each views module lists its own ``urls``; the fixed
prefixes (publicatie/, dossier/) come before the track-number patterns (SAM-2026-00042-H1)."""

from .views import actions, letters, publication, tracks

app_name = "sanctions"
urlpatterns = [*publication.urls, *tracks.urls, *letters.urls, *actions.urls]

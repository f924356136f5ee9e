"""compliance pages."""

urlpatterns = []

"""evidence pages."""

urlpatterns = []

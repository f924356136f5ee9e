"""consultations pages."""

urlpatterns = []

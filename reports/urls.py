from .views import coverage, index, registration

app_name = "reports"
urlpatterns = [
    *index.urlpatterns,
    *coverage.urlpatterns,
    *registration.urlpatterns,
]

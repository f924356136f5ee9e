from .views import coverage, dashboard, index, registration

app_name = "reports"
urlpatterns = [
    *index.urlpatterns,
    *coverage.urlpatterns,
    *registration.urlpatterns,
    *dashboard.urlpatterns,
]

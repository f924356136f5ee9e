from .views import compliance, consultations, evidence, reports

app_name = "obligations"
urlpatterns = [
    *evidence.urlpatterns,
    *consultations.urlpatterns,
    *reports.urlpatterns,
    *compliance.urlpatterns,
]

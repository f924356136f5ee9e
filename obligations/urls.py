from .views import compliance, consultations, documents, evidence, offer_info, reports

app_name = "obligations"
urlpatterns = [
    *evidence.urlpatterns,
    *consultations.urlpatterns,
    *documents.urlpatterns,
    *offer_info.urlpatterns,
    *reports.urlpatterns,
    *compliance.urlpatterns,
]

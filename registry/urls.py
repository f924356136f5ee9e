from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("loketten/", views.DeskListView.as_view(), name="desk-list"),
    path("loketten/<int:pk>/", views.DeskDetailView.as_view(), name="desk-detail"),
    path("loketten/<int:pk>/status/", views.desk_status_change, name="desk-status"),
    path("locaties/", views.LocationListView.as_view(), name="location-list"),
    path("locaties/<int:pk>/", views.LocationDetailView.as_view(), name="location-detail"),
    path("locaties/<int:pk>/status/", views.licence_status_change, name="location-status"),
    path("organisaties/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisaties/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation-detail"
    ),
    path("gemeenten/", views.MunicipalityListView.as_view(), name="municipality-list"),
]

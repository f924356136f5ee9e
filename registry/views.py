from django.views.generic import DetailView, ListView
class DeskListView(ListView): pass
class DeskDetailView(DetailView): pass
class LocationListView(ListView): pass
class LocationDetailView(DetailView): pass
class OrganisationListView(ListView): pass
class OrganisationDetailView(DetailView): pass
class MunicipalityListView(ListView): pass
def desk_status_change(r, pk): pass
def licence_status_change(r, pk): pass

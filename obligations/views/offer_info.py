"""Recording the offer info a provider gave the desk (obligation P2), from the location's page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from registry.models import Location

from ..forms.offer_info import OfferInfoForm
from ..services.offer_info import record_offer_info


@permission_required("registry.record_offer_info", raise_exception=True)
def offer_info_record(request, pk):
    location = get_object_or_404(
        Location.objects.for_user(request.user).select_related("organisation", "municipality"),
        pk=pk,
    )
    if request.method != "POST":
        form = OfferInfoForm.for_location(location)
    else:
        form = OfferInfoForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record_offer_info(
                    location.pk,
                    user=request.user,
                    opening_hours=data["opening_hours"],
                    income_related_tariff=data["income_related_tariff"],
                    phone=data["phone"],
                    email=data["email"],
                    confirmed_on=data["confirmed_on"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The offer info was recorded."))
                return redirect(location)
    return render(request, "obligations/offer_info_form.html", {"form": form, "location": location})


urlpatterns = [
    path("aanbodinformatie/<int:pk>/", offer_info_record, name="offer-info-record"),
]

"""Factories for the tests: real rows in a real database, with traits for the usual variants."""

import datetime
import itertools

import factory
from django.contrib.auth.models import Group

from registry.models import (
    CareType,
    Desk,
    Location,
    Municipality,
    Organisation,
    ServiceArea,
)
from supervision.roles import group_name

_kbo_counter = itertools.count(100_000_00)


def valid_enterprise_number(n=None):
    """A valid Belgian enterprise number: 0 + 7 digits + (97 - n mod 97)."""
    base = next(_kbo_counter) if n is None else n
    body = f"0{base:07d}"[-8:]
    check = 97 - int(body) % 97
    return f"{body}{check:02d}"


def municipality(nis_code, on=None):
    """The reference municipality with that NIS code, valid on a date (default: today)."""
    on = on or datetime.date.today()
    return Municipality.objects.valid_on(on).get(nis_code=nis_code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    enterprise_number = factory.LazyFunction(valid_enterprise_number)
    name = factory.Sequence(lambda n: f"Organisatie {n}")


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"LLKO-{n:04d}")
    name = factory.Sequence(lambda n: f"Lokaal Loket Kinderopvang {n}")
    operator = factory.SubFactory(OrganisationFactory)
    status = "subsidised"

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        """DeskFactory(municipalities=["11002", ...]) gives it a current service area."""
        if create and extracted:
            for code in extracted:
                m = code if isinstance(code, Municipality) else municipality(code)
                ServiceArea.objects.create(desk=self, municipality=m, valid_from=m.valid_from)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    file_number = factory.Sequence(lambda n: f"KO-{n:06d}")
    name = factory.Sequence(lambda n: f"Kinderdagverblijf {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    care_type = CareType.GROUP
    places = 18
    municipality = factory.LazyFunction(lambda: municipality("11002"))
    subsidy_level = 1

    class Params:
        family = factory.Trait(care_type=CareType.FAMILY, places=8)
        plus_subsidy = factory.Trait(subsidy_level=3, income_related_tariff=True)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "supervision.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.be")
    password = factory.PostGenerationMethodCall("set_password", "wachtwoord-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """UserFactory(role=roles.CLIENT_MANAGER)."""
        if create and extracted:
            self.groups.add(Group.objects.get(name=group_name(extracted)))
        if create:
            self.save()

    @factory.post_generation
    def desks(self, create, extracted, **kwargs):
        if create and extracted:
            self.desks.set(extracted)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)

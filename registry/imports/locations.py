"""Locations (childcare locations with their licence status)."""

from django.utils import timezone

from ..models import CareType, LicenceStatus, Location
from .base import BaseImporter
from .lookups import MunicipalityLookup, _load_by
from .organisations import OperatorMixin
from .report import NEW, SKIP, UPDATE, RowOutcome
from .validation import _max_length


class LocationImporter(OperatorMixin, BaseImporter):
    kind = "locations"
    model = Location
    key_column = "file_number"
    key_label = "dossiernummer"

    def prepare(self, table, report, *, lock):
        rows = self.records(table, report)
        self.load_organisations(rows)
        municipalities = MunicipalityLookup()
        existing = _load_by(
            Location, "file_number", {r.values["file_number"] for r in rows}, lock=lock
        )
        self.new, self.changed, self.fields = [], [], set()
        care_types, licence_statuses = CareType.values, LicenceStatus.values
        length = {
            name: _max_length(Location, name)
            for name in ("file_number", "name", "street", "city", "phone")
        }
        for row in rows:
            before = len(self.problems)
            file_number = row.text("file_number", required=True, max_length=length["file_number"])
            care_type = row.choice("care_type", care_types, "unknown_care_type")
            places = self.places(row, care_type)
            nis_code = row.text("nis_code", required=True)
            municipality = nis_code and municipalities.municipality(row, nis_code, self.today)
            postal_code = row.values["postal_code"]
            if postal_code and not (len(postal_code) == 4 and postal_code.isdigit()):
                row.error("postal_code", value=postal_code)
            values = {
                "name": row.text("name", required=True, max_length=length["name"]),
                "organisation": self.operator(row),
                "care_type": care_type,
                "places": places,
                "municipality": municipality,
                "street": row.text("street", max_length=length["street"]),
                "postal_code": postal_code,
                "city": row.text("city", max_length=length["city"]),
                "subsidy_level": self.subsidy_level(row),
                "income_related_tariff": row.yes_no("income_related_tariff"),
                "phone": row.text("phone", max_length=length["phone"]),
                "email": row.email("email"),
                "opening_hours": row.values["opening_hours"],
            }
            licence_status = row.choice(
                "licence_status", licence_statuses, "unknown_licence_status"
            )
            location = existing.get(file_number)
            if (
                location is not None
                and licence_status is not None
                and licence_status != location.licence_status
            ):
                row.error(
                    "licence_status_change",
                    key=file_number,
                    current=location.licence_status,
                    value=licence_status,
                )
            if len(self.problems) > before:
                continue
            if location is None:
                location = Location(
                    file_number=file_number, licence_status=licence_status, **values
                )
                self.new.append(location)
                report.rows.append(RowOutcome(row.line, file_number, NEW, location))
            elif self.apply(location, values, self.fields):
                self.changed.append(location)
                report.rows.append(RowOutcome(row.line, file_number, UPDATE, location))
            else:
                report.rows.append(RowOutcome(row.line, file_number, SKIP, location))

    @staticmethod
    def places(row, care_type):
        value = row.values["places"]
        if not value.isdigit() or int(value) < 1:
            row.error("places", value=value)
            return None
        places = int(value)
        if care_type == CareType.FAMILY and places > 8:
            row.error("family_places", value=places)
            return None
        return places

    @staticmethod
    def subsidy_level(row):
        value = row.values["subsidy_level"]
        if value not in ("0", "1", "2", "3"):
            row.error("subsidy_level", value=value)
            return None
        return int(value)

    def write(self, report):
        self.now = timezone.now()
        self.write_organisations(report)
        self.create_and_update(Location, self.new, self.changed, self.fields)

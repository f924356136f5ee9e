"""A file with any bad row imports nothing, and lists every bad row with its line and reason."""

import pytest

from registry.services import change_desk_status
from tests.factories import DeskFactory, LocationFactory, OrganisationFactory

from .importing import counts, csv_file, desk_row, location_row, organisation_row, run

BAD_KBO = "0123456789"  # the check digits do not match


def assert_refused(kind, rows, expected, **kwargs):
    """Importing ``rows`` writes nothing and reports exactly ``expected`` (in line order)."""
    before = counts()
    report = run(kind, csv_file(kind, rows), **kwargs)
    assert report.refused
    assert report.errors == expected
    assert report.rows == []
    assert counts() == before
    return report


@pytest.mark.django_db
class TestDeskRows:
    def test_nis_code_that_does_not_exist(self):
        assert_refused(
            "desks",
            [desk_row(desk_code="LLKO-1"), desk_row(desk_code="LLKO-2", municipalities="99999")],
            ["Regel 3: NIS-code 99999 bestaat niet op 2025-01-01."],
        )

    def test_nis_code_merged_names_its_successor(self):
        assert_refused(
            "desks",
            [desk_row(municipalities="11002;11007", valid_from="2025-03-01")],
            [
                "Regel 2: NIS-code 11007 bestaat niet op 2025-03-01: Borsbeek is op 2025-01-01 "
                "opgegaan in Antwerpen (11002)."
            ],
        )

    def test_nis_code_not_yet_valid_names_its_predecessors(self):
        assert_refused(
            "desks",
            [desk_row(municipalities="71072", valid_from="2024-01-01")],
            [
                "Regel 2: NIS-code 71072 bestaat niet op 2024-01-01: Hasselt bestaat pas vanaf "
                "2025-01-01 (voordien: Hasselt 71022, Kortessem 73040)."
            ],
        )

    def test_bad_enterprise_number(self):
        assert_refused(
            "desks",
            [desk_row(), desk_row(desk_code="LLKO-2", operator_kbo=BAD_KBO)],
            [f"Regel 3: ondernemingsnummer {BAD_KBO} is ongeldig."],
        )

    def test_unknown_status(self):
        assert_refused(
            "desks",
            [desk_row(status="foo")],
            [
                "Regel 2: onbekende status 'foo' (toegelaten: not_notified, notified, subsidised, "
                "subsidy_suspended, subsidy_withdrawn, stopped)."
            ],
        )

    def test_duplicate_code_within_the_file(self):
        assert_refused(
            "desks",
            [
                desk_row(desk_code="LLKO-1"),
                desk_row(desk_code="LLKO-2"),
                desk_row(desk_code="LLKO-3"),
                desk_row(desk_code="LLKO-1"),
            ],
            ["Regel 5: loketcode LLKO-1 komt meer dan eens voor in het bestand (ook op regel 2)."],
        )

    def test_status_change_of_an_existing_desk(self):
        desk = DeskFactory(code="LLKO-1", status="subsidised")
        report = assert_refused(
            "desks",
            [
                desk_row(
                    desk_code="LLKO-1",
                    name=desk.name,
                    operator_kbo=desk.operator.enterprise_number,
                    status="subsidy_suspended",
                )
            ],
            [
                "Regel 2: loket LLKO-1 heeft status 'subsidised', het bestand geeft "
                "'subsidy_suspended'. Een statuswijziging gebeurt met 'Status wijzigen' op de "
                "pagina van het loket, niet met een import."
            ],
        )
        assert "Status wijzigen" in report.errors[0]
        desk.refresh_from_db()
        assert desk.status == "subsidised"

    def test_a_status_changed_through_the_workflow_is_not_reverted_by_an_old_file(self):
        desk = DeskFactory(code="LLKO-1", status="subsidised", municipalities=["44021"])
        row = desk_row(
            desk_code="LLKO-1",
            name=desk.name,
            operator_kbo=desk.operator.enterprise_number,
            status="subsidised",
            central_registration="no",
        )
        assert not run("desks", csv_file("desks", [row])).refused
        change_desk_status(desk.pk, "suspend_subsidy", actor=None, reason="Geen verslag")
        report = run("desks", csv_file("desks", [row]))
        assert report.refused
        desk.refresh_from_db()
        assert desk.status == "subsidy_suspended"

    def test_yes_no_date_and_required_values(self):
        assert_refused(
            "desks",
            [desk_row(central_registration="ja", valid_from="1/13/2025", name="")],
            [
                "Regel 2: name is leeg.",
                "Regel 2: central_registration moet 'yes' of 'no' zijn, niet 'ja'.",
                "Regel 2: valid_from '1/13/2025' is geen geldige datum (JJJJ-MM-DD).",
            ],
        )

    def test_municipalities_without_valid_from(self):
        assert_refused(
            "desks",
            [desk_row(valid_from="")],
            [
                "Regel 2: valid_from is leeg; die is verplicht als municipalities ingevuld is.",
            ],
        )

    def test_new_operator_needs_a_name(self):
        assert_refused(
            "desks",
            [desk_row(operator_kbo="0403170701", operator_name="")],
            [
                "Regel 2: organisatie 0403170701 bestaat nog niet; vul operator_name in om ze "
                "aan te maken."
            ],
        )


@pytest.mark.django_db
class TestLocationRows:
    def test_family_care_with_more_than_8_places(self):
        assert_refused(
            "locations",
            [location_row(care_type="family", places="9")],
            ["Regel 2: gezinsopvang heeft hoogstens 8 plaatsen, niet 9."],
        )

    @pytest.mark.parametrize("places", ["0", "-3", "achttien", "18.5", ""])
    def test_places_must_be_a_positive_integer(self, places):
        assert_refused(
            "locations",
            [location_row(places=places)],
            [f"Regel 2: places moet een positief geheel getal zijn, niet '{places}'."],
        )

    def test_subsidy_level_email_postal_code_care_type_and_licence_status(self):
        assert_refused(
            "locations",
            [
                location_row(
                    subsidy_level="4",
                    email="info@",
                    postal_code="900",
                    care_type="crèche",
                    licence_status="open",
                    income_related_tariff="soms",
                )
            ],
            [
                "Regel 2: onbekend opvangtype 'crèche' (toegelaten: family, group, "
                "group_cooperation).",
                "Regel 2: postal_code '900' moet uit 4 cijfers bestaan.",
                "Regel 2: subsidy_level moet 0, 1, 2 of 3 zijn, niet '4'.",
                "Regel 2: income_related_tariff moet 'yes' of 'no' zijn, niet 'soms'.",
                "Regel 2: email 'info@' is geen geldig e-mailadres.",
                "Regel 2: onbekende vergunningsstatus 'open' (toegelaten: active, suspended, "
                "revoked, stopped).",
            ],
        )

    def test_nis_code_is_resolved_today(self, time_machine):
        time_machine.move_to("2025-06-01")
        assert_refused(
            "locations",
            [location_row(nis_code="71022")],
            [
                "Regel 2: NIS-code 71022 bestaat niet op 2025-06-01: Hasselt is op 2025-01-01 "
                "opgegaan in Hasselt (71072)."
            ],
        )

    def test_licence_status_change_of_an_existing_location(self):
        location = LocationFactory(file_number="KO-1")
        assert_refused(
            "locations",
            [location_row(file_number="KO-1", licence_status="revoked")],
            [
                "Regel 2: locatie KO-1 heeft vergunningsstatus 'active', het bestand geeft "
                "'revoked'. Een statuswijziging gebeurt met 'Status wijzigen' op de pagina van "
                "de locatie, niet met een import."
            ],
        )
        location.refresh_from_db()
        assert location.licence_status == "active"

    def test_duplicate_file_number(self):
        assert_refused(
            "locations",
            [location_row(file_number="KO-1"), location_row(file_number="KO-1")],
            [
                "Regel 3: dossiernummer KO-1 komt meer dan eens voor in het bestand (ook op regel 2)."
            ],
        )


@pytest.mark.django_db
class TestOrganisationRows:
    def test_bad_enterprise_number_and_email(self):
        assert_refused(
            "organisations",
            [organisation_row(enterprise_number=BAD_KBO, email="geen adres")],
            [
                f"Regel 2: ondernemingsnummer {BAD_KBO} is ongeldig.",
                "Regel 2: email 'geen adres' is geen geldig e-mailadres.",
            ],
        )

    def test_the_same_number_written_differently_is_a_duplicate(self):
        assert_refused(
            "organisations",
            [
                organisation_row(enterprise_number="0403.170.701"),
                organisation_row(enterprise_number="BE 0403170701"),
            ],
            [
                "Regel 3: ondernemingsnummer BE 0403170701 komt meer dan eens voor in het "
                "bestand (ook op regel 2)."
            ],
        )


@pytest.mark.django_db
class TestTheWholeFile:
    def test_missing_column_refuses_before_any_row(self):
        columns = [
            c for c in csv_file("desks", []).decode().strip().split(",") if c != "valid_from"
        ]
        before = counts()
        report = run("desks", csv_file("desks", [desk_row(status="foo")], columns=columns))
        assert report.errors == ["Kolom ontbreekt: valid_from."]
        assert counts() == before

    def test_unknown_column(self):
        columns = ["enterprise_number", "name", "email", "phone", "website"]
        report = run(
            "organisations", csv_file("organisations", [organisation_row()], columns=columns)
        )
        assert report.errors == [
            "Onbekende kolom: website (toegelaten: enterprise_number, name, email, phone)."
        ]

    def test_empty_file(self):
        assert run("organisations", csv_file("organisations", [])).errors == [
            "Het bestand bevat geen gegevens."
        ]

    def test_unsupported_file_type(self):
        report = run("organisations", b"...", file_name="organisaties.ods")
        assert report.errors == [
            "Onbekend bestandstype '.ods': gebruik een .csv- of .xlsx-bestand."
        ]

    def test_every_bad_row_is_listed_and_the_good_rows_are_not_imported(self):
        OrganisationFactory()
        rows = [
            desk_row(desk_code="LLKO-1"),
            desk_row(desk_code="LLKO-2", municipalities="99999"),
            desk_row(desk_code="LLKO-3"),
            desk_row(desk_code="LLKO-4", status="foo"),
            desk_row(desk_code="LLKO-5", operator_kbo=BAD_KBO),
            desk_row(desk_code="LLKO-6"),
        ]
        report = assert_refused(
            "desks",
            rows,
            [
                "Regel 3: NIS-code 99999 bestaat niet op 2025-01-01.",
                "Regel 5: onbekende status 'foo' (toegelaten: not_notified, notified, "
                "subsidised, subsidy_suspended, subsidy_withdrawn, stopped).",
                f"Regel 6: ondernemingsnummer {BAD_KBO} is ongeldig.",
            ],
        )
        assert report.refusal_heading == (
            "Het bestand werd geweigerd, er werd niets ingelezen (3 fout(en)):"
        )

    def test_line_numbers_count_lines_of_the_file(self):
        """A blank line and a value over two lines (quoted) still give the file's line."""
        data = csv_file("locations", [location_row(file_number="KO-1")]).decode()
        data += "\n"  # a blank line 3
        bad = csv_file(
            "locations",
            [location_row(file_number="KO-2", opening_hours="ma-vr 7-18\nza 8-12", places="x")],
        ).decode()
        data += bad.split("\n", 1)[1]  # lines 4-5, without the header
        report = run("locations", data.encode())
        assert report.errors == ["Regel 4: places moet een positief geheel getal zijn, niet 'x'."]

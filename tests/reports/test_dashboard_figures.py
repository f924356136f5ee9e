"""The dashboard's figures, counted by hand on a small world (``dashboard_support``): signals by
year, province, party type, obligation and source; cases per state with their age; overdue
cases; outcomes; cooperation obtained thanks to mediation; measures per kind and year; and the
same for one province."""

import datetime

import pytest

from registry.models import Province
from reports.dashboard import dashboard_report
from reports.tables import Share

from .dashboard_support import NOW, at, case, make_world
from .support import table_rows

pytestmark = pytest.mark.django_db

PROVINCES = ["Antwerpen", "BHG", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"]


@pytest.fixture
def world(db):
    return make_world()


def _values(report, slug):
    """{label: values} of a table, the total under "Totaal"."""
    return {row[0]: list(row[1:]) for row in table_rows(report.table(slug))}


def _province(label):
    return Province.objects.get(report_label=label)


def test_signals_per_year_province_party_obligation_and_source(world):
    report = dashboard_report(2022, now=NOW)
    assert _values(report, "signals-per-year") == {
        "2021": [1],
        "2022": [6],
        "2023": [1],
        "Totaal": [8],
    }
    per_province = _values(report, "signals-per-province")
    assert list(per_province) == [*PROVINCES, "Geen provincie bekend", "Totaal"]
    assert per_province["Antwerpen"] == [2]  # a desk, and a tie between two cities
    assert per_province["Oost-Vlaanderen"] == [2]
    assert per_province["Vlaams-Brabant"] == [1]
    assert per_province["Geen provincie bekend"] == [1]  # a provider without a location
    assert per_province["Limburg"] == [0]
    assert per_province["Totaal"] == [6]
    assert _values(report, "signals-per-party") == {
        "loket": [3],
        "organisator": [3],
        "Totaal": [6],
    }
    obligations = {
        label[:2]: values for label, values in _values(report, "signals-per-obligation").items()
    }
    assert obligations == {"D1": [2], "D2": [1], "P1": [2], "P2": [1], "Ge": [1]}
    assert report.table("signals-per-obligation").total is None
    sources = _values(report, "signals-per-source")
    assert sources["ouder"] == [3]
    assert sources["loket"] == [2]
    assert sources["lokaal bestuur"] == [1]
    assert sources["Totaal"] == [6]


def test_cases_per_state_with_their_age(world):
    report = dashboard_report(2022, now=NOW)
    states = _values(report, "cases-per-state")
    # cases, median days in the state, longest in it, median days since opened
    assert states["ontvangen"] == [1, 10, 10, 10]  # no history: since it was opened
    assert states["onderzoek"] == [1, 30, 30, 60]
    assert states["gesprek"] == [1, 102, 102, 121]  # an assignment is no change of state
    assert states["handhaving"] == [0, None, None, None]
    assert states["afgesloten"] == [3, None, None, None]
    assert states["Totaal"] == [6, 30, 102, 60]


def test_days_in_a_state_count_from_the_latest_time_the_case_entered_it(world):
    reopened = case(
        2022,
        "investigation",
        [
            (at(2022, 3, 1), "received"),
            (at(2022, 3, 5), "investigation"),
            (at(2022, 4, 1), "closed"),
            (at(2022, 12, 1), "investigation"),  # reopened
            (at(2022, 12, 11), "investigation"),
        ],
        desk=world.desk_gent,
        opened_at=at(2022, 3, 1),
    )
    states = _values(dashboard_report(2022, now=NOW), "cases-per-state")
    assert reopened.year == 2022
    assert states["onderzoek"] == [2, 30, 30, 60]  # 30 and 30 days: the reopening counts


def test_overdue_cases(world):
    overdue = _values(dashboard_report(2022, now=NOW), "overdue")
    # open, overdue, share overdue, longest overdue in days
    assert overdue["gesprek"] == [1, 1, Share(1, 1), 60]
    assert overdue["onderzoek"] == [1, 0, Share(0, 1), None]  # deadline in 2023
    assert overdue["ontvangen"] == [1, 0, Share(0, 1), None]  # no deadline
    assert overdue["handhaving"] == [0, 0, Share(0, 0), None]
    assert overdue["Totaal"] == [3, 1, Share(1, 3), 60]
    assert "afgesloten" not in overdue


def test_outcomes_and_mediation(world):
    report = dashboard_report(2022, now=NOW)
    outcomes = _values(report, "outcomes")
    assert outcomes["opgelost via bemiddeling"] == [2, Share(2, 3)]
    assert outcomes["ongegrond"] == [1, Share(1, 3)]
    assert outcomes["ingetrokken"] == [0, Share(0, 3)]
    assert outcomes["Totaal"] == [3, Share(3, 3)]  # the 2021 case is not counted
    mediation = _values(report, "mediation")
    # signals, cases opened, closed, mediation, share of the closed
    assert mediation["Antwerpen"] == [2, 2, 0, 0, Share(0, 0)]
    assert mediation["Oost-Vlaanderen"] == [2, 2, 2, 1, Share(1, 2)]
    assert mediation["Vlaams-Brabant"] == [1, 1, 1, 1, Share(1, 1)]
    assert mediation["Geen provincie bekend"] == [1, 1, 0, 0, Share(0, 0)]
    assert mediation["Totaal"] == [6, 6, 3, 2, Share(2, 3)]
    assert report.table("mediation").chart_column == 3


def test_measures_per_kind_and_year_of_approval(world):
    table = dashboard_report(2022, now=NOW).table("sanctions")
    assert table.headers[1:] == ["2018", "2019", "2020", "2021", "2022"]
    measures = {row[0]: list(row[1:]) for row in table_rows(table)}
    assert measures["bestuurlijke geldboete"] == [0, 0, 0, 1, 1]  # the annulled one counts
    assert measures["schorsing van de subsidie"] == [0, 0, 0, 0, 1]
    assert measures["opheffing van de vergunning"] == [0, 0, 0, 0, 0]  # proposed only
    assert measures["schorsing van de vergunning"] == [0, 0, 0, 0, 0]  # rejected
    assert "geen maatregel" not in measures
    assert measures["Totaal"] == [0, 0, 0, 1, 2]
    assert table.notes == ["1 van deze maatregelen werd na bezwaar vernietigd."]


def test_one_province(world):
    report = dashboard_report(2022, province=_province("Oost-Vlaanderen"), now=NOW)
    assert report.title == "Meldingen en dossiers 2022, Oost-Vlaanderen"
    assert _values(report, "signals-per-year") == {
        "2021": [1],
        "2022": [2],
        "2023": [0],
        "Totaal": [3],
    }
    assert _values(report, "signals-per-province") == {"Oost-Vlaanderen": [2], "Totaal": [2]}
    assert _values(report, "signals-per-party") == {"loket": [2], "organisator": [0], "Totaal": [2]}
    obligations = {
        label[:2]: values for label, values in _values(report, "signals-per-obligation").items()
    }
    assert obligations == {"D1": [2], "D2": [1], "Ge": [0]}
    states = _values(report, "cases-per-state")
    assert states["afgesloten"] == [2, None, None, None]
    assert states["Totaal"] == [2, None, None, None]
    assert _values(report, "mediation") == {
        "Oost-Vlaanderen": [2, 2, 2, 1, Share(1, 2)],
        "Totaal": [2, 2, 2, 1, Share(1, 2)],
    }
    measures = _values(report, "sanctions")
    assert measures["schorsing van de subsidie"] == [0, 0, 0, 0, 1]  # the Gent desk
    assert measures["Totaal"] == [0, 0, 0, 0, 1]


def test_a_provider_in_two_provinces_and_one_without_locations(world):
    antwerpen = dashboard_report(2022, province=_province("Antwerpen"), now=NOW)
    assert _values(antwerpen, "signals-per-party") == {
        "loket": [1],
        "organisator": [1],
        "Totaal": [2],
    }
    assert _values(antwerpen, "cases-per-state")["gesprek"][0] == 1
    limburg = dashboard_report(2022, province=_province("Limburg"), now=NOW)
    assert _values(limburg, "signals-per-province") == {"Limburg": [0], "Totaal": [0]}
    assert _values(limburg, "overdue")["Totaal"] == [0, 0, Share(0, 0), None]


def test_another_year(world):
    report = dashboard_report(2021, now=NOW)
    assert _values(report, "signals-per-year") == {
        "2021": [1],
        "2022": [6],
        "2023": [1],
        "Totaal": [8],
    }
    assert _values(report, "signals-per-province")["Totaal"] == [1]
    assert _values(report, "outcomes")["opgelost via bemiddeling"] == [1, Share(1, 1)]
    assert _values(report, "sanctions")["Totaal"] == [0, 0, 0, 0, 1]
    assert "Geen provincie bekend" not in _values(report, "signals-per-province")


def test_a_desk_counts_in_its_province_of_that_year(world):
    """The rule of the registration figures: the province of most of the desk's municipalities
    during the year; a desk without any area has no province known."""
    from .support import area

    world.desk_gent.service_areas.all().delete()
    area(world.desk_gent, "11002", datetime.date(2019, 1, 1), datetime.date(2021, 12, 31))
    area(world.desk_gent, "24062", datetime.date(2022, 1, 1))
    per_year = dashboard_report(2022, province=_province("Vlaams-Brabant"), now=NOW)
    assert _values(per_year, "signals-per-year")["2022"] == [3]  # two of Gent's, one in Leuven
    assert _values(per_year, "signals-per-year")["2021"] == [0]  # Gent's desk was in Antwerpen
    world.desk_antwerpen.service_areas.all().delete()
    national = dashboard_report(2022, now=NOW)
    assert _values(national, "signals-per-province")["Geen provincie bekend"] == [2]


def test_the_summary_answers_seed_000_question_5(world):
    report = dashboard_report(2022, now=NOW)
    assert report.summary == [
        "In 2022 werden 6 meldingen ontvangen: 3 over een loket en 3 over een organisator.",
        "Van de 6 dossiers geopend in 2022 zijn er 3 afgesloten; in 2 ervan werd dankzij "
        "bemiddeling de nodige medewerking verkregen.",
        "1 open dossier van 2022 is over zijn termijn.",
    ]
    assert report.parameters == [("Jaar", "2022"), ("Provincie", "Alle provincies")]
    assert report.computed_at == NOW

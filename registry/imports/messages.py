"""The texts of an import report (in Dutch), ``message()`` to fill one in, and
``ImportRefused``, raised when a file is refused."""

# Import reports are in Dutch, the product's language, whatever the language of the user
# interface: the files, their column names and their error lists are shared with people who work
# in Dutch. All texts of an import report are here, in one place.
MESSAGES = {
    # the file as a whole
    "unsupported_file": "Onbekend bestandstype '{extension}': gebruik een .csv- of .xlsx-bestand.",
    "unreadable": "Het bestand kan niet gelezen worden als {format}.",
    "file_not_found": "Het bestand {file} kan niet geopend worden: {reason}.",
    "unknown_user": "Gebruiker {username} bestaat niet.",
    "empty_file": "Het bestand bevat geen gegevens.",
    "missing_column": "Kolom ontbreekt: {column}.",
    "unknown_column": "Onbekende kolom: {column} (toegelaten: {allowed}).",
    "duplicate_column": "Kolom {column} komt meer dan eens voor.",
    "unnamed_column": "Kolom {number} heeft geen naam.",
    "conflict": "Het bestand werd niet ingelezen: de gegevens werden intussen gewijzigd. "
    "Probeer opnieuw.",
    # one row
    "extra_cells": "Regel {line}: de regel heeft meer waarden dan er kolommen zijn.",
    "required": "Regel {line}: {column} is leeg.",
    "too_long": "Regel {line}: {column} is te lang (hoogstens {max} tekens).",
    "duplicate_key": "Regel {line}: {label} {value} komt meer dan eens voor in het bestand "
    "(ook op regel {first}).",
    "invalid_enterprise_number": "Regel {line}: ondernemingsnummer {value} is ongeldig.",
    "operator_name_required": "Regel {line}: organisatie {value} bestaat nog niet; "
    "vul operator_name in om ze aan te maken.",
    "unknown_status": "Regel {line}: onbekende status '{value}' (toegelaten: {allowed}).",
    "unknown_licence_status": "Regel {line}: onbekende vergunningsstatus '{value}' "
    "(toegelaten: {allowed}).",
    "unknown_care_type": "Regel {line}: onbekend opvangtype '{value}' (toegelaten: {allowed}).",
    "yes_no": "Regel {line}: {column} moet 'yes' of 'no' zijn, niet '{value}'.",
    "invalid_date": "Regel {line}: {column} '{value}' is geen geldige datum (JJJJ-MM-DD).",
    "valid_from_required": "Regel {line}: valid_from is leeg; die is verplicht "
    "als municipalities ingevuld is.",
    "places": "Regel {line}: places moet een positief geheel getal zijn, niet '{value}'.",
    "family_places": "Regel {line}: gezinsopvang heeft hoogstens 8 plaatsen, niet {value}.",
    "subsidy_level": "Regel {line}: subsidy_level moet 0, 1, 2 of 3 zijn, niet '{value}'.",
    "email": "Regel {line}: {column} '{value}' is geen geldig e-mailadres.",
    "postal_code": "Regel {line}: postal_code '{value}' moet uit 4 cijfers bestaan.",
    "nis_unknown": "Regel {line}: NIS-code {code} bestaat niet op {date}.",
    "nis_merged": "Regel {line}: NIS-code {code} bestaat niet op {date}: {name} is op "
    "{effective} opgegaan in {successor}.",
    "nis_ended": "Regel {line}: NIS-code {code} bestaat niet op {date}: {name} bestond tot "
    "{valid_to}.",
    "nis_not_yet": "Regel {line}: NIS-code {code} bestaat niet op {date}: {name} bestaat pas "
    "vanaf {valid_from}{predecessors}.",
    "nis_predecessors": " (voordien: {names})",
    "desk_status_change": "Regel {line}: loket {key} heeft status '{current}', het bestand "
    "geeft '{value}'. Een statuswijziging gebeurt met 'Status wijzigen' op de pagina van het "
    "loket, niet met een import.",
    "licence_status_change": "Regel {line}: locatie {key} heeft vergunningsstatus "
    "'{current}', het bestand geeft '{value}'. Een statuswijziging gebeurt met 'Status "
    "wijzigen' op de pagina van de locatie, niet met een import.",
    # the report
    "summary": "{created} nieuw, {updated} gewijzigd, {unchanged} ongewijzigd.",
    "organisations_created": " Nieuwe organisaties: {count}.",
    "dry_run": "Proefimport, er werd niets opgeslagen: {summary}",
    "refused": "Het bestand werd geweigerd, er werd niets ingelezen ({count} fout(en)):",
    "change_reason": "Import {file_name}",
}


def message(message_key, /, **params):
    return MESSAGES[message_key].format(**params)


class ImportRefused(Exception):
    """The file was refused: nothing was imported. ``report.errors`` says why."""

    def __init__(self, report):
        self.report = report
        super().__init__("\n".join([report.refusal_heading, *report.errors]))

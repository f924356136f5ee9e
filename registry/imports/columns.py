"""The file format: the columns of each kind, and the values of a yes/no column."""

# Column names are part of the file format (docs/import-formats.md): exactly these, in any order.
COLUMNS = {
    "organisations": ("enterprise_number", "name", "email", "phone"),
    "desks": (
        "desk_code",
        "name",
        "operator_kbo",
        "operator_name",
        "status",
        "central_registration",
        "municipalities",
        "valid_from",
    ),
    "locations": (
        "file_number",
        "name",
        "operator_kbo",
        "operator_name",
        "care_type",
        "places",
        "nis_code",
        "street",
        "postal_code",
        "city",
        "subsidy_level",
        "income_related_tariff",
        "licence_status",
        "phone",
        "email",
        "opening_hours",
    ),
}

YES, NO = "yes", "no"

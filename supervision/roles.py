"""The roles, as groups with permissions. A migration creates them; ``sync_roles`` keeps them current.

Code checks permissions (``user.has_perm(...)``), never group names: the names are for people.
"""

CLIENT_MANAGER = "client_manager"
ENFORCEMENT_LEAD = "enforcement_lead"
MANAGEMENT = "management"
DESK_STAFF = "desk_staff"
LOCAL_GOVERNMENT = "local_government"
ADMINISTRATOR = "administrator"

_VIEW_REGISTRY = [
    "registry.view_province",
    "registry.view_municipality",
    "registry.view_municipalitymerger",
    "registry.view_organisation",
    "registry.view_desk",
    "registry.view_servicearea",
    "registry.view_location",
]

_VIEW_OBLIGATIONS = [
    f"obligations.view_{model}"
    for model in (
        "obligation",
        "compliance",
        "evidence",
        "consultation",
        "deskdocument",
        "rubric",
        "annualreport",
        "reportfigure",
    )
]

_CASE_MODELS = ("signal", "case", "talk", "casenote")
_VIEW_CASES = [
    f"cases.view_{model}" for model in (*_CASE_MODELS, "signalattachment", "advice", "notification")
]
_REPORT_SIGNALS = [
    "cases.view_case",
    "cases.view_signal",
    "cases.add_signal",
    "cases.view_signalattachment",
    "cases.add_signalattachment",
    "cases.view_talk",
]

# Sanctions (DOMAIN.md section 6): client managers open and run tracks, propose decisions and
# record objections; enforcement leads approve or reject decisions proposed by someone else (four
# eyes) and decide objections: an approval or an upheld objection changes a location's licence
# status or a desk's status, so they hold those registry permissions too. Desk staff read the tracks
# against their own desk (the scoping is in supervision/access.py).
_VIEW_SANCTIONS = [
    f"sanctions.view_{model}"
    for model in ("enforcementtrack", "trackstep", "decision", "objection")
]

# role code -> (group name, permissions "app_label.codename"). Group names are data, kept in
# Dutch, the product's language.
ROLES = {
    CLIENT_MANAGER: (
        "Klantenbeheerder",
        [
            "supervision.view_all_parties",
            *_VIEW_REGISTRY,
            *_VIEW_OBLIGATIONS,
            "obligations.assess_compliance",
            "obligations.validate_annualreport",
            "obligations.add_annualreport",
            "obligations.add_evidence",
            *(
                f"cases.{action}_{model}"
                for action in ("view", "add", "change")
                for model in _CASE_MODELS
            ),
            "cases.handle_case",
            "cases.view_signalattachment",
            "cases.add_signalattachment",
            "cases.view_advice",
            "cases.view_notification",
            *_VIEW_SANCTIONS,
            "sanctions.add_enforcementtrack",
            "sanctions.handle_track",
            "sanctions.add_decision",
            "sanctions.add_objection",
        ],
    ),
    ENFORCEMENT_LEAD: (
        "Handhavingsverantwoordelijke",
        [
            "supervision.view_all_parties",
            *_VIEW_REGISTRY,
            *_VIEW_OBLIGATIONS,
            *_VIEW_CASES,
            "cases.reopen_case",
            *_VIEW_SANCTIONS,
            "sanctions.approve_decision",
            "sanctions.decide_objection",
            "registry.change_licence_status",
            "registry.change_desk_status",
        ],
    ),
    MANAGEMENT: (
        "Management",
        [
            "supervision.view_all_parties",
            *_VIEW_REGISTRY,
            *_VIEW_OBLIGATIONS,
            *_VIEW_CASES,
            *_VIEW_SANCTIONS,
        ],
    ),
    DESK_STAFF: (
        "Loketmedewerker",
        [
            *_VIEW_REGISTRY,
            *_VIEW_OBLIGATIONS,
            "obligations.add_evidence",
            "obligations.withdraw_evidence",
            "obligations.add_consultation",
            "obligations.add_deskdocument",
            "obligations.change_annualreport",
            "registry.record_offer_info",
            *_REPORT_SIGNALS,
            *_VIEW_SANCTIONS,
        ],
    ),
    LOCAL_GOVERNMENT: (
        "Lokaal bestuur",
        [
            *_VIEW_REGISTRY,
            *_VIEW_OBLIGATIONS,
            *_REPORT_SIGNALS,
            "cases.view_advice",
            "cases.add_advice",
        ],
    ),
    ADMINISTRATOR: (
        "Functioneel beheerder",
        [
            "supervision.view_all_parties",
            "supervision.import_registry",
            "supervision.view_user",
            "supervision.add_user",
            "supervision.change_user",
            "auth.view_group",
            *_VIEW_REGISTRY,
            *(
                f"registry.{action}_{model}"
                for action in ("add", "change", "delete")
                for model in ("organisation", "desk", "servicearea", "location")
            ),
            "registry.change_desk_status",
            "registry.change_licence_status",
            *_VIEW_OBLIGATIONS,
            "obligations.add_obligation",
            "obligations.change_obligation",
            "obligations.change_rubric",
            "obligations.add_annualreport",
            *_VIEW_CASES,
            *_VIEW_SANCTIONS,
        ],
    ),
}


def group_name(role):
    return ROLES[role][0]


def sync_roles(apps=None):
    """Create or update the groups and their permissions. Safe to run again.

    Each migration that adds permissions runs this again (e.g. ``obligations/0002_roles``). In an
    earlier migration, the permissions of models that do not exist yet are left for that later
    run; outside migrations a missing permission is an error (a typo in ``ROLES``).
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    # In a migration, permissions are only created after it (post_migrate): create them now.
    for app_config in apps.get_app_configs():
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        if stub:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    in_migration = apps is not global_apps
    existing = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, (_label, perms) in ROLES.items():
        group, _created = Group.objects.get_or_create(name=group_name(role))
        missing = [perm for perm in perms if perm not in existing]
        if missing and not in_migration:
            raise LookupError(f"Unknown permissions for role {role}: {', '.join(missing)}")
        group.permissions.set([existing[perm] for perm in perms if perm in existing])


def user_roles(user):
    """The role codes of a user (for navigation and the home page only, never for access)."""
    names = {group.name for group in user.groups.all()}
    return [role for role in ROLES if group_name(role) in names]

from django.contrib.auth.models import Group

from supervision.roles import ROLES, group_name, sync_roles


def test_after_migrate_every_role_has_exactly_its_permissions(db):
    for role, (_name, perms) in ROLES.items():
        group = Group.objects.get(name=group_name(role))
        held = {
            f"{app}.{code}"
            for app, code in group.permissions.values_list("content_type__app_label", "codename")
        }
        assert held == set(perms), role


def test_sync_roles_is_idempotent(db):
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    sync_roles()
    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert before == after

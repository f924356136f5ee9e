"""The admin for users: their roles (groups) and the desks and municipalities that scope them."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Scope"), {"fields": ("desks", "municipalities")}),
    )
    autocomplete_fields = ("desks", "municipalities")
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")

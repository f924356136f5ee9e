from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("aanmelden/", auth_views.LoginView.as_view(), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    # The language can be chosen before logging in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("register/", include("registry.urls")),
    path("verplichtingen/", include("obligations.urls")),
    path("dossiers/", include("cases.urls")),
    path("handhaving/", include("sanctions.urls")),
    path("cijfers/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

from django.shortcuts import render

from .roles import user_roles


def home(request):
    return render(request, "home.html", {"roles": user_roles(request.user)})

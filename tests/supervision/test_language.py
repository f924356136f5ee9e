"""The UI is Dutch (nl-BE) by default, with English available."""

from django.urls import reverse


def test_pages_are_dutch_by_default(client, client_manager):
    client.force_login(client_manager)
    page = client.get(reverse("registry:location-list")).content.decode()
    assert '<html lang="nl-be">' in page
    assert "Kinderopvanglocaties" in page
    assert "Vergunningsstatus" in page


def test_login_page_is_dutch(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "Aanmelden" in page and "Gebruikersnaam" in page and "Wachtwoord" in page


def test_english_is_available(client, client_manager):
    client.force_login(client_manager)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("registry:location-list")).content.decode()
    assert "Childcare locations" in page


def test_wrong_password_is_refused_in_dutch(client, client_manager):
    response = client.post(
        reverse("login"), {"username": client_manager.username, "password": "fout"}
    )
    assert response.status_code == 200
    assert "komen niet overeen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client, client_manager):
    client.force_login(client_manager)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_browser_language_does_not_switch_to_english(client, client_manager):
    client.force_login(client_manager)
    page = client.get(reverse("registry:location-list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Kinderopvanglocaties" in page.content.decode()


def test_language_can_be_switched_before_logging_in(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "Log in" in client.get(reverse("login")).content.decode()

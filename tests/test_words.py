"""Words people read: one greeting, counts in the right number, dates in their language."""

from tests.factories import PASSWORD, make_user
from tests.test_auth import follow_confirmation, signup


def sign_in(client, user):
    return client.post(
        "/login", data={"email": user.email, "password": PASSWORD}, follow_redirects=True
    ).get_data(as_text=True)


def test_first_sign_in_welcomes_once_and_later_ones_welcome_back(client):
    user = make_user(name="Amara Okafor")
    first = sign_in(client, user)
    assert "Welcome, Amara Okafor." in first and first.count("Welcome") == 1
    client.post("/logout")
    again = sign_in(client, user)
    assert "Welcome back, Amara Okafor." in again and again.count("Welcome") == 1


def test_confirming_the_email_signs_in_once(client, mailbox):
    signup(client, name="Ana Quispe")
    home = client.get(follow_confirmation(client, mailbox, "ana@example.org").headers["Location"])
    assert "Welcome, Ana Quispe." in home.get_data(as_text=True)
    assert client.get("/account").status_code == 200
    client.post("/logout")
    # The same link again confirms nothing new and signs no one in.
    again = follow_confirmation(client, mailbox, "ana@example.org")
    assert again.headers["Location"].startswith("/login")
    assert client.get("/account").status_code == 302

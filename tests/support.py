"""Real collaborators for tests: an SMTP server on loopback, a live server, strict skips."""

import os
import re
import shutil
import socket
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from werkzeug.serving import make_server

from tests.factories import PASSWORD

# Under CI a missing PostgreSQL, Redis or browser fails the run; PUENTE_STRICT=0 or 1 decides alone.
STRICT = os.environ.get("PUENTE_STRICT", "1" if os.environ.get("CI") == "true" else "0") == "1"
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)


def without_tokens(response, *variants: str) -> str:
    """A page as text with CSRF tokens and the given strings blanked, to compare two answers."""
    body = re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "csrf", response.get_data(as_text=True))
    for variant in variants:
        body = body.replace(variant, "X")
    return body


def form_token(html: str) -> str:
    """The CSRF token of the first form on a page, for tests that run with CSRF on."""
    found = re.search(r'name="csrf_token"[^>]*value="([^"]*)"', html)
    return found.group(1) if found else ""


class AuthActions:
    """Sign in and out through the pages; with CSRF on, the token comes from the sign-in page."""

    def __init__(self, client):
        self.client = client

    def login(self, user_or_email, password=PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        return self.client.post(
            "/login", data={"email": email, "password": password, "csrf_token": self._token()}
        )

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": self._token()})

    def _token(self) -> str:
        if not self.client.application.config["WTF_CSRF_ENABLED"]:
            return ""
        return form_token(self.client.get("/login").get_data(as_text=True))


def require(condition, reason: str) -> None:
    """Skip when a real part is missing; under CI's strict run a missing part fails."""
    if condition:
        return
    if STRICT:
        pytest.fail(f"required in a strict run (CI=true or PUENTE_STRICT=1): {reason}")
    pytest.skip(reason)


class Mailbox:
    """What the SMTP server on loopback received, parsed as a mail client would."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def clear(self):
        with self.lock:
            self.messages.clear()

    def to(self, address: str) -> list:
        with self.lock:
            return [
                m for rcpts, m in self.messages if address.lower() in [r.lower() for r in rcpts]
            ]

    def last(self, address: str):
        found = self.to(address)
        assert found, f"no mail for {address}; got {[r for r, _m in self.messages]}"
        return found[-1]

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message) -> str:
        return message.get_body(preferencelist=("html",)).get_content()

    def links(self, message) -> list[str]:
        return re.findall(r"https?://[^\s<>\"]+", self.text(message))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()

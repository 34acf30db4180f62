"""A partner's page on another site shows our embeds in iframes: the event list in the
visitor's language, and the campaign's signing form, signed inside the frame."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.e2e.browsing import wait_for_mail
from tests.factories_advocacy import make_campaign
from tests.factories_events import make_event


@pytest.fixture
def partner_site():
    """A page served from another site (localhost, while our server is 127.0.0.1: another host,
    so another site, and no cookie of ours goes with its frames)."""
    frames = []

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = "<!doctype html><title>Partner</title>" + "".join(
                f'<iframe title="embed {n}" src="{src}" width="400" height="700"></iframe>'
                for n, src in enumerate(frames)
            )
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_port}/", frames
    server.shutdown()


def test_embeds_work_inside_another_sites_page(live_server, page, mailbox, partner_site):
    event = make_event(title="Séminaire sur les diasporas")
    make_campaign(slug="droits", title="Droits pour toutes et tous")
    address, frames = partner_site
    frames += [
        f"{live_server.url}/embed/events?lang=fr",
        f"{live_server.url}/embed/campaigns/droits?lang=fr",
        f"{live_server.url}/events/",
    ]
    page.goto(address)
    events = page.frame_locator('iframe[title="embed 0"]')
    events.get_by_role("heading", name="Événements à venir").wait_for()
    assert events.get_by_role("link", name=event.title).get_attribute("target") == "_blank"

    signing = page.frame_locator('iframe[title="embed 1"]')
    form = signing.get_by_role("form", name="Signer à titre individuel")
    form.get_by_label("Votre nom").fill("Aïssatou Diallo")
    form.get_by_label("E-mail", exact=True).fill("aissatou@example.org")
    form.get_by_label("Pays").select_option("SN")
    form.get_by_role("button", name="Signer la déclaration").click()
    signing.get_by_role("heading", name="Consultez votre boîte de réception").wait_for()
    assert "/signatures/confirm/" in mailbox.text(wait_for_mail(mailbox, "aissatou@example.org"))

    # Any other page refuses to be framed: the browser shows its own error page instead.
    blocked = page.locator('iframe[title="embed 2"]').element_handle().content_frame()
    blocked.wait_for_load_state()
    assert not blocked.url.startswith(live_server.url)

import pytest

from network import create_app
from tests.support import CHROMIUM, LiveServer, require

BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def live_server(app, config_class):
    """The app served over real HTTP with CSRF on, sharing the test database and SMTP server."""
    live_app = create_app(
        type("Live", (config_class,), {"PUBLIC_URL": None, "WTF_CSRF_ENABLED": True})
    )
    server = LiveServer(live_app).start()
    yield server
    server.stop()


@pytest.fixture
def browser():
    require(CHROMIUM, "no chromium binary: browser tests need Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", timezone_id="America/Bogota")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()

"""A member submits a paper to the library through the form, with its PDF, in Spanish; the
group's chair publishes it; a visitor finds it in the library and downloads the PDF."""

from network.library.demo import pdf_bytes
from tests.e2e.browsing import sign_in, sign_out
from tests.factories import make_user
from tests.factories_groups import make_group


def test_a_paper_goes_from_the_form_to_the_library(live_server, page, tmp_path):
    chair = make_user(name="Grace Wanjiru", email="grace@example.org")
    make_user(name="Rosa Mamani", email="rosa@example.org")
    make_group(name="Remittances", slug="remittances", chair=chair)
    paper = tmp_path / "remesas.pdf"
    paper.write_bytes(pdf_bytes(2))
    base = live_server.url

    sign_in(page, base, "rosa@example.org")
    page.goto(base + "/library/new")
    page.get_by_label("Original language").select_option("es")
    page.get_by_label("Title in Spanish").fill("Remesas y salarios en Bolivia")
    page.get_by_label("Abstract in Spanish").fill("Cómo cambian los salarios con las remesas.")
    page.locator("#authors-0-name").fill("Rosa Mamani")
    page.get_by_label("Working group", exact=True).select_option(label="Remittances")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("File").set_input_files(str(paper))
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Remesas y salarios en Bolivia").wait_for()
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_role("button", name="Submit for review").wait_for(state="detached")
    sign_out(page)

    sign_in(page, base, "grace@example.org")
    page.goto(base + "/library/review")
    page.get_by_role("link", name="Remesas y salarios en Bolivia").click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("button", name="Withdraw").wait_for()
    sign_out(page)

    page.goto(base + "/library/?q=salario")
    page.get_by_role("link", name="Remesas y salarios en Bolivia").click()
    assert page.locator('meta[name="citation_title"]').get_attribute("content") == (
        "Remesas y salarios en Bolivia"
    )
    href = page.get_by_role("link", name="remesas.pdf").get_attribute("href")
    response = page.request.get(base + href)
    assert response.headers["content-type"] == "application/pdf"
    assert "remesas.pdf" in response.headers["content-disposition"]
    assert response.body() == paper.read_bytes()

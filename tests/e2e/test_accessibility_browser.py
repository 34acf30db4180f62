"""axe-core finds no serious or critical accessibility problem on any page, signed out or as each role."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.site_pages import ROLES, open_as, seed, site_pages

AXE = Axe()
SEVERE = ("serious", "critical")


# Ids that a label or an aria attribute points to but that several elements carry: the label
# or description lands on the wrong field.
SHARED_IDS = """() => {
  const count = {};
  document.querySelectorAll("[id]").forEach(el => { count[el.id] = (count[el.id] || 0) + 1; });
  const named = [...document.querySelectorAll("label[for]")].map(label => label.htmlFor);
  document.querySelectorAll("[aria-labelledby], [aria-describedby]").forEach(el => {
    for (const name of ["aria-labelledby", "aria-describedby"]) {
      named.push(...(el.getAttribute(name) || "").split(/\\s+/).filter(Boolean));
    }
  });
  return [...new Set(named)].filter(id => count[id] > 1);
}"""


def severe_problems(page) -> list[str]:
    """Each serious or critical axe-core violation on the page, with the elements it names."""
    violations = AXE.run(page).response["violations"]
    problems = [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']}: "
        + ", ".join(str(node["target"]) for node in v["nodes"][:4])
        for v in violations
        if v["impact"] in SEVERE
    ]
    shared = page.evaluate(SHARED_IDS)
    return problems + (
        [f"labels or descriptions point to ids used twice: {shared}"] if shared else []
    )


@pytest.mark.parametrize("role", ROLES)
def test_no_page_has_a_serious_accessibility_problem(live_server, browser, role):
    site = seed()
    page = open_as(browser, live_server.url, site, role, width=1280)
    report = []
    for url in (url for who, url in site_pages(site) if who == role):
        page.goto(live_server.url + url)
        problems = severe_problems(page)
        if problems:
            report += [url, *(f"  {problem}" for problem in problems)]
    page.context.close()
    assert not report, "\n".join(report)

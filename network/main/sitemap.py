"""What crawlers are pointed to: the public pages and the library's items (sitemap.xml), and
robots.txt naming the sitemap."""

from flask import current_app, url_for

from network.groups import queries as groups
from network.library.scholarly import sitemap as library
from network.library.scholarly.sitemap import Entry
from network.themes import queries as themes

# Pages anyone may read without signing in; those of an absent blueprint are left out.
PUBLIC_PAGES = (
    "main.index",
    "themes.index",
    "library.index",
    "events.index",
    "conferences.index",
    "groups.index",
    "members.directory",
    "newsletters.archive",
    "advocacy.campaigns",
    "lists.lists",
)


def sitemap_files() -> list[str]:
    """The sitemaps the index lists: the pages, then one per ITEMS_PER_FILE library items."""
    files = [url_for("main.sitemap_pages", _external=True)]
    files += [
        url_for("main.sitemap_library", number=number, _external=True)
        for number in range(1, library.file_count() + 1)
    ]
    return files


def page_entries() -> list[Entry]:
    known = current_app.view_functions
    entries = [Entry(url_for(page, _external=True)) for page in PUBLIC_PAGES if page in known]
    entries += [
        Entry(url_for("groups.detail", slug=group.slug, _external=True))
        for group in groups.all_groups()
    ]
    entries += [
        Entry(url_for("main.theme", slug=theme.slug, _external=True))
        for theme in themes.all_themes()
    ]
    return entries

"""Finding pages: the listing with facets and search, and the Atom feeds."""

from flask import render_template, url_for

from network.cache import shared_part
from network.dbtypes import utcnow
from network.library import bp, listing
from network.params import page_arg

FEED_SIZE = 30


@bp.get("/")
def index():
    filters = listing.Filters.from_request()
    feed_url = url_for(
        "library.feed", **{k: v for k, v in filters.args().items() if k in ("theme", "group")}
    )
    number = page_arg()
    results = shared_part(
        "library",
        lambda: render_template(
            "library/_results.html",
            filters=filters,
            page=listing.search(filters, number),
            facets=listing.facets(filters),
            feed_url=feed_url,
        ),
    )
    return render_template("library/index.html", results=results, feed_url=feed_url)


@bp.get("/feed.atom")
def feed():
    filters = listing.Filters.from_request()
    filters = listing.Filters(theme=filters.theme, group=filters.group)
    entries = listing.search(filters, 1).items[:FEED_SIZE]
    body = render_template(
        "library/feed.xml",
        filters=filters,
        entries=entries,
        updated=max((e.updated_at for e in entries), default=utcnow()),
    )
    return body, 200, {"Content-Type": "application/atom+xml; charset=utf-8"}

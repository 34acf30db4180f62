from flask import render_template, url_for

from network.library.scholarly import sitemap as library_sitemap
from network.main import bp, sitemap

XML = {"Content-Type": "application/xml; charset=utf-8"}


@bp.get("/sitemap.xml")
def sitemap_index():
    return render_template("main/sitemap_index.xml", files=sitemap.sitemap_files()), 200, XML


@bp.get("/sitemap-pages.xml")
def sitemap_pages():
    return render_template("main/urlset.xml", entries=sitemap.page_entries()), 200, XML


@bp.get("/sitemap-library-<int:number>.xml")
def sitemap_library(number: int):
    return (
        render_template("main/urlset.xml", entries=library_sitemap.item_entries(number)),
        200,
        XML,
    )


@bp.get("/robots.txt")
def robots():
    sitemap_url = url_for("main.sitemap_index", _external=True)
    body = f"User-agent: *\nDisallow: /staff/\nSitemap: {sitemap_url}\n"
    return body, 200, {"Content-Type": "text/plain; charset=utf-8"}

"""Citation exports of the library, and the scholarly metadata its item page shows."""

from flask import Response

from network.library import access, bp, listing
from network.library.scholarly import citations, exports, meta


@bp.context_processor
def scholarly_helpers() -> dict:
    return {
        "highwire_tags": meta.highwire_tags,
        "json_ld": meta.json_ld,
        "formatted_citation": citations.formatted,
    }


@bp.get("/<int:item_id>/cite.<fmt>")
def cite(item_id: int, fmt: str):
    found = access.visible_item(item_id)
    return _download(exports.export([found], fmt, f"item-{found.id}"))


@bp.get("/cite.<fmt>")
def cite_results(fmt: str):
    return _download(exports.export_search(listing.Filters.from_request(), fmt))


def _download(export: exports.Export) -> Response:
    return Response(
        export.body,
        mimetype=export.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{export.filename}"'},
    )

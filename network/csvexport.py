"""CSV downloads that spreadsheets cannot turn into formulas."""

import csv
import io

from flask import Response

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def iso(value) -> str:
    """A date or time as ISO text in exports, blank when unset."""
    return value.isoformat() if value else ""


def neutralize(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(DANGEROUS_START) else text


def csv_text(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralize(h) for h in header])
    for row in rows:
        writer.writerow([neutralize(v) for v in row])
    return out.getvalue()


def csv_response(filename: str, header: list[str], rows) -> Response:
    body = "\ufeff" + csv_text(header, rows)  # BOM: spreadsheets then read UTF-8 names right
    return Response(
        body,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

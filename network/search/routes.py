from flask import render_template, request
from flask_login import current_user
from sqlalchemy import func

from network.cache import shared_part
from network.extensions import db
from network.members.visibility import viewer_kind
from network.search import bp
from network.search.kinds import FINDERS

SHOWN = 5
MAX_QUERY = 200


def _found(finder, q):
    # The count of all matches rides on the first rows: one statement per kind, not two.
    statement = finder.statement(q, current_user).add_columns(func.count().over())
    found = db.session.execute(statement.limit(SHOWN)).unique().all()
    rows = [row[0] for row in found]
    total = found[0][-1] if found else 0
    more = finder.more(q) if finder.more and total > SHOWN else None
    return {"finder": finder, "total": total, "rows": rows, "more": more}


@bp.route("/")
def results():
    q = " ".join(request.args.get("q", "").split())[:MAX_QUERY]
    found = shared_part(f"search-{viewer_kind(current_user)}", lambda: _results(q))
    return render_template("search/results.html", q=q, found=found)


def _results(q: str) -> str:
    groups = [_found(finder, q) for finder in FINDERS] if q else []
    return render_template(
        "search/_results.html", q=q, groups=groups, total=sum(g["total"] for g in groups)
    )

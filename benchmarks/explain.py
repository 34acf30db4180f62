"""EXPLAIN (ANALYZE, BUFFERS) of every statement each page of benchmarks/pages.py runs.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/puente_pages_bench \
        .venv/bin/python benchmarks/explain.py benchmarks/plans/after

Run on the database pages.py seeded; writes one text file per page into the folder given.
"""

import re
import sys
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # noqa: E402

from config import DevelopmentConfig  # noqa: E402
from network import create_app  # noqa: E402
from network.extensions import db  # noqa: E402


def main() -> None:
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)

    class ExplainConfig(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = pages.os.environ["DATABASE_URL"]
        SECRET_KEY = pages.SECRET
        PUBLIC_URL = "http://127.0.0.1:5000"
        RATELIMIT_ENABLED = False
        WTF_CSRF_ENABLED = False
        LOG_LEVEL = "WARNING"

    app = create_app(ExplainConfig)
    staff = app.test_client()
    staff.post("/login", data={"email": pages.STAFF_EMAIL, "password": pages.STAFF_PASSWORD})
    with app.app_context():
        engine = db.engine
    for label, path, signed_in in pages.pages(app):
        captured = []

        def capture(_conn, _cursor, statement, parameters, _context, _many, captured=captured):
            captured.append((statement, parameters))

        client = staff if signed_in else app.test_client()
        client.get(path)
        # Another address than the one just read, so the page itself is not served from the cache.
        missed = path + ("&" if "?" in path else "?") + "explain=1"
        event.listen(engine, "before_cursor_execute", capture)
        try:
            assert client.get(missed).status_code == 200, path
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        report = [f"# {label}: GET {path}\n# {len(captured)} statements\n"]
        with engine.connect() as conn:
            for statement, parameters in captured:
                plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                report += ["", statement, f"-- {parameters}", *(row[0] for row in plan)]
            conn.rollback()
        name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        (folder / f"{name}.txt").write_text("\n".join(report) + "\n")
        print(label, len(captured), "statements")


if __name__ == "__main__":
    main()

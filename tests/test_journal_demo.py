"""The demo journal: one published issue of five articles in the library, and submissions
waiting at several stages on the editor's dashboard."""

import html

from sqlalchemy import select

from network.auth.models import User
from network.extensions import db
from network.journal.models import Stage, Submission
from tests.support import AuthActions


def test_demo_journal_has_a_published_issue_and_work_in_every_stage(app, client):
    from network.demo import DEMO_PASSWORD, seed

    seed()
    db.session.commit()
    stages = db.session.scalars(select(Submission.stage)).all()
    assert stages.count(Stage.PUBLISHED.value) == 5
    assert {"submitted", "in_review", "revisions", "copyediting", "desk_rejected"} <= set(stages)

    spanish = client.get("/journal/migration-and-development/", headers={"Accept-Language": "es"})
    home = html.unescape(spanish.get_data(as_text=True))
    assert "Migración y Desarrollo" in home and "Remesas y desarrollo local" in home
    assert home.count('href="/library/') >= 5
    assert "Remesas colectivas y obra pública en Zacatecas" in home

    editor = app.test_client()
    staff = db.session.scalar(select(User).where(User.email == "staff@puente.example"))
    AuthActions(editor).login(staff.email, DEMO_PASSWORD)
    board = html.unescape(
        editor.get("/journal/migration-and-development/editorial").get_data(as_text=True)
    )
    assert "Ruth Okello" in board
    assert 'href="/journal/migration-and-development/editorial/issues"' in board
    assert board.index("Ruth Okello") < board.index("Return migration and small business in Dakar")

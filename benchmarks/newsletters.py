"""Newsletter sending speed: the real workers against plain smtplib, into the same SMTP sink.

Seeds 10,000 subscribers on one list in PostgreSQL, sends a newsletter through `huey_consumer
wsgi.huey` worker processes (Redis queue, delivery rows, leases, one SMTP connection per batch,
NEWSLETTER_RATE=0 so nothing holds them back) into a local aiosmtpd sink, and prints messages
per second. Then it sends the same 10,000 rendered messages with smtplib over one connection to
the same sink, as the ceiling of what the sink and Python's SMTP client can do.

    .venv/bin/python benchmarks/newsletters.py [--recipients 10000] [--workers 1 2 4]

It empties the database it uses (puente_newsletters by default; BENCH_DATABASE_URL to change).
"""

import argparse
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/puente_newsletters"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_sink(port: int) -> None:
    """The SMTP sink, in its own process: accepts every message and keeps nothing."""
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


def start_sink() -> tuple[subprocess.Popen, int]:
    port = free_port()
    sink = subprocess.Popen([sys.executable, __file__, "--sink", str(port)])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return sink, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the SMTP sink did not start")


def environment(port: int, workers: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "PUBLIC_URL": "http://puente.bench",
        "SECRET_KEY": "benchmark-only-secret",
        "NEWSLETTER_RATE": "0",
        "NEWSLETTER_SENDERS": str(workers),
        "LOG_LEVEL": "WARNING",
    }


def seed(recipients: int):
    from sqlalchemy import insert

    from network.dbtypes import utcnow
    from network.extensions import db
    from network.lists.models import MailingList, Subscriber, Subscription

    db.drop_all()
    db.create_all()
    mailing_list = MailingList(slug="bench", name_en="Benchmark list", kind="public")
    db.session.add(mailing_list)
    db.session.flush()
    db.session.execute(
        insert(Subscriber),
        [
            {
                "email": f"reader{n}@bench.example",
                "name": f"Reader {n}",
                "language": ("en", "es", "fr")[n % 3],
                "secret": f"secret-{n:06d}",
            }
            for n in range(recipients)
        ],
    )
    ids = db.session.scalars(Subscriber.__table__.select().with_only_columns(Subscriber.id)).all()
    now = utcnow()
    db.session.execute(
        insert(Subscription),
        [
            {
                "list_id": mailing_list.id,
                "subscriber_id": sid,
                "state": "active",
                "consent_source": "import",
                "consent_at": now,
                "confirmed_at": now,
            }
            for sid in ids
        ],
    )
    db.session.commit()
    return mailing_list


def make_newsletter(mailing_list):
    from network.extensions import db
    from network.newsletters.models import Newsletter, NewsletterVersion

    newsletter = Newsletter(
        subject="Migration and development: news for {{ name }}",
        preheader="This month",
        language="en",
        sender_name="Puente Secretariat",
        lists=[mailing_list],
        body="Hello {{ name }},\n\n## This month\n\n- A new [report](https://example.org/report)\n"
        "- The call for abstracts is open\n\nRead more on **our site**.",
        versions=[
            NewsletterVersion(
                language="es",
                subject="Noticias para {{ name }}",
                body="Hola {{ name }},\n\nLee el [informe](https://example.org/informe).",
            )
        ],
    )
    db.session.add(newsletter)
    db.session.commit()
    return newsletter


def run_workers(app, mailing_list, workers: int, port: int, recipients: int) -> dict:
    from sqlalchemy import func, select

    from network.dbtypes import utcnow
    from network.extensions import db
    from network.newsletters import services
    from network.newsletters.models import Delivery
    from network.tasks import huey

    huey.storage.flush_all()
    env = environment(port, workers)
    consumer = Path(sys.executable).with_name("huey_consumer")
    processes = [
        subprocess.Popen(
            [str(consumer), "wsgi.huey", "-w", "1", "-k", "thread"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    try:
        time.sleep(8)  # the consumers import the app; that is not sending time
        newsletter = make_newsletter(mailing_list)
        app.config["NEWSLETTER_SENDERS"] = workers
        started = time.perf_counter()
        services.send_now(newsletter, utcnow())
        db.session.commit()  # queues the senders
        fixed = time.perf_counter() - started
        while True:
            db.session.commit()  # a fresh snapshot each time
            done = db.session.scalar(
                select(func.count(Delivery.id)).where(
                    Delivery.newsletter_id == newsletter.id, Delivery.state == "sent"
                )
            )
            if done >= recipients:
                break
            time.sleep(0.05)
        wall = time.perf_counter() - started
        first, last = db.session.execute(
            select(func.min(Delivery.sent_at), func.max(Delivery.sent_at)).where(
                Delivery.newsletter_id == newsletter.id
            )
        ).one()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(15)
    return {
        "wall": wall,
        "fix": fixed,
        "span": (last - first).total_seconds(),
        "newsletter": newsletter,
    }


def run_smtplib(app, newsletter, port: int) -> tuple[float, float]:
    """The same messages, rendered first, then sent with smtplib over one connection."""
    from sqlalchemy import select

    from network.email import build_message
    from network.extensions import db
    from network.lists.models import MailingList, Subscriber
    from network.newsletters.messages import Composer

    with app.test_request_context("/", base_url="http://puente.bench/"):
        composer = Composer(newsletter)
        mailing_list = db.session.scalar(select(MailingList))
        started = time.perf_counter()
        wire = [
            (s.email, build_message(composer.message(s, mailing_list)).as_bytes())
            for s in db.session.scalars(select(Subscriber).order_by(Subscriber.id))
        ]
        render = time.perf_counter() - started
    sender = "no-reply@puente.localhost"
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for address, data in wire:
            smtp.sendmail(sender, [address], data)
    return time.perf_counter() - started, render


# Where one worker's time goes, by the function that spends it (cumulative, so a part includes
# what it calls: the message's MIME bytes are written inside the SMTP send).
PARTS = (
    ("claiming batches", "claim_batch"),
    ('committing "sending"', "mark_sending"),
    ("composing the message", "message"),
    ("building the MIME message", "build_message"),
    ("SMTP send (MIME bytes included)", "send"),
    ('recording "sent"', "record"),
    ("committing", "commit_quickly"),
)


def where_time_goes(app, newsletter) -> None:
    """The newsletter sent again by one worker in this process, under cProfile."""
    import cProfile
    import pstats

    from sqlalchemy import update

    from network.extensions import db
    from network.newsletters import sending
    from network.newsletters.models import Delivery, Newsletter

    db.session.execute(
        update(Delivery)
        .where(Delivery.newsletter_id == newsletter.id)
        .values(state="pending", claim_token=None, lease_until=None, attempts=0)
    )
    db.session.execute(
        update(Newsletter).where(Newsletter.id == newsletter.id).values(status="sending")
    )
    db.session.commit()
    app.config["NEWSLETTER_SENDERS"] = 1
    profile = cProfile.Profile()
    with app.test_request_context("/", base_url="http://puente.bench/"):
        profile.runcall(sending.send_pending, newsletter.id)
    stats = pstats.Stats(profile).stats
    total = sum(tottime for (_cc, _nc, tottime, _ct, _callers) in stats.values())
    print(f"one worker in-process under cProfile: {total:.1f} s of which")
    for label, name in PARTS:
        spent = sum(
            cumulative
            for (path, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.items()
            if function == name and ("network" in path or function == "send")
        )
        print(f"  {label:<34}{spent:>7.2f} s {100 * spent / total:>5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help="then say where the time goes")
    args = parser.parse_args()
    if args.sink:
        run_sink(args.sink)
        return

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from common import ensure_database

    ensure_database(DATABASE_URL)
    sink, port = start_sink()
    os.environ.update(environment(port, 1))
    from network import create_app
    from network.extensions import db

    app = create_app("development")
    try:
        with app.app_context():
            print(
                f"PostgreSQL {DATABASE_URL.rsplit('@', 1)[-1]}, Redis {REDIS_URL}, "
                f"aiosmtpd sink on port {port}, {args.recipients:,} recipients"
            )
            mailing_list = seed(args.recipients)
            newsletter = None
            for workers in args.workers:
                result = run_workers(app, mailing_list, workers, port, args.recipients)
                newsletter = result["newsletter"]
                print(
                    f"workers={workers}: {args.recipients:,} sent in {result['wall']:.1f} s "
                    f"= {args.recipients / result['wall']:.0f} msg/s "
                    f"(first to last message {result['span']:.1f} s = "
                    f"{args.recipients / result['span']:.0f} msg/s; fixing recipients "
                    f"{result['fix'] * 1000:.0f} ms)",
                    flush=True,
                )
            seconds, render = run_smtplib(app, newsletter, port)
            print(
                f"plain smtplib, one connection, pre-rendered: {args.recipients:,} in {seconds:.1f} s "
                f"= {args.recipients / seconds:.0f} msg/s (rendering them first took {render:.1f} s "
                f"= {args.recipients / render:.0f} msg/s)"
            )
            if args.profile:
                where_time_goes(app, newsletter)
            db.session.remove()
            db.engine.dispose()
    finally:
        sink.terminate()
        sink.wait(10)


if __name__ == "__main__":
    main()

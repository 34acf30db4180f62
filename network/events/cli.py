"""flask --app wsgi check-seats: each event's seats taken against its confirmed registrations."""

import click
from sqlalchemy import func, select

from network.events.models import Event
from network.events.seats import repair_seats, seat_mismatches
from network.extensions import db


@click.command("check-seats")
@click.option("--dry-run", is_flag=True, help="Only report; change nothing.")
def check_seats(dry_run):
    """Repair events whose seats taken differ from their confirmed registrations, with a report.

    Exits with status 1 when something wrong was left as it was.
    """
    mismatches = seat_mismatches()
    left_wrong = 0
    for count in mismatches:
        event = count.event
        found = (
            f"event {event.id} ({event.slug}): {count.seats_taken} seats taken, "
            f"{count.confirmed} confirmed"
        )
        if dry_run:
            click.echo(f"{found}; not changed (dry run)")
            left_wrong += 1
            continue
        capacity = event.capacity
        promoted = repair_seats(count)
        if promoted is None:
            db.session.rollback()
            click.echo(f"{found}; it changed while being checked, not changed: run again")
            left_wrong += 1
            continue
        db.session.commit()
        click.echo(
            f"{found}; set seats taken to {count.confirmed}{_capacity_change(capacity, event)}"
            f"{_promotions(promoted)}"
        )
    total = db.session.scalar(select(func.count(Event.id)))
    if mismatches:
        click.echo(
            f"{len(mismatches)} of {total} events had seats taken different from their "
            f"confirmed registrations; {len(mismatches) - left_wrong} repaired."
        )
    else:
        click.echo(f"All {total} events: seats taken equal confirmed registrations.")
    if left_wrong:
        raise click.exceptions.Exit(1)


def _capacity_change(before, event: Event) -> str:
    return f", capacity from {before} to {event.capacity}" if event.capacity != before else ""


def _promotions(promoted) -> str:
    if not promoted:
        return ""
    return f"; promoted from the waiting list: {', '.join(r.email for r in promoted)}"

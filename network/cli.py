"""flask --app wsgi <command>"""

import click
from flask import current_app
from sqlalchemy import select

from network.auth import services as auth_services
from network.auth.models import Role, User
from network.errors import DomainError
from network.events.cli import check_seats
from network.extensions import db
from network.validators import normalize_email


def register(app):
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(translations)
    app.cli.add_command(check_seats)


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin(email, name, password):
    """Create a verified administrator account (or promote an existing one)."""
    try:
        email = normalize_email(email)
    except ValueError:
        raise click.BadParameter("not a valid email address", param_hint="--email") from None
    user = auth_services.find_user_by_email(email)
    try:
        if user:
            user.role = Role.ADMIN.value
            auth_services.set_password(user, password)
        else:
            auth_services.create_user(name, email, password, role=Role.ADMIN, verified=True)
    except DomainError as error:
        raise click.BadParameter(str(error.message), param_hint="--password") from None
    db.session.commit()
    click.echo(f"Administrator ready: {email}")


@click.command("seed-demo")
def seed_demo():
    """Load the demo network once (deterministic); prints the demo logins."""
    from network.demo import DEMO_PASSWORD, demo_logins, seed

    already = db.session.scalar(select(User).where(User.email == demo_logins()[0][1]))
    if already is None:
        seed()
        db.session.commit()
        click.echo("Demo data loaded.")
    else:
        click.echo("Demo data already present.")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for role, email in demo_logins():
        click.echo(f"  {role:<10} {email}")
    current_app.logger.debug("seed-demo done")


@click.group()
def translations():
    """Extract and compile the gettext catalogs."""


@translations.command("update")
@click.option("--catalog", default=None, help="only this catalog (core or a domain name)")
def translations_update(catalog):
    """Extract messages and merge them into the es/fr catalogs."""
    from network.catalogs import update_all

    update_all(catalog)


@translations.command("compile")
def translations_compile():
    from network.catalogs import compile_all

    compile_all()

from network import create_app

app = create_app()
from network.tasks import huey  # noqa: E402,F401  (huey_consumer wsgi.huey)

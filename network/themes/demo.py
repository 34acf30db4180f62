from network.themes.services import seed_themes as add_seeded_themes


def seed_themes(rng) -> None:
    add_seeded_themes()

"""Where translatable text lives: one gettext catalog for the core, one per domain that has its own.

A domain package gets its own catalog by having a translations/ folder; its messages are
extracted from network/<domain>/, templates/<domain>/ and templates/email/<domain>/.
Flask-Babel merges all catalogs at run time.
"""

from dataclasses import dataclass
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "network"
TEMPLATES = ROOT / "templates"
MAPPING = ROOT / "babel.cfg"
LOCALES = ("es", "fr")
# Besides Babel's own (_, gettext, ngettext, pgettext, npgettext): the lazy forms as imported.
KEYWORDS = ("-k", "_l", "-k", "_lp:1c,2", "-k", "lazy_ngettext:1,2")


@dataclass
class Catalog:
    name: str
    directory: Path
    sources: list[Path]

    @property
    def template(self) -> Path:
        return self.directory / "messages.pot"

    def po(self, locale: str) -> Path:
        return self.directory / locale / "LC_MESSAGES" / "messages.po"


def domain_names() -> list[str]:
    return sorted(p.parent.name for p in PACKAGE.glob("*/translations") if p.is_dir())


def catalogs() -> list[Catalog]:
    domains = domain_names()
    result = [
        Catalog(
            name,
            PACKAGE / name / "translations",
            [PACKAGE / name, TEMPLATES / name, TEMPLATES / "email" / name],
        )
        for name in domains
    ]
    core_sources = [
        p
        for p in PACKAGE.iterdir()
        if p.name not in domains
        and p.name not in {"translations", "static", "data"}
        and (p.suffix == ".py" or p.is_dir())
        and p.name != "__pycache__"
    ]
    core_sources += [p for p in TEMPLATES.iterdir() if p.name not in domains and p.name != "email"]
    core_sources += [p for p in (TEMPLATES / "email").iterdir() if p.name not in domains]
    return [Catalog("core", PACKAGE / "translations", core_sources)] + result


def translation_directories() -> str:
    return ";".join(str(c.directory) for c in catalogs())


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(catalog: Catalog, output: Path | None = None) -> Path:
    output = output or catalog.template
    output.parent.mkdir(parents=True, exist_ok=True)
    sources = [str(s) for s in catalog.sources if s.exists()]
    _pybabel(
        "extract",
        "-F",
        str(MAPPING),
        *KEYWORDS,
        "--no-location",
        "--sort-output",
        "-o",
        str(output),
        *sources,
    )
    return output


def update_all(only: str | None = None) -> None:
    for catalog in catalogs():
        if only and catalog.name != only:
            continue
        extract(catalog)
        for locale in LOCALES:
            command = "update" if catalog.po(locale).exists() else "init"
            _pybabel(
                command,
                "-i",
                str(catalog.template),
                "-d",
                str(catalog.directory),
                "-l",
                locale,
                *(["--no-fuzzy-matching"] if command == "update" else []),
            )


def compile_all() -> None:
    for catalog in catalogs():
        if catalog.directory.exists():
            _pybabel("compile", "-d", str(catalog.directory), "--use-fuzzy")

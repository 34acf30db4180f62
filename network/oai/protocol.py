"""The six verbs of OAI-PMH 2.0 over the library's harvest queries: arguments checked as the
protocol says, its error codes, and signed resumption tokens carrying the list's cursor."""

import re
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from werkzeug.datastructures import MultiDict

from network.library.scholarly import dublincore, harvest
from network.params import whole_number
from network.tokens import InvalidToken, make_token, read_token

METADATA_PREFIX = "oai_dc"
TOKEN_PURPOSE = "oai-resumption"
TOKEN_LIFETIME = timedelta(hours=24)
# verb: (required arguments, optional arguments); a resumptionToken stands alone.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
_PLAIN = re.compile(r"[\x21-\x7e]+")


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def respond(args: MultiDict) -> dict:
    """The template's context for one request: the echoed request, then a verb's answer or an
    error."""
    context = {"response_date": _stamp(_now()), "base_url": url_for("oai.endpoint", _external=True)}
    try:
        verb = _verb(args)
        arguments = _arguments(args, verb)
        context["echo"] = {"verb": verb, **arguments}
        context.update(verb=verb, **ANSWERS[verb](arguments))
    except OAIError as error:
        context["errors"] = [error]
        if error.code in ("badVerb", "badArgument"):
            context.pop("echo", None)
    return context


def _verb(args: MultiDict) -> str:
    verbs = args.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb", "The verb is missing, repeated or not one of OAI-PMH's six.")
    return verbs[0]


def _arguments(args: MultiDict, verb: str) -> dict[str, str]:
    required, optional = VERBS[verb]
    names = set(args) - {"verb"}
    if any(len(args.getlist(name)) > 1 for name in args):
        raise OAIError("badArgument", "An argument is repeated.")
    if unknown := names - required - optional:
        raise OAIError("badArgument", f"Unknown argument: {', '.join(sorted(unknown))}.")
    if "resumptionToken" in names and names != {"resumptionToken"}:
        raise OAIError("badArgument", "A resumptionToken is the only argument it may come with.")
    if "resumptionToken" not in names and (missing := required - names):
        raise OAIError("badArgument", f"Missing argument: {', '.join(sorted(missing))}.")
    arguments = {name: args[name] for name in names}
    _check_formats(arguments)
    return arguments


def _check_formats(arguments: dict[str, str]) -> None:
    for name, pattern in (("metadataPrefix", _SPEC), ("set", _SPEC), ("identifier", _PLAIN)):
        if name in arguments and not pattern.fullmatch(arguments[name]):
            raise OAIError("badArgument", f"The {name} argument is not well formed.")
    if "resumptionToken" in arguments and not _PLAIN.fullmatch(arguments["resumptionToken"]):
        raise OAIError("badResumptionToken", "The resumption token is not one of ours.")
    _window(arguments.get("from"), arguments.get("until"))


# Verbs


def _identify(_arguments) -> dict:
    earliest = harvest.earliest_datestamp() or datetime(2000, 1, 1, tzinfo=UTC)
    config = current_app.config
    return {
        "repository_name": f"{config['NETWORK_NAME']} library",
        "admin_email": config["OAI_ADMIN_EMAIL"] or parseaddr(config["MAIL_DEFAULT_SENDER"])[1],
        "earliest": _stamp(earliest),
    }


def _list_metadata_formats(arguments) -> dict:
    if "identifier" in arguments:
        _item(arguments["identifier"])
    return {}


def _list_sets(arguments) -> dict:
    if "resumptionToken" in arguments:
        raise OAIError("badResumptionToken", "Sets come in one list, without resumption tokens.")
    return {"sets": harvest.all_sets()}


def _get_record(arguments) -> dict:
    item = _item(arguments["identifier"])
    _check_prefix(arguments["metadataPrefix"])
    return {"records": [_record(item)]}


def _list(arguments) -> dict:
    listing = _listing(arguments)
    limit = current_app.config["OAI_PAGE_SIZE"]
    items = harvest.page(listing["selection"], listing["after"], limit + 1)
    if not items:
        raise OAIError("noRecordsMatch", "No record matches these arguments.")
    shown = items[:limit]
    size = listing["size"] or harvest.count(listing["selection"])
    more = len(items) > limit
    return {
        "records": [_record(item) for item in shown],
        "token": _next_token(listing, shown[-1].id, size) if more else "",
        "resumption": listing["cursor"] > 0 or more,
        "cursor": listing["cursor"],
        "complete_size": size,
        "expires": _stamp(_now() + TOKEN_LIFETIME) if more else "",
    }


ANSWERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": _list,
    "ListRecords": _list,
}


# Lists and their resumption tokens


def _listing(arguments: dict[str, str]) -> dict:
    """What a list asks for, from its arguments or from the resumption token it hands back."""
    if "resumptionToken" in arguments:
        return _from_token(arguments["resumptionToken"])
    _check_prefix(arguments["metadataPrefix"])
    spec = arguments.get("set")
    if spec and not harvest.set_exists(spec):
        raise OAIError("noRecordsMatch", "There is no such set.")
    return {
        "query": {name: arguments.get(name) for name in ("from", "until", "set")},
        "selection": _selection(arguments.get("from"), arguments.get("until"), spec),
        "after": 0,
        "cursor": 0,
        "size": 0,
    }


def _next_token(listing: dict, last_id: int, size: int) -> str:
    cursor = listing["cursor"] + current_app.config["OAI_PAGE_SIZE"]
    return make_token(TOKEN_PURPOSE, {**listing["query"], "a": last_id, "c": cursor, "n": size})


def _from_token(token: str) -> dict:
    try:
        data = read_token(TOKEN_PURPOSE, token, max_age=TOKEN_LIFETIME)
        query = {name: data[name] for name in ("from", "until", "set")}
        after, cursor, size = int(data["a"]), int(data["c"]), int(data["n"])
    except (InvalidToken, KeyError, TypeError, ValueError):
        raise OAIError(
            "badResumptionToken", "The resumption token is expired or not ours."
        ) from None
    return {
        "query": query,
        "selection": _selection(query["from"], query["until"], query["set"]),
        "after": after,
        "cursor": cursor,
        "size": size,
    }


def _selection(start: str | None, end: str | None, spec: str | None) -> harvest.Selection:
    first, after_last = _window(start, end)
    return harvest.Selection(first, after_last, spec)


def _window(start: str | None, end: str | None) -> tuple[datetime | None, datetime | None]:
    """`from` and `until` as a half-open window: until covers its whole day or second."""
    first, first_step = _moment(start, "from")
    last, last_step = _moment(end, "until")
    if first and last and first_step != last_step:
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if first and last and first > last:
        raise OAIError("badArgument", "from is later than until.")
    return first, (last + last_step if last else None)


def _moment(text: str | None, name: str) -> tuple[datetime | None, timedelta | None]:
    if text is None:
        return None, None
    for pattern, layout, step in (
        (_DAY, "%Y-%m-%d", timedelta(days=1)),
        (_SECOND, "%Y-%m-%dT%H:%M:%SZ", timedelta(seconds=1)),
    ):
        if pattern.fullmatch(text):
            try:
                return datetime.strptime(text, layout).replace(tzinfo=UTC), step
            except ValueError:
                break
    raise OAIError(
        "badArgument", f"{name} must be a UTC date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)."
    )


# Records


def _check_prefix(prefix: str) -> None:
    if prefix != METADATA_PREFIX:
        raise OAIError("cannotDisseminateFormat", f"Only {METADATA_PREFIX} is offered.")


def _repository() -> str:
    return urlsplit(current_app.config["PUBLIC_URL"] or request.host_url).hostname or "localhost"


def identifier(item_id: int) -> str:
    return f"oai:{_repository()}:library/{item_id}"


def _item(text: str):
    prefix = f"oai:{_repository()}:library/"
    item_id = whole_number(text[len(prefix) :], 1) if text.startswith(prefix) else None
    item = harvest.harvestable_item(item_id) if item_id else None
    if item is None:
        raise OAIError("idDoesNotExist", "No item has this identifier.")
    return item


def _record(item) -> dict:
    deleted = harvest.is_deleted(item)
    return {
        "identifier": identifier(item.id),
        "datestamp": _stamp(item.updated_at),
        "sets": harvest.set_specs(item),
        "deleted": deleted,
        "dc": [] if deleted else dublincore.dublin_core(item),
    }


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

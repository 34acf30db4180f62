from flask import render_template, request

from network.extensions import csrf
from network.oai import bp, protocol


@bp.route("/oai", methods=["GET", "POST"])
@csrf.exempt  # harvesters POST form-encoded arguments, as the protocol allows; nothing is written
def endpoint():
    args = request.form if request.method == "POST" else request.args
    body = render_template("oai/response.xml", **protocol.respond(args))
    return body, 200, {"Content-Type": "text/xml; charset=utf-8"}

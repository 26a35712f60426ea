"""The public side of inter-municipal challenges: the list and each challenge's fair board, on
the platform's page and on every municipality's address (the same for everyone)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, make_response, render_template

from app.intermunicipal.queries import all_challenges, board_of, challenge_by_slug, min_participants, phase_of
from app.settings import local_today
from app.tenancy.hosts import address_of
from app.web.http_cache import public

bp = Blueprint("intermunicipal", __name__)


@bp.get("/kommuner/udfordringer")
@public(max_age=30)
def index() -> Response:
    today = local_today()
    boards = [board_of(c) for c in all_challenges()]
    return make_response(
        render_template(
            "intermunicipal/index.html",
            boards=boards,
            phases={b.challenge.id: phase_of(b.challenge, today) for b in boards},
        )
    )


@bp.get("/kommuner/udfordringer/<national_slug>")
@public(max_age=30)
def board(national_slug: str) -> Response:
    challenge = challenge_by_slug(national_slug)
    if challenge is None:
        abort(404)
    found = board_of(challenge)
    return make_response(
        render_template(
            "intermunicipal/board.html",
            board=found,
            challenge=challenge,
            phase=phase_of(challenge, local_today()),
            minimum=min_participants(),
            addresses={s.slug: address_of(s.slug, s.host_name) for s in found.standings},
        )
    )

"""Company pages: business sign-up, my company (profile, solutions, pledges, members, team),
the public directory and company pages, workplace teams."""

from __future__ import annotations

from flask import Blueprint
from markupsafe import Markup, escape

from app.business.labels import business_labels
from app.sparring.labels import sparring_labels

bp = Blueprint("business", __name__)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {**business_labels(), **sparring_labels()}


@bp.app_template_filter("paragraphs")
def paragraphs(text: str | None) -> Markup:
    """Plain text as escaped paragraphs: a blank line starts a paragraph, a newline breaks."""
    blocks = [b.strip() for b in (text or "").split("\n\n") if b.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in b.split("\n")))
        for b in blocks
    )


# The views register themselves on bp when their modules are imported.
from app.business.routes import company, directory, members, signup, teams  # noqa: E402

__all__ = ["bp", "company", "directory", "members", "signup", "teams"]

"""The one list of feature blueprints."""

from __future__ import annotations

from flask import Flask, Response


def register_blueprints(app: Flask) -> None:
    from app.accounts.routes import bp as accounts
    from app.actions.routes import bp as actions
    from app.actions.routine_routes import bp as routines
    from app.admin.platform import bp as platform_admin
    from app.admin.routes import bp as admin
    from app.admin.routes import live_bp as livescreen
    from app.audit.routes import bp as audit
    from app.business.routes import bp as business
    from app.cases.routes import bp as cases
    from app.challenges.routes import bp as challenges
    from app.gamification.routes import bp as gamification
    from app.intermunicipal.routes import bp as intermunicipal
    from app.leaderboards.routes import bp as leaderboards
    from app.partnerships.routes import bp as partnerships
    from app.platform.routes import bp as platform
    from app.privacy.routes import bp as privacy
    from app.push.routes import bp as push
    from app.reminders.routes import bp as reminders
    from app.solutions.routes import bp as solutions
    from app.sparring.routes import bp as sparring
    from app.vision.routes import bp as vision
    from app.web.routes import bp as web

    for blueprint in (
        web,
        accounts,
        actions,
        routines,
        leaderboards,
        admin,
        livescreen,
        audit,
        business,
        sparring,
        solutions,
        gamification,
        challenges,
        vision,
        privacy,
        platform,
        platform_admin,
        cases,
        intermunicipal,
        partnerships,
        reminders,
        push,
    ):
        app.register_blueprint(blueprint)

    from app.api.routes import register_api

    register_api(app)

    @app.after_request
    def vary_on_htmx(response: Response) -> Response:
        if response.mimetype == "text/html":
            response.vary.add("HX-Request")
        return response  # the security headers: app/web/security.py

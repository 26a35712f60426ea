"""Reads of companies: memberships, public pages, the directory and the workplace board."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select

from app.accounts.models import Role, User
from app.business.models import (
    Company,
    CompanyInvitation,
    CompanyMember,
    Pledge,
    Solution,
    TeamMembership,
    WorkplaceTeam,
)
from app.clock import Period, period_days
from app.db import db, page_of
from app.leaderboards.fairness import GroupTotals, rank_by_fair_score
from app.leaderboards.models import DailyActivity
from app.neighbourhoods.models import Neighbourhood

DIRECTORY_PAGE_SIZE = 12


def is_municipality(user: User) -> bool:
    """Municipality staff and administrators handle sparring and verification."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in (Role.STAFF, Role.ADMIN)


def membership_of(user: User) -> CompanyMember | None:
    """The business user's seat in a company, or None (also for every other role)."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.BUSINESS:
        return None
    return db.session.scalar(select(CompanyMember).where(CompanyMember.user_id == user.id))


def is_member(user: User, company_id: int) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.company_id == company_id


def company_by_slug(slug: str) -> Company | None:
    return db.session.scalar(select(Company).where(Company.slug == slug))


def company_by_id(company_id: int) -> Company | None:
    return db.session.get(Company, company_id)


def company_members(company_id: int) -> list[CompanyMember]:
    """Owners first, then by the date they joined."""
    return list(
        db.session.scalars(
            select(CompanyMember)
            .where(CompanyMember.company_id == company_id)
            .order_by(CompanyMember.role.desc(), CompanyMember.joined_at)
        )
    )


def open_invitations(company_id: int, now: object) -> list[CompanyInvitation]:
    """Invitations not used and not expired, newest first."""
    return list(
        db.session.scalars(
            select(CompanyInvitation)
            .where(
                CompanyInvitation.company_id == company_id,
                CompanyInvitation.accepted_at.is_(None),
                CompanyInvitation.expires_at > now,
            )
            .order_by(CompanyInvitation.created_at.desc())
        )
    )


def solutions_of(company_id: int) -> list[Solution]:
    return list(
        db.session.scalars(select(Solution).where(Solution.company_id == company_id).order_by(Solution.id))
    )


def solution_of(company_id: int, solution_id: int) -> Solution | None:
    """The solution only if it belongs to this company (object-level check)."""
    return db.session.scalar(
        select(Solution).where(Solution.id == solution_id, Solution.company_id == company_id)
    )


def pledges_of(company_id: int) -> list[Pledge]:
    return list(
        db.session.scalars(
            select(Pledge).where(Pledge.company_id == company_id).order_by(Pledge.target_date, Pledge.id)
        )
    )


def pledge_of(company_id: int, pledge_id: int) -> Pledge | None:
    return db.session.scalar(select(Pledge).where(Pledge.id == pledge_id, Pledge.company_id == company_id))


@dataclass(frozen=True)
class DirectoryPage:
    companies: list[Company]
    solution_counts: dict[int, int]
    total: int
    page: int
    pages: int


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _directory_filters(
    *,
    query: str,
    neighbourhood_slug: str | None,
    sector: str | None,
    theme_id: int | None = None,
    kind: str | None = None,
) -> list[ColumnElement[bool]]:
    """The directory's search: name, about text or a solution title matches `query`
    (case-insensitive, first 100 characters), in the neighbourhood, in the sector, with a
    solution under the plan theme and of the kind (both on the same solution)."""
    conditions: list[ColumnElement[bool]] = []
    if theme_id is not None or kind is not None:
        solution = select(Solution.id).where(Solution.company_id == Company.id)
        if theme_id is not None:
            solution = solution.where(Solution.theme_id == theme_id)
        if kind is not None:
            solution = solution.where(Solution.category == kind)
        conditions.append(solution.exists())
    if query.strip():
        pattern = _like_pattern(query.strip()[:100])
        has_solution = (
            select(Solution.id)
            .where(Solution.company_id == Company.id, func.lower(Solution.title).like(pattern, escape="\\"))
            .exists()
        )
        conditions.append(
            or_(
                func.lower(Company.name).like(pattern, escape="\\"),
                func.lower(Company.about).like(pattern, escape="\\"),
                has_solution,
            )
        )
    if neighbourhood_slug:
        conditions.append(Company.neighbourhood.has(Neighbourhood.slug == neighbourhood_slug))
    if sector:
        conditions.append(Company.sector == sector)
    return conditions


def _solution_counts(company_ids: list[int]) -> dict[int, int]:
    if not company_ids:
        return {}
    return dict(
        db.session.execute(
            select(Solution.company_id, func.count())
            .where(Solution.company_id.in_(company_ids))
            .group_by(Solution.company_id)
        ).all()
    )


def search_companies(
    *,
    query: str = "",
    neighbourhood_slug: str | None = None,
    sector: str | None = None,
    theme_id: int | None = None,
    kind: str | None = None,
    page: int = 1,
    per_page: int = DIRECTORY_PAGE_SIZE,
) -> DirectoryPage:
    """The directory: companies whose name, about text or a solution title matches `query`
    (case-insensitive), filtered by neighbourhood and sector; verified companies first, then by
    name. Pages start at 1; a page past the end gives the last page."""
    conditions = _directory_filters(
        query=query, neighbourhood_slug=neighbourhood_slug, sector=sector, theme_id=theme_id, kind=kind
    )
    found = page_of(
        select(Company)
        .where(*conditions)
        .order_by(Company.is_verified.desc(), func.lower(Company.name), Company.id),
        page=page,
        per_page=per_page,
    )
    companies = found.items
    return DirectoryPage(
        companies,
        _solution_counts([c.id for c in companies]),
        found.total or 0,
        found.page,
        max(1, found.pages),
    )


def all_companies(*, verified: bool | None = None) -> list[Company]:
    """Every company by name, optionally only (un)verified ones (for the admin)."""
    stmt = select(Company).order_by(func.lower(Company.name))
    if verified is not None:
        stmt = stmt.where(Company.is_verified.is_(verified))
    return list(db.session.scalars(stmt))


def team_of_company(company_id: int) -> WorkplaceTeam | None:
    return db.session.scalar(select(WorkplaceTeam).where(WorkplaceTeam.company_id == company_id))


def team_by_code(code: str) -> WorkplaceTeam | None:
    return db.session.scalar(select(WorkplaceTeam).where(WorkplaceTeam.join_code == code.strip().upper()))


def membership_in_team(user_id: int) -> TeamMembership | None:
    return db.session.get(TeamMembership, user_id)


def team_member_count(team_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(TeamMembership).where(TeamMembership.team_id == team_id)
        )
        or 0
    )


@dataclass(frozen=True)
class TeamStanding:
    team_id: int
    name: str
    company_name: str
    company_slug: str
    rank: int | None  # None: no fair score (no points on the board yet, or no members)
    members: int
    active_members: int
    points: int
    co2e_g: int
    fair_score: float | None = None

    @property
    def points_per_member(self) -> float:
        return self.points / self.active_members if self.active_members else 0.0


def team_standings(period: Period, day: date) -> list[TeamStanding]:
    """Workplace teams for the period containing `day`, ranked like neighbourhoods.

    Reads the per-day aggregates (daily_activity, never the ledger): a member counts for the
    team from the local day they joined (`joined_on`) - points from the days before stay out,
    and logs dated on the joining day count even if made that morning before joining (day
    granularity). points = the sum of the members' log points on those days of the period
    (challenge bonuses are not per day, so a team total is log points), active members =
    members with a log on those days. Teams are ranked by the neighbourhoods' fair score
    (app.leaderboards.fairness.rank_by_fair_score), a team's members standing for an area's
    inhabitants: how far its points lie above what a team of its size would get if every
    member of every team were as keen. Equal scores share a rank and go by the higher total,
    then the name. Only counts and totals are exposed: membership is private.
    """
    bounds = period_days(period, day)
    in_period = () if bounds is None else (DailyActivity.day.between(*bounds),)
    per_member = (
        select(
            TeamMembership.team_id.label("team_id"),
            TeamMembership.user_id.label("user_id"),
            func.sum(DailyActivity.points).label("points"),
            func.sum(DailyActivity.co2e_g).label("co2e_g"),
        )
        .join(User, User.id == TeamMembership.user_id)
        .join(
            DailyActivity,
            and_(
                DailyActivity.participant_ref == User.public_id,
                DailyActivity.day >= TeamMembership.joined_on,
                *in_period,
            ),
        )
        .group_by(TeamMembership.team_id, TeamMembership.user_id)
        .subquery()
    )
    score = (
        select(
            per_member.c.team_id.label("team_id"),
            func.count().label("active"),
            func.coalesce(func.sum(per_member.c.points), 0).label("points"),
            func.coalesce(func.sum(per_member.c.co2e_g), 0).label("co2e_g"),
        )
        .group_by(per_member.c.team_id)
        .subquery()
    )
    members = (
        select(TeamMembership.team_id.label("team_id"), func.count().label("members"))
        .group_by(TeamMembership.team_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            WorkplaceTeam.id,
            WorkplaceTeam.name,
            Company.name,
            Company.slug,
            func.coalesce(members.c.members, 0),
            func.coalesce(score.c.active, 0),
            func.coalesce(score.c.points, 0),
            func.coalesce(score.c.co2e_g, 0),
        )
        .join(Company, Company.id == WorkplaceTeam.company_id)
        .outerjoin(members, members.c.team_id == WorkplaceTeam.id)
        .outerjoin(score, score.c.team_id == WorkplaceTeam.id)
    ).all()
    standings = [
        TeamStanding(r[0], r[1], r[2], r[3], None, int(r[4]), int(r[5]), int(r[6]), int(r[7])) for r in rows
    ]
    return [
        replace(placed.row, rank=placed.rank, fair_score=placed.score)
        for placed in rank_by_fair_score(
            standings, lambda s: GroupTotals(s.points, s.active_members, s.members), lambda s: s.name.lower()
        )
    ]


# The directory's position: (verified, the name as the database lower-cases it, id).
DirectoryKey = tuple[bool, str, int]


@dataclass(frozen=True)
class DirectorySlice:
    companies: list[Company]
    solution_counts: dict[int, int]
    next_key: DirectoryKey | None  # None: nothing after this slice


def directory_slice(
    *,
    query: str = "",
    neighbourhood_slug: str | None = None,
    sector: str | None = None,
    after: DirectoryKey | None = None,
    limit: int = DIRECTORY_PAGE_SIZE,
) -> DirectorySlice:
    """The directory in search_companies' order (verified first, then by lower-cased name, then
    id), as a keyset slice: the first `limit` companies after position `after`.

    The name in a key is the database's own lower-casing (SQLite lower-cases only ASCII), so a
    key compares exactly as the ORDER BY sorts; the id breaks ties between equal names.
    """
    conditions = _directory_filters(query=query, neighbourhood_slug=neighbourhood_slug, sector=sector)
    name_key = func.lower(Company.name)
    if after is not None:
        verified, name, company_id = after
        later_in_group = or_(name_key > name, and_(name_key == name, Company.id > company_id))
        if verified:
            conditions.append(
                or_(Company.is_verified.is_(False), and_(Company.is_verified.is_(True), later_in_group))
            )
        else:
            conditions.append(and_(Company.is_verified.is_(False), later_in_group))
    rows = db.session.execute(
        select(Company, name_key)
        .where(*conditions)
        .order_by(Company.is_verified.desc(), name_key, Company.id)
        .limit(limit + 1)
    ).all()
    companies = [row[0] for row in rows[:limit]]
    next_key = None
    if len(rows) > limit:
        last, last_name = rows[limit - 1]
        next_key = (bool(last.is_verified), str(last_name), last.id)
    return DirectorySlice(companies, _solution_counts([c.id for c in companies]), next_key)

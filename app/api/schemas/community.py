"""Shapes of areas, leaderboards, challenges and the shared vision (decimals as numbers)."""

from __future__ import annotations

import marshmallow as ma

from app.api.schemas import NeighbourhoodRefSchema, RequestSchema
from app.challenges.rules import ChallengeState, RewardKind, TargetMetric
from app.clock import Period

PERIODS = [period.value for period in Period]
STATES = [state.value for state in ChallengeState]


class PeriodQuerySchema(RequestSchema):
    period = ma.fields.String(
        load_default=Period.WEEK.value,
        validate=ma.validate.OneOf(PERIODS),
        metadata={"description": "week (Monday–Sunday, Danish time), month or all time"},
    )


class ChallengeListQuerySchema(RequestSchema):
    state = ma.fields.String(
        validate=ma.validate.OneOf(STATES), metadata={"description": "Only challenges in this state"}
    )


class VisionQuerySchema(RequestSchema):
    year = ma.fields.Integer(
        validate=ma.validate.Range(min=2000, max=2100),
        metadata={"description": "Calendar year; this year by default"},
    )


# The fair_score field of every area board (the board's own points: period or challenge points).
FAIR_SCORE = (
    "What the area is ranked by: how many standard deviations its points lie above (+) or below (-) "
    "what an area of its population would get if everyone were as keen as the whole municipality, "
    "with a Wilson-Hilferty cube-root correction for the skew of small areas' totals "
    "(app/leaderboards/fairness.py). null: no area has {points} yet, or the area has no population"
)


class NeighbourhoodSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    includes = ma.fields.String(required=True, metadata={"description": "The towns and parishes it covers"})
    population = ma.fields.Integer(required=True)
    population_year = ma.fields.Integer(allow_none=True, required=True)
    source = ma.fields.String(required=True, metadata={"description": "Where the population is from"})


class NeighbourhoodListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(NeighbourhoodSchema), required=True)


class AreaStandingSchema(ma.Schema):
    neighbourhood = ma.fields.Nested(NeighbourhoodRefSchema, required=True)
    rank = ma.fields.Integer(
        allow_none=True,
        required=True,
        metadata={
            "description": "By fair_score, highest first; equal scores share a rank. null: no "
            "fair_score (not yet ranked)"
        },
    )
    points = ma.fields.Integer(required=True)
    points_per_participant = ma.fields.Float(required=True)
    participants = ma.fields.Integer(
        required=True, metadata={"description": "Citizens with at least one log in the period"}
    )
    participation_rate = ma.fields.Float(
        required=True, metadata={"description": "Active participants ÷ population (0–1)"}
    )
    co2e_kg = ma.fields.Float(required=True, metadata={"description": "Estimate"})
    fair_score = ma.fields.Float(
        allow_none=True, required=True, metadata={"description": FAIR_SCORE.format(points="points")}
    )


class NeighbourhoodBoardSchema(ma.Schema):
    period = ma.fields.String(required=True, validate=ma.validate.OneOf(PERIODS))
    period_key = ma.fields.String(required=True, metadata={"description": "e.g. 2026-W47, 2026-11 or all"})
    formula = ma.fields.String(required=True, metadata={"description": "How areas are ranked"})
    min_participants = ma.fields.Integer(
        required=True,
        metadata={
            "description": "Deprecated, always 0: the fair score ranks every area, so no minimum of "
            "active participants is needed"
        },
    )
    items = ma.fields.List(
        ma.fields.Nested(AreaStandingSchema),
        required=True,
        metadata={"description": "Ranked areas first, then the unranked"},
    )
    mine = ma.fields.Nested(
        AreaStandingSchema,
        allow_none=True,
        required=True,
        metadata={"description": "Your area's row (citizen token), else null"},
    )


class CitizenStandingSchema(ma.Schema):
    rank = ma.fields.Integer(required=True, metadata={"description": "Among every participant of the area"})
    alias = ma.fields.String(required=True)
    points = ma.fields.Integer(required=True)
    co2e_kg = ma.fields.Float(required=True, metadata={"description": "Estimate"})
    is_me = ma.fields.Boolean(required=True)


class MyPositionSchema(ma.Schema):
    rank = ma.fields.Integer(required=True)
    of = ma.fields.Integer(required=True, metadata={"description": "Participants in the area"})
    points = ma.fields.Integer(required=True)


class CitizenBoardSchema(ma.Schema):
    neighbourhood = ma.fields.Nested(NeighbourhoodRefSchema, required=True)
    period = ma.fields.String(required=True, validate=ma.validate.OneOf(PERIODS))
    period_key = ma.fields.String(required=True)
    standing = ma.fields.Nested(
        AreaStandingSchema, required=True, metadata={"description": "The area's row of the area board"}
    )
    items = ma.fields.List(
        ma.fields.Nested(CitizenStandingSchema),
        required=True,
        metadata={"description": "The top 10 of those who chose to be shown, by alias"},
    )
    me = ma.fields.Nested(
        MyPositionSchema,
        allow_none=True,
        required=True,
        metadata={
            "description": "Your own position, shown or not (a citizen of this area "
            "with points in the period), else null"
        },
    )


class ActionRefSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    unit = ma.fields.String(required=True)


class RewardSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf([k.value for k in RewardKind]))
    bonus_points = ma.fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "Extra points per covered log (kind bonus), else null"},
    )
    multiplier = ma.fields.Float(
        allow_none=True,
        required=True,
        metadata={
            "description": "A covered log's points are multiplied by this (kind multiplier), else null"
        },
    )


class ProgressSchema(ma.Schema):
    metric = ma.fields.String(
        allow_none=True,
        required=True,
        validate=ma.validate.OneOf([m.value for m in TargetMetric]),
        metadata={"description": "What the target counts; null: no target"},
    )
    total = ma.fields.Float(
        required=True,
        metadata={
            "description": "The running total in the metric's unit (units "
            "of the covered actions without a target)"
        },
    )
    target = ma.fields.Float(
        allow_none=True, required=True, metadata={"description": "The collective target, or null"}
    )
    fraction = ma.fields.Float(
        allow_none=True,
        required=True,
        metadata={"description": "total ÷ target, capped at 1; null without a target"},
    )


class ChallengeSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True, metadata={"description": "In the requested language"})
    description = ma.fields.String(required=True)
    state = ma.fields.String(required=True, validate=ma.validate.OneOf(STATES))
    starts_on = ma.fields.Date(required=True, metadata={"description": "First day, included"})
    ends_on = ma.fields.Date(required=True, metadata={"description": "Last day, included"})
    reward = ma.fields.Nested(RewardSchema, required=True)
    actions = ma.fields.List(
        ma.fields.Nested(ActionRefSchema),
        required=True,
        metadata={"description": "The actions whose logs count"},
    )
    progress = ma.fields.Nested(ProgressSchema, required=True)
    joined = ma.fields.Boolean(
        allow_none=True, required=True, metadata={"description": "Whether you joined; null without a token"}
    )


class ChallengeListSchema(ma.Schema):
    items = ma.fields.List(
        ma.fields.Nested(ChallengeSchema),
        required=True,
        metadata={
            "description": "Running (ending soonest first), upcoming (starting soonest "
            "first), then finished (latest first)"
        },
    )


class ChallengeTotalsSchema(ma.Schema):
    joined = ma.fields.Integer(required=True)
    active = ma.fields.Integer(required=True, metadata={"description": "Joined and with a log that counted"})
    logs = ma.fields.Integer(required=True)
    points = ma.fields.Integer(required=True, metadata={"description": "Including bonus"})
    quantity = ma.fields.Float(required=True, metadata={"description": "Units of the covered actions"})
    co2e_kg = ma.fields.Float(required=True, metadata={"description": "Estimate"})


class ChallengeAreaSchema(ma.Schema):
    neighbourhood = ma.fields.Nested(NeighbourhoodRefSchema, required=True)
    rank = ma.fields.Integer(allow_none=True, required=True, metadata={"description": "null: not yet ranked"})
    points = ma.fields.Integer(required=True)
    points_per_participant = ma.fields.Float(required=True)
    participants = ma.fields.Integer(required=True, metadata={"description": "Active participants"})
    fair_score = ma.fields.Float(
        allow_none=True, required=True, metadata={"description": FAIR_SCORE.format(points="challenge points")}
    )


class ParticipationSchema(ma.Schema):
    challenge = ma.fields.String(required=True, metadata={"description": "The challenge's slug"})
    joined_at = ma.fields.DateTime(required=True)
    points = ma.fields.Integer(required=True, metadata={"description": "Including bonus"})
    bonus_points = ma.fields.Integer(required=True)
    logs = ma.fields.Integer(required=True)
    quantity = ma.fields.Float(required=True, metadata={"description": "Units of the covered actions"})
    co2e_kg = ma.fields.Float(required=True, metadata={"description": "Estimate"})


class ChallengeDetailSchema(ChallengeSchema):
    totals = ma.fields.Nested(ChallengeTotalsSchema, required=True)
    min_participants = ma.fields.Integer(
        required=True,
        metadata={
            "description": "Deprecated, always 0: the fair score ranks every area, so no minimum of "
            "active participants is needed"
        },
    )
    areas = ma.fields.List(
        ma.fields.Nested(ChallengeAreaSchema),
        required=True,
        metadata={
            "description": "Every area by its fair score in the challenge, as on the neighbourhood board"
        },
    )
    mine = ma.fields.Nested(
        ParticipationSchema,
        allow_none=True,
        required=True,
        metadata={"description": "Your part if you joined, else null"},
    )


class VisionTargetSchema(ma.Schema):
    co2e_kg = ma.fields.Integer(required=True, metadata={"description": "Set by the municipality"})
    fraction = ma.fields.Float(required=True, metadata={"description": "Reached so far, capped at 1"})


class AreaContributionSchema(ma.Schema):
    neighbourhood = ma.fields.Nested(NeighbourhoodRefSchema, required=True)
    co2e_kg = ma.fields.Float(required=True)
    points = ma.fields.Integer(required=True)
    share = ma.fields.Float(
        required=True, metadata={"description": "Of the municipality's CO2e this year (0–1)"}
    )


class TopActionSchema(ma.Schema):
    action = ma.fields.Nested(ActionRefSchema, required=True)
    logs = ma.fields.Integer(required=True)
    co2e_kg = ma.fields.Float(required=True)


class ClimateGoalSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    year = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    body = ma.fields.String(required=True)
    source_label = ma.fields.String(required=True)
    source_url = ma.fields.String(required=True, metadata={"description": "May be empty"})


class VisionSchema(ma.Schema):
    year = ma.fields.Integer(required=True)
    co2e_kg = ma.fields.Float(required=True, metadata={"description": "Saved by all citizens (estimate)"})
    points = ma.fields.Integer(required=True)
    logs = ma.fields.Integer(required=True)
    target = ma.fields.Nested(
        VisionTargetSchema,
        allow_none=True,
        required=True,
        metadata={"description": "null: no target set for the year"},
    )
    areas = ma.fields.List(
        ma.fields.Nested(AreaContributionSchema),
        required=True,
        metadata={"description": "Largest CO2e first"},
    )
    top_actions = ma.fields.List(
        ma.fields.Nested(TopActionSchema),
        required=True,
        metadata={"description": "The five most logged actions"},
    )
    climate_goals = ma.fields.List(
        ma.fields.Nested(ClimateGoalSchema),
        required=True,
        metadata={"description": "The municipality's climate plan (DK2020)"},
    )

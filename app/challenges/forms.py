"""Challenge forms: the admin's create/edit form (rendered by the admin screens) and joining."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.challenges.rules import RewardKind, TargetMetric
from app.challenges.services import ChallengeInput
from app.web.forms import LocaleDecimalField, SingleLine


class ChallengeForm(FlaskForm):
    """Shape only; `create_challenge` / `update_challenge` check the rules. The view fills
    `actions.choices` with (id, name) pairs from the catalogue."""

    slug = StringField(_l("Address (slug)"), validators=[InputRequired(), Length(max=80), SingleLine()])
    title_da = StringField(_l("Title in Danish"), validators=[InputRequired(), Length(max=120), SingleLine()])
    title_en = StringField(
        _l("Title in English"), validators=[InputRequired(), Length(max=120), SingleLine()]
    )
    description_da = TextAreaField(_l("Description in Danish"), validators=[Length(max=4000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Length(max=4000)])
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[InputRequired()])
    actions = SelectMultipleField(_l("Actions it covers"), coerce=int, validators=[InputRequired()])
    reward_kind = SelectField(
        _l("Reward"),
        choices=[
            (RewardKind.BONUS.value, _l("Bonus points per log")),
            (RewardKind.MULTIPLIER.value, _l("Multiplier on the log's points")),
        ],
    )
    reward_value = LocaleDecimalField(
        _l("Bonus points or multiplier"), places=2, validators=[InputRequired()]
    )
    target_metric = SelectField(
        _l("Collective target counts"),
        choices=[
            ("", _l("No target")),
            (TargetMetric.QUANTITY.value, _l("Units of the covered actions (e.g. km)")),
            (TargetMetric.LOGS.value, _l("Logs")),
            (TargetMetric.CO2E_KG.value, _l("kg CO2e")),
        ],
        validators=[Optional()],
    )
    target_value = LocaleDecimalField(_l("Target"), places=2, validators=[Optional()])

    def to_input(self) -> ChallengeInput:
        return ChallengeInput(
            slug=(self.slug.data or "").strip(),
            title_da=self.title_da.data or "",
            title_en=self.title_en.data or "",
            description_da=self.description_da.data or "",
            description_en=self.description_en.data or "",
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            action_ids=list(self.actions.data or []),
            reward_kind=self.reward_kind.data or "",
            reward_value=self.reward_value.data,
            target_metric=self.target_metric.data or None,
            target_value=self.target_value.data,
        )


class JoinForm(FlaskForm):
    """Joining carries nothing but the CSRF token."""

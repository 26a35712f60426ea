"""The shared-target form (used by the admin screens)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange


class VisionTargetForm(FlaskForm):
    """Shape only; `set_vision_target` checks the rules."""

    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    target_co2e_kg = IntegerField(
        _l("Target (kg CO2e saved by all citizens)"), validators=[InputRequired(), NumberRange(min=1)]
    )

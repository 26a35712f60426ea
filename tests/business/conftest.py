"""Two companies, A and B, each with a business owner."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.support.business import VALID_CVRS, CompanyRef, make_company


@pytest.fixture
def company_a(app: Flask, make_user: Any) -> CompanyRef:
    return make_company(app, make_user, name="Alfa Bageri", cvr=VALID_CVRS[0])


@pytest.fixture
def company_b(app: Flask, make_user: Any) -> CompanyRef:
    return make_company(app, make_user, name="Beta Smed", cvr=VALID_CVRS[1])

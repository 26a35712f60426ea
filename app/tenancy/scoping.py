"""One mechanism for tenant isolation: ORM reads get the municipality's criteria, flushes
stamp new rows and refuse rows of another municipality."""

from __future__ import annotations

import functools
import weakref
from typing import Any

from sqlalchemy import event, inspect, or_
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, with_loader_criteria

from app.tenancy.context import PLATFORM_OPTION, current_municipality_id
from app.tenancy.models import SharedOrTenantMixin, TenantMixin


class CrossTenantWrite(RuntimeError):
    """A write that would put or change a row in another municipality than the current one, or
    a tenant row written with no municipality to stamp it with. A bug, never a user error."""


@functools.lru_cache(maxsize=1024)
def _criteria_of(municipality_id: int) -> tuple[Any, ...]:
    """The two loader criteria for one municipality, made once: building them per statement
    costs about a third of a small ORM read (bench/floor.py). Each lambda's closure variable
    (the id) is still tracked, so SQLAlchemy's compiled cache sends it as a bound parameter."""
    return (
        with_loader_criteria(
            TenantMixin, lambda cls: cls.municipality_id == municipality_id, include_aliases=True
        ),
        with_loader_criteria(
            SharedOrTenantMixin,
            lambda cls: or_(cls.municipality_id == municipality_id, cls.municipality_id.is_(None)),
            include_aliases=True,
        ),
    )


# A statement made once (at import, with bound parameters) gets its criteria once per
# municipality: the copy with the options is kept beside it, so its SQL cache key is computed
# once too. A statement built per request is collected with its copies.
_SCOPED: weakref.WeakKeyDictionary[Any, dict[int, Any]] = weakref.WeakKeyDictionary()


def _tenant_criteria(statement: Any, municipality_id: int) -> Any:
    scoped = _SCOPED.get(statement)
    if scoped is None:
        scoped = _SCOPED.setdefault(statement, {})
    with_criteria = scoped.get(municipality_id)
    if with_criteria is None:
        with_criteria = scoped[municipality_id] = statement.options(*_criteria_of(municipality_id))
    return with_criteria


def add_tenant_criteria(state: ORMExecuteState) -> None:
    """do_orm_execute: every ORM select, update and delete sees only the current municipality's
    rows (and national rows). Column and relationship loads inherit the criteria of the
    statement that loaded their parent, so they are left alone (SQLAlchemy's own recipe)."""
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get(PLATFORM_OPTION):
        return
    municipality_id = current_municipality_id()
    if municipality_id is None:
        return
    state.statement = _tenant_criteria(state.statement, municipality_id)


def _owners(obj: Any) -> set[int | None]:
    """The municipality the row has now and the one it was loaded with."""
    history = inspect(obj).attrs.municipality_id.history
    return {*history.added, *history.unchanged, *history.deleted} or {obj.municipality_id}


def _check_new(obj: Any, municipality_id: int | None) -> None:
    if isinstance(obj, TenantMixin):
        if obj.municipality_id is None:
            if not municipality_id:
                raise CrossTenantWrite(f"{obj!r}: a new tenant row needs a municipality")
            obj.municipality_id = municipality_id
        elif municipality_id is not None and obj.municipality_id != municipality_id:
            raise CrossTenantWrite(f"{obj!r} belongs to another municipality")
    elif isinstance(obj, SharedOrTenantMixin):
        if obj.municipality_id is None:
            # A municipality's new offer or action is its own; national rows are written in
            # platform scope (the seed, later the platform admin).
            obj.municipality_id = municipality_id or None
        elif municipality_id is not None and obj.municipality_id != municipality_id:
            raise CrossTenantWrite(f"{obj!r} belongs to another municipality")


def _check_existing(obj: Any, municipality_id: int | None) -> None:
    if municipality_id is None or not isinstance(obj, TenantMixin | SharedOrTenantMixin):
        return
    owners = _owners(obj)
    if isinstance(obj, SharedOrTenantMixin):
        owners.discard(None)  # national rows: their maintenance is not a tenant's write
    if owners - {municipality_id}:
        raise CrossTenantWrite(f"{obj!r} belongs to another municipality")


def check_flush(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    """before_flush: new tenant rows get the current municipality; a new, changed or deleted row
        of another municipality stops the flush. In platform scope new rows must name their own; with
    NO_MUNICIPALITY (0) no tenant row can be written at all."""
    municipality_id = current_municipality_id()
    for obj in session.new:
        _check_new(obj, municipality_id)
    for obj in (*session.dirty, *session.deleted):
        _check_existing(obj, municipality_id)


def install_scoping() -> None:
    """Listen on every ORM session, once per process."""
    if not event.contains(Session, "do_orm_execute", add_tenant_criteria):
        event.listen(Session, "do_orm_execute", add_tenant_criteria)
    if not event.contains(Session, "before_flush", check_flush):
        event.listen(Session, "before_flush", check_flush)

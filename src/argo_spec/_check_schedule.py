"""A CronWorkflow's ``schedule``/``schedules`` and ``timezone``.

Checked as ``ValidateCronWorkflow`` does it (Argo 4.0.5 and 3.7.18), with
robfig/cron's ``ParseStandard`` (see ``_cron``).

The controller schedules what ``CronWorkflowSpec.GetSchedulesWithTimezone``
returns: with ``timezone`` set, ``withTimezone`` puts ``CRON_TZ=<timezone> ``
before each schedule, and robfig/cron's ``Parser.Parse`` strips one such
prefix only. A schedule with its own ``TZ=``/``CRON_TZ=`` prefix then has a
field too many and is never scheduled; lint parses the schedule without the
timezone and passes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from argo_spec._cron import cron_error, location_error
from argo_spec._findings import Finding, Segments, finding, quote


def check_cron_workflow(spec: Any) -> Iterator[Finding]:
    """Check a CronWorkflow spec's schedules and timezone."""
    at: Segments = ("spec",)
    schedules = spec.schedules or []
    single = getattr(spec, "schedule", None)  # 3.7 only
    if single:
        if schedules:
            yield finding(
                (*at, "schedule"),
                "set schedule or schedules, not both; move schedule into schedules",
            )
        yield from _schedule(single, (*at, "schedule"), spec.timezone)
    elif not schedules and not hasattr(spec, "schedule"):
        yield finding(
            (*at, "schedules"), "a CronWorkflow needs at least one schedule; add one"
        )
    for index, schedule in enumerate(schedules):
        yield from _schedule(schedule, (*at, "schedules", index), spec.timezone)
    if spec.timezone:
        problem = location_error(spec.timezone)
        if problem:
            yield finding(
                (*at, "timezone"),
                f"timezone {quote(spec.timezone)} is invalid ({problem}); use an "
                'IANA name such as "Europe/Paris" or "UTC"',
            )


def _schedule(schedule: str, at: Segments, timezone: str | None) -> Iterator[Finding]:
    problem = cron_error(schedule)
    if problem:
        yield finding(
            at,
            f"schedule {quote(schedule)} is invalid ({problem}); write 5 fields "
            '(minute hour day-of-month month day-of-week) such as "0 2 * * *", '
            'or "@daily" or "@every 1h"',
        )
    elif (
        timezone
        and location_error(timezone) is None
        and cron_error(f"CRON_TZ={timezone} {schedule}") is not None
    ):
        prefix = schedule.strip().split(" ", 1)[0]
        yield finding(
            at,
            f"schedule {quote(schedule)} has its own time zone prefix "
            f"{quote(prefix)} and spec.timezone is set too: the controller puts "
            f'"CRON_TZ={timezone} " before it and cannot parse the result, so the '
            "CronWorkflow never runs; remove the prefix or unset timezone",
        )

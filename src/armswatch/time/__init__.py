"""Time expressions in English text, resolved against a reference date to an interval of the calendar
and to a TimeML (TIMEX3) value: `find_time_expressions(text, reference_date) -> [TimeExpression]`."""

from armswatch.time.timex import (
    TimeExpression,
    find_time_expressions,
    interval_bounds,
    resolve_relative_date,
)

__all__ = ["TimeExpression", "find_time_expressions", "interval_bounds", "resolve_relative_date"]

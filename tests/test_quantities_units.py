"""The quantity misses issue 12 lists, on sentences written for these tests."""

from armswatch.events.quantities import find_quantities as events_find
from armswatch.quantities import find_quantities


def one(text: str) -> tuple[float, str, float | None, float | None]:
    (q,) = find_quantities(text)
    return q.value, q.unit, q.low, q.high


def test_old_path_is_the_same_function() -> None:
    assert events_find is find_quantities


def test_currency_codes_stuck_to_the_number() -> None:
    assert one("The broker was paid USD10m for the rifles.")[:2] == (10e6, "usd")
    assert one("The ministry spent EUR50m on the frigate.")[:2] == (50e6, "eur")
    assert one("The shipping firm lost HK$5.4m.")[:2] == (5.4e6, "hkd")


def test_million_of_a_measure_is_not_metres() -> None:
    assert one("The convoy carried 1.2m tons of fuel.")[:2] == (1.2e6, "tonne")
    assert one("The wall is 30m high.")[:2] == (30.0, "m")


def test_scale_serves_both_ends_of_a_range() -> None:
    assert one("Four to five thousand people crossed the border.") == (4000.0, "person", 4000.0, 5000.0)


def test_range_is_never_inverted() -> None:
    assert one("Bids ran from $200 to $4 million.") == (200.0, "usd", 200.0, 4e6)


def test_percent_range_is_one_quantity() -> None:
    assert one("Inflation stayed between 5% and 6%.") == (5.0, "percent", 5.0, 6.0)


def test_measure_beats_the_noun_after_it() -> None:
    assert one("The storm brought 50mph winds.")[:2] == (50.0, "mph")


def test_unit_vocabulary() -> None:
    assert one("The drone has a 5 kW motor.")[:2] == (5.0, "kw")
    assert one("The plant adds 2 MW of power.")[:2] == (2.0, "mw")
    assert one("The laptop held 64 GB of files.")[:2] == (64.0, "gb")
    assert one("The radar works at 50 Hz.")[:2] == (50.0, "hz")
    assert one("The truck drove at 30 mph.")[:2] == (30.0, "mph")
    assert one("The tunnel ran 100 yards.")[:2] == (100.0, "yard")
    assert one("The ship mounted a 12-inch gun.")[:2] == (12.0, "inch")
    assert one("The depot covers 500 sq m.")[:2] == (500.0, "m2")
    assert one("Exports fell 20 pc.")[:2] == (20.0, "percent")
    assert one("The patrol boat made 30 knots.")[:2] == (30.0, "knot")
    assert one("The howitzer fires 155 mm shells.")[:2] == (155.0, "mm")
    assert one("The missile flew 300 nautical miles.")[:2] == (300.0, "nmi")

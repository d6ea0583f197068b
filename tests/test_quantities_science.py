"""Quantities as scientific and technical writing states them (issue 12, MeasEval's classes of misses), on
sentences written for these tests."""

import pytest

from armswatch.quantities import find_quantities, unit_kind
from armswatch.quantities.grammar import read_unit, unit_expression


def units(text: str) -> list[tuple[float, str]]:
    return [(q.value, q.unit) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The furnace held the sample at 420 K for an hour.", (420.0, "K")),
        ("The rod failed at 12 MPa under load.", (12.0, "MPa")),
        ("Grains of 5 μm were sieved out.", (5.0, "μm")),
        ("Grains of 5 µm were sieved out.", (5.0, "μm")),  # the micro sign, not the Greek letter
        ("The gas held 37 ppm of sulphur.", (37.0, "ppm")),
        ("The shift was 4‰ in the record.", (4.0, "permille")),
        ("The beam delivered 20 keV electrons.", (20.0, "keV")),
        ("The layer sits at the 3 mbar level.", (3.0, "mbar")),
    ],
)
def test_registry_and_ratio_symbols(text: str, expected: tuple[float, str]) -> None:
    assert units(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wind speed at the mast was 7.8 m s−1 on average.", (7.8, "m.s^-1")),
        ("The band sits near 1031 cm−1 in the spectrum.", (1031.0, "cm^-1")),
        ("Water held 10 mg/L of nitrate.", (10.0, "mg.litre^-1")),
        ("The oven was heated at 5 °C/min to the set point.", (5.0, "celsius.min^-1")),
        ("A flux of 0.45 W m−2 reaches the planet.", (0.45, "w.m^-2")),
        ("Cells were charged at 12 mA g− 1 for a day.", (12.0, "mA.g^-1")),
        ("The soil held 0.4 wt.% of water.", (0.4, "wt_percent")),
        ("The blend held 80 vol% of the polymer.", (80.0, "vol_percent")),
    ],
)
def test_compound_units_and_powers(text: str, expected: tuple[float, str]) -> None:
    assert units(text)[0] == expected


def test_a_unit_followed_by_a_word_is_not_a_product() -> None:
    assert units("The detector saw 50 eV photons.")[0] == (50.0, "eV")


def test_expression_units_are_measures() -> None:
    assert unit_kind("MPa") == unit_kind("m.s^-1") == unit_kind("ppm") == "measure"
    assert unit_kind("container") == "count"


def test_news_forms_keep_their_names() -> None:
    assert units("The missile flew 900 km.") == [(900.0, "km")]
    assert units("The plot covers 24703m2.") == [(24703.0, "m2")]
    assert unit_expression("5 km", 1) is None  # a news unit alone is the finder's own reading


def test_words_and_letters_are_not_units() -> None:
    assert units("He paid 5 pounds in cash.")[0][1] != "in"
    assert unit_expression("5 Kings", 1) is None
    assert unit_expression("300K", 3) is None  # stuck on, news means 300,000


def test_read_unit_for_a_written_unit_string() -> None:
    assert read_unit("m s−1") == "m.s^-1"
    assert read_unit("μg/ml") == "ug.ml^-1"
    assert read_unit("wt. %") == "wt_percent"
    assert read_unit("Saturn radii") is None


@pytest.mark.parametrize(
    "text",
    [
        "The results are shown in Fig. 5 and discussed below.",
        "As Figs. 7 and 8 show, the trend holds.",
        "Participants were asked at phases 3, 5, and 7 about their sleep.",
        "The values are listed in Table 2.",
        "This agrees with earlier work [25].",
        "This agrees with earlier work [13, 14].",
        "The same was found before [76–80].",
        "The spectrum of complex 1 shows a weak band.",
        "The 3D survey covered the field.",
    ],
)
def test_labels_and_citations_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []

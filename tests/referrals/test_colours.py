import pytest

from referrals.colours import NotAColour, check_contrast, contrast_ratio, normalize_hex


def test_black_on_white_has_the_highest_contrast():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_a_colour_against_itself_has_no_contrast():
    assert contrast_ratio("#0b4f9c", "#0b4f9c") == pytest.approx(1.0)


def test_contrast_is_the_same_in_both_directions():
    assert contrast_ratio("#0b4f9c", "#ffffff") == contrast_ratio("#ffffff", "#0b4f9c")


def test_known_wcag_values_match():
    # #767676 is the lightest grey that passes AA on white; #777777 just fails.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_check_contrast_says_whether_it_passes_aa():
    assert check_contrast("#767676", "#fff").passes_aa
    assert not check_contrast("#777777", "#fff").passes_aa


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("#0B4F9C", "#0b4f9c"), ("0b4f9c", "#0b4f9c"), ("#fc0", "#ffcc00"), (" #abc ", "#aabbcc")],
)
def test_hex_colours_are_normalised(raw, expected):
    assert normalize_hex(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "blue", "#12345", "#gggggg", "rgb(0,0,0)", "#000;}body{display:none", "#0000000", None],
)
def test_text_that_is_not_a_hex_colour_is_refused(raw):
    with pytest.raises(NotAColour):
        normalize_hex(raw)

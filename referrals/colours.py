"""House colours: parse hex colours and check WCAG 2.x contrast, without Django.

The card prints white text on the primary colour (the header band, service numbers) and black text
on the accent colour (the appointment box). Both combinations must reach WCAG AA for normal text.
"""

import re
from dataclasses import dataclass

WCAG_AA_NORMAL_TEXT = 4.5

WHITE = "#ffffff"
BLACK = "#000000"

_HEX = re.compile(r"^#?(?P<digits>[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


class NotAColour(ValueError):
    """Raised for text that is not a hex colour like #0b4f9c or #fc0."""


def normalize_hex(value: str) -> str:
    """Return the colour as lower-case '#rrggbb'; accept '#rgb', 'rrggbb' and surrounding spaces."""
    match = _HEX.match((value or "").strip())
    if not match:
        raise NotAColour(value)
    digits = match["digits"].lower()
    if len(digits) == 3:
        digits = "".join(char * 2 for char in digits)
    return f"#{digits}"


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance, 0 for black to 1 for white."""
    hex_digits = normalize_hex(colour)[1:]
    red, green, blue = (int(hex_digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, from 1.0 (same) to 21.0 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class ContrastCheck:
    colour: str
    text_colour: str
    ratio: float

    @property
    def passes_aa(self) -> bool:
        return self.ratio >= WCAG_AA_NORMAL_TEXT


def check_contrast(colour: str, text_colour: str) -> ContrastCheck:
    return ContrastCheck(
        colour=normalize_hex(colour),
        text_colour=normalize_hex(text_colour),
        ratio=contrast_ratio(colour, text_colour),
    )

"""Validation of what an organisation uploads or types for its house style.

Logos: size is checked before any decoding, the content is sniffed (the file name is not trusted),
Pillow parses only PNG and JPEG, refuses images with too many pixels before decoding them, checks
the whole file decodes, and the image is re-encoded to a fresh PNG without metadata.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from referrals.colours import BLACK, WHITE, NotAColour, check_contrast, normalize_hex

MAX_LOGO_BYTES = 2 * 1024 * 1024
# 4 megapixels (e.g. 2500 × 1600): more than a printed logo of 60 × 30 mm needs, and a cap on
# the CPU one upload may cost (a 20-megapixel PNG took a worker 0.5–6 s to decode).
MAX_LOGO_PIXELS = 4_000_000
LOGO_MAX_SIZE = (1200, 600)  # stored size; the card prints it at most 60 × 30 mm
ALLOWED_EXTENSIONS = {".png", ".jpg", ".jpeg"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"

NOT_AN_IMAGE = _("Dit bestand is geen PNG- of JPEG-afbeelding. Kies een ander bestand.")


def logo_too_large_error(size: int | None = None) -> ValidationError:
    if size is None:  # the upload was cut off while it arrived: its full size is unknown
        return ValidationError(
            _("Dit bestand is te groot. Een logo mag maximaal %(max)s zijn."),
            code="logo_too_large",
            params={"max": filesizeformat(MAX_LOGO_BYTES)},
        )
    return ValidationError(
        _("Dit bestand is %(size)s. Een logo mag maximaal %(max)s zijn."),
        code="logo_too_large",
        params={"size": filesizeformat(size), "max": filesizeformat(MAX_LOGO_BYTES)},
    )


def _sniff(head: bytes) -> str | None:
    if head.startswith(_PNG_SIGNATURE):
        return "PNG"
    if head.startswith(_JPEG_SIGNATURE):
        return "JPEG"
    return None


def _looks_like_svg(head: bytes) -> bool:
    lowered = head.lower()
    return b"<svg" in lowered or (lowered.lstrip().startswith(b"<?xml") and b"svg" in lowered)


def clean_logo(upload) -> ContentFile:
    """Return the logo re-encoded as PNG, or raise ValidationError with a Dutch message."""
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if upload.size > MAX_LOGO_BYTES:
        raise logo_too_large_error(upload.size)
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if extension == ".svg" or _looks_like_svg(head):
        raise ValidationError(
            _("SVG-bestanden kunnen we niet gebruiken. Bewaar je logo als PNG of JPEG."),
            code="logo_svg",
        )
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Kies een bestand dat eindigt op .png, .jpg of .jpeg."), code="logo_extension"
        )
    detected = _sniff(head)
    if detected is None:
        raise ValidationError(NOT_AN_IMAGE, code="logo_not_image")

    data = upload.read()
    if detected == "JPEG" and not _jpeg_is_complete(data):
        raise _broken()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[detected]) as probe:
                # Only the header is read so far: refuse huge images before decoding any pixel.
                if probe.width * probe.height > MAX_LOGO_PIXELS:
                    raise _too_many_pixels(probe.width, probe.height)
                probe.verify()
            with Image.open(io.BytesIO(data), formats=[detected]) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGBA" if _has_transparency(image) else "RGB")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(None, None) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        # Truncated, corrupt or disguised files all end up here.
        raise _broken() from error

    image.thumbnail(LOGO_MAX_SIZE)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.png")


def _jpeg_is_complete(data: bytes) -> bool:
    """libjpeg silently fills a truncated JPEG with grey; require the end-of-image marker after
    the start of the scan (entropy-coded data can never contain FF D9)."""
    start_of_scan = data.find(b"\xff\xda")
    return start_of_scan != -1 and data.rfind(b"\xff\xd9") > start_of_scan


def _broken() -> ValidationError:
    return ValidationError(
        _("Dit bestand is beschadigd of onvolledig. Bewaar je logo opnieuw als PNG of JPEG."),
        code="logo_broken",
    )


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info


def _too_many_pixels(width, height) -> ValidationError:
    if width and height:
        return ValidationError(
            _("Dit logo is %(width)s × %(height)s pixels. Dat is te groot. Maak het kleiner."),
            code="logo_too_many_pixels",
            params={
                "width": number_format(width, force_grouping=True),
                "height": number_format(height, force_grouping=True),
            },
        )
    return ValidationError(
        _("Dit logo heeft te veel pixels. Maak het kleiner."), code="logo_too_many_pixels"
    )


def _format_ratio(ratio: float) -> str:
    return number_format(round(ratio, 1), decimal_pos=1)


def clean_primary_colour(value: str) -> str:
    """The primary colour carries white text (header band), so it must be dark enough."""
    colour = _parse_colour(value)
    result = check_contrast(colour, WHITE)
    if not result.passes_aa:
        raise ValidationError(
            _(
                "De hoofdkleur %(colour)s is te licht. Witte tekst erop heeft een contrast van "
                "%(ratio)s:1, en voor goed leesbare tekst is minstens 4,5:1 nodig (WCAG AA). "
                "Kies een donkerdere kleur."
            ),
            code="primary_low_contrast",
            params={"colour": colour, "ratio": _format_ratio(result.ratio)},
        )
    return colour


def clean_accent_colour(value: str) -> str:
    """The accent colour carries black text (appointment box), so it must be light enough."""
    colour = _parse_colour(value)
    result = check_contrast(colour, BLACK)
    if not result.passes_aa:
        raise ValidationError(
            _(
                "De accentkleur %(colour)s is te donker. Zwarte tekst erop heeft een contrast van "
                "%(ratio)s:1, en voor goed leesbare tekst is minstens 4,5:1 nodig (WCAG AA). "
                "Kies een lichtere kleur."
            ),
            code="accent_low_contrast",
            params={"colour": colour, "ratio": _format_ratio(result.ratio)},
        )
    return colour


def _parse_colour(value: str) -> str:
    try:
        return normalize_hex(value)
    except NotAColour as error:
        raise ValidationError(
            _("Dit is geen kleur. Geef een hexcode zoals #0b4f9c."), code="invalid_colour"
        ) from error

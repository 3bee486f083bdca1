"""Makes fonts/VBHCSerif-*.ttf from Liberation Serif 2.1.5 (SIL OFL 1.1).

    pip install fonttools
    python3 fonts/dehint.py DIR_WITH_LiberationSerif-*.ttf fonts/

Two changes, nothing else (outlines, advance widths, cmap, kerning and layout tables stay):

1. The TrueType hinting is removed (each glyph's instructions, and the `fpgm`, `prep` and `cvt `
   tables). It is three fifths of the bytes of the font that a PDF embeds, and every PDF
   compresses its subsets of the font anew: without it a PDF is 30-42 % smaller and made
   about 10 % faster. PDF viewers and printers render the outlines without these hints.
2. The font is renamed: a Modified Version may not use the Reserved Font Names (Liberation,
   Tinos) under the OFL, so its names say VBHC Serif and the trademark notice is dropped.
"""

import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FACES = {
    "Regular": "VBHC Serif",
    "Bold": "VBHC Serif Bold",
    "Italic": "VBHC Serif Italic",
    "BoldItalic": "VBHC Serif Bold Italic",
}
HINTING_TABLES = ["fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX"]
DESCRIPTION = (
    "Liberation Serif 2.1.5 without its TrueType hinting, renamed as the SIL Open Font License "
    "requires of a Modified Version, for vbhc. Liberation Serif is based on Tinos, designed by "
    "Steve Matteson, metrically compatible with Times New Roman."
)


def make(source: Path, target: Path, face: str) -> None:
    font = TTFont(source, recalcTimestamp=False)
    for tag in HINTING_TABLES:
        if tag in font:
            del font[tag]
    glyf = font["glyf"]
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        glyph.expand(glyf)
        glyph.removeHinting()
    maxp = font["maxp"]
    for field in ["maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxStorage", "maxTwilightPoints"]:
        setattr(maxp, field, 0)
    maxp.maxZones = 1

    full = FACES[face]
    postscript = "VBHCSerif" if face == "Regular" else f"VBHCSerif-{face}"
    names = font["name"]
    names.removeNames(nameID=7)  # "Liberation is a trademark of Red Hat, Inc."
    for record in names.names:
        text = {
            1: "VBHC Serif",
            3: f"{full} 2.1.5",
            4: full,
            6: postscript,
            10: DESCRIPTION,
        }.get(record.nameID)
        if text is not None:
            record.string = text
    # The names a font is known by (family, face, full, PostScript, typographic): none may
    # keep a Reserved Font Name; the description (10) says what the font was made from.
    for record in names.names:
        value = record.toUnicode()
        if record.nameID in (1, 2, 3, 4, 6, 16, 17, 18, 21, 22, 25) and (
            "Liberation" in value or "Tinos" in value
        ):
            raise SystemExit(f"{source.name}: name {record.nameID} still says {value!r}")
    font.save(target)


def main() -> None:
    source_dir, target_dir = Path(sys.argv[1]), Path(sys.argv[2])
    for face in FACES:
        make(source_dir / f"LiberationSerif-{face}.ttf", target_dir / f"VBHCSerif-{face}.ttf", face)


if __name__ == "__main__":
    main()

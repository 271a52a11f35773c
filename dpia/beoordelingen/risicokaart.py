"""The risk map (risicokartering) as an SVG picture, drawn on the server: severity (vertical) against likelihood
(horizontal), each risk before the action plan (open circle) and after it (filled circle, joined by a dashed line).

Plain SVG presentation attributes only (no script, no style attribute), so it passes the CSP in the page and renders
the same in WeasyPrint's PDF.
"""
from markupsafe import Markup, escape

from dpia.beoordelingen.codes import Niveau
from dpia.beoordelingen.models import Dpia

CEL = 92
LINKS, BOVEN, ONDER = 118, 34, 64
KLEUREN = {2: "#d9efd8", 3: "#d9efd8", 4: "#fff3c4", 5: "#ffd8a8", 6: "#f8c4c0", 7: "#f8c4c0", 8: "#f8c4c0"}
VOOR_KLEUR, NA_KLEUR = "#1a4f8b", "#1a4f8b"
NIVEAUS = list(Niveau)


def _midden(ernst: Niveau, waarschijnlijkheid: Niveau) -> tuple[float, float]:
    x = LINKS + (waarschijnlijkheid.rang - 0.5) * CEL
    y = BOVEN + (4 - ernst.rang + 0.5) * CEL
    return x, y


def _spreid(punten: list[tuple[str, str, Niveau, Niveau]]) -> dict[tuple[str, str], tuple[float, float]]:
    """Place markers that share a cell side by side (up to 6 per cell, two rows of three)."""
    per_cel: dict[tuple[Niveau, Niveau], list] = {}
    for sleutel, soort, ernst, waarschijnlijkheid in punten:
        per_cel.setdefault((ernst, waarschijnlijkheid), []).append((sleutel, soort))
    plek = {}
    for (ernst, waarschijnlijkheid), items in per_cel.items():
        mx, my = _midden(ernst, waarschijnlijkheid)
        for i, item in enumerate(items[:6]):
            kolom, rij = i % 3, i // 3
            aantal_rijen = 1 if len(items) <= 3 else 2
            in_rij = min(3, len(items) - rij * 3)
            plek[item] = (mx + (kolom - (in_rij - 1) / 2) * 28, my + (rij - (aantal_rijen - 1) / 2) * 30)
    return plek


def svg(dpia: Dpia, titel: str = "Risicokaart") -> Markup:
    breedte, hoogte = LINKS + 4 * CEL + 16, BOVEN + 4 * CEL + ONDER
    delen = [f'<svg xmlns="http://www.w3.org/2000/svg" class="dpia-risicokaart" width="{breedte}" '
             f'height="{hoogte}" viewBox="0 0 {breedte} {hoogte}" role="img" aria-labelledby="risicokaart-titel '
             f'risicokaart-beschrijving" font-family="sans-serif">',
             f'<title id="risicokaart-titel">{escape(titel)}</title>',
             f'<desc id="risicokaart-beschrijving">{escape(beschrijving(dpia))}</desc>']
    x: float
    y: float
    for e in NIVEAUS:
        for w in NIVEAUS:
            x, y = LINKS + (w.rang - 1) * CEL, BOVEN + (4 - e.rang) * CEL
            delen.append(f'<rect x="{x}" y="{y}" width="{CEL}" height="{CEL}" fill="{KLEUREN[e.rang + w.rang]}" '
                         f'stroke="#ffffff" stroke-width="2"/>')
    for n in NIVEAUS:
        y = BOVEN + (4 - n.rang + 0.5) * CEL + 4
        delen.append(f'<text x="{LINKS - 8}" y="{y}" text-anchor="end" font-size="12" fill="#222222">'
                     f'{Niveau(n).label}</text>')
        x = LINKS + (n.rang - 0.5) * CEL
        delen.append(f'<text x="{x}" y="{BOVEN + 4 * CEL + 18}" text-anchor="middle" font-size="12" '
                     f'fill="#222222">{Niveau(n).label}</text>')
    delen.append(f'<text x="{LINKS + 2 * CEL}" y="{BOVEN + 4 * CEL + 42}" text-anchor="middle" font-size="13" '
                 f'font-weight="bold" fill="#222222">Waarschijnlijkheid</text>')
    delen.append(f'<text x="{LINKS}" y="{BOVEN - 12}" text-anchor="end" font-size="13" font-weight="bold" '
                 f'fill="#222222">Ernst</text>')

    punten = []
    for r in dpia.risicos:
        if r.ernst and r.waarschijnlijkheid:  # scored (r.gescoord)
            punten.append((r.letter, "voor", r.ernst, r.waarschijnlijkheid))
        if r.gescoord and r.ernst_na and r.waarschijnlijkheid_na:
            punten.append((r.letter, "na", r.ernst_na, r.waarschijnlijkheid_na))
    plek = _spreid(punten)
    for r in dpia.risicos:
        voor, na = plek.get((r.letter, "voor")), plek.get((r.letter, "na"))
        if voor and na and voor != na:
            delen.append(f'<line x1="{voor[0]:.1f}" y1="{voor[1]:.1f}" x2="{na[0]:.1f}" y2="{na[1]:.1f}" '
                         f'stroke="{VOOR_KLEUR}" stroke-width="1.5" stroke-dasharray="4 3"/>')
    for (letter, soort), (x, y) in plek.items():
        gevuld = soort == "na"
        delen.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12" fill="{NA_KLEUR if gevuld else "#ffffff"}" '
                     f'stroke="{VOOR_KLEUR}" stroke-width="2"/>')
        delen.append(f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="11" font-weight="bold" '
                     f'fill="{"#ffffff" if gevuld else VOOR_KLEUR}">{escape(letter)}</text>')
    delen.append("</svg>")
    return Markup("".join(delen))


def beschrijving(dpia: Dpia) -> str:
    """The map in words, for screen readers and the PDF's text."""
    zinnen = []
    for r in dpia.risicos:
        if not (r.ernst and r.waarschijnlijkheid):  # not scored (r.gescoord)
            zinnen.append(f"({r.letter}) {r.naam}: nog niet geschat.")
            continue
        zin = (f"({r.letter}) {r.naam}: ernst {Niveau(r.ernst).label.lower()}, waarschijnlijkheid "
               f"{Niveau(r.waarschijnlijkheid).label.lower()}")
        if r.ernst_na and r.waarschijnlijkheid_na:
            zin += (f"; na het actieplan ernst {Niveau(r.ernst_na).label.lower()}, waarschijnlijkheid "
                    f"{Niveau(r.waarschijnlijkheid_na).label.lower()}")
        zinnen.append(zin + ".")
    return " ".join(zinnen) or "Geen risico's."

"""Writes network/data/world-110m.json: the network map's country shapes, {alpha-2: SVG path}.

Source: world-atlas 2 by Mike Bostock (countries-110m.json, ISC licence), drawn from Natural
Earth's 1:110m admin-0 countries (public domain). Fetch and run it once, from the project root:

    (cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz)
    .venv/bin/python scripts/build_world_map.py /tmp/package/countries-110m.json

The TopoJSON arcs are decoded into rings, projected with Robinson's projection into the map's
viewBox (network.members.map.WIDTH x HEIGHT, Antarctica left out) and written as relative path
commands rounded to a tenth of a unit; ISO 3166-1 numeric ids become alpha-2 codes (features
without one, such as Kosovo or Somaliland, are left out). The app only reads the JSON.
"""

import json
import math
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from network.members.map import HEIGHT, SHAPES_FILE, WIDTH  # noqa: E402

NORTH = 84.0  # the map's top edge, just north of Greenland; its bottom is at HEIGHT

# Robinson's table: (X, Y) every 5 degrees of latitude from the equator to the pole.
ROBINSON = [
    (1.0000, 0.0000), (0.9986, 0.0620), (0.9954, 0.1240), (0.9900, 0.1860), (0.9822, 0.2480),
    (0.9730, 0.3100), (0.9600, 0.3720), (0.9427, 0.4340), (0.9216, 0.4958), (0.8962, 0.5571),
    (0.8679, 0.6176), (0.8350, 0.6769), (0.7986, 0.7346), (0.7597, 0.7903), (0.7186, 0.8435),
    (0.6732, 0.8936), (0.6213, 0.9394), (0.5722, 0.9761), (0.5322, 1.0000),
]  # fmt: skip
RADIUS = WIDTH / (2 * math.pi * 0.8487)


def robinson(lon: float, lat: float) -> tuple[float, float]:
    """Planar (x, y), y growing northwards, the equator and Greenwich at 0."""
    step = min(abs(lat), 89.999) / 5
    low, share = int(step), step - int(step)
    (x0, y0), (x1, y1) = ROBINSON[low], ROBINSON[low + 1]
    x_factor, y_factor = x0 + (x1 - x0) * share, y0 + (y1 - y0) * share
    return (
        0.8487 * RADIUS * x_factor * math.radians(lon),
        math.copysign(1.3523 * RADIUS * y_factor, lat),
    )


TOP = robinson(0, NORTH)[1]


def projected(lon: float, lat: float) -> tuple[float, float]:
    x, y = robinson(lon, lat)
    return round(x + WIDTH / 2, 1), round(TOP - y, 1)


def decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrapped(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring crossing the antimeridian (Fiji, Chukotka) made continuous, then drawn on both
    edges of the map; the viewBox clips what lies beyond."""
    lon0, lat0 = points[0]
    continuous, shift = [(lon0, lat0)], 0.0
    for (previous, _), (lon, lat) in zip(points, points[1:], strict=False):
        if lon - previous > 180:
            shift -= 360
        elif previous - lon > 180:
            shift += 360
        continuous.append((lon + shift, lat))
    lons = [lon for lon, _ in continuous]
    copies = [continuous]
    if max(lons) > 180:
        copies.append([(lon - 360, lat) for lon, lat in continuous])
    if min(lons) < -180:
        copies.append([(lon + 360, lat) for lon, lat in continuous])
    return copies


def number(value: float) -> str:
    """Its shortest form: 12, 0.5 as .5, -0.5 as -.5."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if text == "-0":
        return "0"
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def subpath(points: list[tuple[float, float]]) -> str:
    """One closed ring as relative moves: the first point, then each step from the last."""
    kept = []
    for point in (projected(lon, lat) for lon, lat in points):
        if not kept or point != kept[-1]:
            kept.append(point)
    if len(kept) > 1 and kept[0] == kept[-1]:
        kept.pop()
    if len(kept) < 3:
        return ""
    steps = [
        f"{number(x - px)} {number(y - py)}".replace(" -", "-")
        for (px, py), (x, y) in zip(kept, kept[1:], strict=False)
    ]
    return f"M{number(kept[0][0])} {number(kept[0][1])}l" + " ".join(steps).replace(" -", "-") + "z"


def country_path(polygons: list[list[list[int]]], arcs) -> str:
    return "".join(
        subpath(copy)
        for polygon in polygons
        for indexes in polygon
        for copy in unwrapped(ring(indexes, arcs))
    )


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text())
    arcs = decoded_arcs(topology)
    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if "id" not in geometry or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        country = pycountry.countries.get(numeric=str(geometry["id"]).zfill(3))
        if country is None or country.alpha_2 == "AQ":
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        if path := country_path(polygons, arcs):
            shapes[country.alpha_2] = path
    SHAPES_FILE.write_text(json.dumps(dict(sorted(shapes.items())), separators=(",", ":")) + "\n")
    size = SHAPES_FILE.stat().st_size // 1024
    print(f"{len(shapes)} countries in {WIDTH}x{HEIGHT}, {size} KB: {SHAPES_FILE}")


if __name__ == "__main__":
    main(sys.argv[1])

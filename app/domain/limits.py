"""Package limits of seed 000: each side at most 30 cm, at most 27,000 cm³, at most 10 kg."""

from __future__ import annotations

from decimal import Decimal

MAX_SIDE_CM = Decimal("30")
MAX_VOLUME_CM3 = Decimal("27000")
MAX_WEIGHT_KG = Decimal("10")


def limit_violations(length_cm: Decimal, width_cm: Decimal, height_cm: Decimal, weight_kg: Decimal) -> list[str]:
    """Every limit the package breaks, one clear sentence each; empty when it may be sent."""
    problems = []
    for name, side in (("length", length_cm), ("width", width_cm), ("height", height_cm)):
        if side <= 0:
            problems.append(f"The {name} must be more than 0 cm.")
        elif side > MAX_SIDE_CM:
            problems.append(f"The {name} is {side} cm; each side may be at most {MAX_SIDE_CM} cm.")
    volume = length_cm * width_cm * height_cm
    if volume > MAX_VOLUME_CM3:
        problems.append(f"The volume is {volume:,} cm³; at most {MAX_VOLUME_CM3:,} cm³ is accepted.")
    if weight_kg <= 0:
        problems.append("The weight must be more than 0 kg.")
    elif weight_kg > MAX_WEIGHT_KG:
        problems.append(f"The weight is {weight_kg} kg; at most {MAX_WEIGHT_KG} kg is accepted.")
    return problems

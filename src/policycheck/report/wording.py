"""Words the report formats share: the title, status labels, where a quote stands, the closing note."""

from __future__ import annotations

import re

from policycheck.model import Location, Status

TITLE = "PSEAH policy gap report"
LABELS = {
    Status.MET: "Met",
    Status.PARTIAL: "Partial",
    Status.MISSING: "Missing",
    Status.WAIVED: "Waived",
}
CLOSING = (
    "policycheck judges what the text says, not whether it is applied: training, screening "
    "and case handling need evidence of practice."
)
# Characters XML 1.0 cannot carry; a damaged PDF's text layer can hold them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def where(location: Location) -> str:
    """'policy.pdf · p. 3 · clause 4.2 · 4. Reporting · para. 12', as a reader would cite it."""
    parts = [location.file]
    if location.page:
        parts.append(f"p. {location.page}")
    if location.line:
        parts.append(f"line {location.line}")
    if location.clause:
        parts.append(f"clause {location.clause}")
    if location.section_trail:
        parts.append(location.section_trail)
    parts.append(f"para. {location.paragraph}")
    return " · ".join(parts)


def xml_safe(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)

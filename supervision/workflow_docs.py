"""State diagrams generated from the django-fsm transitions, so the docs follow the code.

``python manage.py workflow_docs`` rewrites ``docs/workflows.md``; a test fails when the file is
out of date. Add a state machine to ``WORKFLOWS`` to document it.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import translation

# (model label, state field, title)
WORKFLOWS = [
    ("registry.Desk", "status", "Desk status (LLKO)"),
    ("registry.Location", "licence_status", "Location licence status"),
    ("obligations.AnnualReport", "state", "Annual registration report"),
    ("cases.Case", "state", "Case (dossier)"),
    ("sanctions.EnforcementTrack", "state", "Enforcement track (see sanctions.md)"),
    ("sanctions.Decision", "state", "Decision (four eyes)"),
    ("sanctions.Objection", "outcome", "Objection"),
]

DOC_PATH = Path(settings.BASE_DIR) / "docs" / "workflows.md"

HEADER = """# State machines

Generated from the code by `python manage.py workflow_docs`; do not edit by hand (a test compares
this file with the transitions in the code). Every transition runs through the app's service
(`services.py`), which locks the row, checks the guards and the permission, and records who, when
and why in the history.
"""


def mermaid(model, field_name):
    field = model._meta.get_field(field_name)
    labels = dict(field.choices)
    lines = ["stateDiagram-v2"]
    for value, label in field.choices:
        lines.append(f"    {value}: {value} ({label})")
    lines.append(f"    [*] --> {field.default}")
    edges = sorted((str(t.source), str(t.target), t.name) for t in field.get_all_transitions(model))
    for source, target, name in edges:
        if source in labels:
            lines.append(f"    {source} --> {target}: {name}")
    return "\n".join(lines)


def render():
    parts = [HEADER]
    with translation.override("nl"):
        for label, field_name, title in WORKFLOWS:
            model = apps.get_model(label)
            parts.append(
                f"## {title}\n\n`{label}.{field_name}`\n\n```mermaid\n{mermaid(model, field_name)}\n```\n"
            )
    return "\n".join(parts)

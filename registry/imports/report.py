"""The report of an import: what happens to each row, the errors, the summary."""

from dataclasses import dataclass, field

from .messages import message

NEW, UPDATE, SKIP = "new", "update", "skip"  # the row outcomes (import-export's names)

PREVIEW_ROWS = 200


@dataclass
class RowOutcome:
    line: int
    key: str
    action: str  # NEW, UPDATE or SKIP
    instance: object = None


@dataclass
class ImportReport:
    kind: str
    file_name: str = ""
    dry_run: bool = False
    errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    organisations_created: int = 0

    @property
    def refused(self):
        return bool(self.errors)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self):
        return self.count(NEW)

    @property
    def updated(self):
        return self.count(UPDATE)

    @property
    def unchanged(self):
        return self.count(SKIP)

    @property
    def summary(self):
        text = message(
            "summary", created=self.created, updated=self.updated, unchanged=self.unchanged
        )
        if self.organisations_created:
            text += message("organisations_created", count=self.organisations_created)
        if self.dry_run:
            text = message("dry_run", summary=text)
        return text

    @property
    def preview_rows(self):
        """The first rows that would be created or changed (for a preview page)."""
        return [row for row in self.rows if row.action != SKIP][:PREVIEW_ROWS]

    @property
    def refusal_heading(self):
        return message("refused", count=len(self.errors))

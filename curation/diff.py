"""A report's corrections, field by field, against the listing or resource as it is now."""

from dataclasses import dataclass

from django.db import models

from curation.models import GroupReport, ResourceReport


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    now: str  # what the field says now
    proposed: str  # what the report says it should say
    seen: str  # what it said when the report was sent

    @property
    def is_done(self) -> bool:
        """The item says this already."""
        return self.now == self.proposed

    @property
    def changed_since(self) -> bool:
        """Someone changed the field after the report was sent."""
        return self.now != self.seen


def shown(field: models.Field, value) -> str:
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def field_changes(report: GroupReport | ResourceReport, item: models.Model) -> list[FieldChange]:
    changes = []
    names = {f.name for f in item._meta.fields}
    for name, proposed in report.proposed.items():
        if name not in names:
            continue  # a field since removed from the model: nothing to apply
        field = item._meta.get_field(name)
        changes.append(
            FieldChange(
                name=name,
                label=str(field.verbose_name).capitalize(),
                now=shown(field, getattr(item, field.attname)),
                proposed=shown(field, proposed),
                seen=shown(field, report.seen.get(name)),
            )
        )
    return changes

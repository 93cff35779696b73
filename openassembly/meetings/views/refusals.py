"""A refused meeting action comes back on the page it was taken from, never a page of its own.

The action's form (if it has one) is shown bound to what was typed, with the reason by the
field; a button's refusal is shown next to the thing it was about (the motion, the item, the
point of order); the page opens with the error summary either way (core/forms_flow.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.http import HttpRequest, QueryDict

from openassembly.core.errors import ServiceError
from openassembly.core.forms_flow import Problem, problems_of, status_for

# Where each kind of target's controls are on the meeting page, for the summary's link.
_ANCHORS = {
    "item": "item-{pk}",
    "motion": "motion-{pk}",
    "point": "point-{pk}",
}


@dataclass(frozen=True)
class Refusal:
    """What the page needs to show a refused action where it was taken."""

    action: str
    message: str
    status: int
    rule: str = ""
    form: forms.Form | None = None
    target: str = ""
    pk: int | None = None
    post: QueryDict = field(default_factory=QueryDict)
    # The field the reason is about; "confirm" asks the person to confirm a step.
    field: str = ""

    @classmethod
    def of(cls, action: str, request: HttpRequest, *, error: ServiceError | None,
           form: forms.Form | None, target: str) -> Refusal:
        raw = request.POST.get(target, "") if target else ""
        return cls(
            action=action,
            message=str(error) if error is not None else "",
            status=status_for(error),
            rule=getattr(error, "rule", "") if error is not None else "",
            form=form, target=target, pk=int(raw) if raw.isdigit() else None,
            post=request.POST, field=getattr(error, "field", "") if error is not None else "",
        )

    def is_for(self, action: str, pk: int | None = None) -> bool:
        """Whether this refusal belongs to the control of ``action`` on object ``pk``."""
        return self.action == action and (pk is None or self.pk == pk)

    @property
    def text(self) -> str:
        """The reason, to show next to a control that has no form fields of its own."""
        if self.message:
            return self.message
        return " ".join(str(e) for errors in (self.form.errors.values() if self.form else ())
                        for e in errors)

    @property
    def anchor(self) -> str:
        if self.action == "record-attendance-many" and self.field.startswith("holder-"):
            return self.field  # the row's proxy picker on the attendance checklist
        pattern = _ANCHORS.get(self.target)
        return pattern.format(pk=self.pk) if pattern and self.pk is not None else ""

    def context(self) -> dict:
        """The refusal's part of a page's context: the summary, the rule, the refusal."""
        problems = problems_of(self.form, anchor=self.anchor)
        if not problems:
            problems = [Problem(self.message, f"#{self.anchor}" if self.anchor else "")]
        return {"problems": problems, "problem_rule": self.rule, "refused": self}

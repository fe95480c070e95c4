"""The public's forms (suggest a listing or a resource, report a problem, correct the details)
and the curators' decision forms. Forms validate and normalise; curation.services stores."""

import copy
import functools

from django import forms

from curation.models import (
    GroupReport,
    GroupSuggestion,
    ModerationStatus,
    ResourceReport,
    ResourceSuggestion,
)
from curation.spam import SpamChecks
from groups.geo import US_STATES
from groups.models import Category, ListingKind, SupportGroup
from resources.models import Resource

SENDER_FIELDS = ["submitter_name", "submitter_email", "submitter_phone"]
SENDER_LABELS = {
    "submitter_name": "Your name",
    "submitter_email": "Your email",
    "submitter_phone": "Your phone number",
}


class SubmissionForm(SpamChecks, forms.ModelForm):
    """A public form: spam checks, and the sender's optional contact details last."""

    @property
    def main_fields(self) -> list:
        return [field for field in self.visible_fields() if field.name not in SENDER_FIELDS]

    @property
    def sender_fields(self) -> list:
        return [self[name] for name in SENDER_FIELDS if name in self.fields]

    def clean_state(self) -> str:
        state = self.cleaned_data.get("state", "").strip().upper()
        if state and state not in US_STATES:
            raise forms.ValidationError("Enter a state as its two letters, such as GA.")
        return state


class ListingSuggestionForm(SubmissionForm):
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.filter(is_separated=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What is it about? (optional)",
    )

    class Meta:
        model = GroupSuggestion
        fields = [
            "kind",
            "name",
            "organization_name",
            "description",
            "categories",
            "format",
            "city",
            "state",
            "postal_code",
            "schedule",
            "contact",
            "website",
            "runs_it",
            *SENDER_FIELDS,
        ]
        labels = {
            "kind": "What kind of support is it?",
            "name": "Its name",
            "organization_name": "Who runs it (optional)",
            "description": "What is it like, and who is it for?",
            "format": "How do people take part? (optional)",
            "city": "Town or city (optional)",
            "state": "State (optional)",
            "postal_code": "ZIP code (optional)",
            "schedule": "When does it meet, or when is it open? (optional)",
            "contact": "How do people get in touch? (optional)",
            "website": "Its website (optional)",
            "runs_it": "I run it or work for the people who do",
            **SENDER_LABELS,
        }
        help_texts = {
            "description": "A few plain sentences are enough.",
            "city": "Only the town: please don't give a street address of a confidential place.",
            "schedule": "For example: Tuesdays 6 to 7:30 pm, or weekdays 9 am to 5 pm.",
            "contact": "A phone number, email or the steps to join.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "schedule": forms.Textarea(attrs={"rows": 2}),
            "contact": forms.Textarea(attrs={"rows": 2}),
            "state": forms.TextInput(attrs={"size": 3, "autocomplete": "off"}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ListingKind.choices
        self.fields["kind"].initial = None  # nothing is picked for the person (rule 9)
        self.fields["format"].choices = [("", "Not sure"), *self.fields["format"].choices[1:]]


class ResourceSuggestionForm(SubmissionForm):
    class Meta:
        model = ResourceSuggestion
        fields = ["title", "url", "kind", "publisher", "description", *SENDER_FIELDS]
        labels = {
            "title": "Its title",
            "url": "Where to find it (web address)",
            "kind": "What kind of resource is it? (optional)",
            "publisher": "Who published it (optional)",
            "description": "Why is it useful, and who is it for? (optional)",
            **SENDER_LABELS,
        }
        help_texts = {
            "url": "Such as https://example.org/guide",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Not sure"), *self.fields["kind"].choices[1:]]


REPORT_LABELS = {
    "problem": "What is wrong?",
    "details": "Tell us more (optional)",
    **SENDER_LABELS,
}
REPORT_HELP = {
    "details": "Please don't include anything that could identify you or someone else.",
}


class ReportForm(SubmissionForm):
    class Meta:
        fields = ["problem", "details", *SENDER_FIELDS]
        labels = REPORT_LABELS
        help_texts = REPORT_HELP
        widgets = {"problem": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Radio buttons need no "---------" choice: none is picked until the person picks one.
        self.fields["problem"].choices = self._meta.model.Problem.choices


class GroupReportForm(ReportForm):
    class Meta(ReportForm.Meta):
        model = GroupReport


class ResourceReportForm(ReportForm):
    class Meta(ReportForm.Meta):
        model = ResourceReport


# The details a report may correct, by kind of listing; days and times are told in words.
LISTING_CORRECTABLE = [
    "name",
    "summary",
    "description",
    "how_to_join",
    "what_happens_next",
    "cost",
    "cost_note",
    "contact_phone",
    "contact_text",
    "contact_email",
    "contact_website",
    "safe_contact_hours",
]
CORRECTABLE_BY_KIND = {
    ListingKind.WARMLINE: ["contact_chat", "who_may_call"],
    ListingKind.PEER_RESPITE: ["stay_length", "eligibility"],
}
RESOURCE_CORRECTABLE = ["title", "summary", "url", "publisher", "authors", "year", "phone"]


def correctable_fields(item: SupportGroup | Resource) -> list[str]:
    if isinstance(item, Resource):
        return RESOURCE_CORRECTABLE
    return LISTING_CORRECTABLE + CORRECTABLE_BY_KIND.get(item.kind, [])


class CorrectionForm(forms.ModelForm):
    """The item's details, filled in as they are now, for the sender to change. Never saved:
    what changed is stored on a report for curators to apply (curation.services)."""

    prefix = "fix"

    def __init__(self, *args, item: SupportGroup | Resource, **kwargs) -> None:
        super().__init__(*args, instance=item, **kwargs)
        if self.is_bound:
            # A field not sent at all (a report from a page without the corrections) is a
            # field left as it is.
            self.data = self.data.copy()
            for name in self.fields:
                key = self.add_prefix(name)
                if key not in self.data:
                    value = self.initial.get(name)
                    self.data[key] = "" if value is None else value
                elif isinstance(self.data[key], str):
                    # Browsers send a text box's lines ending in CR LF; what is stored ends in
                    # LF, and an unchanged box must not count as a change.
                    self.data[key] = self.data[key].replace("\r\n", "\n")
        for field in self.fields.values():
            field.required = False  # a field left empty is a field left as it is
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3

    def clean(self):
        cleaned = super().clean()
        # Emptying a field the listing needs means "I don't know", not "remove it".
        for name in self.changed_data:
            if cleaned.get(name) in ("", None) and not self._meta.model._meta.get_field(name).blank:
                self.add_error(name, "Leave this as it was if you are not sure what it says.")
        return cleaned

    def _post_clean(self) -> None:
        # Check the corrected values the way the model would, on a copy that is never saved.
        self.instance = copy.copy(self.instance)
        super()._post_clean()

    @property
    def proposed(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}

    @property
    def seen(self) -> dict:
        return {name: self.initial.get(name) for name in self.changed_data}


def correction_form(item: SupportGroup | Resource, data=None) -> CorrectionForm:
    return correction_form_class(type(item), tuple(correctable_fields(item)))(data, item=item)


@functools.cache
def correction_form_class(model: type, fields: tuple[str, ...]) -> type[CorrectionForm]:
    """One form class for each model and set of fields, made once."""
    return forms.modelform_factory(
        model,
        form=CorrectionForm,
        fields=fields,
        widgets={"summary": forms.Textarea} if model is Resource else None,
    )


class ChangeNoteForm(forms.Form):
    """What an organiser or a listing's contact says changed, beside their corrections."""

    details = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What changed? (optional)",
        help_text="New days or times, a move, a pause, or anything the details below can't say.",
    )


class DecisionForm(forms.Form):
    """A curator's decision on a submission, with the reason for it."""

    ACTIONS = [
        ("review", "Start reviewing it"),
        ("accept", "Accept it"),
        ("decline", "Decline it"),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect, label="Decision")
    reason = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why (kept with the decision)",
    )
    apply = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Fields to apply"
    )

    def __init__(self, *args, fields: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["apply"].choices = [(name, name) for name in fields or []]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why it was declined; it is kept with the decision.")
        return cleaned


STATUS_CHOICES = [(status.value, status.label) for status in ModerationStatus]

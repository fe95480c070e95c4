from django import forms

from curation.models import GroupReport


class GroupReportForm(forms.ModelForm):
    class Meta:
        model = GroupReport
        fields = ["problem", "details", "suggested_change", "submitter_email"]
        labels = {
            "problem": "What is wrong?",
            "details": "Tell us more (optional)",
            "suggested_change": "What should it say instead? (optional)",
            "submitter_email": "Your email, if you'd like a reply (optional)",
        }
        help_texts = {
            "details": "Please don't include anything that could identify you or someone else.",
            "submitter_email": "We only use it to reply about this report.",
        }
        widgets = {
            "problem": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 5}),
            "suggested_change": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Radio buttons need no "---------" choice: none is picked until the person picks one.
        self.fields["problem"].choices = GroupReport.Problem.choices

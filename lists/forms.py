from django import forms

from groups.models import SupportGroup
from lists.models import NAME_TAKEN, SavedList
from resources.models import Resource
from search.choices import EditorialStatus


class ListForm(forms.ModelForm):
    class Meta:
        model = SavedList
        fields = ["name", "description"]
        labels = {"name": "Name of the list", "description": "What it is for (optional)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = SavedList.objects.filter(owner=self.owner, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(NAME_TAKEN)
        return name


class SaveForm(forms.Form):
    """Save one published resource or group into one or more of the user's lists."""

    resource = forms.ModelChoiceField(
        Resource.objects.filter(status=EditorialStatus.PUBLISHED),
        required=False,
        to_field_name="slug",
    )
    group = forms.ModelChoiceField(
        SupportGroup.objects.filter(status=EditorialStatus.PUBLISHED),
        required=False,
        to_field_name="slug",
    )
    lists = forms.ModelMultipleChoiceField(SavedList.objects.none(), required=False)
    new_list = forms.CharField(max_length=120, required=False, label="Or a new list")

    def __init__(self, *args, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["lists"].queryset = SavedList.objects.filter(owner=owner)

    def clean(self) -> dict:
        cleaned = super().clean()
        if bool(cleaned.get("resource")) == bool(cleaned.get("group")):
            raise forms.ValidationError("Choose one resource or one group to save.")
        cleaned["new_list"] = (cleaned.get("new_list") or "").strip()
        if not cleaned.get("lists") and not cleaned["new_list"]:
            raise forms.ValidationError("Choose a list, or give a new list a name.")
        return cleaned


class NoteForm(forms.Form):
    note = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])

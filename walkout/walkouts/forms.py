from django import forms
from django.utils.translation import gettext_lazy as _

from walkout.common.forms import AnonymousWriteForm
from walkout.walkouts.models import SchoolKind

PRIVATE_HELP = _("Only people with the organizer link see this. Never on the public page.")


class SchoolSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Your school's name, city or ZIP code"),
        min_length=2,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "search"}),
    )


class AddSchoolForm(AnonymousWriteForm):
    name = forms.CharField(label=_("School name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of school"), choices=SchoolKind.choices)
    zip_code = forms.RegexField(
        label=_("ZIP code"),
        regex=r"^\d{5}$",
        error_messages={"invalid": _("Enter a 5-digit ZIP code.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    field_order = ["name", "kind", "zip_code", "website", "stamp"]


class WalkoutDetailsFields(forms.Form):
    description = forms.CharField(
        label=_("What is this walkout about?"),
        help_text=_("Shown on the public page. Up to 1,000 characters. Don't name anyone."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    organizer_pseudonym = forms.CharField(
        label=_("Organizer pseudonym"),
        help_text=_("A nickname, not your real name. Shown publicly."),
        max_length=40,
    )
    meeting_spot = forms.CharField(
        label=_("Meeting spot (private)"), help_text=PRIVATE_HELP, max_length=300, required=False
    )
    organizer_notes = forms.CharField(
        label=_("Notes for organizers (private)"),
        help_text=PRIVATE_HELP,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegisterWalkoutForm(AnonymousWriteForm, WalkoutDetailsFields):
    field_order = [
        "description",
        "organizer_pseudonym",
        "meeting_spot",
        "organizer_notes",
        "website",
        "stamp",
    ]


class EditWalkoutForm(WalkoutDetailsFields):
    """The organizer's edit form; public text of an untrusted walkout goes back to review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from walkout.cases.models import CaseStatus
from walkout.common.forms import AnonymousWriteForm
from walkout.walkouts.us_states import STATE_NAMES

MAX_WHAT = 8000
KINDS = [
    ("suspension", _("Suspension")),
    ("detention", _("Detention")),
    ("diploma_sports", _("Threats to a diploma, graduation or sports")),
    ("police", _("Police or school resource officer contact")),
    ("immigration", _("Immigration (ICE) contact")),
    ("other", _("Something else")),
]
STATES = [("", _("Choose a state")), *sorted(STATE_NAMES.items(), key=lambda item: item[1])]


def _secret(widget, **attrs):
    """A field whose value goes inside the ciphertext: never autocompleted, marked for JS."""
    widget.attrs.update({"autocomplete": "off", "data-secret": "", **attrs})
    return widget


class StatsConsentFields(forms.Form):
    share_stats = forms.BooleanField(
        label=_("Count my report in the public numbers"),
        help_text=_(
            "Only the state and the type of report are sent without encryption, to count "
            "reports by state. Leave this off and nothing about your report is readable "
            "by the server."
        ),
        required=False,
    )
    stats_state = forms.ChoiceField(label=_("State, for the count"), choices=STATES, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("share_stats") and not cleaned.get("stats_state"):
            self.add_error("stats_state", _("Choose the state to count your report in."))
        return cleaned

    def stats(self, kind: str) -> tuple[str, str] | None:
        if not self.cleaned_data.get("share_stats"):
            return None
        return self.cleaned_data["stats_state"], kind


class ReportForm(AnonymousWriteForm, StatsConsentFields):
    """The whole report. With JavaScript only the envelope is sent (EnvelopeForm)."""

    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=[("", _("Choose one")), *KINDS],
        widget=_secret(forms.Select()),
    )
    what = forms.CharField(
        label=_("Tell us what happened"),
        help_text=_("To you or to others. Up to 8,000 characters."),
        max_length=MAX_WHAT,
        widget=_secret(forms.Textarea(attrs={"rows": 6, "maxlength": MAX_WHAT})),
    )
    school = forms.CharField(
        label=_("School"),
        help_text=_(
            "Type its name and city. We don't search a list: a search would tell the server."
        ),
        max_length=200,
        required=False,
        widget=_secret(forms.TextInput()),
    )
    date = forms.DateField(
        label=_("Date"), required=False, widget=_secret(forms.DateInput(attrs={"type": "date"}))
    )
    contact = forms.CharField(
        label=_("How can the support team reach you? (optional)"),
        help_text=_(
            "A handle you choose, on an app you trust (for example Signal). Not a school account. "
            "Leave it empty to stay unreachable: you can still follow your case with its code."
        ),
        max_length=200,
        required=False,
        widget=_secret(forms.TextInput()),
    )

    field_order = ["kind", "what", "school", "date", "contact", "share_stats", "stats_state"]

    def message(self) -> dict:
        data = self.cleaned_data
        return {
            "type": "report",
            "kind": data["kind"],
            "what": data["what"],
            "school": data["school"],
            "date": data["date"].isoformat() if data["date"] else "",
            "contact": data["contact"],
        }


class EnvelopeForm(AnonymousWriteForm, StatsConsentFields):
    """What the browser sends: the sealed envelope, and counts only with consent."""

    envelope = forms.CharField(widget=forms.HiddenInput, max_length=120_000)
    kind = forms.ChoiceField(choices=KINDS, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("share_stats") and not cleaned.get("kind"):
            self.add_error("kind", _("Choose what happened."))
        return cleaned


class MoreForm(AnonymousWriteForm):
    """More information from the reporter, on the case page."""

    text = forms.CharField(
        label=_("Add information"),
        help_text=_("Encrypted like your report. Up to 8,000 characters."),
        max_length=MAX_WHAT,
        widget=_secret(forms.Textarea(attrs={"rows": 4, "maxlength": MAX_WHAT})),
    )

    def message(self) -> dict:
        return {"type": "more", "text": self.cleaned_data["text"]}


class MoreEnvelopeForm(AnonymousWriteForm):
    envelope = forms.CharField(widget=forms.HiddenInput, max_length=120_000)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add a note"),
        help_text=_("Encrypted to every support key, like the reports."),
        max_length=MAX_WHAT,
        widget=_secret(forms.Textarea(attrs={"rows": 3, "maxlength": MAX_WHAT})),
    )

    def message(self) -> dict:
        return {"type": "note", "text": self.cleaned_data["text"]}


class NoteEnvelopeForm(forms.Form):
    envelope = forms.CharField(widget=forms.HiddenInput, max_length=120_000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)


class NewKeyForm(forms.Form):
    public_key = forms.CharField(widget=forms.HiddenInput, max_length=90)
    wrapped = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

from django import forms
from django.utils.translation import gettext_lazy as _

from walkout.day.actions import MAX_COVERAGE_LINKS, MAX_HAPPENED, MAX_NEXT, MAX_SUMMARY
from walkout.day.models import CheckinState, ContactKind, Turnout
from walkout.walkouts.us_states import STATE_NAMES

OFF = {"autocomplete": "off"}
TURNOUT_CHOICES = [("", _("Not sure / rather not say"))] + list(Turnout.choices)


class CheckinForm(forms.Form):
    state = forms.ChoiceField(choices=CheckinState.choices, widget=forms.HiddenInput)
    turnout = forms.ChoiceField(
        label=_("About how many walked out?"),
        help_text=_("A rough range is fine."),
        choices=TURNOUT_CHOICES,
        required=False,
    )


class ReportForm(forms.Form):
    turnout = forms.ChoiceField(
        label=_("About how many walked out?"), choices=TURNOUT_CHOICES, required=False
    )
    happened = forms.CharField(
        label=_("What happened?"),
        help_text=_(
            "How it went, how the school reacted, anything the hub should know. No real names."
        ),
        max_length=MAX_HAPPENED,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, **OFF}),
    )
    coverage = forms.CharField(
        label=_("News or posts about it"),
        help_text=_("Web addresses, one a line, at most %(n)d.") % {"n": MAX_COVERAGE_LINKS},
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **OFF}),
    )
    next_steps = forms.CharField(
        label=_("What next?"),
        help_text=_("What your crew wants to do now, and what help you need."),
        max_length=MAX_NEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, **OFF}),
    )

    def coverage_links(self) -> list[str]:
        return [line for line in self.cleaned_data.get("coverage", "").splitlines() if line.strip()]


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("A short summary for the public walkout page"),
        help_text=_(
            "Everyone can read it once the hub approves it. No names, no faces, nothing that "
            "points to one student."
        ),
        max_length=MAX_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 4, **OFF}),
    )


class ContactForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        help_text=_("Leave on “Whole country” for a national contact."),
        choices=[("", _("Whole country"))] + sorted(STATE_NAMES.items(), key=lambda kv: kv[1]),
        required=False,
    )
    name = forms.CharField(
        label=_("Organization"), max_length=120, widget=forms.TextInput(attrs=OFF)
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=forms.TextInput(attrs=OFF)
    )
    url = forms.CharField(
        label=_("Web address"), max_length=300, required=False, widget=forms.TextInput(attrs=OFF)
    )
    languages = forms.CharField(
        label=_("Languages"),
        help_text=_("For example: English, Spanish"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs=OFF),
    )
    hours = forms.CharField(
        label=_("Hours"),
        help_text=_("For example: 24 hours, or Mon–Fri 9–5 Pacific"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs=OFF),
    )
    active = forms.BooleanField(label=_("Show to students"), required=False, initial=True)


class SummaryDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    reason = forms.CharField(
        label=_("Why not (the crew reads this)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=OFF),
    )

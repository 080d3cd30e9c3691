"""Input of the press kit. Lengths are checked here; press/actions.py checks the rest
(characters, phone numbers, addresses, states) so every caller gets the same rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from walkout.press.models import Channel, Language
from walkout.walkouts.us_states import STATE_NAMES

OFF = {"autocomplete": "off"}


class HandleForm(forms.Form):
    handle = forms.CharField(
        label=_("Press contact"),
        help_text=_(
            "Public: it is printed on your media advisory for anyone to read. Use something "
            "that is not personal, like a Signal username made for the crew or your school "
            "newspaper's e-mail, never your own phone number or name."
        ),
        max_length=60,
        widget=forms.TextInput(attrs=OFF),
    )


class TiplineForm(forms.Form):
    outlet = forms.CharField(
        label=_("News outlet"), max_length=120, widget=forms.TextInput(attrs=OFF)
    )
    state = forms.ChoiceField(label=_("State"))
    metro = forms.CharField(
        label=_("Metro area (city)"),
        help_text=_("Leave empty if the outlet covers the whole state."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=OFF),
    )
    channel = forms.ChoiceField(label=_("How to reach its tipline"), choices=Channel.choices)
    tipline = forms.CharField(
        label=_("Phone number, e-mail address or web form address"),
        max_length=200,
        widget=forms.TextInput(attrs=OFF),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial="en")
    notes = forms.CharField(
        label=_("Notes"),
        help_text=_("For example: best hours to call, or what they cover."),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=OFF),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Choose a state"))] + sorted(
            STATE_NAMES.items(), key=lambda item: item[1]
        )


class StateFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states"))] + sorted(
            STATE_NAMES.items(), key=lambda item: item[1]
        )

from django import forms
from django.utils.translation import gettext_lazy as _

from walkout.common.forms import AnonymousWriteForm
from walkout.crews.models import IdeaKind, ItemState

NO_NAMES = _("A nickname, not your real name. Only your crew sees it.")
OFF = {"autocomplete": "off"}


class JoinForm(AnonymousWriteForm):
    pseudonym = forms.CharField(
        label=_("Your nickname in the crew"),
        help_text=NO_NAMES,
        max_length=40,
        widget=forms.TextInput(attrs=OFF),
    )

    field_order = ["pseudonym", "website", "stamp"]


class SpotForm(forms.Form):
    meeting_spot = forms.CharField(
        label=_("Where the crew meets"),
        help_text=_("Only your crew sees it. Never on the public page."),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=OFF),
    )


class InviteForm(forms.Form):
    max_uses = forms.IntegerField(
        label=_("How many people may join with it"), min_value=1, max_value=150, initial=10
    )
    days = forms.IntegerField(
        label=_("Days before it stops working"), min_value=1, max_value=30, initial=7
    )


class RoleForm(forms.Form):
    label = forms.CharField(label=_("A new role"), max_length=60, widget=forms.TextInput(attrs=OFF))


class MemberChoiceForm(forms.Form):
    """Pick a member of this crew, or nobody."""

    member = forms.TypedChoiceField(label=_("Who"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("Nobody"))] + [(m.pk, m.pseudonym) for m in members]


class ItemForm(forms.Form):
    text = forms.CharField(
        label=_("What needs doing"), max_length=200, widget=forms.TextInput(attrs=OFF)
    )


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=ItemState.choices)


class DemandForm(forms.Form):
    text = forms.CharField(
        label=_("Your demand"),
        help_text=_("Up to 200 characters. Don't name anyone."),
        max_length=200,
        widget=forms.TextInput(attrs=OFF),
    )


class IdeaForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"), choices=IdeaKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Text"), max_length=200, widget=forms.TextInput(attrs=OFF))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        help_text=_("Up to 500 characters. Don't write names, phone numbers or addresses."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, **OFF}),
    )
    decision = forms.BooleanField(label=_("Mark it as a decision (leads)"), required=False)


class ConnectForm(forms.Form):
    walkout = forms.CharField(widget=forms.HiddenInput, max_length=20)
    message = forms.CharField(
        label=_("A short message to their crew"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, **OFF}),
    )
    handle = forms.CharField(
        label=_("Where they can reach your crew"),
        help_text=_(
            "For example an Instagram or Signal username used for organizing. They see it only "
            "if they accept. Not a phone number or a real name."
        ),
        max_length=80,
        widget=forms.TextInput(attrs=OFF),
    )


class AnswerForm(forms.Form):
    handle = forms.CharField(
        label=_("Where they can reach your crew"),
        help_text=_("They see it once you accept, as you see theirs."),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs=OFF),
    )


class DeleteCrewForm(forms.Form):
    confirm = forms.BooleanField(
        error_messages={"required": _("Tick the box to confirm that you want to delete the crew.")}
    )


class LeaveForm(forms.Form):
    confirm = forms.BooleanField(
        error_messages={"required": _("Tick the box to confirm that you want to leave.")}
    )

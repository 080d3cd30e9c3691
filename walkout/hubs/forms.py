from django import forms
from django.utils.translation import gettext_lazy as _

from walkout.campaigns.models import ActionStatus
from walkout.people.models import StaffRole
from walkout.walkouts.models import WalkoutStatus
from walkout.walkouts.us_states import STATE_NAMES

NO_NAMES = _("Don't write names, phone numbers or anything else that identifies a person.")


class SignInForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=40)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=200)


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("6-digit code from your authenticator app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("Enter the 6 digits your app shows.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "7"}
        ),
    )


# --- the moderation queue -----------------------------------------------------------------


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(d, d) for d in ("approve", "trust", "reject", "changes")]
    )
    reason = forms.CharField(
        label=_("Reason or what to change (the organizer sees it)"),
        max_length=500,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        decision, reason = cleaned.get("decision"), cleaned.get("reason", "").strip()
        if decision == "reject" and not reason:
            self.add_error("reason", _("Give the organizer a reason."))
        if decision == "changes" and not reason:
            self.add_error("reason", _("Tell the organizer what to change."))
        return cleaned


class MergeForm(forms.Form):
    keep = forms.CharField(max_length=20)


class FeatureForm(forms.Form):
    featured = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


# --- organizer support ----------------------------------------------------------------------


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        help_text=NO_NAMES,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Answer the organizer"),
        help_text=_("The organizer reads it on their page, signed “the hub”."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )


class AnnouncementForm(forms.Form):
    action = forms.ModelChoiceField(label=_("To the organizers of"), queryset=None)
    body = forms.CharField(
        label=_("Announcement (English)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    body_es = forms.CharField(
        label=_("Announcement (Spanish)"),
        help_text=_("Optional. Organizers reading in Spanish see the English text without it."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "es"}),
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions
        self.fields["action"].label_from_instance = lambda a: f"{a.campaign.name} · {a.title}"


# --- campaigns and actions ------------------------------------------------------------------

SLUG_HELP = _("Letters, digits and dashes, used in the page address. Empty: made from the name.")


def spanish(field: forms.Field) -> forms.Field:
    field.required = False
    field.widget.attrs["lang"] = "es"
    return field


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(label=_("Short name"), help_text=SLUG_HELP, required=False)
    summary = forms.CharField(
        label=_("Summary"), max_length=1000, required=False, widget=forms.Textarea({"rows": 3})
    )
    name_es = spanish(forms.CharField(label=_("Name in Spanish"), max_length=120))
    summary_es = spanish(
        forms.CharField(
            label=_("Summary in Spanish"), max_length=1000, widget=forms.Textarea({"rows": 3})
        )
    )


ACTION_ENGLISH = ("call_text", "demands", "chants", "resources")
ACTION_SPANISH = ("title_es", "call_text_es", "demands_es", "chants_es", "resources_es")
LINES = _("One a line.")


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    slug = forms.SlugField(label=_("Short name"), help_text=SLUG_HELP, required=False)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    local_time = forms.TimeField(
        label=_("Time, in each school's local time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    status = forms.ChoiceField(label=_("Registration"), choices=ActionStatus.choices)
    call_text = forms.CharField(
        label=_("The call"), max_length=4000, widget=forms.Textarea({"rows": 5})
    )
    demands = forms.CharField(
        label=_("Demands"),
        help_text=LINES,
        max_length=4000,
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    chants = forms.CharField(
        label=_("Chants"),
        help_text=LINES,
        max_length=4000,
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    resources = forms.CharField(
        label=_("Resources"), max_length=4000, required=False, widget=forms.Textarea({"rows": 4})
    )
    title_es = spanish(forms.CharField(label=_("Title in Spanish"), max_length=160))
    call_text_es = spanish(
        forms.CharField(
            label=_("The call in Spanish"), max_length=4000, widget=forms.Textarea({"rows": 5})
        )
    )
    demands_es = spanish(
        forms.CharField(
            label=_("Demands in Spanish"),
            help_text=LINES,
            max_length=4000,
            widget=forms.Textarea({"rows": 4}),
        )
    )
    chants_es = spanish(
        forms.CharField(
            label=_("Chants in Spanish"),
            help_text=LINES,
            max_length=4000,
            widget=forms.Textarea({"rows": 4}),
        )
    )
    resources_es = spanish(
        forms.CharField(
            label=_("Resources in Spanish"), max_length=4000, widget=forms.Textarea({"rows": 4})
        )
    )

    def basics(self):
        return [self[name] for name in ("title", "slug", "date", "local_time", "status")]

    def english(self):
        return [self[name] for name in ACTION_ENGLISH]

    def in_spanish(self):
        return [self[name] for name in ACTION_SPANISH]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


# --- staff ------------------------------------------------------------------------------------


class StaffForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[A-Za-z0-9._-]{3,40}$",
        help_text=_("3 to 40 letters, digits, dots, dashes or underscores. Not a real name."),
        error_messages={"invalid": _("Use 3 to 40 letters, digits, dots, dashes or underscores.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)


class SetupForm(forms.Form):
    password = forms.CharField(
        label=_("Choose a password"),
        help_text=_("At least 15 characters. A few unrelated words work well."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
    )

    def clean(self):
        cleaned = super().clean()
        first, again = cleaned.get("password"), cleaned.get("password_again")
        if first and again and first != again:
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned


# --- filters ----------------------------------------------------------------------------------


class WalkoutFilterForm(forms.Form):
    action = forms.ModelChoiceField(
        label=_("Call"), queryset=None, required=False, to_field_name="public_id"
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any"))] + WalkoutStatus.choices, required=False
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("Any"))] + sorted(STATE_NAMES.items(), key=lambda kv: kv[1]),
        required=False,
    )
    featured = forms.BooleanField(label=_("Featured only"), required=False)

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions
        self.fields["action"].empty_label = _("Any")
        self.fields["action"].label_from_instance = lambda a: f"{a.campaign.name} · {a.title}"


class AuditFilterForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False)
    verb = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args, staff, verbs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
        self.fields["staff"].empty_label = _("Anyone")
        self.fields["verb"].choices = [("", _("Any"))] + list(verbs.items())

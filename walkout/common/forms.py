from django import forms
from django.utils.translation import gettext_lazy as _

from walkout.common import antispam

STAMP_ERRORS = {
    "invalid": _("This form is too old or was changed. Your text is still here: send it again."),
    "fast": _("That was very fast. Check your answers and send the form again."),
    "reused": _("This form was already sent. Your text is still here: send it again."),
}


class AnonymousWriteForm(forms.Form):
    """Base for forms anyone may send: a single-use stamp and a field only bots fill."""

    stamp = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A fresh stamp on every render, so a form shown again after an error can be resent.
        self.initial["stamp"] = antispam.issue_stamp()
        if self.is_bound:
            data = self.data.copy()
            self._sent_stamp = data.get(self.add_prefix("stamp"), "")
            data[self.add_prefix("stamp")] = self.initial["stamp"]
            self.data = data

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(STAMP_ERRORS["invalid"], code="honeypot")
        if not self.errors:
            problem = antispam.check_stamp(self._sent_stamp)
            if problem:
                raise forms.ValidationError(STAMP_ERRORS[problem], code=problem)
        return cleaned

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from walkout.common import antispam

STAMP_ERRORS = {
    "invalid": _("This form is too old or was changed. Your text is still here: send it again."),
    "fast": _("That was very fast. Check your answers and send the form again."),
    "work": _("The anti-spam check of this form failed. Your text is still here: send it again."),
    "reused": _("This form was already sent. Your text is still here: send it again."),
}
REFUSAL_CODES = {"honeypot", *STAMP_ERRORS}


class AnonymousWriteForm(forms.Form):
    """Base for forms anyone may send: a single-use stamp, its proof of work, and a field only
    bots fill.

    The browser fills `work` (walkout/static/walkout/pow.js); without JavaScript it stays
    empty and the form is still accepted, under a stricter limit (`work_done` is False).
    """

    stamp = forms.CharField(widget=forms.HiddenInput, required=False)
    work = forms.CharField(widget=forms.HiddenInput, required=False, max_length=12)
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A fresh stamp on every render, so a form shown again after an error can be resent;
        # its proof of work starts again too.
        self.initial["stamp"] = antispam.issue_stamp()
        self.fields["work"].widget.attrs["data-pow-bits"] = antispam.stamp_bits(
            self.initial["stamp"]
        )
        self.work_done = False
        if self.is_bound:
            data = self.data.copy()
            self._sent_stamp = data.get(self.add_prefix("stamp"), "")
            self._sent_work = data.get(self.add_prefix("work"), "").strip()
            data[self.add_prefix("stamp")] = self.initial["stamp"]
            data[self.add_prefix("work")] = ""
            self.data = data

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(STAMP_ERRORS["invalid"], code="honeypot")
        if not self.errors:
            problem = antispam.check_stamp(self._sent_stamp, self._sent_work)
            if problem:
                raise forms.ValidationError(STAMP_ERRORS[problem], code=problem)
            self.work_done = bool(self._sent_work)
        return cleaned

    @property
    def refused(self) -> bool:
        """True when the anti-spam checks, not the person's answers, stopped the form."""
        return any(self.has_error(NON_FIELD_ERRORS, code) for code in REFUSAL_CODES)
